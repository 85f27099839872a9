/**
 * PGlite clusters from templates: the per-machine cluster template (initdb once) and the per-store
 * setup template (the store's tables, keyed by their DDL). Real PGlite on real data dirs, with a
 * private cache directory so the test makes its own templates.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(path.join(tmpdir(), 'graph-host-cluster-test-'));
process.env.GRAPH_HOST_CACHE_DIR = path.join(root, 'cache');

const { createPglite } = await import('../src/store/pglite-cluster.js');
const { openStore } = await import('../src/store/index.js');

const SCHEMA = `
type Thing @entity(immutable: false) {
  id: ID!
  count: BigInt!
  label: String
  blob: Bytes
  tags: [String!]
}
`;

afterAll(() => rmSync(root, { recursive: true, force: true }));

function header(number: number) {
  const hash = `0x${number.toString(16).padStart(64, '0')}` as `0x${string}`;
  const parentHash = `0x${(number - 1).toString(16).padStart(64, '0')}` as `0x${string}`;
  return { number, hash, parentHash, timestamp: BigInt(1_700_000_000 + number), raw: {} };
}

describe('PGlite cluster templates', { timeout: 180_000 }, () => {
  it('makes the cluster template once, then opens fresh data dirs and memory stores from it', async () => {
    const first = await createPglite(path.join(root, 'a'));
    expect((await first.pg.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    // Only the postgres database is kept; shared buffers are the host's.
    expect((await first.pg.query<{ datname: string }>('select datname from pg_database')).rows.map((r) => r.datname)).toEqual(['postgres']);
    expect((await first.pg.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]!.shared_buffers).toBe('16MB');
    await first.pg.close();
    const templates = readdirSync(process.env.GRAPH_HOST_CACHE_DIR!).filter((name) => name.startsWith('pglite-'));
    expect(templates).toHaveLength(1);
    expect(existsSync(path.join(process.env.GRAPH_HOST_CACHE_DIR!, templates[0]!, 'complete'))).toBe(true);

    for (const dir of [path.join(root, 'b'), null]) {
      const { pg } = await createPglite(dir);
      await pg.exec('create table t (a int4[], b bytea, c numeric)');
      await pg.query('insert into t values ($1, $2, $3)', [[1, 2], new Uint8Array([0xde, 0xad]), '1.5']);
      const row = (await pg.query<{ a: number[]; b: Uint8Array; c: string }>('select * from t')).rows[0]!;
      // Array parsers come from the template's list, bytea from the host's parser.
      expect(row.a).toEqual([1, 2]);
      expect([...row.b]).toEqual([0xde, 0xad]);
      expect(row.c).toBe('1.5');
      await pg.close();
    }
  });

  it('sets a store up once per schema; later fresh data dirs start from that setup and behave the same', async () => {
    const options = (dir: string) => ({ schemaText: SCHEMA, dataDir: dir, deploymentId: 'QmSetupTemplate', immutableEntities: new Set<string>() });
    const states: unknown[] = [];
    for (const name of ['s1', 's2']) {
      const dir = path.join(root, name);
      const store = await openStore(options(dir));
      const db = (store as unknown as { db: { fromSetup?: boolean } }).db;
      // The first store runs the DDL and saves it; the second copies it.
      expect(db.fromSetup).toBe(name === 's2');
      expect(store.blockPtr()).toBeNull();
      const cache = store.beginBlock(header(1));
      cache.set('Thing', 'a', new Map([
        ['id', { kind: 'String', value: 'a' }],
        ['count', { kind: 'BigInt', value: 7n }],
        ['label', { kind: 'String', value: 'tab\there' }],
        ['blob', { kind: 'Bytes', value: new Uint8Array([1, 2, 3]) }],
        ['tags', { kind: 'Array', value: [{ kind: 'String', value: 'x,y' }, { kind: 'String', value: 'q"uote' }] }],
      ]) as never);
      store.endBlock([]);
      await store.flush();
      await store.close();
      // Reopened from its own data dir (not a template): the entity and the pointer are there.
      const reopened = await openStore(options(dir));
      expect((reopened as unknown as { db: { fromSetup?: boolean } }).db.fromSetup).toBe(false);
      expect(reopened.blockPtr()?.number).toBe(1);
      const cache2 = reopened.beginBlock(header(2));
      states.push(cache2.get('Thing', 'a'));
      reopened.discardBlock();
      await reopened.close();
    }
    expect(states[0]).toEqual(states[1]);
    expect(states[0]).not.toBeNull();

    // Another schema has other tables: no setup of its own yet, so it is set up from scratch.
    const other = await openStore({ ...options(path.join(root, 's3')), schemaText: SCHEMA.replace('label: String', 'note: String') });
    expect((other as unknown as { db: { fromSetup?: boolean } }).db.fromSetup).toBe(false);
    await other.close();
  });
});
