import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EntityValidationError, openStore } from '../src/store/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import type { BlockHeader, CreatedDataSource, Entity, SubgraphStore, Value } from '../src/types.js';

const SCHEMA = `
type Account @entity {
  id: ID!
  balance: BigInt!
  label: String
  deposits: [Deposit!]! @derivedFrom(field: "account")
}
type Deposit @entity(immutable: true) {
  id: Bytes!
  account: Account!
  amount: BigDecimal!
  at: Timestamp!
  seq: Int8!
}
`;

const str = (value: string): Value => ({ kind: 'String', value });
const bigint = (value: bigint): Value => ({ kind: 'BigInt', value });
const account = (id: string, balance: bigint, label?: string): Entity =>
  new Map<string, Value>([['id', str(id)], ['balance', bigint(balance)], ...(label ? ([['label', str(label)]] as [string, Value][]) : [])]);
const deposit = (id: string, accountId: string, amount: string, seq: bigint): Entity =>
  new Map<string, Value>([
    ['id', { kind: 'Bytes', value: Uint8Array.from(Buffer.from(id.slice(2), 'hex')) }],
    ['account', str(accountId)],
    ['amount', { kind: 'BigDecimal', value: amount }],
    ['at', { kind: 'Timestamp', value: 1_700_000_000_000_000n + seq }],
    ['seq', { kind: 'Int8', value: seq }],
  ]);

