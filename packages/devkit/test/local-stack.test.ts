/**
 * The devkit against the real pieces: anvil, the contracts deployed with deploySystem, the subgraph built and
 * deployed to a graph host child process over IPFS and the admin API, a snapshot of all that, and a second stack
 * started from the snapshot (the path every SDK test file takes).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_HOST_NODE_FLAGS as graphHostNodeFlags } from '@vpp/graph-host';
import { createLocalStackSnapshot, GRAPH_HOST_NODE_FLAGS, startLocalStack, type LocalStack, type LocalStackSnapshot } from '../src/index.js';

let dir: string;
let snapshot: LocalStackSnapshot;
let stack: LocalStack | undefined;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const meta = async (url: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _meta { block { number } } plants { id } }' }) });
  return ((await response.json()) as { data: { _meta: { block: { number: number } }; plants: { id: string }[] } }).data;
};
/** This process's children running `name` (Linux /proc): anvil is started as a child, not exposed before start resolves. */
const children = (name: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return comm === name && ppid === process.pid;
      } catch {
        return false; // exited while listed
      }
    })
    .map(Number);
const files = (root: string): string[] =>
  readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile()).sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpp-devkit-test-'));
  snapshot = await createLocalStackSnapshot(dir, { anvil: { accounts: 3, balanceEther: 5_000 } });
}, 600_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('startLocalStack from a snapshot', () => {
  it('serves the saved chain and subgraph, indexes new blocks, travels to interval boundaries and stops by PID', async () => {
    const saved = files(snapshot.graph!.dataDir);
    stack = await startLocalStack({ snapshot: join(dir, 'snapshot.json') });
    const client = createPublicClient({ transport: http(stack.rpcUrl) });
    const head = await client.getBlockNumber();
    expect(head).toBeGreaterThan(BigInt(snapshot.deployment.startBlock));
    expect(await client.getBytecode({ address: stack.deployment.contracts.virtualPowerPlant })).toMatch(/^0x[0-9a-f]{100,}/);
    expect(stack.accounts).toHaveLength(3);
    expect(await client.getBalance({ address: stack.accounts[2]!.address })).toBe(5_000n * 10n ** 18n);

    // The resumed store already holds the deployment's entities up to the saved head.
    const before = await meta(stack.subgraphUrl!);
    expect(BigInt(before._meta.block.number)).toBe(head);
    expect(before.plants.length).toBe(1);

    const interval = await stack.toNextInterval();
    const block = await client.getBlock();
    expect(block.timestamp).toBe(interval * BigInt(stack.intervalSeconds));
    await stack.waitForIndexing(block.number, 60_000);
    expect(BigInt((await meta(stack.subgraphUrl!))._meta.block.number)).toBe(block.number);

    // The graph host's process runs with the graph host's node flags (written out here: a CommonJS build).
    expect(GRAPH_HOST_NODE_FLAGS).toEqual(graphHostNodeFlags);
    const hostArgs = readFileSync(`/proc/${stack.graph!.pid}/cmdline`, 'utf8').split('\0');
    expect(hostArgs.slice(1, 1 + GRAPH_HOST_NODE_FLAGS.length)).toEqual([...GRAPH_HOST_NODE_FLAGS]);

    const pids = stack.pids;
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    await stack.stop();
    expect(pids.some(alive)).toBe(false);
    // The stack wrote to a copy: the snapshot is unchanged and can start the next stack.
    expect(files(snapshot.graph!.dataDir)).toEqual(saved);
  });
});

describe('startLocalStack aborted', () => {
  it('stops what it had started (SIGINT while anvil runs) and rejects with the reason', async () => {
    const controller = new AbortController();
    const before = new Set(children('anvil'));
    let started: number[] = [];
    const start = startLocalStack({
      anvil: { accounts: 1 },
      subgraph: false,
      signal: controller.signal,
      log: (message) => {
        if (message !== 'deploying the system') return;
        started = children('anvil').filter((pid) => !before.has(pid));
        controller.abort(new Error('stopped during start-up'));
      },
    });
    await expect(start).rejects.toThrow('stopped during start-up');
    expect(started).toHaveLength(1);
    expect(alive(started[0]!)).toBe(false);
    // Already aborted: nothing starts.
    await expect(startLocalStack({ subgraph: false, signal: controller.signal })).rejects.toThrow('stopped during start-up');
    expect(children('anvil').filter((pid) => !before.has(pid))).toEqual([]);
  }, 120_000);
});

describe('time travel on a chain loaded from a state file', () => {
  it('moves to the next interval when the last block is older than anvil\'s clock', async () => {
    // A chain whose last block is ~1,000 s behind the wall clock, saved by anvil on exit.
    const state = join(mkdtempSync(join(tmpdir(), 'vpp-devkit-state-')), 'state.json');
    const now = Math.floor(Date.now() / 1000);
    const first = await startLocalStack({ anvil: { accounts: 1, timestamp: now - 2_000, args: ['--dump-state', state] }, subgraph: false });
    await first.toInterval(BigInt(Math.floor((now - 1_000) / first.intervalSeconds)));
    await first.stop();
    // Loaded again, anvil refuses timestamps below its wall clock although the last block is older.
    const loaded = await startLocalStack({ anvil: { accounts: 1, loadState: state }, deployment: first.deployment, subgraph: false });
    try {
      const client = createPublicClient({ transport: http(loaded.rpcUrl) });
      const interval = await loaded.toNextInterval();
      expect((await client.getBlock()).timestamp).toBe(interval * BigInt(loaded.intervalSeconds));
      expect(interval * BigInt(loaded.intervalSeconds)).toBeGreaterThanOrEqual(BigInt(now));
      const epoch = await loaded.toNextEpoch();
      expect(epoch).toBeGreaterThan(0n);
    } finally {
      await loaded.stop();
      rmSync(dirname(state), { recursive: true, force: true });
    }
  }, 120_000);
});
