import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { createQueryExecutor, pluralFieldName, singularFieldName } from '../src/graphql/index.js';
import type { Entity, QueryExecutor, SubgraphStore, Value } from '../src/types.js';
import { testHeader } from './helpers/blocks.js';

const SCHEMA = `
enum AssetKind { Solar Battery }

interface Asset {
  id: ID!
  name: String!
  capacity: BigInt!
}

type Owner @entity {
  id: ID!
  name: String!
  batteries: [Battery!]! @derivedFrom(field: "owner")
  favourite: Battery
}

type Battery implements Asset @entity {
  id: ID!
  name: String!
  capacity: BigInt!
  efficiency: BigDecimal
  kind: AssetKind!
  owner: Owner!
  tags: [String!]!
  online: Boolean!
  cycles: Int!
  code: Bytes
}

type Panel implements Asset @entity {
  id: ID!
  name: String!
  capacity: BigInt!
}

type Fleet @entity {
  id: ID!
  members: [Battery!]!
}

type Trade @entity(immutable: true) {
  id: Bytes!
  battery: Battery!
  amount: BigInt!
  seq: Int8!
  at: Timestamp!
}

type Series @entity {
  id: ID!
  points: Int!
}
`;

const s = (value: string): Value => ({ kind: 'String', value });
const bi = (value: bigint | number): Value => ({ kind: 'BigInt', value: BigInt(value) });
const int = (value: number): Value => ({ kind: 'Int', value });
const bool = (value: boolean): Value => ({ kind: 'Bool', value });
const bytes = (hex: string): Value => ({ kind: 'Bytes', value: Uint8Array.from(Buffer.from(hex.slice(2), 'hex')) });
const list = (...value: Value[]): Value => ({ kind: 'Array', value });
const entity = (fields: Record<string, Value>): Entity => new Map(Object.entries(fields));

interface BatteryInput {
  id: string;
  name: string;
  capacity: number;
  efficiency?: string;
  kind: 'Solar' | 'Battery';
  owner: string;
  tags: string[];
  online: boolean;
  cycles: number;
  code?: string;
}
const battery = (b: BatteryInput): Entity =>
  entity({
    id: s(b.id),
    name: s(b.name),
    capacity: bi(b.capacity),
    ...(b.efficiency ? { efficiency: { kind: 'BigDecimal', value: b.efficiency } as Value } : {}),
    kind: s(b.kind),
    owner: s(b.owner),
    tags: list(...b.tags.map(s)),
    online: bool(b.online),
    cycles: int(b.cycles),
    ...(b.code ? { code: bytes(b.code) } : {}),
  });

const header = (number: number) => testHeader(number, 'a');

// Data written block by block; the expectations below are derived from these inputs.
const BATTERIES: BatteryInput[] = [
  { id: 'b1', name: 'Alpha', capacity: 100, efficiency: '0.95', kind: 'Battery', owner: 'o1', tags: ['home', 'grid'], online: true, cycles: 10, code: '0xdeadbeef' },
  { id: 'b2', name: 'beta', capacity: 250, efficiency: '0.9', kind: 'Solar', owner: 'o1', tags: ['farm'], online: false, cycles: 3 },
  { id: 'b3', name: 'Gamma', capacity: 50, kind: 'Battery', owner: 'o2', tags: [], online: true, cycles: 7, code: '0x00ff' },
  { id: 'b4', name: 'Delta_%', capacity: 400, efficiency: '1.25', kind: 'Battery', owner: 'o2', tags: ['Home'], online: true, cycles: 1 },
];
const TRADE_IDS = ['0x01', '0x02', '0x03'];

// Every backend runs the same suite: PGlite always, PostgreSQL when a server URL is given.
const POSTGRES_URL = process.env.GRAPH_HOST_TEST_POSTGRES_URL;
const BACKENDS: { name: string; options: () => { dataDir?: null; postgresUrl?: string; deploymentId: string } }[] = [
  { name: 'PGlite', options: () => ({ dataDir: null, deploymentId: 'QmGraphqlTest' }) },
  ...(POSTGRES_URL ? [{ name: 'PostgreSQL', options: () => ({ postgresUrl: POSTGRES_URL, deploymentId: `QmGraphqlTest${process.pid}${Date.now()}` }) }] : []),
];

