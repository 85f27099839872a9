/**
 * `ipfs.cat` and `ipfs.map` in mappings, read from the host's own IPFS API (files added as
 * `graph deploy` or any IPFS client adds them), with the ipfs fixture (test/fixtures/ipfs, built by
 * graph-cli 0.98.1) on anvil. As graph-node: only with GRAPH_ALLOW_NON_DETERMINISTIC_IPFS (otherwise
 * a deterministic failure in its words), the `ipfsOnEthereumContracts` feature must be declared,
 * `ipfs.cat` of a missing file is null, `ipfs.map` splits the file into JSON lines (an empty line
 * skipped), runs the callback per value with the user data, fails on a bad line naming it, and
 * retries a file it cannot find (it may still be added).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { parse, stringify } from 'yaml';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { startAnvil, type AnvilInstance } from './helpers/anvil.js';
import { addFile } from './helpers/ipfs.js';
import { emitterArtifact, ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { postQuery as post, type Json } from './helpers/graphql.js';

const buildDir = path.join(fixturesDir, 'ipfs', 'build');
const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
/** A CIDv0 no test ever adds. */
const MISSING_CID = 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH';

function manifestFor(address: Address, edit: (manifest: Json) => void = () => {}) {
  const manifest = parse(readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8')) as Json;
  manifest.dataSources[0].source.address = address;
  edit(manifest);
  return { manifestText: stringify(manifest), resolveFile: async (ref: string) => new Uint8Array(readFileSync(path.join(buildDir, ref))) };
}

describe('ipfs.cat / ipfs.map', { timeout: 120_000 }, () => {
  let anvil: AnvilInstance;
  let emitter: Address;
  let remove: (link: string) => Promise<number>;
  let blockNumber: () => Promise<number>;
  const hosts: GraphHost[] = [];
  const quiet = { log: () => {} };

  async function waitForState(host: GraphHost, done: (state: string, message: string | undefined) => boolean): Promise<ReturnType<GraphHost['status']>[number]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = host.status()[0]!;
      if (done(status.state, status.error?.message) || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A host (IPFS allowed) whose subgraph starts after the blocks earlier tests made, so it sees only this test's. */
  async function freshHost(name: string): Promise<GraphHost> {
    const from = (await blockNumber()) + 1;
    const host = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: manifestFor(emitter, (manifest) => (manifest.dataSources[0].source.startBlock = from)),
      name,
      pollIntervalMs: 50,
      allowNonDeterministicIpfs: true,
      logger: quiet,
    });
    hosts.push(host);
    return host;
  }

  beforeAll(async () => {
    await ensureFixturesBuilt();
    anvil = await startAnvil();
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
    const client = createPublicClient({ chain, transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({ chain, transport: http(anvil.rpcUrl), account: deployer });
    const artifact = JSON.parse(readFileSync(emitterArtifact('Emitter'), 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
    const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object });
    emitter = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    remove = async (link) => {
      const tx = await wallet.writeContract({ address: emitter, abi: artifact.abi, functionName: 'remove', args: [link], chain, account: deployer });
      return Number((await client.waitForTransactionReceipt({ hash: tx })).blockNumber);
    };
    blockNumber = async () => Number(await client.getBlockNumber({ cacheTime: 0 }));
  }, 120_000);

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await anvil?.stop();
  });

  it('reads files with ipfs.cat (null when missing) and maps JSON lines with ipfs.map', async () => {
    const host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: manifestFor(emitter), name: 'files', pollIntervalMs: 50, allowNonDeterministicIpfs: true });
    hosts.push(host);
    const text = 'hello ipfs\n';
    const textCid = await addFile(host, text);
    // An empty line is skipped; the last line has no newline; a big number keeps every digit.
    const lines = ['{"id":"a","name":"apple","amount":1}', '', '{"id":"b","name":"banana","amount":123456789012345678901234567890}', '{"id":"a","name":"apricot","amount":2}'];
    const mapCid = await addFile(host, lines.join('\n'));
    await remove(textCid);
    await remove(MISSING_CID);
    const last = await remove(`map:${mapCid}`);
    await host.waitForBlock(last, 30_000, 'files');

    const answer = await post(host.url, '{ fileReads(orderBy: link) { link found size text ensName } items(orderBy: id) { id name amount line source } }');
    expect(answer.errors).toBeUndefined();
    const expected = [
      { link: textCid, found: true, size: text.length, text, ensName: null },
      { link: MISSING_CID, found: false, size: null, text: null, ensName: null },
      { link: mapCid, found: true, size: lines.join('\n').length, text: lines.join('\n'), ensName: null },
    ].sort((x, y) => (x.link < y.link ? -1 : 1));
    expect(answer.data.fileReads).toEqual(expected);
    const mapTx = (await post(host.url, `{ fileReads(where: { link: "${mapCid}" }) { id } }`)).data.fileReads[0].id as string;
    // The user data is the mapping transaction's hash (the FileRead id starts with it).
    const source = mapTx.slice(0, 66);
    expect(answer.data.items).toEqual([
      { id: 'a', name: 'apricot', amount: '2', line: 2, source },
      { id: 'b', name: 'banana', amount: '123456789012345678901234567890', line: 1, source },
    ]);
  }, 60_000);

  it('fails the subgraph deterministically, in graph-node words, without GRAPH_ALLOW_NON_DETERMINISTIC_IPFS', async () => {
    const host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: manifestFor(emitter), name: 'files-off', pollIntervalMs: 50, logger: quiet });
    hosts.push(host);
    const status = await waitForState(host, (state) => state === 'failed');
    expect(status.state).toBe('failed');
    expect(status.error).toMatchObject({ deterministic: true });
    expect(status.error!.message).toContain('`ipfs.cat` is deprecated. Improved support for IPFS will be added in the future');
  });

  it('refuses a subgraph calling ipfs without declaring ipfsOnEthereumContracts', async () => {
    await expect(
      startGraphHost({
        rpcUrl: anvil.rpcUrl,
        subgraph: manifestFor(emitter, (manifest) => delete manifest.features),
        name: 'files-undeclared',
        allowNonDeterministicIpfs: true,
        logger: quiet,
      }),
    ).rejects.toThrow('The feature `ipfsOnEthereumContracts` is used by the subgraph but it is not declared in the manifest.');
  });

  it('fails on a line that is not JSON, naming the callback, file and line', async () => {
    const host = await freshHost('files-bad');
    const bad = await addFile(host, '{"id":"c","name":"cherry","amount":3}\n{"id": "d", "name":\n');
    await remove(`map:${bad}`);
    const status = await waitForState(host, (state) => state === 'failed');
    expect(status.state).toBe('failed');
    expect(status.error?.deterministic).toBe(true);
    expect(status.error!.message).toContain(`ipfs_map: callback 'processItem' failed when processing file '${bad}'`);
    expect(status.error!.message).toContain('at line 2');
    // Nothing of the failed block was kept, not even the first line's item.
    const answer = await post(host.url, '{ items { id } }');
    expect(answer.data?.items ?? []).toEqual([]);
  });

  it("yaml.fromBytes / try_fromBytes give serde_yaml's values: core-schema scalars, numbers as serde_yaml writes them, tags, aliases; errors as graph-node", async () => {
    const host = await freshHost('yaml');
    // Documents and the values graph-node's serde_yaml gives them (written out by the mapping's describeYaml).
    const cases: [string, string | null][] = [
      ['a: 1\nb: [x, 2.5, true, null, ~, "3"]', '{"a":n:1,"b":["x",n:2.5,true,null,null,"3"]}'],
      ['hex: 0x1F\noct: 0o17\nbig: 18446744073709551615\nbigger: 18446744073709551616\nexp: 1e20\nsmall: -0.0000001\nwhole: 3.0\ninf: -.inf', '{"hex":n:31,"oct":n:15,"big":n:18446744073709551615,"bigger":n:1.8446744073709552e19,"exp":n:1e20,"small":n:-1e-7,"whole":n:3.0,"inf":n:-.inf}'],
      ['yes: yes\nno: No\non: True\nempty:', '{"yes":"yes","no":"No","on":true,"empty":null}'],
      ['- !thing value\n- !num 42\n- !pair {a: 1}', '[!thing("value"),!num(n:42),!pair({"a":n:1})]'],
      ['base: &b [1, 2]\ncopy: *b\n? [k]\n: complex key', '{"base":[n:1,n:2],"copy":[n:1,n:2],["k"]:"complex key"}'],
      ['', 'null'],
      ['a: 1\na: 2', null],
      ['a: [1, 2', null],
      ['--- 1\n--- 2', null],
      // "Billion laughs": aliases of aliases, refused after 100 expansions instead of exhausting memory.
      ['a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]', null],
    ];
    let last = 0;
    for (const [document] of cases) last = await remove(`yaml:${document}`);
    await host.waitForBlock(last, 30_000, 'yaml');
    const answer = await post(host.url, '{ fileReads(first: 100, where: { link: "yaml" }, orderBy: id) { found text } }');
    expect(answer.errors).toBeUndefined();
    // Ids are tx hash + log index: order them by block, as the documents were sent.
    const reads = (await post(host.url, '{ fileReads(first: 100, where: { link: "yaml" }) { id found text } }')).data.fileReads as { id: string; found: boolean; text: string | null }[];
    expect(reads).toHaveLength(cases.length);
    const byText = new Set(reads.map((r) => (r.found ? r.text : null)));
    for (const [document, expected] of cases) expect(byText.has(expected), `${JSON.stringify(document)} -> ${expected}`).toBe(true);
    expect(reads.filter((r) => !r.found)).toHaveLength(cases.filter(([, e]) => e === null).length);
    expect(answer.data.fileReads).toHaveLength(cases.length);

    // yaml.fromBytes of a document that does not parse fails the subgraph deterministically.
    await remove('yaml!:a: [1, 2');
    const status = await waitForState(host, (state) => state === 'failed');
    expect(status.error).toMatchObject({ deterministic: true });
    expect(status.error!.message).toContain('Failed to parse YAML');
  });

  it('retries ipfs.map of a file the store lacks, and goes on once it is added', async () => {
    const host = await freshHost('files-later');
    const content = '{"id":"late","name":"lemon","amount":7}\n';
    // The CID is known before the file reaches this host (as when it is pinned elsewhere first).
    const elsewhere = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      // Only its IPFS API is used: it indexes nothing (its start block is far ahead).
      subgraph: manifestFor(emitter, (manifest) => (manifest.dataSources[0].source.startBlock = 1_000_000)),
      name: 'cid-only',
      logger: quiet,
    });
    hosts.push(elsewhere);
    const cid = await addFile(elsewhere, content);
    const at = await remove(`map:${cid}`);
    const waiting = await waitForState(host, (state, message) => state === 'syncing' && (message ?? '').includes('not found'));
    expect(waiting.error).toMatchObject({ deterministic: false });
    expect(waiting.error!.message).toContain(`ipfs_map: callback 'processItem' failed when processing file '${cid}'`);
    expect(await addFile(host, content)).toBe(cid);
    await host.waitForBlock(at, 30_000, 'files-later');
    const answer = await post(host.url, '{ items { id name amount } }');
    expect(answer.data.items).toEqual([{ id: 'late', name: 'lemon', amount: '7' }]);
  });
});
