/**
 * Collection pages read as one JSON text (src/graphql/json-rows.ts) give exactly the rows the plain
 * statement gives through the database's own row parsers: every column type, as a scalar and a list,
 * with null fields, empty lists and values no JSON number holds (the store refuses null list elements). PGlite always, PostgreSQL when a URL is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRows } from '../src/graphql/json-rows.js';
import { tableOf } from '../src/graphql/sql.js';
import { openStore } from '../src/store/index.js';
import type { EntityStore } from '../src/store/store.js';
import type { Entity, Value } from '../src/types.js';
import { testHeader } from './helpers/blocks.js';

const SCHEMA = `
enum Kind { Solar Battery }
type Everything @entity {
  id: ID!
  text: String
  bytes: Bytes
  int: Int
  int8: Int8
  bigInt: BigInt
  bigDecimal: BigDecimal
  flag: Boolean
  at: Timestamp
  kind: Kind
  texts: [String!]
  bytesList: [Bytes!]
  ints: [Int!]
  int8s: [Int8!]
  bigInts: [BigInt!]
  bigDecimals: [BigDecimal!]
  flags: [Boolean!]
  kinds: [Kind!]
  maybeBigInts: [BigInt]
}
type ByBytes @entity(immutable: true) { id: Bytes! n: Int8! }
`;

const v = {
  s: (value: string): Value => ({ kind: 'String', value }),
  b: (hex: string): Value => ({ kind: 'Bytes', value: Uint8Array.from(Buffer.from(hex, 'hex')) }),
  i: (value: number): Value => ({ kind: 'Int', value }),
  i8: (value: bigint): Value => ({ kind: 'Int8', value }),
  bi: (value: bigint): Value => ({ kind: 'BigInt', value }),
  bd: (value: string): Value => ({ kind: 'BigDecimal', value }),
  t: (value: boolean): Value => ({ kind: 'Bool', value }),
  ts: (value: bigint): Value => ({ kind: 'Timestamp', value }),
  list: (...value: Value[]): Value => ({ kind: 'Array', value }),
};

const EVERYTHING: Record<string, Value>[] = [
  {
    id: v.s('full'),
    text: v.s('quote " backslash \\ unicode ü 🔋 tab \t newline \n'),
    bytes: v.b('00ff10deadbeef'),
    int: v.i(-2147483648),
    int8: v.i8(9223372036854775807n),
    bigInt: v.bi(-(2n ** 300n) + 1n),
    bigDecimal: v.bd('-12345678901234567890.123456789012345678901234567890'),
    flag: v.t(false),
    at: v.ts(1_700_000_000_123_456n),
    kind: v.s('Battery'),
    texts: v.list(v.s('a'), v.s(''), v.s('{braces}, "commas"')),
    bytesList: v.list(v.b(''), v.b('01'), v.b('ff'.repeat(40))),
    ints: v.list(v.i(0), v.i(2147483647)),
    int8s: v.list(v.i8(-9223372036854775808n), v.i8(2n ** 53n + 1n)),
    bigInts: v.list(v.bi(2n ** 255n), v.bi(0n), v.bi(-1n)),
    bigDecimals: v.list(v.bd('0.1'), v.bd('1e-30'), v.bd('-3.14')),
    flags: v.list(v.t(true), v.t(false)),
    kinds: v.list(v.s('Solar')),
    maybeBigInts: v.list(v.bi(1n), v.bi(2n ** 70n)),
  },
  { id: v.s('empty-lists'), texts: v.list(), bytesList: v.list(), ints: v.list(), int8s: v.list(), bigInts: v.list(), bigDecimals: v.list(), flags: v.list(), kinds: v.list(), maybeBigInts: v.list() },
  { id: v.s('nulls') },
];

const header = (number: number) => testHeader(number, 'b');

/** Bytes as hex, so a Buffer (node-postgres) and a Uint8Array compare by content. */
const comparable = (value: unknown): unknown =>
  value instanceof Uint8Array ? `bytes:${Buffer.from(value).toString('hex')}` : Array.isArray(value) ? value.map(comparable) : value;
const comparableRows = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, x]) => [k, comparable(x)])));

const POSTGRES_URL = process.env.GRAPH_HOST_TEST_POSTGRES_URL;
const BACKENDS = [
  { name: 'PGlite', options: () => ({ dataDir: null, deploymentId: 'QmJsonRows' }) },
  ...(POSTGRES_URL ? [{ name: 'PostgreSQL', options: () => ({ postgresUrl: POSTGRES_URL, deploymentId: `QmJsonRows${process.pid}${Date.now()}` }) }] : []),
];

for (const backend of BACKENDS) {
  describe(`collection pages as JSON on ${backend.name}`, () => {
    let store: EntityStore;

    beforeAll(async () => {
      store = (await openStore({ schemaText: SCHEMA, ...backend.options(), immutableEntities: new Set(['ByBytes']) })) as EntityStore;
      const changes = store.beginBlock(header(1));
      for (const fields of EVERYTHING) changes.set('Everything', (fields.id as { value: string }).value, new Map(Object.entries(fields)) as Entity);
      for (const [hex, n] of [['0a0b', 1n], ['ff', -5n]] as const) changes.set('ByBytes', `0x${hex}`, new Map<string, Value>([['id', v.b(hex)], ['n', v.i8(n)]]));
      store.endBlock([]);
      await store.flush();
    }, 120_000);

    afterAll(async () => {
      await store?.close();
    });

    for (const [type, order] of [['Everything', 'c.id asc'], ['ByBytes', 'c.id desc']] as const) {
      it(`gives ${type}'s rows as the plain statement does, in its order`, async () => {
        const desc = store.schema.entities.get(type)!;
        const fields = desc.fields.filter((f) => !f.derivedFrom);
        const inner = `select ${fields.map((f) => `c."${f.column}"`).join(', ')} from ${tableOf(store.namespace, desc)} c order by ${order} limit 100 offset $1`;
        const plain = await store.db.query(inner, [0]);
        const json = jsonRows(fields, inner)!;
        const fromJson = json.read(await store.db.query(json.sql, [0]));
        expect(plain.length).toBeGreaterThan(1);
        expect(comparableRows(fromJson)).toEqual(comparableRows(plain));
        // The parsers' own types: BigInt for int8, text for numeric, bytes for bytea.
        if (type === 'Everything') {
          const full = fromJson.find((row) => row.id === 'full')!;
          expect(full.int8).toBe(9223372036854775807n);
          expect(full.big_int).toBe((-(2n ** 300n) + 1n).toString());
          expect(full.bytes).toBeInstanceOf(Uint8Array);
          expect(full.maybe_big_ints).toEqual(['1', (2n ** 70n).toString()]);
        }
        // An empty page is an empty list, not a missing row.
        expect(json.read(await store.db.query(json.sql, [1000]))).toEqual([]);
      });
    }
  });
}