for (const backend of BACKENDS) {
  describe(`graph-node query API on ${backend.name}`, () => {
    let store: SubgraphStore;
    let gql: QueryExecutor;
    let deploymentId = '';
    const q = (query: string, variables?: Record<string, unknown>) => gql.execute({ query, variables });
    const data = async (query: string, variables?: Record<string, unknown>) => {
      const result = await q(query, variables);
      expect(result.errors).toBeUndefined();
      return result.data as Record<string, any>;
    };

    beforeAll(async () => {
      const options = backend.options();
      deploymentId = options.deploymentId;
      store = await openStore({ schemaText: SCHEMA, ...options, immutableEntities: new Set() });
      gql = createQueryExecutor(store, SCHEMA, () => ({ deployment: deploymentId, block: null, hasIndexingErrors: store.status().failed }));
      // Block 1: owners and the first two batteries.
      let c = store.beginBlock(header(1));
      c.set('Owner', 'o1', entity({ id: s('o1'), name: s('Olivia') }));
      c.set('Owner', 'o2', entity({ id: s('o2'), name: s('Aaron') }));
      c.set('Battery', 'b1', battery({ ...BATTERIES[0]!, capacity: 1 })); // changed at block 2
      c.set('Battery', 'b2', battery(BATTERIES[1]!));
      c.set('Panel', 'p1', entity({ id: s('p1'), name: s('Roof'), capacity: bi(175) }));
      store.endBlock([]);
      // Block 2: b1 updated, b3/b4 added, trades, fleets.
      c = store.beginBlock(header(2));
      c.set('Battery', 'b1', battery(BATTERIES[0]!));
      c.set('Battery', 'b3', battery(BATTERIES[2]!));
      c.set('Battery', 'b4', battery(BATTERIES[3]!));
      c.set('Owner', 'o1', entity({ id: s('o1'), name: s('Olivia'), favourite: s('b2') }));
      c.set('Fleet', 'f1', entity({ id: s('f1'), members: list(s('b4'), s('b1')) }));
      TRADE_IDS.forEach((id, i) =>
        c.set('Trade', id, entity({ id: bytes(id), battery: s(i < 2 ? 'b1' : 'b3'), amount: bi(10n ** 30n + BigInt(i)), seq: { kind: 'Int8', value: 9_007_199_254_740_993n + BigInt(i) }, at: { kind: 'Timestamp', value: 1_700_000_000_000_000n + BigInt(i) } })),
      );
      c.set('Series', 'x', entity({ id: s('x'), points: int(1) }));
      store.endBlock([]);
      await store.flush();
      // Block 3: b2 removed (flushed separately so time travel spans two flushes).
      c = store.beginBlock(header(3));
      c.remove('Battery', 'b2');
      c.set('Panel', 'p2', entity({ id: s('p2'), name: s('Shed'), capacity: bi(60) }));
      store.endBlock([]);
      await store.flush();
    }, 120_000);

    afterAll(async () => {
      if (store && backend.name === 'PostgreSQL') {
        const db = (store as unknown as { db: { exec(sql: string): Promise<void> }; namespace: string });
        await db.db.exec(`drop schema "${db.namespace}" cascade; delete from public.graph_host_deployments where deployment = '${deploymentId}';`);
      }
      await store?.close();
    });

    const LIVE = BATTERIES.filter((b) => b.id !== 'b2');
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

    describe('graph-node query API', { timeout: 60_000 }, () => {
      it('names query fields like graph-node (camelCase singular, Inflector plural, _collection)', async () => {
        expect(singularFieldName('Battery')).toBe('battery');
        expect(pluralFieldName('Battery')).toBe('batteries');
        expect(pluralFieldName('DailySnapshot')).toBe('dailySnapshots');
        expect(pluralFieldName('Series')).toBe('series_collection');
        expect(pluralFieldName('Status')).toBe('statuses');
        const d = await data(`{ __type(name: "Query") { fields { name } } }`);
        const names = d.__type.fields.map((f: { name: string }) => f.name);
        expect(names).toEqual(expect.arrayContaining(['owner', 'owners', 'battery', 'batteries', 'asset', 'assets', 'trade', 'trades', 'series', 'series_collection', '_meta']));
      });

      it('generates filter inputs and orderBy enums per graph-node rules', async () => {
        const d = await data(`{
          f: __type(name: "Battery_filter") { inputFields { name type { name kind ofType { name } } } }
          o: __type(name: "Battery_orderBy") { enumValues { name } }
        }`);
        const filters = new Set(d.f.inputFields.map((f: { name: string }) => f.name));
        for (const name of ['name_contains_nocase', 'name_not_ends_with_nocase', 'capacity_gte', 'capacity_in', 'code_contains', 'kind_in', 'owner_', 'owner_starts_with', 'tags_contains', 'tags_not_contains_nocase', 'online_not', 'and', 'or', '_change_block']) {
          expect(filters.has(name), name).toBe(true);
        }
        // Booleans and enums have no ordering comparisons, BigInt no `contains`, Bytes no `_nocase`.
        for (const name of ['online_gt', 'kind_gt', 'capacity_contains', 'code_contains_nocase']) expect(filters.has(name), name).toBe(false);
        const ownerFilter = await data(`{ __type(name: "Owner_filter") { inputFields { name } } }`);
        const ownerNames = ownerFilter.__type.inputFields.map((f: { name: string }) => f.name);
        expect(ownerNames).toContain('batteries_');
        expect(ownerNames).not.toContain('batteries'); // derived: only the nested filter
        const orderBy = d.o.enumValues.map((v: { name: string }) => v.name);
        expect(orderBy).toEqual(expect.arrayContaining(['id', 'capacity', 'owner', 'owner__name', 'owner__id']));
        expect(orderBy).not.toContain('owner__batteries');
      });

      it('serialises values as graph-node does', async () => {
        const d = await data(`{
          battery(id: "b1") { id name capacity efficiency kind tags online cycles code owner { id name } }
          trade(id: "0x01") { id amount seq at battery { id } }
        }`);
        expect(d.battery).toEqual({
          id: 'b1', name: 'Alpha', capacity: '100', efficiency: '0.95', kind: 'Battery', tags: ['home', 'grid'], online: true, cycles: 10,
          code: '0xdeadbeef', owner: { id: 'o1', name: 'Olivia' },
        });
        expect(d.trade).toEqual({ id: '0x01', amount: (10n ** 30n).toString(), seq: '9007199254740993', at: '1700000000000000', battery: { id: 'b1' } });
        const missing = await data(`{ battery(id: "nope") { id } trade(id: "0xAbC") { id } }`);
        expect(missing).toEqual({ battery: null, trade: null });
      });

      it('collections default to id order, first 100, and honour first/skip/orderBy/orderDirection', async () => {
        expect(ids((await data(`{ batteries { id } }`)).batteries)).toEqual(LIVE.map((b) => b.id).sort());
        const byCap = [...LIVE].sort((a, b) => b.capacity - a.capacity).map((b) => b.id);
        expect(ids((await data(`{ batteries(orderBy: capacity, orderDirection: desc) { id } }`)).batteries)).toEqual(byCap);
        expect(ids((await data(`{ batteries(orderBy: capacity, orderDirection: desc, first: 2, skip: 1) { id } }`)).batteries)).toEqual(byCap.slice(1, 3));
        const byOwnerName = await data(`{ batteries(orderBy: owner__name) { id owner { name } } }`);
        expect(byOwnerName.batteries.map((b: { owner: { name: string } }) => b.owner.name)).toEqual(['Aaron', 'Aaron', 'Olivia']);
      });

      it('enforces graph-node limits on first and skip', async () => {
        const tooMany = await q(`{ batteries(first: 1001) { id } }`);
        expect(tooMany.errors?.[0]?.message).toBe('The `first` argument must be between 0 and 1000, but is 1001');
        const tooFar = await q(`{ batteries(skip: 5001) { id } }`);
        expect(tooFar.errors?.[0]?.message).toBe('The `skip` argument must be between 0 and 5000, but is 5001');
        expect((await data(`{ batteries(first: 1000) { id } }`)).batteries).toHaveLength(LIVE.length);
      });

      it('filters scalars with every operator family', async () => {
        const run = async (where: Record<string, unknown>) => ids((await data(`query($w: Battery_filter) { batteries(where: $w) { id } }`, { w: where })).batteries);
        const expectIds = (pred: (b: BatteryInput) => boolean) => LIVE.filter(pred).map((b) => b.id).sort();
        expect(await run({ name: 'Alpha' })).toEqual(['b1']);
        expect(await run({ name_not: 'Alpha' })).toEqual(expectIds((b) => b.name !== 'Alpha'));
        expect(await run({ capacity_gt: '50' })).toEqual(expectIds((b) => b.capacity > 50));
        expect(await run({ capacity_lte: 100 })).toEqual(expectIds((b) => b.capacity <= 100));
        expect(await run({ capacity_in: ['50', '400'] })).toEqual(['b3', 'b4']);
        expect(await run({ capacity_not_in: ['50', '400'] })).toEqual(['b1']);
        expect(await run({ capacity_in: [] })).toEqual([]);
        expect(await run({ efficiency_gte: '1' })).toEqual(['b4']);
        expect(await run({ efficiency: null })).toEqual(['b3']);
        expect(await run({ efficiency_not: null })).toEqual(['b1', 'b4']);
        expect(await run({ name_contains: 'amm' })).toEqual(['b3']);
        expect(await run({ name_contains_nocase: 'ALP' })).toEqual(['b1']);
        expect(await run({ name_not_contains: 'a' })).toEqual(expectIds((b) => !b.name.includes('a')));
        expect(await run({ name_starts_with: 'G' })).toEqual(['b3']);
        expect(await run({ name_starts_with_nocase: 'g' })).toEqual(['b3']);
        expect(await run({ name_not_starts_with: 'G' })).toEqual(expectIds((b) => !b.name.startsWith('G')));
        expect(await run({ name_ends_with: 'ma' })).toEqual(['b3']);
        expect(await run({ name_ends_with_nocase: 'HA' })).toEqual(['b1']);
        expect(await run({ name_not_ends_with_nocase: 'HA' })).toEqual(expectIds((b) => !b.name.toLowerCase().endsWith('ha')));
        expect(await run({ online: false })).toEqual([]);
        expect(await run({ online_not: false })).toEqual(expectIds((b) => b.online));
        expect(await run({ kind: 'Battery', cycles_lt: 10 })).toEqual(['b3', 'b4']);
        expect(await run({ kind_in: ['Solar'] })).toEqual([]);
        expect(await run({ code: '0xDEADBEEF' })).toEqual(['b1']);
        expect(await run({ code_contains: '0xff' })).toEqual(['b3']);
        expect(await run({ code_not_contains: '0xff' })).toEqual(['b1']);
        expect(await run({ id_gt: 'b3' })).toEqual(['b4']);
        expect(await run({ owner: 'o2' })).toEqual(['b3', 'b4']);
        expect(await run({ owner_in: ['o1'] })).toEqual(['b1']);
      });

      it('filters list fields, nested relations (field_), derived relations, and and/or', async () => {
        const run = async (where: Record<string, unknown>) => ids((await data(`query($w: Battery_filter) { batteries(where: $w) { id } }`, { w: where })).batteries);
        expect(await run({ tags_contains: ['home'] })).toEqual(['b1']);
        // graph-node's list semantics (store test `find_list_contains`): `_contains` and `_contains_nocase`
        // need every value, case-sensitively; the negations exclude any value in common.
        expect(await run({ tags_contains_nocase: ['home'] })).toEqual(['b1']);
        expect(await run({ tags_contains: ['grid', 'home'] })).toEqual(['b1']);
        expect(await run({ tags_contains: ['home', 'Home'] })).toEqual([]);
        expect(await run({ tags_not_contains: ['home'] })).toEqual(['b3', 'b4']);
        expect(await run({ tags_not_contains_nocase: ['grid', 'Home'] })).toEqual(['b3']);
        expect(await run({ tags: [] })).toEqual(['b3']);
        expect(await run({ owner_: { name: 'Aaron' } })).toEqual(['b3', 'b4']);
        expect(await run({ owner_: { name_starts_with: 'O' } })).toEqual(['b1']);
        expect(await run({ or: [{ capacity_lt: 60 }, { name: 'Alpha' }] })).toEqual(['b1', 'b3']);
        expect(await run({ and: [{ capacity_gt: 60 }, { owner: 'o2' }] })).toEqual(['b4']);
        const mixed = await q(`{ batteries(where: { online: true, or: [{ cycles: 1 }] }) { id } }`);
        expect(mixed.errors?.[0]?.message).toBe(
          "Cannot mix column filters with 'or' operator at the same level. Found column filter(s) 'online' alongside 'or' operator.",
        );
        const owners = await data(`{ owners(where: { batteries_: { capacity_gt: 300 } }) { id } }`);
        expect(ids(owners.owners)).toEqual(['o2']);
        const fleets = await data(`{ fleets(where: { members_: { name: "Alpha" } }) { id } none: fleets(where: { members_contains: ["b3"] }) { id } }`);
        expect(ids(fleets.fleets)).toEqual(['f1']);
        expect(fleets.none).toEqual([]);
        const trades = await data(`{ trades(where: { battery_: { owner: "o2" } }) { id } }`);
        expect(ids(trades.trades)).toEqual(['0x03']);
      });

      it('_change_block returns entities changed at or after a block', async () => {
        const d = await data(`{ batteries(where: { _change_block: { number_gte: 2 } }) { id } owners(where: { _change_block: { number_gte: 2 } }) { id } }`);
        expect(ids(d.batteries)).toEqual(['b1', 'b3', 'b4']);
        expect(ids(d.owners)).toEqual(['o1']);
      });

      it('resolves relations: single, list, derived, with their own arguments', async () => {
        const d = await data(`{
          owner(id: "o2") { name favourite { id } batteries(orderBy: capacity, orderDirection: desc) { id capacity } first: batteries(first: 1, where: { capacity_lt: 100 }) { id } }
          o1: owner(id: "o1") { favourite { id } batteries { id } }
          fleet(id: "f1") { members { id } sorted: members(orderBy: name, orderDirection: desc) { name } }
          battery(id: "b1") { owner { batteries { id } } }
        }`);
        expect(d.owner).toEqual({ name: 'Aaron', favourite: null, batteries: [{ id: 'b4', capacity: '400' }, { id: 'b3', capacity: '50' }], first: [{ id: 'b3' }] });
        // o1's favourite b2 was removed at block 3, so at the latest block it resolves to null.
        expect(d.o1).toEqual({ favourite: null, batteries: [{ id: 'b1' }] });
        expect(d.fleet).toEqual({ members: [{ id: 'b1' }, { id: 'b4' }], sorted: [{ name: 'Delta_%' }, { name: 'Alpha' }] });
        expect(d.battery.owner.batteries).toEqual([{ id: 'b1' }]);
      });

      it('queries interfaces across implementing types', async () => {
        const d = await data(`{
          assets(orderBy: capacity) { __typename id capacity ... on Battery { kind } }
          asset(id: "p2") { __typename name }
          big: assets(where: { capacity_gte: 175 }, orderBy: name, first: 2) { id }
        }`);
        const all = [...LIVE.map((b) => ({ id: b.id, capacity: b.capacity, t: 'Battery' })), { id: 'p1', capacity: 175, t: 'Panel' }, { id: 'p2', capacity: 60, t: 'Panel' }].sort(
          (a, b) => a.capacity - b.capacity,
        );
        expect(d.assets.map((a: { id: string }) => a.id)).toEqual(all.map((a) => a.id));
        expect(d.assets[0]).toEqual({ __typename: 'Battery', id: 'b3', capacity: '50', kind: 'Battery' });
        expect(d.asset).toEqual({ __typename: 'Panel', name: 'Shed' });
        expect(ids(d.big)).toEqual(['b4', 'p1']); // names 'Delta_%' < 'Roof'
      });

      it('time-travels with block: { number } and block: { hash }', async () => {
        const at1 = await data(`{ batteries(block: { number: 1 }) { id capacity } battery(id: "b1", block: { number: 1 }) { capacity } trades(block: { number: 1 }) { id } }`);
        expect(at1.batteries).toEqual([{ id: 'b1', capacity: '1' }, { id: 'b2', capacity: '250' }]);
        expect(at1.battery).toEqual({ capacity: '1' });
        expect(at1.trades).toEqual([]);
        const at2 = await data(`{ batteries(block: { number: 2 }) { id } owner(id: "o1", block: { number: 2 }) { favourite { id name } batteries { id } } }`);
        expect(ids(at2.batteries)).toEqual(['b1', 'b2', 'b3', 'b4']);
        // Nested fields read at the same block as their parent.
        expect(at2.owner).toEqual({ favourite: { id: 'b2', name: 'beta' }, batteries: [{ id: 'b1' }, { id: 'b2' }] });
        const byHash = await data(`query($h: Bytes) { batteries(block: { hash: $h }) { id } }`, { h: header(1).hash });
        expect(ids(byHash.batteries)).toEqual(['b1', 'b2']);
        const unknownHash = await q(`{ batteries(block: { hash: "0x1234" }) { id } }`);
        expect(unknownHash.errors?.[0]?.message).toMatch(/no block with that hash/);
      });

      it('block: { number_gte } serves the latest block or errors if the store is behind', async () => {
        expect(ids((await data(`{ batteries(block: { number_gte: 3 }) { id } }`)).batteries)).toEqual(LIVE.map((b) => b.id));
        const ahead = await q(`{ batteries(block: { number_gte: 7 }) { id } }`);
        expect(ahead.errors?.[0]?.message).toBe(
          `subgraph ${deploymentId} has only indexed up to block number 3 and data for block number 7 is therefore not yet available`,
        );
        const future = await q(`{ batteries(block: { number: 4 }) { id } }`);
        expect(future.errors?.[0]?.message).toMatch(/only indexed up to block number 3/);
      });

      it('_meta reports the persisted block, deployment and indexing errors', async () => {
        const d = await data(`{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }`);
        expect(d._meta).toEqual({
          block: { number: 3, hash: header(3).hash, timestamp: 1_700_000_003, parentHash: header(2).hash },
          deployment: deploymentId,
          hasIndexingErrors: false,
        });
        const at = await data(`{ _meta(block: { number: 2 }) { block { number hash } } }`);
        expect(at._meta.block).toEqual({ number: 2, hash: null });
      });

      it('rejects unknown fields and unsupported features with GraphQL errors', async () => {
        const unknown = await q(`{ batteries(where: { voltage: 1 }) { id } }`);
        expect(unknown.errors?.[0]?.message).toMatch(/voltage/);
        const sortList = await q(`{ batteries(orderBy: tags) { id } }`);
        expect(sortList.errors?.[0]?.message).toMatch(/Sorting by the list or derived field/);
        const badBytes = await q(`{ batteries(where: { code: "0xzz" }) { id } }`);
        expect(badBytes.errors?.[0]?.message).toMatch(/Bytes/);
        const aggregation = await openStore({
          schemaText: `type A @entity(timeseries: true) { id: Int8! timestamp: Timestamp! n: BigDecimal! }\ntype Stats @aggregation(intervals: ["hour"], source: "A") { id: Int8! timestamp: Timestamp! total: BigDecimal! @aggregate(fn: "sum", arg: "n") }`,
          dataDir: null,
          deploymentId: 'QmAggregation',
          immutableEntities: new Set(),
        });
        try {
          const exec = createQueryExecutor(aggregation, (aggregation as unknown as { schema: { text: string } }).schema.text, () => ({ deployment: 'QmAggregation', block: null, hasIndexingErrors: false }));
          // Aggregations are served (test/aggregations.test.ts); `interval` is required, as in graph-node.
          const r = await exec.execute({ query: `{ stats_collection(interval: hour) { id } }` });
          expect(r).toEqual({ data: { stats_collection: [] } });
          const noInterval = await exec.execute({ query: `{ stats_collection { id } }` });
          expect(noInterval.errors?.[0]?.message).toMatch(/interval/);
        } finally {
          await aggregation.close();
        }
      });

      it('answers indexing_error for a deterministically failed deployment unless subgraphError: allow', async () => {
        await store.setStatus({ failed: true, error: { message: 'handler failed', blockNumber: 4, deterministic: true } });
        try {
          const denied = await q(`{ batteries { id } _meta { hasIndexingErrors } }`);
          expect(denied).toEqual({ data: { _meta: { hasIndexingErrors: true } }, errors: [{ message: 'indexing_error' }] });
          const allowed = await q(`{ batteries(subgraphError: allow) { id } }`);
          expect(allowed.errors).toEqual([{ message: 'indexing_error' }]);
          expect(ids((allowed.data as { batteries: { id: string }[] }).batteries)).toEqual(LIVE.map((b) => b.id));
          // Blocks before the failure are still served without error.
          expect((await q(`{ batteries(block: { number: 2 }) { id } }`)).errors).toBeUndefined();
        } finally {
          await store.setStatus({ failed: false });
        }
      });
    });

  });
}