function header(number: number): BlockHeader {
  const hash = `0x${number.toString(16).padStart(64, '0')}` as const;
  const parentHash = `0x${Math.max(number - 1, 0).toString(16).padStart(64, '0')}` as const;
  return { number, hash, parentHash, timestamp: 1_700_000_000n + BigInt(number) * 12n, raw: {} };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function newStore(dataDir: string | null = null, deploymentId = 'QmStoreTest'): Promise<SubgraphStore> {
  const store = await openStore({ schemaText: SCHEMA, dataDir, deploymentId, immutableEntities: new Set(['Deposit']) });
  cleanups.push(() => store.close());
  return store;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-host-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs one block through the real store path: beginBlock, writes, endBlock. */
function block(store: SubgraphStore, number: number, write: (cache: ReturnType<SubgraphStore['beginBlock']>) => void, created: CreatedDataSource[] = []) {
  const cache = store.beginBlock(header(number));
  write(cache);
  store.endBlock(created);
}

type StoreInternals = { db: { query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> }; namespace: string };
const internals = (store: SubgraphStore) => store as unknown as StoreInternals;
async function indexNames(store: SubgraphStore): Promise<string[]> {
  const { db, namespace } = internals(store);
  return (await db.query(`select indexname from pg_indexes where schemaname = $1 order by indexname`, [namespace])).map((r) => r.indexname as string);
}

/**
 * BigInt/BigDecimal attribute indexes are built at the first sync; a value too large for a btree
 * entry (a BigInt of 6,000 digits is in graph-node's range) drops the index in the flush that
 * writes it instead of failing that flush, and the column stays unindexed after a reopen.
 */
async function checkPostponedNumericIndexes(open: () => Promise<SubgraphStore>): Promise<void> {
  let store = await open();
  block(store, 1, (c) => {
    c.set('Account', 'a', account('a', 10n));
    c.set('Deposit', '0x01', deposit('0x01', 'a', '1.5', 1n));
  });
  await store.flush();
  expect(await indexNames(store)).not.toContain('account_balance_attr');
  expect(await store.createPostponedIndexes!()).toEqual([]);
  expect(await indexNames(store)).toEqual(expect.arrayContaining(['account_balance_attr', 'deposit_amount_attr', 'deposit_seq_attr']));
  await store.close();
  // Reopened: the flush knows the index exists and drops it before writing a value it cannot hold.
  store = await open();
  // ~6,000 digits that do not compress (Postgres compresses index entries: 10^6000 alone would fit).
  let hex = '';
  for (let i = 0; hex.length < 5000; i++) hex += createHash('sha256').update(`digits ${i}`).digest('hex');
  const huge = BigInt(`0x${hex}`);
  block(store, 2, (c) => c.set('Account', 'b', account('b', -huge)));
  await store.flush();
  expect(store.blockPtr()?.number).toBe(2);
  const names = await indexNames(store);
  expect(names).not.toContain('account_balance_attr');
  expect(names).toContain('deposit_amount_attr');
  const { db, namespace } = internals(store);
  const rows = await db.query(`select id, balance::text as balance from "${namespace}"."account" where upper_inf(block_range) order by balance`);
  expect(rows.map((r) => [r.id, r.balance])).toEqual([['b', (-huge).toString()], ['a', '10']]);
  // Building again at the next sync skips the column: the value is still there.
  const balance = `"${namespace}"."account".balance`;
  expect(await store.createPostponedIndexes!()).toEqual([balance]);
  await store.close();
  // After a restart the build itself fails on the stored value: reported, and the store goes on.
  store = await open();
  expect(await store.createPostponedIndexes!()).toEqual([balance]);
  expect(await indexNames(store)).not.toContain('account_balance_attr');
  block(store, 3, (c) => c.set('Account', 'a', account('a', 11n)));
  await store.flush();
  expect(store.blockPtr()?.number).toBe(3);
  await store.close();
}

// PGlite boots a fresh Postgres per store (seconds on a loaded 2-core machine).
describe('entity store', { timeout: 120_000 }, () => {
  it('keeps the latest state in memory, sees in-block writes, and persists on flush', async () => {
    const store = await newStore();
    expect(store.blockPtr()).toBeNull();
    block(store, 1, (c) => {
      c.set('Account', 'a', account('a', 10n));
      expect(c.get('Account', 'a')?.get('balance')).toEqual(bigint(10n));
      expect(c.getInBlock('Account', 'a')).not.toBeNull();
    });
    block(store, 2, (c) => {
      expect(c.getInBlock('Account', 'a')).toBeNull();
      expect(c.get('Account', 'a')?.get('balance')).toEqual(bigint(10n));
      c.set('Account', 'a', account('a', 25n, 'main'));
    });
    // endBlock only queues: the persisted pointer moves on flush.
    expect(store.blockPtr()).toBeNull();
    await store.flush();
    expect(store.blockPtr()).toEqual({ number: 2, hash: header(2).hash });
    expect(store.blockHash(1)).toBe(header(1).hash);
    const c = store.beginBlock(header(3));
    expect(c.get('Account', 'a')?.get('label')).toEqual(str('main'));
    store.discardBlock();
  });

  it('validates entities like graph-node and enforces immutability', async () => {
    const store = await newStore();
    block(store, 1, (c) => c.set('Deposit', '0x01', deposit('0x01', 'a', '1.5', 1n)));
    const c = store.beginBlock(header(2));
    expect(() => c.set('Account', 'x', new Map([['id', str('x')]]))).toThrow(/missing value for non-nullable field `balance`/);
    expect(() => c.set('Account', 'x', new Map([['id', str('x')], ['balance', str('1')]]))).toThrow(/must have type BigInt! but has type String/);
    expect(() => c.set('Account', 'x', new Map([...account('x', 1n), ['nope', str('1')]]))).toThrow(/unknown field `nope`/);
    expect(() => c.set('Account', 'x', new Map([...account('x', 1n), ['deposits', { kind: 'Array', value: [] }]]))).toThrow(/derived and cannot be set/);
    expect(() => c.set('Deposit', '0x01', deposit('0x01', 'a', '2', 1n))).toThrow(/immutable entities can not be updated/);
    expect(() => c.remove('Deposit', '0x01')).toThrow(EntityValidationError);
    expect(() => c.set('Nope', 'x', account('x', 1n))).toThrow(/unknown entity type/);
    store.discardBlock();
  });

  it("skipDuplicates keeps an immutable entity's first version (graph-node's @entity flag) and is validated like graph-node", async () => {
    const schemaText = `type Seen @entity(immutable: true, skipDuplicates: true) { id: ID!  value: Int! }`;
    const store = await openStore({ schemaText, dataDir: null, deploymentId: 'QmSkipDuplicates', immutableEntities: new Set(['Seen']) });
    cleanups.push(() => store.close());
    const seen = (value: number) => new Map<string, Value>([['id', str('a')], ['value', { kind: 'Int', value }]]);
    block(store, 1, (c) => c.set('Seen', 'a', seen(1)));
    block(store, 2, (c) => {
      c.set('Seen', 'a', seen(2));
      expect(c.get('Seen', 'a')?.get('value')).toEqual({ kind: 'Int', value: 1 });
    });
    await store.flush();
    const { db, namespace } = internals(store);
    expect(await db.query(`select id, value from "${namespace}"."seen"`)).toEqual([{ id: 'a', value: 1 }]);

    await expect(openStore({ schemaText: 'type Data @entity(skipDuplicates: true) { id: Bytes! }', dataDir: null, deploymentId: 'QmSkipBad', immutableEntities: new Set() })).rejects.toThrow(
      /Data: `skipDuplicates` can only be used on immutable entity types/,
    );
    await expect(openStore({ schemaText: 'type Data @entity(immutable: true, skipDuplicates: "yes") { id: Bytes! }', dataDir: null, deploymentId: 'QmSkipBad2', immutableEntities: new Set(['Data']) })).rejects.toThrow(
      /Data: the @entity argument `skipDuplicates` must be a boolean/,
    );
  });

  it("lists a block's entity changes as graph-node's entityChangesInBlock: versions written there, ids deleted there", async () => {
    const store = await newStore();
    block(store, 1, (c) => {
      c.set('Account', 'a', account('a', 10n));
      c.set('Account', 'gone', account('gone', 1n));
    });
    block(store, 2, (c) => {
      c.set('Account', 'a', account('a', 25n, 'main'));
      c.set('Account', 'b', account('b', 5n));
      c.set('Deposit', '0x01', deposit('0x01', 'a', '1.5', 1n));
      c.remove('Account', 'gone');
    });
    // Removed and written again in one block: an update, not a deletion (graph-node's find_changes).
    block(store, 3, (c) => {
      c.remove('Account', 'b');
      c.set('Account', 'b', account('b', 6n));
    });
    await store.flush();
    const changes = await store.entityChangesInBlock!(2);
    expect(changes.updates.map((u) => [u.type, u.entities.map((e) => e.get('id'))])).toEqual([
      ['Account', [str('a'), str('b')]],
      ['Deposit', [{ kind: 'Bytes', value: Uint8Array.from([1]) }]],
    ]);
    expect(changes.updates[0]!.entities[0]!.get('balance')).toEqual(bigint(25n));
    expect(changes.deletions).toEqual([{ type: 'Account', ids: ['gone'] }]);
    const third = await store.entityChangesInBlock!(3);
    expect(third.deletions).toEqual([]);
    expect(third.updates.map((u) => [u.type, u.entities.map((e) => e.get('balance'))])).toEqual([['Account', [bigint(6n)]]]);
    expect(await store.entityChangesInBlock!(4)).toEqual({ updates: [], deletions: [] });

    // Bytes ids of deleted entities come as 0x hex, as the updates' ids and GraphQL write them.
    const bytesStore = await openStore({ schemaText: 'type Tag @entity { id: Bytes!  n: Int! }', dataDir: null, deploymentId: 'QmChangesBytes', immutableEntities: new Set() });
    cleanups.push(() => bytesStore.close());
    const tag = new Map<string, Value>([['id', { kind: 'Bytes', value: Uint8Array.from([0xab, 0x01]) }], ['n', { kind: 'Int', value: 1 }]]);
    block(bytesStore, 1, (c) => c.set('Tag', '0xab01', tag));
    block(bytesStore, 2, (c) => c.remove('Tag', '0xab01'));
    await bytesStore.flush();
    expect((await bytesStore.entityChangesInBlock!(2)).deletions).toEqual([{ type: 'Tag', ids: ['0xab01'] }]);
  });

  it('discardBlock drops the failed block writes', async () => {
    const store = await newStore();
    block(store, 1, (c) => c.set('Account', 'a', account('a', 1n)));
    const c = store.beginBlock(header(2));
    c.set('Account', 'a', account('a', 99n));
    c.set('Account', 'b', account('b', 5n));
    c.remove('Account', 'a');
    store.discardBlock();
    const next = store.beginBlock(header(2));
    expect(next.get('Account', 'a')?.get('balance')).toEqual(bigint(1n));
    expect(next.get('Account', 'b')).toBeNull();
    store.endBlock([]);
    await store.flush();
    expect(store.blockPtr()?.number).toBe(2);
  });

  it('loadRelated follows @derivedFrom through an in-memory reverse index that tracks updates', async () => {
    const store = await newStore();
    block(store, 1, (c) => {
      c.set('Account', 'a', account('a', 1n));
      c.set('Account', 'b', account('b', 1n));
      c.set('Deposit', '0x02', deposit('0x02', 'a', '1', 2n));
      c.set('Deposit', '0x01', deposit('0x01', 'a', '1', 1n));
      c.set('Deposit', '0x03', deposit('0x03', 'b', '1', 3n));
      const related = c.loadRelated('Account', 'a', 'deposits').map((e) => e.get('seq'));
      expect(related).toEqual([{ kind: 'Int8', value: 1n }, { kind: 'Int8', value: 2n }]);
      c.set('Deposit', '0x04', deposit('0x04', 'b', '1', 4n));
      expect(c.loadRelated('Account', 'b', 'deposits')).toHaveLength(2);
      expect(() => c.loadRelated('Account', 'a', 'balance')).toThrow(/not a @derivedFrom field/);
    });
  });

  it('persists to disk: reopening the same directory resumes with nothing lost or duplicated', async () => {
    const dir = tempDir();
    const created: CreatedDataSource = {
      kind: 'ethereum/contract',
      name: 'Pool',
      network: 'anvil',
      address: '0x00000000000000000000000000000000000000aa',
      startBlock: 2,
      templateName: 'Pool',
      creationBlock: 2,
      context: new Map<string, Value>([['fee', bigint(3000n)], ['tag', { kind: 'Bytes', value: Uint8Array.from([1, 2]) }]]),
    };
    {
      const store = await openStore({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmPersist', immutableEntities: new Set() });
      block(store, 1, (c) => c.set('Account', 'a', account('a', 1n)));
      block(store, 2, (c) => {
        c.set('Account', 'a', account('a', 2n, 'two'));
        c.set('Deposit', '0xab', deposit('0xab', 'a', '0.25', 7n));
      }, [created]);
      await store.flush();
      block(store, 3, (c) => c.set('Account', 'a', account('a', 3n))); // never flushed: lost by design
      await store.setStatus({ failed: true, error: { message: 'boom', blockNumber: 3, deterministic: true } });
      await store.close();
    }
    const store = await openStore({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmPersist', immutableEntities: new Set() });
    cleanups.push(() => store.close());
    expect(store.blockPtr()).toEqual({ number: 2, hash: header(2).hash });
    expect(store.blockHash(2)).toBe(header(2).hash);
    expect(store.status()).toEqual({ failed: true, error: { message: 'boom', blockNumber: 3, deterministic: true } });
    const [ds] = store.dynamicDataSources();
    expect(ds).toMatchObject({ name: 'Pool', templateName: 'Pool', creationBlock: 2, address: created.address });
    expect(ds?.context?.get('fee')).toEqual(bigint(3000n));
    expect(ds?.context?.get('tag')).toEqual({ kind: 'Bytes', value: Uint8Array.from([1, 2]) });
    const c = store.beginBlock(header(3));
    expect(c.get('Account', 'a')).toEqual(account('a', 2n, 'two'));
    const dep = c.get('Deposit', '0xAB');
    expect(dep?.get('amount')).toEqual({ kind: 'BigDecimal', value: '0.25' });
    expect(dep?.get('at')).toEqual({ kind: 'Timestamp', value: 1_700_000_000_000_007n });
    expect(c.loadRelated('Account', 'a', 'deposits')).toHaveLength(1);
    // The immutable Deposit written before the restart still can not be overwritten.
    expect(() => c.set('Deposit', '0xab', deposit('0xab', 'a', '1', 7n))).toThrow(/immutable/);
    c.set('Account', 'a', account('a', 3n));
    store.endBlock([]);
    await store.flush();
    expect(store.blockPtr()?.number).toBe(3);
  });

  it('refuses to reopen a deployment with a different schema, and fails fast on an unreachable postgresUrl', async () => {
    const dir = tempDir();
    const store = await openStore({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmSchema', immutableEntities: new Set() });
    await store.close();
    await expect(
      openStore({ schemaText: `${SCHEMA}\ntype Extra @entity { id: ID! }`, dataDir: dir, deploymentId: 'QmSchema', immutableEntities: new Set() }),
    ).rejects.toThrow(/different schema/);
    await expect(
      openStore({ schemaText: SCHEMA, postgresUrl: 'postgres://127.0.0.1:1/none', deploymentId: 'QmPg', immutableEntities: new Set() }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('revertTo rolls back versions, data sources and hashes, and the in-memory state follows', async () => {
    const store = await newStore();
    const ds = (n: number): CreatedDataSource => ({
      kind: 'ethereum/contract', name: `T${n}`, network: 'anvil', address: null, startBlock: n, templateName: 'T', creationBlock: n,
    });
    block(store, 1, (c) => c.set('Account', 'a', account('a', 1n)));
    block(store, 2, (c) => {
      c.set('Account', 'a', account('a', 2n));
      c.set('Account', 'b', account('b', 2n));
    }, [ds(2)]);
    await store.flush();
    block(store, 3, (c) => {
      c.remove('Account', 'b');
      c.set('Account', 'a', account('a', 3n));
      c.set('Deposit', '0x03', deposit('0x03', 'a', '3', 3n));
    }, [ds(3)]);
    block(store, 4, (c) => c.set('Account', 'c', account('c', 4n))); // pending, flushed by revertTo
    await store.revertTo({ number: 2, hash: header(2).hash });
    expect(store.blockPtr()).toEqual({ number: 2, hash: header(2).hash });
    expect(store.blockHash(3)).toBeNull();
    expect(store.dynamicDataSources().map((d) => d.name)).toEqual(['T2']);
    const c = store.beginBlock(header(3));
    expect(c.get('Account', 'a')?.get('balance')).toEqual(bigint(2n));
    expect(c.get('Account', 'b')?.get('balance')).toEqual(bigint(2n));
    expect(c.get('Account', 'c')).toBeNull();
    expect(c.get('Deposit', '0x03')).toBeNull();
    c.set('Deposit', '0x03', deposit('0x03', 'a', '9', 3n)); // the id is free again after the revert
    store.endBlock([]);
    await store.flush();
    await store.revertTo(null);
    expect(store.blockPtr()).toBeNull();
    expect(store.beginBlock(header(1)).get('Account', 'a')).toBeNull();
    store.discardBlock();
  });

  it('builds BigInt/BigDecimal attribute indexes at the first sync and drops one rather than fail a flush', async () => {
    const dir = tempDir();
    await checkPostponedNumericIndexes(() => openStore({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmIdx', immutableEntities: new Set(['Deposit']) }));
  });

  it('does the same with PGlite in a worker thread: errors of its statements reach the store', async () => {
    const dir = tempDir();
    const previous = process.env.GRAPH_HOST_PGLITE_THREAD;
    process.env.GRAPH_HOST_PGLITE_THREAD = 'worker';
    try {
      await checkPostponedNumericIndexes(() => openStore({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmIdxWorker', immutableEntities: new Set(['Deposit']) }));
    } finally {
      if (previous === undefined) delete process.env.GRAPH_HOST_PGLITE_THREAD;
      else process.env.GRAPH_HOST_PGLITE_THREAD = previous;
    }
  });

  it('writes a batch of many blocks in one flush', async () => {
    const store = await newStore();
    for (let n = 1; n <= 200; n++) {
      block(store, n, (c) => {
        for (let i = 0; i < 5; i++) c.set('Account', `acc${i}`, account(`acc${i}`, BigInt(n * 10 + i)));
        c.set('Deposit', `0x${n.toString(16).padStart(4, '0')}`, deposit(`0x${n.toString(16).padStart(4, '0')}`, 'acc0', `${n}.5`, BigInt(n)));
      });
    }
    await store.flush();
    expect(store.blockPtr()?.number).toBe(200);
    const c = store.beginBlock(header(201));
    expect(c.get('Account', 'acc4')?.get('balance')).toEqual(bigint(2004n));
    expect(c.loadRelated('Account', 'acc0', 'deposits')).toHaveLength(200);
    store.discardBlock();
  });
});

// The same store path on a real PostgreSQL server (multi-row INSERTs instead of COPY). CI machines
// have no server, so this runs only when a URL is given, e.g. GRAPH_HOST_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres
const POSTGRES_URL = process.env.GRAPH_HOST_TEST_POSTGRES_URL;
describe.skipIf(!POSTGRES_URL)('entity store on PostgreSQL (GRAPH_HOST_TEST_POSTGRES_URL)', { timeout: 120_000 }, () => {
  it('writes, time-travels through revertTo, and resumes after reopening', async () => {
    const deploymentId = `QmPgTest${process.pid}${Date.now()}`;
    const open = () => openStore({ schemaText: SCHEMA, postgresUrl: POSTGRES_URL!, deploymentId, immutableEntities: new Set() });
    let store = await open();
    const namespace = (store as unknown as { namespace: string }).namespace;
    cleanups.push(async () => {
      const admin = await open();
      const db = (admin as unknown as { db: { exec(sql: string): Promise<void> } }).db;
      await db.exec(`drop schema "${namespace}" cascade; delete from public.graph_host_deployments where deployment = '${deploymentId}';`);
      await admin.close();
    });
    block(store, 1, (c) => {
      c.set('Account', 'a', account('a', 1n));
      c.set('Deposit', '0x0a', deposit('0x0a', 'a', '1.5', 9_007_199_254_740_993n));
    });
    block(store, 2, (c) => c.set('Account', 'a', account('a', 2n, 'two')));
    await store.flush();
    block(store, 3, (c) => c.remove('Account', 'a'));
    await store.flush();
    await store.revertTo({ number: 2, hash: header(2).hash });
    await store.close();
    store = await open();
    expect(store.blockPtr()).toEqual({ number: 2, hash: header(2).hash });
    const c = store.beginBlock(header(3));
    expect(c.get('Account', 'a')).toEqual(account('a', 2n, 'two'));
    expect(c.get('Deposit', '0x0a')?.get('seq')).toEqual({ kind: 'Int8', value: 9_007_199_254_740_993n });
    expect(c.loadRelated('Account', 'a', 'deposits')).toHaveLength(1);
    store.discardBlock();
    await store.close();
  });

  it('survives the server ending its idle connections (no uncaught error) and keeps working on new ones', async () => {
    // A database of its own: other suites' connections (files run in parallel) must not be ended.
    const database = await createTestDatabase('terminate');
    const store = await openStore({ schemaText: SCHEMA, postgresUrl: database.url, deploymentId: 'QmPgTerminate', immutableEntities: new Set() });
    cleanups.push(async () => {
      await store.close();
      await database.drop();
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      // The pool's idle connections, ended by the server (as a restart or an administrator would).
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const { rows } = await admin.query(
          'select count(pg_terminate_backend(pid))::int as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        expect((rows[0] as { ended: number }).ended).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      await expect.poll(() => warnings.some((message) => message.includes('PostgreSQL closed an idle connection')), { timeout: 10_000 }).toBe(true);
      block(store, 1, (c) => c.set('Account', 'a', account('a', 1n)));
      await store.flush();
      expect(store.blockPtr()).toEqual({ number: 1, hash: header(1).hash });
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('builds BigInt/BigDecimal attribute indexes at the first sync and drops one rather than fail a flush', async () => {
    const deploymentId = `QmPgIdx${process.pid}${Date.now()}`;
    const open = () => openStore({ schemaText: SCHEMA, postgresUrl: POSTGRES_URL!, deploymentId, immutableEntities: new Set(['Deposit']) });
    const first = await open();
    const namespace = internals(first).namespace;
    await first.close();
    cleanups.push(async () => {
      const admin = await open();
      const db = (admin as unknown as { db: { exec(sql: string): Promise<void> } }).db;
      await db.exec(`drop schema "${namespace}" cascade; delete from public.graph_host_deployments where deployment = '${deploymentId}';`);
      await admin.close();
    });
    await checkPostponedNumericIndexes(open);
  });
});
