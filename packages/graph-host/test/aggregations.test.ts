/**
 * Aggregations (`@aggregation` rollups of a timeseries) with the trades fixture (test/fixtures/trades,
 * built by graph-cli 0.98.1) on a real anvil whose block times the test sets across hour and day
 * boundaries. The answers are compared with rollups computed here from the chain's Trade events,
 * following graph-node's rules: a bucket exists once a processed block's time is at or past its end;
 * its id is the highest point id in it; `first`/`last` by point id; cumulative values add the same
 * token's previous bucket; points come newest first. Both backends follow one chain through backfill,
 * head, a restart (the rollup clock survives: nothing rolled twice or missed) and a reorg (rollups of
 * orphaned blocks go, the new branch's come), and end equal to a host that only saw the final chain.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, parseAbiItem, type Abi, type Address, type Hex, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { parseSubgraphSchema } from '../src/schema/index.js';
import { openStore } from '../src/store/index.js';
import { createQueryExecutor } from '../src/graphql/index.js';
import type { Entity, SubgraphStore } from '../src/types.js';
import { loadSubgraph } from '../src/runtime/manifest.js';
import { startAnvil, type AnvilInstance } from './helpers/anvil.js';
import { TEST_POSTGRES_URL, createTestDatabase, type TestDatabase } from './helpers/postgres.js';
import { ensureFixturesBuilt, fixturesDir } from './fixtures/ensure-built.js';
import { spawnHost, statusOf, type HostProcess } from './helpers/cli-host.js';
import { postQuery as post, type Json } from './helpers/graphql.js';

const tradesDir = path.join(fixturesDir, 'trades');
const buildDir = path.join(tradesDir, 'build');
const artifact = JSON.parse(readFileSync(path.join(tradesDir, 'out', 'Trades.sol', 'Trades.json'), 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const TOKEN_A: Address = '0x00000000000000000000000000000000000000aa';
const TOKEN_B: Address = '0x00000000000000000000000000000000000000bb';
const HOUR = 3600n;
const DAY = 86_400n;

/** One Trade event as the chain has it. */
interface Point {
  block: number;
  logIndex: number;
  time: bigint;
  token: string;
  amount: bigint;
  price: bigint;
  /** graph-node's generated timeseries id: block in the high 32 bits, the block's sequence below. */
  id: bigint;
}

async function chainPoints(client: PublicClient, address: Address): Promise<Point[]> {
  const logs = await client.getLogs({
    address,
    event: parseAbiItem('event Trade(address indexed token, uint256 amount, uint256 price)'),
    fromBlock: 0n,
    toBlock: 'latest',
  });
  const times = new Map<bigint, bigint>();
  const points: Point[] = [];
  const seqInBlock = new Map<number, number>();
  for (const log of logs.sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex)) {
    if (!times.has(log.blockNumber)) times.set(log.blockNumber, (await client.getBlock({ blockNumber: log.blockNumber })).timestamp);
    const block = Number(log.blockNumber);
    const seq = seqInBlock.get(block) ?? 0;
    seqInBlock.set(block, seq + 1);
    points.push({
      block,
      logIndex: log.logIndex,
      time: times.get(log.blockNumber)!,
      token: log.args.token!.toLowerCase(),
      amount: log.args.amount!,
      price: log.args.price!,
      id: (BigInt(block) << 32n) + BigInt(seq),
    });
  }
  return points;
}

/**
 * The rows an aggregation has at `block` (default: the latest): buckets whose end is at or before the
 * time of the last processed block (a block with a Trade) up to `block`, grouped by `dims`.
 */
