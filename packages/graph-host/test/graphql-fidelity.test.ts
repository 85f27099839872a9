/**
 * graph-node query semantics found missing on real subgraphs: an ambiguous one-to-one @derivedFrom
 * (graph-node's `ambiguous_derived_from_result` test, same Song/Band shape) and the indexing-error
 * rules for non-fatal errors (graph-node's StoreResolver: errors at or below the query block).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { createQueryExecutor } from '../src/graphql/index.js';
import type { Entity, QueryExecutor, SubgraphStore, Value } from '../src/types.js';
import { testHeader } from './helpers/blocks.js';

const SCHEMA = `
type Band @entity {
  id: ID!
  name: String!
  originalSongs: [Song!]!
}

type Song @entity {
  id: ID!
  title: String!
  band: Band @derivedFrom(field: "originalSongs")
}
`;

const s = (value: string): Value => ({ kind: 'String', value });
const list = (...value: Value[]): Value => ({ kind: 'Array', value });
const entity = (fields: Record<string, Value>): Entity => new Map(Object.entries(fields));
const header = (number: number) => testHeader(number, 'b');

describe('graph-node query fidelity', () => {
  let store: SubgraphStore;
  let gql: QueryExecutor;
  const q = (query: string) => gql.execute({ query });

  beforeAll(async () => {
    store = await openStore({ schemaText: SCHEMA, dataDir: null, deploymentId: 'QmFidelityQueries', immutableEntities: new Set() });
    gql = createQueryExecutor(store, SCHEMA, () => ({ deployment: 'QmFidelityQueries', block: null, hasIndexingErrors: false }));
    // Block 1: s1 is claimed by two bands, s2 by one.
    const c = store.beginBlock(header(1));
    c.set('Song', 's1', entity({ id: s('s1'), title: s('Cheesy Tune') }));
    c.set('Song', 's2', entity({ id: s('s2'), title: s('Rock Tune') }));
    c.set('Band', 'b1', entity({ id: s('b1'), name: s('The Musicians'), originalSongs: list(s('s1'), s('s2')) }));
    c.set('Band', 'b2', entity({ id: s('b2'), name: s('The Amateurs'), originalSongs: list(s('s1')) }));
    store.endBlock([]);
    // Block 2: a handler failed under `nonFatalErrors`; the block's other writes were kept.
    const c2 = store.beginBlock(header(2));
    c2.set('Song', 's3', entity({ id: s('s3'), title: s('Quiet Tune') }));
    store.endBlock([], [{ message: 'Mapping aborted at ~lib/x.ts, line 1, column 1, with message: boom', blockNumber: 2, handler: 'handleX', deterministic: true }]);
    await store.flush();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
  });

  it('refuses an ambiguous one-to-one @derivedFrom with graph-node\'s error', async () => {
    const result = await q('{ songs(first: 100, orderBy: id, block: { number: 1 }) { id band { id } } }');
    expect(result.errors?.map((e) => e.message)).toEqual([
      'Ambiguous result for derived field `band`: Multiple `Band` entities refer back via `originalSongs`',
    ]);
    expect(result.errors?.[0]?.path).toEqual(['songs', 0, 'band']);
    const single = await q('{ song(id: "s2", block: { number: 1 }) { band { id } } }');
    expect(single).toEqual({ data: { song: { band: { id: 'b1' } } } });
  });

  it('answers indexing_error for blocks at or after a non-fatal error, data only with subgraphError: allow', async () => {
    // Before the error: no indexing error at all.
    const before = await q('{ songs(block: { number: 1 }) { id } _meta(block: { number: 1 }) { hasIndexingErrors } }');
    expect(before).toEqual({ data: { songs: [{ id: 's1' }, { id: 's2' }], _meta: { hasIndexingErrors: false } } });
    // Default `deny`: only _meta survives, with graph-node's `indexing_error`.
    const denied = await q('{ songs { id } _meta { hasIndexingErrors block { number } } }');
    expect(denied).toEqual({ data: { _meta: { hasIndexingErrors: true, block: { number: 2 } } }, errors: [{ message: 'indexing_error' }] });
    const allowed = await q('{ songs(subgraphError: allow) { id } }');
    expect(allowed).toEqual({ data: { songs: [{ id: 's1' }, { id: 's2' }, { id: 's3' }] }, errors: [{ message: 'indexing_error' }] });
    expect(store.nonFatalErrors?.()).toEqual([
      expect.objectContaining({ blockNumber: 2, handler: 'handleX', deterministic: true }),
    ]);
  });

  it('forgets non-fatal errors of reverted blocks', async () => {
    await store.revertTo({ number: 1, hash: header(1).hash });
    expect(store.nonFatalErrors?.()).toEqual([]);
    const result = await q('{ songs { id } _meta { hasIndexingErrors } }');
    expect(result).toEqual({ data: { songs: [{ id: 's1' }, { id: 's2' }], _meta: { hasIndexingErrors: false } } });
  });
});
