/**
 * A collection's rows read as one JSON text. Postgres folds the page into a JSON array of arrays
 * (`json_agg` over the ordered, limited statement) and `JSON.parse` reads it natively: PGlite's
 * JavaScript otherwise parses every field of every row on its own (an ArrayBuffer copy, a text
 * decode and a type parser each), which measured about half of a 100-row list query. The values
 * come out as the databases' row parsers give them (the rest of the query layer is unchanged):
 * numeric as its text, int8 as a BigInt, bytea as bytes. A page is one text value, so one beyond V8's
 * longest string (~512 MiB; `first` is at most 1000 rows) fails as a store error; as plain rows it would
 * have been read whole into memory too, and GRAPH_GRAPHQL_ERROR_RESULT_SIZE bounds answers far below.
 */
import type { FieldDesc } from '../schema/index.js';
import type { Row } from '../store/db.js';
import { columnType, quoteIdent } from '../store/sql.js';

/** json_build_array takes at most 100 arguments (Postgres' FUNC_MAX_ARGS); wider pages use plain rows. */
export const MAX_JSON_COLUMNS = 100;

type Decode = (value: unknown) => unknown;

interface JsonColumn {
  column: string;
  /** The column in the JSON array: numeric and int8 as text, so no digit is lost to a JSON number. */
  sql: string;
  decode: Decode | null;
}

const bytes: Decode = (value) => (typeof value === 'string' ? new Uint8Array(Buffer.from(value.slice(2), 'hex')) : value);
const bigint: Decode = (value) => (typeof value === 'string' ? BigInt(value) : value);
const each =
  (decode: Decode): Decode =>
  (value) =>
    Array.isArray(value) ? value.map((item) => (item === null ? null : decode(item))) : value;

function jsonColumn(field: FieldDesc, alias: string): JsonColumn {
  const ref = `${alias}.${quoteIdent(field.column)}`;
  const type = columnType(field.storage);
  const list = field.list ? '[]' : '';
  switch (type) {
    case 'numeric':
      return { column: field.column, sql: `${ref}::text${list}`, decode: null };
    case 'int8':
      return { column: field.column, sql: `${ref}::text${list}`, decode: field.list ? each(bigint) : bigint };
    case 'bytea':
      return { column: field.column, sql: ref, decode: field.list ? each(bytes) : bytes };
    default:
      // text, int4 and boolean are JSON strings, numbers and booleans as they are.
      return { column: field.column, sql: ref, decode: null };
  }
}

export interface JsonRowsQuery {
  sql: string;
  read(rows: Row[]): Row[];
}

/**
 * Wraps `inner` (a statement selecting `alias.column` for each of `fields`, in its final order) so
 * that it answers one row holding the page as JSON; `read` turns that answer into the rows the plain
 * statement would have given. Null when the page is too wide for one JSON array per row.
 */
export function jsonRows(fields: FieldDesc[], inner: string): JsonRowsQuery | null {
  if (fields.length === 0 || fields.length > MAX_JSON_COLUMNS) return null;
  const columns = fields.map((field) => jsonColumn(field, 'p'));
  // The aggregate reads the subquery's rows in its ORDER BY (a sort or index scan under a Limit,
  // which Postgres never reorders for a plain aggregate over it).
  const sql = `select coalesce(json_agg(json_build_array(${columns.map((c) => c.sql).join(', ')})), '[]')::text as page from (${inner}) p`;
  return {
    sql,
    read(rows) {
      const page = JSON.parse(String(rows[0]?.page ?? '[]')) as unknown[][];
      return page.map((values) => {
        const row: Row = {};
        for (let i = 0; i < columns.length; i++) {
          const { column, decode } = columns[i]!;
          const value = values[i] ?? null;
          row[column] = decode && value !== null ? decode(value) : value;
        }
        return row;
      });
    },
  };
}
