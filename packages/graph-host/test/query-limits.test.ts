/**
 * Query protections of the GraphQL executor (graph-node's GRAPH_GRAPHQL_* settings and error texts):
 * the attack queries, complexity as graph-node computes it, introspection under tight limits,
 * timeout and client abort that stop the database work, fair turns between requests, result size,
 * and values that must never reach Postgres out of range. A real PGlite store; SQL statements are
 * counted by wrapping the store's database object.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { EntityStore } from '../src/store/store.js';
import { createQueryExecutor, DEFAULT_QUERY_LIMITS, limitsFromEnv, type QueryLimits } from '../src/graphql/index.js';
import type { Entity, QueryExecutor, Value } from '../src/types.js';
import { openPostgres } from '../src/store/db.js';
import { TEST_POSTGRES_URL, createTestDatabase } from './helpers/postgres.js';
import { testHeader } from './helpers/blocks.js';

const SCHEMA = `
type Account @entity {
  id: ID!
  name: String!
  big: BigInt!
  seq: Int8!
  ratio: BigDecimal!
  deposits: [Deposit!]! @derivedFrom(field: "account")
}

type Deposit @entity(immutable: true) {
  id: ID!
  account: Account!
  amount: BigInt!
}
`;

const ACCOUNTS = 20;
const DEPOSITS_PER_ACCOUNT = 50;

const s = (value: string): Value => ({ kind: 'String', value });
const bi = (value: bigint): Value => ({ kind: 'BigInt', value });
const header = (number: number) => testHeader(number);
const account = (id: string, name = `name ${id}`): Entity =>
  new Map<string, Value>([
    ['id', s(id)],
    ['name', s(name)],
    ['big', bi(10n ** 30n)],
    ['seq', { kind: 'Int8', value: 7n }],
    ['ratio', { kind: 'BigDecimal', value: '0.5' }],
  ]);

/** The attack: `{ accounts(first: N) { id deposits(first: N) { id account { id deposits(first: N) … } } } }`, `depth` fields deep. */
function nestedAttack(depth: number, first = 1000): string {
  const chain: string[] = [];
  for (let level = 2; level <= depth; level++) chain.push(level % 2 === 0 ? `deposits(first: ${first})` : 'account');
  let inner = 'id';
  for (const field of chain.reverse()) inner = `id ${field} { ${inner} }`;
  return `{ accounts(first: ${first}) { ${inner} } }`;
}

function aliasAttack(aliases: number): string {
  return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: deposits(first: 1000) { id amount }`).join(' ')} }`;
}

/** Expensive but within the static limits when complexity is unlimited: ~1000 SQL statements (one per parent). */
const HEAVY = `{ deposits(first: 1000) { id account { id deposits(first: 1000) { id amount } } } }`;

