/**
 * The real graph-cli 0.98.1 binary against the host: `graph create` on the admin API, then
 * `graph deploy` compiling the fixture, uploading it to the host's IPFS API and deploying it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCidV0, startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureDir, gql, packageRoot, startChainWithEmitter, type Chain } from './ingest-helpers.js';

const run = promisify(execFile);
const graphBin = path.join(packageRoot, 'node_modules', '.bin', 'graph');

describe('graph-cli create/deploy', () => {
  let chain: Chain;
  let host: GraphHost;
  const outputDir = mkdtempSync(path.join(tmpdir(), 'graph-host-cli-build-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-cli-data-'));

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, pollIntervalMs: 50, dataDir });
    // `graph deploy` compiles the mappings, which import the codegen output (not committed).
    await graph(['codegen', '--skip-migrations']);
  }, 240_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
    rmSync(outputDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const graph = (args: string[]) =>
    run(graphBin, args, { cwd: fixtureDir, env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: 'true', CI: 'true' }, timeout: 180_000 });

  it('creates, deploys and indexes the subgraph', async () => {
    await chain.deposit(42n, 'from-cli-test');
    const created = await graph(['create', '--node', host.adminUrl, 'vpp']);
    expect(created.stdout + created.stderr).toContain('Created subgraph: vpp');

    const deployed = await graph([
      'deploy', '--node', host.adminUrl, '--ipfs', host.ipfsUrl, '--version-label', 'v1', '--output-dir', outputDir, 'vpp', 'subgraph.yaml',
    ]);
    const output = deployed.stdout + deployed.stderr;
    expect(output).toContain('Deployed to');
    const hash = /Build completed: (Qm\w+)/.exec(output)?.[1];
    expect(hash && isCidV0(hash)).toBe(true);
    expect(output).toContain(`${host.url}`);

    const head = await chain.blockNumber();
    await host.waitForBlock(head, 120_000);
    const data = await gql<{ _meta: { deployment: string }; depositEvents: { note: string }[] }>(
      host.url,
      '{ _meta { deployment } depositEvents { note } }',
    );
    expect(data._meta.deployment).toBe(hash);
    expect(data.depositEvents).toEqual([{ note: 'from-cli-test' }]);
    expect(host.status()[0]!.versionLabel).toBe('v1');

    // Deploying the same IPFS hash again through --ipfs-hash keeps the deployment.
    const again = await graph(['deploy', '--node', host.adminUrl, '--ipfs', host.ipfsUrl, '--version-label', 'v1', '--ipfs-hash', hash!, 'vpp']);
    expect(again.stdout + again.stderr).toContain('Deployed to');
    expect(host.status()).toHaveLength(1);

    // A new host on the same data dir brings the deployed name back (registry + IPFS files persisted).
    await host.stop();
    await chain.deposit(7n, 'after-restart');
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, pollIntervalMs: 50, dataDir });
    await host.waitForBlock(await chain.blockNumber(), 120_000);
    const restored = await gql<{ _meta: { deployment: string }; depositEvents: { note: string }[] }>(
      host.url,
      '{ _meta { deployment } depositEvents(orderBy: blockNumber) { note } }',
    );
    expect(restored._meta.deployment).toBe(hash);
    expect(restored.depositEvents).toEqual([{ note: 'from-cli-test' }, { note: 'after-restart' }]);
    expect(host.status()[0]!.versionLabel).toBe('v1');
  }, 400_000);
});
