/**
 * The small database surface the store and the query layer need, so PGlite (default) and a real
 * PostgreSQL server can sit behind the same code.
 */
import { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

export interface DbQueryable {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** COPY … FROM in Postgres text format (tab-separated, `\\N` for null). */
  copyFrom(table: string, columns: string[], text: string): Promise<void>;
}

export interface Db extends DbQueryable {
  transaction<T>(fn: (tx: DbQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8_OID = 20;

export async function openPglite(dataDir: string | null | undefined): Promise<Db> {
  // int8 as bigint: the default JS number parser would lose precision above 2^53.
  const parsers = { [INT8_OID]: (value: string) => BigInt(value) };
  const pg = dataDir ? new PGlite(dataDir, { parsers }) : new PGlite({ parsers });
  await pg.waitReady;
  return {
    async query(sql, params) {
      return (await pg.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    async copyFrom(table, columns, text) {
      await pg.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
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
            await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
          },
        }),
      );
    },
    async close() {
      await pg.close();
    },
  };
}