describe('GraphQL query protections', { timeout: 120_000 }, () => {
  let store: EntityStore;
  let statements = 0;
  const executors = new Map<string, QueryExecutor>();
  const gql = (limits: Partial<QueryLimits> = {}): QueryExecutor => {
    const key = JSON.stringify(limits, (_k, v: unknown) => (v === Number.POSITIVE_INFINITY ? 'inf' : v));
    let executor = executors.get(key);
    if (!executor) {
      executor = createQueryExecutor(store, SCHEMA, () => ({ deployment: 'QmLimits', block: null, hasIndexingErrors: false }), {
        limits: { ...DEFAULT_QUERY_LIMITS, ...limits },
      });
      executors.set(key, executor);
    }
    return executor;
  };
  const messages = (result: { errors?: { message: string }[] }) => (result.errors ?? []).map((e) => e.message);
  const timed = async <T,>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const start = performance.now();
    const value = await run();
    return { value, ms: performance.now() - start };
  };

  beforeAll(async () => {
    store = (await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'QmLimits', immutableEntities: new Set() })) as EntityStore;
    const c = store.beginBlock(header(1));
    for (let a = 0; a < ACCOUNTS; a++) {
      c.set('Account', `a${a}`, account(`a${a}`));
      for (let d = 0; d < DEPOSITS_PER_ACCOUNT; d++) {
        const id = `d${a}-${d}`;
        c.set('Deposit', id, new Map<string, Value>([['id', s(id)], ['account', s(`a${a}`)], ['amount', bi(BigInt(d))]]));
      }
    }
    store.endBlock([]);
    await store.flush();
    // Count every statement the query layer sends (the real database object, wrapped).
    const db = store.db as { query: typeof store.db.query };
    const query = db.query.bind(store.db);
    db.query = (...args) => {
      statements += 1;
      return query(...args);
    };
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  it('answers the nested `first: 1000` attack (8 and 10 deep) with graph-node\'s complexity error, without touching the database', async () => {
    for (const levels of [8, 10]) {
      const before = statements;
      const { value, ms } = await timed(() => gql().execute({ query: nestedAttack(levels) }));
      expect(value.data).toBeUndefined();
      expect(messages(value)).toEqual([
        expect.stringMatching(/^query potentially returns `\d+` entities or more and thereby exceeds the limit of `500000` entities\. Possible solutions are reducing the depth of the query, querying fewer relationships or using `first` to return smaller collections$/),
      ]);
      expect(statements).toBe(before);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('answers 1,000 aliases of a `first: 1000` list with the complexity and alias limits', async () => {
    const before = statements;
    const { value, ms } = await timed(() => gql().execute({ query: aliasAttack(1000) }));
    expect(messages(value)).toEqual([
      expect.stringContaining('query potentially returns `1000000` entities or more'),
      'query uses 1000 aliases (fragments expanded), more than the limit of 500',
    ]);
    expect(statements).toBe(before);
    expect(ms).toBeLessThan(1000);
  });

  it('computes complexity as graph-node does: first + first × children per list, summed over fields and aliases; default first 100', async () => {
    // accounts: 10 + 10 × (5 + 5 × 0) = 60; a2: 100 (default first); _meta and single references add nothing.
    const query = `query($n: Int) { accounts(first: 10) { id deposits(first: 5) { id } } a2: accounts { id } d: deposits(first: $n) { account { id } } _meta { deployment } }`;
    const over = await gql({ maxComplexity: 169 }).execute({ query, variables: { n: 10 } });
    // d: 10 + 10 × 0 = 10 (variables count like literals here).
    expect(messages(over)[0]).toContain('query potentially returns `170` entities or more and thereby exceeds the limit of `169` entities');
    const within = await gql({ maxComplexity: 170 }).execute({ query, variables: { n: 10 } });
    expect(within.errors).toBeUndefined();
    expect((within.data as { accounts: unknown[] }).accounts).toHaveLength(10);
  });

  it('keeps introspection working under a tight complexity budget (graph-node #869/#872)', async () => {
    const result = await gql({ maxComplexity: 10 }).execute({ query: getIntrospectionQuery() });
    expect(result.errors).toBeUndefined();
    const types = (result.data as { __schema: { types: { name: string }[] } }).__schema.types.map((t) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Account', 'Deposit', 'Account_filter']));
    // Introspection has its own budget (twice the full introspection query for this schema), so a
    // query that nests introspection lists (each level multiplies by every field of a type) is refused.
    const bomb = `{ __schema { types { fields { type { ofType { ofType { ofType { fields { type { ofType { ofType { ofType { fields { type { ofType { ofType { fields { name } } } } } } } } } } } } } } } } } }`;
    const refused = await timed(() => gql().execute({ query: bomb }));
    expect(messages(refused.value)).toEqual([expect.stringMatching(/^introspection query potentially returns `\d+` objects or more and thereby exceeds the limit of `\d+`/)]);
    expect(refused.ms).toBeLessThan(1000);
    // … while an entity query of the same request is still costed.
    const mixed = await gql({ maxComplexity: 10 }).execute({ query: `{ __schema { types { name } } accounts { id } }` });
    expect(messages(mixed)[0]).toContain('query potentially returns `100` entities');
  });

  it('enforces GRAPH_GRAPHQL_MAX_DEPTH with graph-node\'s message, counting fragments as levels', async () => {
    const limits = limitsFromEnv({ GRAPH_GRAPHQL_MAX_DEPTH: '4' });
    expect(limits.maxDepth).toBe(4);
    // Selection sets: root, accounts, deposits, account = 4 levels: allowed.
    const ok = await gql(limits).execute({ query: `{ accounts(first: 1) { deposits(first: 1) { account { id } } } }` });
    expect(ok.errors).toBeUndefined();
    const tooDeep = await gql(limits).execute({ query: `{ accounts(first: 1) { deposits(first: 1) { ...D } } } fragment D on Deposit { account { id } }` });
    expect(messages(tooDeep)).toEqual(['query has a depth that exceeds the limit of `4`']);
  });

  it('stops fragment bombs and cycles before validation, in linear time', async () => {
    // 2^24 expanded fields from a few hundred bytes of query text.
    const levels = 24;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Account { id name }` : `fragment F${i} on Account { a: deposits(first: 1) { account { ...F${i + 1} } } b: deposits(first: 1) { account { ...F${i + 1} } } }`,
    ).join('\n');
    const bomb = await timed(() => gql({ maxComplexity: Number.POSITIVE_INFINITY, maxDepth: 255 }).execute({ query: `{ accounts(first: 1) { ...F0 } }\n${fragments}` }));
    expect(messages(bomb.value).join('\n')).toMatch(/query selects \d+ fields \(fragments expanded\), more than the limit of 5000/);
    expect(bomb.ms).toBeLessThan(1000);
    const cycle = await gql().execute({ query: `{ accounts { ...A } } fragment A on Account { deposits { account { ...B } } } fragment B on Account { ...A }` });
    expect(messages(cycle)).toEqual(['query has fragment cycle including `A`']);
  });

  it('caps `first` and `skip` with GRAPH_GRAPHQL_MAX_FIRST / MAX_SKIP and graph-node\'s messages', async () => {
    const limits = limitsFromEnv({ GRAPH_GRAPHQL_MAX_FIRST: '50', GRAPH_GRAPHQL_MAX_SKIP: '10' });
    expect(messages(await gql(limits).execute({ query: `{ deposits(first: 51) { id } }` }))).toEqual(['The `first` argument must be between 0 and 50, but is 51']);
    expect(messages(await gql(limits).execute({ query: `{ deposits(first: 5, skip: 11) { id } }` }))).toEqual(['The `skip` argument must be between 0 and 10, but is 11']);
    expect(() => limitsFromEnv({ GRAPH_GRAPHQL_MAX_FIRST: 'lots' })).toThrow(/GRAPH_GRAPHQL_MAX_FIRST=lots/);
    expect(limitsFromEnv({ GRAPH_GRAPHQL_QUERY_TIMEOUT: '2', GRAPH_GRAPHQL_MAX_COMPLEXITY: '1_000_000' })).toMatchObject({ timeoutMs: 2000, maxComplexity: 1_000_000 });
  });

  it('GRAPH_GRAPHQL_QUERY_TIMEOUT stops the database work: no statement runs after the answer', async () => {
    const before = statements;
    const { value, ms } = await timed(() => gql({ maxComplexity: Number.POSITIVE_INFINITY, timeoutMs: 300 }).execute({ query: HEAVY }));
    expect(value).toEqual({ errors: [{ message: 'Query timed out' }] });
    const atAnswer = statements;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statements).toBe(atAnswer);
    // The query needs ~1,002 statements; it was stopped well before.
    expect(atAnswer - before).toBeLessThan(900);
    expect(ms).toBeLessThan(3000);
  });

  it('a client that goes away stops the database work of its query', async () => {
    const before = statements;
    const client = new AbortController();
    const pending = gql({ maxComplexity: Number.POSITIVE_INFINITY, timeoutMs: 60_000 }).execute({ query: HEAVY, signal: client.signal });
    while (statements - before < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    client.abort();
    const result = await pending;
    expect(messages(result)).toEqual(['the client closed the connection before the query finished']);
    const atAnswer = statements;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statements).toBe(atAnswer);
    expect(atAnswer - before).toBeLessThan(900);
  });

  it('serves other requests between the statements of an expensive query (turns, event-loop yields)', async () => {
    const before = statements;
    const client = new AbortController();
    let heavyDone = false;
    const heavy = gql({ maxComplexity: Number.POSITIVE_INFINITY, timeoutMs: 60_000 })
      .execute({ query: HEAVY, signal: client.signal })
      .finally(() => {
        heavyDone = true;
      });
    while (statements - before < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    // A cheap query that needs the database, and _meta, both answered while the heavy one still runs.
    const light = await gql().execute({ query: `{ accounts(first: 3, orderBy: name) { id } _meta { deployment } }` });
    expect(light.errors).toBeUndefined();
    expect((light.data as { accounts: unknown[] }).accounts).toHaveLength(3);
    expect(heavyDone).toBe(false);
    client.abort();
    await heavy;
  });

  it('aborts a result over GRAPH_GRAPHQL_ERROR_RESULT_SIZE while it is built, with graph-node\'s message and no partial data', async () => {
    const result = await gql({ errorResultSize: 10_000 }).execute({ query: `{ deposits(first: 1000) { id amount account { name } } }` });
    expect(result.data).toBeUndefined();
    expect(messages(result)).toEqual([expect.stringMatching(/^the result size of \d+ is larger than the allowed limit of 10000$/)]);
    const small = await gql({ errorResultSize: 10_000 }).execute({ query: `{ deposits(first: 5) { id } }` });
    expect(small.errors).toBeUndefined();
  });

  it('range-checks BigInt, Int8 and BigDecimal arguments and answers in graph-node\'s words (no Postgres message)', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [`query($v: BigInt) { accounts(where: { big_gt: $v }) { id } }`, { v: '9'.repeat(140_000) }, /Failed to decode `BigInt` value: `BigInt is too big, total bits \d+ \(max 435412\)`/],
      [`{ accounts(where: { big_gt: "${'9'.repeat(131_100)}" }) { id } }`, {}, /Failed to decode `BigInt` value: `BigInt is too big, total bits \d+ \(max 435412\)`/],
      [`{ accounts(where: { seq_gt: "9223372036854775808" }) { id } }`, {}, /Failed to decode `Int8` value: `9223372036854775808`/],
      [`query($v: Int8) { accounts(where: { seq_lt: $v }) { id } }`, { v: '-9223372036854775809' }, /Failed to decode `Int8` value: `-9223372036854775809`/],
      [`{ accounts(where: { ratio_gt: "1e7000" }) { id } }`, {}, /Failed to decode `BigDecimal` value: `big decimal exponent `7000` is outside the `-6143` to `6144` range`/],
    ];
    for (const [query, variables, expected] of cases) {
      const result = await gql().execute({ query, variables });
      const text = messages(result).join('\n');
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/numeric|out of range for type|overflow/);
    }
    // In-range extremes still work.
    const ok = await gql().execute({ query: `{ accounts(first: 1, where: { seq_lt: "9223372036854775807", ratio_gt: "1e-6143" }) { id } }` });
    expect(ok.errors).toBeUndefined();
    // An Int8-sized id that cannot exist, and a NUL in a filter value, are plain misses, not database errors.
    const nul = await gql().execute({ query: `query($n: String) { accounts(where: { name: $n }) { id } }`, variables: { n: 'name a1\u0000' } });
    expect(nul).toEqual({ data: { accounts: [{ id: 'a1' }] } });
  });

  it('keeps Postgres messages of unexpected database failures out of the answer', async () => {
    const db = store.db as { query: typeof store.db.query };
    const query = db.query;
    db.query = async () => {
      throw new Error('value overflows numeric format');
    };
    try {
      const result = await gql().execute({ query: `{ accounts(first: 1) { id } }` });
      expect(messages(result)).toEqual(['Store error: the query failed in the store (details are in the host log)']);
    } finally {
      db.query = query;
    }
  });
});

describe('entity writes out of graph-node\'s ranges, and NUL in ids', { timeout: 120_000 }, () => {
  it('rejects out-of-range BigInt / BigDecimal / Int8 / Int values at the write, in graph-node\'s words', async () => {
    const store = await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'QmRanges', immutableEntities: new Set() });
    try {
      const c = store.beginBlock(header(1));
      const with_ = (field: string, value: Value) => new Map([...account('x'), [field, value]]);
      expect(() => c.set('Account', 'x', with_('big', bi(1n << 435_411n)))).toThrow(/BigInt is too big, total bits 435413 \(max 435412\)/);
      expect(() => c.set('Account', 'x', with_('ratio', { kind: 'BigDecimal', value: '1e7000' }))).toThrow(/big decimal exponent `7000` is outside the `-6143` to `6144` range/);
      expect(() => c.set('Account', 'x', with_('seq', { kind: 'Int8', value: 1n << 63n }))).toThrow(/does not fit in 64 bits/);
      c.set('Account', 'x', with_('big', bi((1n << 435_410n) - 1n)));
      store.endBlock([]);
      await store.flush();
      expect(store.blockPtr()?.number).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('strips NUL from ids and strings like graph-node, so memory, database and queries agree', async () => {
    const store = await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'QmNul', immutableEntities: new Set() });
    try {
      const gql = createQueryExecutor(store, SCHEMA, () => ({ deployment: 'QmNul', block: null, hasIndexingErrors: false }));
      const c = store.beginBlock(header(1));
      c.set('Account', 'n\u0000ul', account('n\u0000ul', 'x\u0000y'));
      expect(c.get('Account', 'nul')?.get('id')).toEqual(s('nul'));
      expect(c.get('Account', 'n\u0000ul')?.get('name')).toEqual(s('xy'));
      store.endBlock([]);
      await store.flush();
      for (const id of ['nul', 'n\u0000ul']) {
        const result = await gql.execute({ query: `query($id: ID!) { account(id: $id) { id name } }`, variables: { id } });
        expect(result).toEqual({ data: { account: { id: 'nul', name: 'xy' } } });
      }
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!TEST_POSTGRES_URL)('PostgreSQL: an aborted query is cancelled on the server', { timeout: 120_000 }, () => {
  it('cancels the running statement (pg_cancel_backend), not only the client side', async () => {
    const database = await createTestDatabase('cancel');
    const db = await openPostgres(database.url);
    try {
      const controller = new AbortController();
      const start = performance.now();
      const sleeping = db.query(`select pg_sleep(30), 'graph-host-cancel-probe'`, [], { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      await expect(sleeping).rejects.toThrow(/cancel/i);
      expect(performance.now() - start).toBeLessThan(10_000);
      const running = await db.query(`select count(*)::int as n from pg_stat_activity where query like '%graph-host-cancel-probe%' and state = 'active' and pid <> pg_backend_pid()`);
      expect(running[0]!.n).toBe(0);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