function expectedRows(points: Point[], seconds: bigint, dims: (p: Point) => string, block = Infinity, current = false): Map<string, Point[]> {
  const seen = points.filter((p) => p.block <= block);
  const clock = seen.length > 0 ? seen[seen.length - 1]!.time : 0n;
  const groups = new Map<string, Point[]>();
  for (const p of seen) {
    const start = p.time - (p.time % seconds);
    // `current: include` adds the open bucket (every point is in a closed bucket or in it).
    if (start + seconds > clock && !current) continue;
    const key = `${start}|${dims(p)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return groups;
}

const newestFirst = (a: Json, b: Json) => Number(BigInt(b.timestamp) - BigInt(a.timestamp)) || Number(BigInt(b.id) - BigInt(a.id));
const max = (values: bigint[]) => values.reduce((m, v) => (v > m ? v : m));
const min = (values: bigint[]) => values.reduce((m, v) => (v < m ? v : m));

function expectedTradeStats(points: Point[], seconds: bigint, block = Infinity, current = false): Json[] {
  const rows = [...expectedRows(points, seconds, (p) => p.token, block, current)].map(([key, group]) => {
    const byId = [...group].sort((a, b) => Number(a.id - b.id));
    return {
      id: String(max(group.map((p) => p.id))),
      timestamp: String(BigInt(key.split('|')[0]!) * 1_000_000n),
      token: group[0]!.token,
      volume: String(group.reduce((s, p) => s + p.amount, 0n)),
      trades: String(group.length),
      maxPrice: String(max(group.map((p) => p.price))),
      minPrice: String(min(group.map((p) => p.price))),
      openPrice: String(byId[0]!.price),
      lastPrice: String(byId[byId.length - 1]!.price),
      notional: String(group.reduce((s, p) => s + p.amount * p.price, 0n)),
      highVolume: String(group.reduce((s, p) => s + (p.price >= 100n ? p.amount : 0n), 0n)),
    } as Json;
  });
  // Cumulative: this bucket plus every earlier bucket of the same token.
  for (const row of rows) {
    const earlier = rows.filter((r) => r.token === row.token && BigInt(r.timestamp) <= BigInt(row.timestamp));
    row.totalVolume = String(earlier.reduce((s, r) => s + BigInt(r.volume), 0n));
  }
  return rows.sort(newestFirst);
}

function expectedMarketStats(points: Point[], block = Infinity, current = false): Json[] {
  const rows = [...expectedRows(points, HOUR, () => '', block, current)].map(([key, group]) => ({
    id: String(max(group.map((p) => p.id))),
    timestamp: String(BigInt(key.split('|')[0]!) * 1_000_000n),
    trades: String(group.length),
    volume: String(group.reduce((s, p) => s + p.amount, 0n)),
  })) as Json[];
  for (const row of rows) row.allTrades = String(rows.filter((r) => BigInt(r.timestamp) <= BigInt(row.timestamp)).reduce((s, r) => s + BigInt(r.trades), 0n));
  return rows.sort(newestFirst);
}

const TRADE_FIELDS = 'id timestamp token volume trades maxPrice minPrice openPrice lastPrice totalVolume notional highVolume';
const MARKET_FIELDS = 'id timestamp trades allTrades volume';
const everything = (block?: number, current = false) => {
  const at = `${block === undefined ? '' : `, block: { number: ${block} }`}${current ? ', current: include' : ''}`;
  return `{
    hours: tradeStats_collection(interval: hour, first: 1000${at}) { ${TRADE_FIELDS} }
    days: tradeStats_collection(interval: day, first: 1000${at}) { ${TRADE_FIELDS} }
    market: marketStats_collection(interval: hour, first: 1000${at}) { ${MARKET_FIELDS} }
  }`;
};

describe('aggregations', () => {
  let anvil: AnvilInstance;
  let client: PublicClient;
  let trades: Address;
  let rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  /** Sends a trade in its own block at `time`; returns the block number. */
  let trade: (time: bigint, token: Address, amount: bigint, price: bigint) => Promise<number>;
  let base: bigint;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'graph-host-aggregations-'));
  let database: TestDatabase | null = null;
  const hosts: { backend: string; host: GraphHost }[] = [];
  const startHosts = async () => {
    const subgraph = {
      manifestText: readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8').replace(/0x5FbDB2315678afecb367f032d93F642f64180aa3/i, trades),
      resolveFile: async (ref: string) => new Uint8Array(readFileSync(path.join(buildDir, ref))),
    };
    hosts.push({ backend: 'PGlite', host: await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph, dataDir, pollIntervalMs: 20, port: 0, adminPort: 0, ipfsPort: 0, indexNodePort: 0 }) });
    if (database) {
      hosts.push({ backend: 'PostgreSQL', host: await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph, postgresUrl: database.url, pollIntervalMs: 20, port: 0, adminPort: 0, ipfsPort: 0, indexNodePort: 0 }) });
    }
  };
  const stopHosts = async () => {
    for (const { host } of hosts.splice(0)) await host.stop();
  };
  const head = async () => Number(await rpc('eth_blockNumber'));
  /** The host at `url` answers what the chain's events say, now and at `atBlocks`. */
  const check = async (label: string, url: string, points: Point[], atBlocks: number[] = []) => {
    for (const block of [undefined, ...atBlocks]) {
      for (const current of [false, true]) {
        const answer = await post(url, everything(block, current));
        const what = `${label} at ${block ?? 'latest'}${current ? ' with the current bucket' : ''}`;
        expect(answer.errors, what).toBeUndefined();
        const at = block ?? Infinity;
        expect(answer.data.hours, `${what}: hours`).toEqual(expectedTradeStats(points, HOUR, at, current));
        expect(answer.data.days, `${what}: days`).toEqual(expectedTradeStats(points, DAY, at, current));
        expect(answer.data.market, `${what}: market`).toEqual(expectedMarketStats(points, at, current));
      }
    }
  };
  /** Every host answers what the chain's events say, now and at `atBlocks`. */
  const checkAll = async (label: string, atBlocks: number[] = []) => {
    const last = await head();
    const points = await chainPoints(client, trades);
    for (const { backend, host } of hosts) {
      await host.waitForBlock(last, 60_000);
      await check(`${label} ${backend}`, host.url, points, atBlocks);
    }
    return points;
  };

  beforeAll(async () => {
    await ensureFixturesBuilt();
    anvil = await startAnvil();
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
    client = createPublicClient({ chain, transport: http(anvil.rpcUrl) }) as PublicClient;
    const wallet = createWalletClient({ chain, transport: http(anvil.rpcUrl), account: deployer });
    rpc = async (method, params = []) => {
      const response = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      const body = (await response.json()) as Json;
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result;
    };
    const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object });
    trades = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    // Trades start at the beginning of a day after the chain's current time.
    const now = (await client.getBlock()).timestamp;
    base = (now / DAY + 2n) * DAY;
    trade = async (time, token, amount, price) => {
      await rpc('evm_setNextBlockTimestamp', [Number(time)]);
      const tx = await wallet.writeContract({ address: trades, abi: artifact.abi, functionName: 'trade', args: [token, amount, price], chain, account: deployer });
      return Number((await client.waitForTransactionReceipt({ hash: tx })).blockNumber);
    };
    if (TEST_POSTGRES_URL) database = await createTestDatabase('aggregations');
  }, 120_000);

  afterAll(async () => {
    await stopHosts();
    await database?.drop();
    await anvil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rolls up closed hours and days in backfill and at the head, with dimensions, cumulative values and expressions; after a restart nothing is rolled twice or missed; a reorg replaces the orphaned rollups', async () => {
    // Backfill: several points in one hour, an hour without points, a day boundary.
    const h = (hours: bigint, seconds = 0n) => base + hours * HOUR + seconds;
    await trade(h(10n, 100n), TOKEN_A, 10n, 100n);
    await trade(h(10n, 200n), TOKEN_B, 5n, 7n);
    const firstHourLast = await trade(h(10n, 3000n), TOKEN_A, 20n, 90n);
    const closing = await trade(h(11n, 10n), TOKEN_A, 30n, 110n);
    await trade(h(13n, 50n), TOKEN_B, 7n, 8n);
    await trade(h(13n, 60n), TOKEN_A, 1n, 95n);
    await startHosts();
    // At the head: the next day, then more points.
    await trade(h(25n, 5n), TOKEN_A, 40n, 120n);
    await trade(h(25n, 600n), TOKEN_B, 3n, 9n);
    const points = await checkAll('head', [firstHourLast, closing]);
    // The fixture's own numbers, as a sanity check of the expectation code.
    const hours = expectedTradeStats(points, HOUR);
    expect(hours.find((r) => r.token === TOKEN_A && BigInt(r.timestamp) === h(10n) * 1_000_000n)).toMatchObject({
      volume: '30', trades: '2', maxPrice: '100', minPrice: '90', openPrice: '100', lastPrice: '90', notional: '2800', totalVolume: '30', highVolume: '10',
    });
    // Same timestamp: the higher id (A's last point came last) first.
    expect(expectedTradeStats(points, DAY).map((r) => [r.token, r.volume, r.totalVolume])).toEqual([
      [TOKEN_A, '61', '61'],
      [TOKEN_B, '12', '12'],
    ]);

    // Filters on timestamp and the dimension, first/skip, and graph-node's argument rules.
    const { host } = hosts[0]!;
    const a = await post(host.url, `{ tradeStats_collection(interval: hour, where: { token: "${TOKEN_A}", timestamp_gte: "${h(11n) * 1_000_000n}" }, first: 1, skip: 1) { timestamp volume } }`);
    const aRows = hours.filter((r) => r.token === TOKEN_A && BigInt(r.timestamp) >= h(11n) * 1_000_000n);
    expect(a).toEqual({ data: { tradeStats_collection: aRows.slice(1, 2).map((r) => ({ timestamp: r.timestamp, volume: r.volume })) } });
    const inList = await post(host.url, `{ marketStats_collection(interval: hour, where: { timestamp_in: ["${h(13n) * 1_000_000n}"] }) { trades } }`);
    expect(inList).toEqual({ data: { marketStats_collection: [{ trades: '2' }] } });
    expect((await post(host.url, '{ tradeStats_collection { id } }')).errors?.[0]?.message).toMatch(/argument "interval" of type "Aggregation_interval!" is required/);
    expect((await post(host.url, '{ marketStats_collection(interval: day) { id } }')).errors?.[0]?.message).toBe(
      'Aggregation `MarketStats` does not have the interval `day`; it has hour',
    );
    expect((await post(host.url, '{ tradeStats_collection(interval: hour, where: { volume: "1" }) { id } }')).errors?.[0]?.message).toMatch(/volume/);
    // orderBy, as clients of newer graph-node versions send it: by the field, then id.
    const byVolume = await post(host.url, '{ tradeStats_collection(interval: hour, orderBy: volume, orderDirection: desc) { id volume } }');
    const sorted = [...hours].sort((x, y) => Number(BigInt(y.volume) - BigInt(x.volume)) || Number(BigInt(y.id) - BigInt(x.id)));
    expect(byVolume).toEqual({ data: { tradeStats_collection: sorted.map((r) => ({ id: r.id, volume: r.volume })) } });
    const features = await post(hosts[0]!.host.indexNodeUrl, `{ indexingStatuses { subgraph } }`);
    const deployment = features.data.indexingStatuses[0].subgraph;
    const reported = await post(hosts[0]!.host.indexNodeUrl, `{ subgraphFeatures(subgraphId: "${deployment}") { features } }`);
    expect(reported.data.subgraphFeatures.features).toContain('aggregations');

    // Restart: a point while the hosts are down closes an hour, another after the restart a day.
    await stopHosts();
    await trade(h(26n, 30n), TOKEN_A, 4n, 121n);
    await startHosts();
    await trade(h(49n, 1n), TOKEN_B, 2n, 10n);
    await checkAll('restart');

    // Reorg: branch A closes an hour and a day, then branch B replaces it with other points and times.
    const snapshot = await rpc('evm_snapshot');
    await trade(h(50n, 10n), TOKEN_A, 100n, 200n);
    await trade(h(73n, 10n), TOKEN_A, 100n, 200n);
    const orphaned = await checkAll('branch A');
    expect(orphaned.some((p) => p.amount === 100n)).toBe(true);
    expect(await rpc('evm_revert', [snapshot])).toBe(true);
    await trade(h(49n, 900n), TOKEN_B, 6n, 11n);
    await trade(h(51n, 5n), TOKEN_A, 8n, 130n);
    await trade(h(52n, 5n), TOKEN_B, 9n, 12n);
    await trade(h(53n, 5n), TOKEN_A, 1n, 131n);
    const final = await checkAll('branch B');
    expect(final.some((p) => p.amount === 100n)).toBe(false);
    for (const { host: h2 } of hosts) expect(h2.status()[0]!.reorgs).toBeGreaterThanOrEqual(1);

    // A host that only saw the final chain answers the same.
    const fresh = await startGraphHost({
      rpcUrl: anvil.rpcUrl,
      subgraph: {
        manifestText: readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8').replace(/0x5FbDB2315678afecb367f032d93F642f64180aa3/i, trades),
        resolveFile: async (ref: string) => new Uint8Array(readFileSync(path.join(buildDir, ref))),
      },
      pollIntervalMs: 20,
      port: 0,
      adminPort: 0,
      ipfsPort: 0,
      indexNodePort: 0,
    });
    try {
      await fresh.waitForBlock(await head(), 60_000);
      const reference = await post(fresh.url, everything());
      for (const { backend, host: h2 } of hosts) expect(await post(h2.url, everything()), backend).toEqual(reference);
    } finally {
      await fresh.stop();
    }
  }, 300_000);

  it('survives SIGKILL of the CLI right after points that close hours and a day: no bucket rolled twice or missed', async () => {
    // The trades contract is the first deployment of anvil's account 0: the fixture manifest's address.
    expect(trades.toLowerCase()).toBe('0x5fbdb2315678afecb367f032d93f642f64180aa3');
    const backends: { name: string; args: string[] }[] = [{ name: 'PGlite', args: [] }];
    const databases: TestDatabase[] = [];
    if (TEST_POSTGRES_URL) {
      const db = await createTestDatabase('aggregations_kill');
      databases.push(db);
      backends.push({ name: 'PostgreSQL', args: ['--postgres-url', db.url] });
    }
    const dirs: string[] = [];
    const running: HostProcess[] = [];
    const waitHead = async (host: HostProcess) => {
      const target = await head();
      const deadline = Date.now() + 120_000;
      while ((await statusOf(host)).latestBlock?.number !== target) {
        if (Date.now() > deadline) throw new Error('the host did not reach the head');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      const states = backends.map((backend) => ({ backend, dir: mkdtempSync(path.join(tmpdir(), 'graph-host-aggregations-kill-')), host: null as HostProcess | null }));
      for (const state of states) {
        dirs.push(state.dir);
        state.host = await spawnHost(anvil.rpcUrl, state.dir, state.backend.args, buildDir);
        running.push(state.host);
        await waitHead(state.host);
      }
      // Each point closes an hour (the second also a day); each host is killed at once, or a little later.
      const last = (await client.getBlock()).timestamp;
      const next = (last / HOUR + 1n) * HOUR;
      const kills: [bigint, Address, bigint, bigint, number][] = [
        [next + 10n, TOKEN_A, 3n, 140n, 0],
        [((next + HOUR) / DAY + 1n) * DAY + 5n, TOKEN_B, 5n, 15n, 120],
      ];
      for (const [time, token, amount, price, delay] of kills) {
        await trade(time, token, amount, price);
        await new Promise((resolve) => setTimeout(resolve, delay));
        for (const state of states) {
          state.host!.child.kill('SIGKILL');
          await state.host!.exited;
          state.host = await spawnHost(anvil.rpcUrl, state.dir, state.backend.args, buildDir);
          running.push(state.host);
        }
      }
      await trade(((next + HOUR) / DAY + 1n) * DAY + HOUR + 1n, TOKEN_B, 1n, 14n);
      const points = await chainPoints(client, trades);
      for (const state of states) {
        await waitHead(state.host!);
        await check(`after SIGKILL ${state.backend.name}`, state.host!.url, points, [points[points.length - 2]!.block]);
      }
    } finally {
      for (const host of running) if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGKILL');
      await Promise.all(running.map((host) => host.exited));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      for (const db of databases) await db.drop();
    }
  }, 300_000);
});

describe('aggregation schemas', () => {
  const ts = 'type T @entity(timeseries: true) { id: Int8! timestamp: Timestamp! token: Bytes! amount: BigInt! price: BigDecimal! n: Int! label: String! }';
  const agg = (body: string, directive = '@aggregation(intervals: ["hour", "day"], source: "T")') =>
    `${ts}\ntype S ${directive} { id: Int8! timestamp: Timestamp! ${body} }`;
  const error = (schema: string): string => {
    try {
      parseSubgraphSchema(schema);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('describes tables, dimensions and aggregates as graph-node does', () => {
    const schema = parseSubgraphSchema(agg('token: Bytes! total: BigDecimal! @aggregate(fn: "sum", arg: "price * n + 1") c: Int8! @aggregate(fn: "count", cumulative: true)'));
    const s = schema.aggregations.get('S')!;
    expect([...s.tables.values()].map((t) => t.table)).toEqual(['s_hour', 's_day']);
    expect(s.dimensions.map((d) => d.name)).toEqual(['token']);
    expect(s.aggregates.map((a) => [a.field.name, a.fn, a.argSql, a.cumulative])).toEqual([
      ['total', 'sum', '(("price" * "n") + 1)', false],
      ['c', 'count', null, true],
    ]);
    // Not an entity type: no entity table, no single-entity query field.
    expect(schema.entities.has('S')).toBe(false);
  });

  it('rejects invalid aggregations with graph-node\'s messages', () => {
    const sum = 'total: BigDecimal! @aggregate(fn: "sum", arg: "price")';
    expect(error(agg(sum, '@aggregation(intervals: ["minute"], source: "T")'))).toBe('Aggregation S: the interval minute is not supported');
    expect(error(agg(sum, '@aggregation(intervals: [], source: "T")'))).toBe('Aggregation S has an invalid argument for `intervals`: it must be a non-empty list of strings');
    expect(error(agg(sum, '@aggregation(source: "T")'))).toBe('Aggregation S is missing an `intervals` argument for the timeseries directive');
    expect(error(agg(sum, '@aggregation(intervals: ["hour"], source: "Nope")'))).toBe('Aggregaton S uses Nope as the source, but there is no timeseries of that name');
    expect(error(`type E @entity { id: Int8! timestamp: Timestamp! price: BigDecimal! }\ntype S @aggregation(intervals: ["hour"], source: "E") { id: Int8! timestamp: Timestamp! ${sum} }`)).toBe(
      'Aggregation S uses E as the source, but that type is not a timeseries',
    );
    expect(error(agg(sum, '@aggregation(intervals: ["hour"])'))).toBe('Aggregation S is missing the `source` argument');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "avg", arg: "price")'))).toBe('Field total in aggregation S uses the unknown aggregation function `avg`');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "volume")'))).toBe('Field total in aggregation S has `arg` volume but the source type does not have such a field');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "label")'))).toBe('Field total in aggregation S has arg `label` but that is not a numeric field in T');
    expect(error(agg('total: Int! @aggregate(fn: "sum", arg: "price")'))).toBe('Field total in aggregation S has `arg` price of type BigDecimal but it is of the wider type Int in the source');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum")'))).toBe('Field total in aggregation S is missing the `arg` argument since the function sum requires it');
    expect(error(agg('total: String! @aggregate(fn: "sum", arg: "price")'))).toBe(
      // graph-node's message, without the space after "field".
      'Aggregation S, fieldtotal: aggregates must use a numeric type, one of Int, Int8, BigInt, and BigDecimal',
    );
    expect(error(agg('token: Bytes!'))).toBe('Aggregation S has no @aggregate fields');
    expect(error(agg(`owner: Bytes! ${sum}`))).toBe('Aggregation S uses T as the source, but that does not have a field owner');
    expect(error(agg(`token: String! ${sum}`))).toBe('Field token in aggregation S has type String but its type in the source is Bytes');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "price", cumulative: "yes")'))).toBe(
      'Field total in aggregation S has an invalid value for `cumulative`. It needs to be a boolean',
    );
    // Expressions: arithmetic and graph-node's function whitelist; the rest is refused at deployment.
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "greatest(price, 0) * n")'))).toBe('no error');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "random() * price")'))).toBe('Expression `random() * price` is not supported: Function random is not supported');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "case when n > 1 and not price is null then price::numeric(20, 2) else cast(0 as numeric) end")'))).toBe('no error');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "price * n in (1, 2)")'))).toBe('Expression `price * n in (1, 2)` is not supported: Expressions using InList are not supported');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "(select 1)")'))).toBe('Expression `(select 1)` is not supported: Expressions using Subquery are not supported');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "price +")'))).toBe('Expression `price +` is not supported: the expression ends too early');
    expect(error(agg('total: BigDecimal! @aggregate(fn: "sum", arg: "case when label = \'x\' then price else 0 end")'))).toBe(
      'Field total in aggregation S has arg `case when label = \'x\' then price else 0 end` but that is not a numeric field in T',
    );
  });

  it('needs spec version 1.1.0, as graph-node', async () => {
    const manifest = readFileSync(path.join(buildDir, 'subgraph.yaml'), 'utf8').replace('specVersion: 1.3.0', 'specVersion: 1.0.0');
    await expect(loadSubgraph({ manifestText: manifest, resolveFile: async (ref) => new Uint8Array(readFileSync(path.join(buildDir, ref))) })).rejects.toThrow(
      'Aggregations are not supported with spec version 1.0.0; please migrate the subgraph to the latest version',
    );
  });
});