describe('queries after revertTo', { timeout: 120_000 }, () => {
  it('drops reverted versions and reopens earlier ones', async () => {
    const local = await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'QmRevert', immutableEntities: new Set() });
    try {
      const exec = createQueryExecutor(local, SCHEMA, () => ({ deployment: 'QmRevert', block: null, hasIndexingErrors: false }));
      const run = async (query: string) => (await exec.execute({ query })).data as Record<string, any>;
      const owner = (name: string) => entity({ id: s('o'), name: s(name) });
      for (const [n, name] of [[1, 'one'], [2, 'two'], [3, 'three']] as const) {
        const c = local.beginBlock(header(n));
        c.set('Owner', 'o', owner(name));
        if (n === 3) c.set('Trade', '0x09', entity({ id: bytes('0x09'), battery: s('b'), amount: bi(1), seq: { kind: 'Int8', value: 1n }, at: { kind: 'Timestamp', value: 1n } }));
        local.endBlock([]);
        await local.flush();
      }
      expect((await run(`{ owner(id: "o") { name } trades { id } }`))).toEqual({ owner: { name: 'three' }, trades: [{ id: '0x09' }] });
      await local.revertTo({ number: 1, hash: header(1).hash });
      expect(await run(`{ owner(id: "o") { name } trades { id } _meta { block { number } } }`)).toEqual({
        owner: { name: 'one' },
        trades: [],
        _meta: { block: { number: 1 } },
      });
      expect((await exec.execute({ query: `{ owner(id: "o", block: { number: 2 }) { name } }` })).errors?.[0]?.message).toMatch(/only indexed up to block number 1/);
      // Re-indexing a different branch after the revert.
      const c = local.beginBlock({ ...header(2), hash: `0x${'b'.repeat(64)}` });
      c.set('Owner', 'o', owner('two-b'));
      local.endBlock([]);
      await local.flush();
      expect(await run(`{ now: owner(id: "o") { name } before: owner(id: "o", block: { number: 1 }) { name } }`)).toEqual({
        now: { name: 'two-b' },
        before: { name: 'one' },
      });
    } finally {
      await local.close();
    }
  });
});
