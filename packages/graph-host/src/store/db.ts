/**
 * The small database surface the store and the query layer need, so PGlite (default) and a real
 * PostgreSQL server can sit behind the same code.
 */
import { copyBlob, createPglite } from './pglite-cluster.js';
import { openPgliteWorker } from './pglite-worker.js';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /** Stops the statement: PostgreSQL cancels it on the server; PGlite (synchronous) only skips a statement not yet started. */
  signal?: AbortSignal;
}

export interface DbQueryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** COPY … FROM in Postgres text format (tab-separated, `\\N` for null). */
  copyFrom(table: string, columns: string[], text: string): Promise<void>;
}

export interface Db extends DbQueryable {
  /** Whether copyFrom is available (PGlite); otherwise the store writes multi-row INSERTs. */
  readonly supportsCopy: boolean;
  /** Statements GraphQL queries may run at once (PGlite executes one at a time, on the main thread). */
  readonly parallelism: number;
  transaction<T>(fn: (tx: DbQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite: the data dir was copied from the setup template of the store's tables (they exist, empty). */
  readonly fromSetup?: boolean;
  /** PGlite: saves a freshly set up data dir as that template (see createPglite). */
  readonly saveSetup?: (() => Promise<void>) | null;
}

const INT8_OID = 20;
const TEXT_ARRAY_OID = 1009;
const INT8_ARRAY_OID = 1016;
const NUMERIC_ARRAY_OID = 1231;

/**
 * Where PGlite runs: on the main thread by default; GRAPH_HOST_PGLITE_THREAD=worker runs it in a
 * worker thread (pglite-worker.ts: flushes and queries beside the handlers, on a second core). On 2
 * cores shared with the node, the worker backfilled 15-20 % faster but started 0.3-0.4 s later
 * (bench/results.md), so the start-up goal decides the default.
 */
export function pgliteThread(): 'worker' | 'main' {
  const setting = process.env.GRAPH_HOST_PGLITE_THREAD;
  if (setting === undefined || setting === '' || setting === 'main') return 'main';
  if (setting === 'worker') return 'worker';
  throw new Error(`GRAPH_HOST_PGLITE_THREAD must be "main" or "worker", not ${JSON.stringify(setting)}`);
}

export async function openPglite(dataDir: string | null | undefined, setupKey?: string): Promise<Db> {
  if (pgliteThread() === 'worker') return openPgliteWorker(dataDir ?? null, setupKey);
  // int8 as bigint: the default JS number parser would lose precision above 2^53.
  const parsers = { [INT8_OID]: (value: string) => BigInt(value) };
  const { pg, fromSetup, saveSetup } = await createPglite(dataDir ?? null, { parsers, ...(setupKey ? { setupKey } : {}) });
  return {
    supportsCopy: true,
    parallelism: 1,
    fromSetup,
    saveSetup,
    async query(sql, params, options) {
      options?.signal?.throwIfAborted();
      return (await pg.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    async copyFrom(table, columns, text) {
      await pg.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: copyBlob(text) });
    },
    async transaction(fn) {
      return pg.transaction(async (tx) =>
        fn({
          async query(sql, params) {
            return (await tx.query<Row>(sql, params)).rows;
          },
          async exec(sql) {
            await tx.exec(sql);
          },
          async copyFrom(table, columns, text) {
            await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: copyBlob(text) });
          },
        }),
      );
    },
    async close() {
      await pg.close();
    },
  };
}

const POOL_SIZE = 4;

/** A real PostgreSQL server through `pg` (pool: flush transactions do not block queries). */
export async function openPostgres(connectionString: string): Promise<Db> {
  const { default: pg } = await import('pg');
  // The same values as PGlite's parsers give: int8 as a BigInt, numeric as its text, in lists too
  // (node-postgres parses numeric[] as floats, which loses BigInt digits, and int8[] as strings).
  const textArray = pg.types.getTypeParser(TEXT_ARRAY_OID as Parameters<typeof pg.types.getTypeParser>[0], 'text') as (value: string) => (string | null)[];
  const parsers: Record<number, (value: string) => unknown> = {
    [INT8_OID]: (value) => BigInt(value),
    [INT8_ARRAY_OID]: (value) => textArray(value).map((item) => (item === null ? null : BigInt(item))),
    [NUMERIC_ARRAY_OID]: textArray,
  };
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => (format !== 'binary' && parsers[oid]) || pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max: POOL_SIZE, types });
  // An idle connection that the server ends (a restart, pg_terminate_backend, DROP DATABASE ... FORCE)
  // is reported on the pool; without a listener Node throws it and the host process dies. The pool has
  // already discarded that connection and opens a new one for the next statement.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, 'GraphHostWarning'));
  // Fail fast on a bad URL rather than at the first block.
  await pool.query('select 1');
  const noCopy = async () => {
    throw new Error('COPY is not used with PostgreSQL');
  };
  return {
    supportsCopy: false,
    // One pooled connection stays free for the indexer's flushes.
    parallelism: POOL_SIZE - 1,
    async query(sql, params, options) {
      const signal = options?.signal;
      if (!signal) return (await pool.query(sql, params as unknown[] | undefined)).rows as Row[];
      signal.throwIfAborted();
      const client = await pool.connect();
      // Cancel on the server from another connection: closing ours would leave the statement running.
      const pid = (client as unknown as { processID?: number }).processID;
      let cancelling: Promise<void> | null = null;
      const cancel = () => {
        if (pid === undefined) return;
        cancelling = (async () => {
          const canceller = new pg.Client({ connectionString });
          try {
            await canceller.connect();
            await canceller.query('select pg_cancel_backend($1)', [pid]);
          } finally {
            await canceller.end().catch(() => undefined);
          }
        })().catch(() => undefined);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        signal.throwIfAborted();
        return (await client.query(sql, params as unknown[] | undefined)).rows as Row[];
      } finally {
        signal.removeEventListener('abort', cancel);
        // A cancel must not reach the backend once it serves another statement.
        if (cancelling) await cancelling;
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    copyFrom: noCopy,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          async query(sql, params) {
            return (await client.query(sql, params as unknown[] | undefined)).rows as Row[];
          },
          async exec(sql) {
            await client.query(sql);
          },
          copyFrom: noCopy,
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
