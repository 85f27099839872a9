/**
 * Crash safety: the host runs as a child process (the real CLI) and is killed with SIGKILL in the
 * middle of a sync; a fresh process on the same data dir resumes and ends in exactly the state of
 * an uninterrupted run. On PGlite, and on PostgreSQL (--postgres-url) when GRAPH_HOST_TEST_POSTGRES_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost } from '../src/index.js';
import { fixtureBuildDir, fullState, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { killMidSync, spawnHost, statusOf } from './helpers/cli-host.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';

describe('restart after SIGKILL', () => {
  let chain: Chain;
  const dataDirs: string[] = [];
  const databases: TestDatabase[] = [];
  const children: ChildProcess[] = [];
  const backends: { name: string; args: () => Promise<string[]> }[] = [
    { name: 'PGlite', args: async () => [] },
    ...(TEST_POSTGRES_URL
      ? [{ name: 'PostgreSQL', args: async () => {
          const database = await createTestDatabase('restart');
          databases.push(database);
          return ['--postgres-url', database.url];
        } }]
      : []),
  ];

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    // Events spread over a long history; the block handler makes every block real work.
    for (let round = 0; round < 6; round++) {
      await chain.deposit(BigInt(100 + round), `round-${round}`);
      await chain.tag(`t-${round}`, [BigInt(round)], BigInt(round));
      if (round === 2) await chain.ping(await chain.createChild(`child-${round}`), 3n);
      await chain.mine(400);
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await chain?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
  });

  for (const backend of backends) it(`resumes from its store on ${backend.name} and matches an uninterrupted run`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-restart-'));
    dataDirs.push(dataDir);
    const args = await backend.args();
    const head = await chain.blockNumber();
    const first = await spawnHost(chain.rpcUrl, dataDir, args);
    children.push(first.child);
    // Kill as soon as something is persisted but the sync is not finished.
    const killedAt = await killMidSync(first, head, 10);
    expect(killedAt, 'the first process must be killed mid-sync').toBeGreaterThanOrEqual(0);
    expect(killedAt).toBeLessThan(head);

    const second = await spawnHost(chain.rpcUrl, dataDir, args);
    children.push(second.child);
    const resumeDeadline = Date.now() + 180_000;
    while ((await statusOf(second)).latestBlock?.number !== head) {
      if (Date.now() > resumeDeadline) throw new Error('second process did not reach the head');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const resumed = await fullState(second.url);
    second.child.kill('SIGTERM');
    await second.exited;

    const reference = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50 });
    try {
      await reference.waitForBlock(head, 180_000);
      const uninterrupted = await fullState(reference.url);
      expect(uninterrupted.blockRecords).toHaveLength(head + 1);
      expect(resumed).toEqual(uninterrupted);
    } finally {
      await reference.stop();
    }
  }, 400_000);
});