describe('aggregations over references, on the store directly', () => {
  const schemaText = `
    type Token @entity { id: Bytes! symbol: String! }
    type Swap @entity(timeseries: true) { id: Int8! timestamp: Timestamp! token: Token! n: Int! price: BigDecimal! }
    type TokenDay @aggregation(intervals: ["day"], source: "Swap") {
      id: Int8!
      timestamp: Timestamp!
      token: Token!
      total: BigDecimal! @aggregate(fn: "sum", arg: "n")
      close: BigDecimal! @aggregate(fn: "last", arg: "price * 2")
      lastToken: Token! @aggregate(fn: "last", arg: "token")
    }`;
  const backends = [{ backend: 'PGlite' }, ...(TEST_POSTGRES_URL ? [{ backend: 'PostgreSQL' }] : [])];

  it.each(backends)('groups by a reference dimension, resolves references and child filters ($backend); grafts are refused', async ({ backend }) => {
    const database = backend === 'PostgreSQL' ? await createTestDatabase('aggregations_refs') : null;
    const store: SubgraphStore = await openStore({ schemaText, dataDir: null, deploymentId: 'QmAggRefs', immutableEntities: new Set(), ...(database ? { postgresUrl: database.url } : {}) });
    try {
      const tokenA = new Uint8Array(20).fill(0xaa);
      const tokenB = new Uint8Array(20).fill(0xbb);
      const entity = (fields: Record<string, Entity extends Map<string, infer V> ? V : never>): Entity => new Map(Object.entries(fields));
      // Day 0: two swaps of A, one of B; day 1: one of A (closes day 0); the open day 1 is `current`.
      const blocks: [bigint, [Uint8Array, number, string][]][] = [
        [100n, [[tokenA, 2, '1.5'], [tokenB, 7, '3']]],
        [200n, [[tokenA, 5, '2.25']]],
        [86_400n + 50n, [[tokenA, 1, '4']]],
      ];
      let number = 1;
      for (const [time, swaps] of blocks) {
        const header = { number, hash: `0x${number.toString(16).padStart(64, '0')}` as const, parentHash: `0x${'0'.repeat(64)}` as const, timestamp: time, raw: {} };
        const cache = store.beginBlock(header);
        if (number === 1) {
          cache.set('Token', '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', entity({ id: { kind: 'Bytes', value: tokenA }, symbol: { kind: 'String', value: 'A' } }));
          cache.set('Token', '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', entity({ id: { kind: 'Bytes', value: tokenB }, symbol: { kind: 'String', value: 'B' } }));
        }
        swaps.forEach(([token, n, price], seq) => {
          const id = (BigInt(number) << 32n) + BigInt(seq);
          cache.set('Swap', id.toString(), entity({
            id: { kind: 'Int8', value: id },
            timestamp: { kind: 'Timestamp', value: time * 1_000_000n },
            token: { kind: 'Bytes', value: token },
            n: { kind: 'Int', value: n },
            price: { kind: 'BigDecimal', value: price },
          }));
        });
        store.endBlock([]);
        await store.flush();
        number++;
      }
      const exec = createQueryExecutor(store, schemaText, () => ({ deployment: 'QmAggRefs', block: null, hasIndexingErrors: false }));
      const q = async (query: string) => (await exec.execute({ query })) as Record<string, any>;
      const a = '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
      expect(await q('{ tokenDays(interval: day) { id timestamp token { symbol } total close lastToken { id } } }')).toEqual({
        data: {
          tokenDays: [
            // Same timestamp: the higher id first (A's last point is block 2's, B's block 1's second).
            { id: String(2n << 32n), timestamp: '0', token: { symbol: 'A' }, total: '7', close: '4.5', lastToken: { id: a } },
            { id: String((1n << 32n) + 1n), timestamp: '0', token: { symbol: 'B' }, total: '7', close: '6', lastToken: { id: '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' } },
          ],
        },
      });
      expect(await q('{ tokenDays(interval: day, current: include, where: { token_: { symbol: "A" } }) { timestamp total } }')).toEqual({
        data: { tokenDays: [{ timestamp: String(86_400n * 1_000_000n), total: '1' }, { timestamp: '0', total: '7' }] },
      });
      expect(await q(`{ tokenDays(interval: day, where: { token: "${a}" }, block: { number: 2 }, current: include) { timestamp total } }`)).toEqual({
        data: { tokenDays: [{ timestamp: '0', total: '7' }] },
      });
      // The rollup tables would not be copied: grafting such a subgraph is refused.
      const graft = await openStore({ schemaText, dataDir: null, deploymentId: 'QmAggGraft', immutableEntities: new Set(), ...(database ? { postgresUrl: database.url } : {}) });
      try {
        await expect(graft.importGraft!({ block: 1, versions: new Map(), dataSources: [] }, { hash: `0x${'1'.repeat(64)}`, timestamp: 100n }, 'QmAggRefs')).rejects.toThrow(
          'grafting a subgraph with aggregations is not supported by this host',
        );
      } finally {
        await graft.close();
      }
    } finally {
      await store.close();
      await database?.drop();
    }
  }, 120_000);
});
