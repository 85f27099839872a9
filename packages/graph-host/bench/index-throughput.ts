/**
 * Indexing throughput, end to end: ≥ 10,000 Tagged events on a real anvil (TagBatcher calls the
 * fixture Emitter's `tag` 200 times per transaction), indexed from scratch by the graph host
 * (eth_getLogs backfill -> WASM handlers -> PGlite store). Writes bench/results.json.
 *
 *   pnpm --filter @vpp/graph-host bench            (EVENTS=20000 DATA_DIR=1 to vary)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Address, Hex } from 'viem';
import { startGraphHost } from '../src/index.js';
import { EMITTER_ADDRESS, fixtureBuildDir, gql, startChainWithEmitter } from '../test/ingest-helpers.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.EVENTS ?? 10_000);
const PER_TX = 200;
const batcher = JSON.parse(readFileSync(path.join(benchDir, 'TagBatcher.json'), 'utf8')) as { abi: Abi; bytecode: Hex };

const chain = await startChainWithEmitter(['--gas-limit', '100000000']);
const dataDir = process.env.DATA_DIR ? mkdtempSync(path.join(tmpdir(), 'graph-host-bench-')) : null;
try {
  const deployHash = await chain.wallet.deployContract({
    abi: batcher.abi,
    bytecode: batcher.bytecode,
    chain: chain.wallet.chain,
    account: chain.wallet.account!,
  });
  const batcherAddress = (await chain.client.waitForTransactionReceipt({ hash: deployHash })).contractAddress as Address;

  const generateStart = performance.now();
  const txs = Math.ceil(EVENTS / PER_TX);
  for (let i = 0; i < txs; i++) {
    const hash = await chain.wallet.writeContract({
      address: batcherAddress,
      abi: batcher.abi,
      functionName: 'tagMany',
      args: [EMITTER_ADDRESS, BigInt(PER_TX), BigInt(i * PER_TX)],
      chain: chain.wallet.chain,
      account: chain.wallet.account!,
      gas: 20_000_000n,
    });
    const receipt = await chain.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`tagMany reverted in tx ${hash}`);
  }
  const generateSeconds = (performance.now() - generateStart) / 1000;
  const head = await chain.blockNumber();
  const events = txs * PER_TX;
  console.log(`generated ${events} events in ${txs} txs (${head} blocks) in ${generateSeconds.toFixed(1)} s`);

  const indexStart = performance.now();
  const host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, dataDir, pollIntervalMs: 50 });
  // Host start = load manifest + compile WASM + open the store (PGlite initdb dominates).
  const startupSeconds = (performance.now() - indexStart) / 1000;
  try {
    await host.waitForBlock(head, 600_000);
    const seconds = (performance.now() - indexStart) / 1000;
    const indexingSeconds = seconds - startupSeconds;
    const [status] = host.status();
    const check = await gql<{ _meta: { block: { number: number } } }>(host.url, '{ _meta { block { number } } }');
    if (check._meta.block.number !== head) throw new Error('index did not reach the head');
    // Count entities through the GraphQL API (paging) so the result is verified, not assumed.
    let counted = 0;
    let last = '';
    for (;;) {
      const page = await gql<{ taggedEvents: { id: string }[] }>(
        host.url,
        `{ taggedEvents(first: 1000, orderBy: id, where: { id_gt: ${JSON.stringify(last)} }) { id } }`,
      );
      counted += page.taggedEvents.length;
      if (page.taggedEvents.length < 1000) break;
      last = page.taggedEvents[page.taggedEvents.length - 1]!.id;
    }
    if (counted !== events) throw new Error(`expected ${events} TaggedEvent entities, found ${counted}`);

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      store: dataDir ? 'pglite on disk' : 'pglite in memory',
      events,
      blocks: head,
      handlerCalls: status!.handlerCalls,
      startupSeconds: Number(startupSeconds.toFixed(3)),
      indexingSeconds: Number(indexingSeconds.toFixed(3)),
      totalSeconds: Number(seconds.toFixed(3)),
      /** From an empty store to the head, host start excluded (ingest -> WASM -> store -> flush). */
      eventsPerSecond: Math.round(events / indexingSeconds),
      handlerCallsPerSecond: Math.round(status!.handlerCalls / indexingSeconds),
      /** Including host start-up (PGlite init is a fixed cost of several seconds on a loaded 2-core box). */
      eventsPerSecondIncludingStartup: Math.round(events / seconds),
      loadAverage: loadavg()[0],
      /** Inside indexing: WASM handlers + entity cache, and PGlite flushes; the rest is JSON-RPC and waiting. */
      handlersSeconds: status!.timings.handlersMs / 1000,
      flushSeconds: status!.timings.flushMs / 1000,
      goalEventsPerSecond: 2000,
      entitiesVerified: counted,
    };
    writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      `indexed ${events} events (${status!.handlerCalls} handler calls) in ${indexingSeconds.toFixed(2)} s after a ${startupSeconds.toFixed(2)} s start: ` +
        `${results.eventsPerSecond} events/s, ${results.handlerCallsPerSecond} handler calls/s ` +
        `(${results.eventsPerSecondIncludingStartup} events/s including start-up; goal 2000 events/s)`,
    );
  } finally {
    await host.stop();
  }
} finally {
  await chain.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
