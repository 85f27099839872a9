/**
 * graph-node's `_logs` query (its logs-query and poi-for-failed-subgraph integration tests): the
 * fixture mapping's `log.info` / `log.critical` calls and the host's own failure message, filtered,
 * paged, refused when combined with entity fields, kept across a restart, empty when disabled.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { ensureFixturesBuilt } from './fixtures/ensure-built.js';
import { spawnHost } from './helpers/cli-host.js';
import { readLogFile } from '../src/logs/log-store.js';
import { fixtureBuildDir, gql, startChainWithEmitter, type Chain } from './ingest-helpers.js';
import { postQuery as post } from './helpers/graphql.js';

interface LogRow {
  id: string;
  subgraphId: string;
  timestamp: string;
  level: string;
  text: string;
  arguments: { key: string; value: string }[];
  meta: { module: string; line: number; column: number };
}

describe('_logs: the deployment log, as graph-node serves it', { timeout: 120_000 }, () => {
  let chain: Chain;
  let dataDir: string;
  let host: GraphHost | null = null;
  const amounts = [5n, 7n, 11n];

  beforeAll(async () => {
    await ensureFixturesBuilt();
    chain = await startChainWithEmitter();
    dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-logs-'));
    for (const amount of amounts) await chain.deposit(amount);
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, dataDir, pollIntervalMs: 50 });
    await host.waitForBlock(await chain.blockNumber(), 60_000);
  }, 120_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("returns the mapping's log calls, formatted, newest first, with their data source and arguments", async () => {
    const { _logs } = await gql<{ _logs: LogRow[] }>(
      host!.url,
      '{ _logs(first: 100, level: INFO, search: "deposit") { id subgraphId timestamp level text arguments { key value } meta { module line column } } }',
    );
    expect(_logs.map((l) => l.text.replace(/0x[0-9a-f]+/, 'ID'))).toEqual(amounts.map((a) => `deposit ID of ${a}`).reverse());
    const timestamps = _logs.map((l) => l.timestamp);
    expect([...timestamps].sort().reverse()).toEqual(timestamps);
    for (const log of _logs) {
      expect(log.level).toBe('INFO');
      expect(log.subgraphId).toBe(host!.deploymentId);
      expect(log.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      expect(log.meta.module).toBe('Emitter');
      expect(log.arguments).toContainEqual({ key: 'handler', value: 'handleDeposit' });
    }
    expect(new Set(_logs.map((l) => l.id)).size).toBe(_logs.length);
  });

  it('filters by level, text (any case) and time; pages without overlap; orders ascending on request', async () => {
    const upper = await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(search: "DEPOSIT 0X") { text } }');
    expect(upper._logs).toHaveLength(amounts.length);
    expect((await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(search: "no such text") { id } }'))._logs).toEqual([]);
    expect((await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(level: CRITICAL) { id } }'))._logs).toEqual([]);

    const all = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(first: 1000) { id timestamp } }'))._logs;
    expect(all.length).toBeGreaterThanOrEqual(amounts.length);
    const page1 = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(first: 2, skip: 0) { id } }'))._logs.map((l) => l.id);
    const page2 = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(first: 2, skip: 2) { id } }'))._logs.map((l) => l.id);
    expect(page1).toEqual(all.slice(0, 2).map((l) => l.id));
    expect(page2).toEqual(all.slice(2, 4).map((l) => l.id));
    const ascending = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(first: 1000, orderDirection: asc) { id } }'))._logs.map((l) => l.id);
    expect(ascending).toEqual(all.map((l) => l.id).reverse());

    // from/to are inclusive bounds on the timestamp, in any RFC 3339 offset.
    const middle = all[Math.floor(all.length / 2)]!.timestamp;
    const from = (await gql<{ _logs: LogRow[] }>(host!.url, `{ _logs(first: 1000, from: "${middle}") { timestamp } }`))._logs;
    expect(from.map((l) => l.timestamp)).toEqual(all.filter((l) => l.timestamp >= middle).map((l) => l.timestamp));
    const until = (await gql<{ _logs: LogRow[] }>(host!.url, `{ _logs(first: 1000, to: "${middle}") { timestamp } }`))._logs;
    expect(until.map((l) => l.timestamp)).toEqual(all.filter((l) => l.timestamp <= middle).map((l) => l.timestamp));
    const future = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(from: "2999-01-01T00:00:00+02:00") { id } }'))._logs;
    expect(future).toEqual([]);
  });

  it('answers only the fields asked for', async () => {
    const body = await post(host!.url, '{ _logs(first: 1) { id timestamp } }');
    expect(body.errors).toBeUndefined();
    expect(Object.keys((body.data!._logs as object[])[0]!).sort()).toEqual(['id', 'timestamp']);
  });

  it('refuses _logs combined with entity fields, bad bounds and bad timestamps with clear errors', async () => {
    const combined = await post(host!.url, '{ _logs(first: 10) { id text } depositEvents { id } }');
    expect(combined.data).toBeUndefined();
    expect(combined.errors?.[0]?.message).toMatch(/_logs.*cannot be combined/);
    const viaFragment = await post(host!.url, '{ ...F } fragment F on Query { _logs { id } _meta { deployment } }');
    expect(viaFragment.errors?.[0]?.message).toMatch(/_logs.*cannot be combined/);

    const tooMany = await post(host!.url, '{ _logs(first: 1001) { id } }');
    expect(tooMany.errors?.[0]?.message).toMatch(/`first` argument of `_logs` must be between 0 and 1000/);
    const tooFar = await post(host!.url, '{ _logs(skip: 10001) { id } }');
    expect(tooFar.errors?.[0]?.message).toMatch(/`skip` argument of `_logs` must be between 0 and 10000/);
    const badTime = await post(host!.url, '{ _logs(from: "yesterday") { id } }');
    expect(badTime.errors?.[0]?.message).toMatch(/`from` must be an RFC 3339 timestamp/);
    const badLevel = await post(host!.url, '{ _logs(level: LOUD) { id } }');
    expect(badLevel.errors?.[0]?.message).toMatch(/LOUD/);
  });

  it("keeps the log of a failed subgraph queryable: the mapping's critical log and the host's error", async () => {
    await chain.boom(101n);
    const failedBlock = await chain.blockNumber();
    const deadline = Date.now() + 30_000;
    let critical: LogRow[] = [];
    while (Date.now() < deadline) {
      critical = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(level: CRITICAL) { text level } }'))._logs;
      if (critical.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(critical).toEqual([{ text: 'boom code 101', level: 'CRITICAL' }]);
    let errors: LogRow[] = [];
    while (Date.now() < deadline) {
      errors = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(level: ERROR) { text meta { module } } }'))._logs;
      if (errors.some((l) => l.text.includes(`at block ${failedBlock}`))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const failure = errors.find((l) => l.text.includes(`subgraph failed with a handler error at block ${failedBlock}`));
    expect(failure?.meta.module).toBe('graph-host');
    expect(failure?.text).toContain('boom code 101');
  });

  it('keeps the log across a restart (JSON lines under the data dir)', async () => {
    const before = (await gql<{ _logs: LogRow[] }>(host!.url, '{ _logs(first: 1000) { id text } }'))._logs;
    await host!.stop();
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, dataDir, pollIntervalMs: 50 });
    const after = (await gql<{ _logs: LogRow[] }>(host.url, '{ _logs(first: 1000) { id text } }'))._logs;
    // The reopened deployment logs anew (it is failed), after the entries it had.
    expect(after.slice(after.length - before.length)).toEqual(before);
  }, 60_000);

  it("takes graph-node's --log-store-* flags on the CLI, and refuses backends it does not have", async () => {
    const cliData = mkdtempSync(path.join(tmpdir(), 'graph-host-logs-cli-'));
    const logDir = path.join(cliData, 'elsewhere');
    const cli = await spawnHost(chain.rpcUrl, cliData, ['--log-store-backend', 'file', '--log-store-file-dir', logDir]);
    try {
      const deadline = Date.now() + 60_000;
      let logs: LogRow[] = [];
      while (Date.now() < deadline && logs.length < amounts.length) {
        logs = (await gql<{ _logs: LogRow[] }>(cli.url, '{ _logs(search: "deposit") { subgraphId text } }'))._logs;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(logs).toHaveLength(amounts.length);
      // Written through to <dir>/<deployment>.jsonl (at most 200 ms later).
      const file = path.join(logDir, `${logs[0]!.subgraphId}.jsonl`);
      const depositLines = () => (existsSync(file) ? readLogFile(file, logs[0]!.subgraphId).filter((e) => e.text.startsWith('deposit')) : []);
      while (Date.now() < deadline && depositLines().length < amounts.length) await new Promise((r) => setTimeout(r, 100));
      expect(depositLines().map((e) => e.text.replace(/0x[0-9a-f]+/, 'ID'))).toEqual(amounts.map((a) => `deposit ID of ${a}`));
      expect(readdirSync(cliData)).not.toContain('logs');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    await expect(spawnHost(chain.rpcUrl, cliData, ['--log-store-backend', 'loki'])).rejects.toThrow(/exited with 1: .*log store backend loki is not available in this host/s);
    rmSync(cliData, { recursive: true, force: true });
  }, 120_000);

  it('answers [] with the log store disabled (graph-node\'s default)', async () => {
    const disabled = await startGraphHost({
      rpcUrl: chain.rpcUrl,
      subgraph: fixtureBuildDir,
      pollIntervalMs: 50,
      logStore: { backend: 'disabled', directory: null, maxEntries: 10, maxFileBytes: 1 },
    });
    try {
      await disabled.waitForBlock(1, 60_000);
      expect((await gql<{ _logs: LogRow[] }>(disabled.url, '{ _logs { id } }'))._logs).toEqual([]);
    } finally {
      await disabled.stop();
    }
  }, 60_000);
});
