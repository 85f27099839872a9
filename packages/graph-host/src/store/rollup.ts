/**
 * Aggregation rollups in SQL, after graph-node's store/postgres/src/relational/rollup.rs: one
 * `insert … select … group by <bucket>, <dimensions>` per aggregation and interval, over the source
 * timeseries rows of one closed bucket; with cumulative aggregates, the bucket's values are combined
 * with the latest earlier row of the same dimensions (a lateral join). They run in the flush
 * transaction that writes the timeseries rows (deployment_store.rs transact_block_operations), so
 * PGlite and PostgreSQL compute the same rows and a crash never leaves a bucket half rolled.
 *
 * Differences from graph-node's SQL, all invisible in results: timestamps are int8 microseconds here
 * (the host stores Timestamp so), so buckets are `timestamp - timestamp % <interval>` instead of
 * `date_bin`; graph-node's `arg_min_<type>`/`arg_max_<type>` aggregates (first/last by id) are
 * `array_agg(… order by …)` here, which both databases have.
 */
import type { AggregateDesc, AggregationDesc, AggregationInterval, EntityTypeDesc, SubgraphSchema } from '../schema/index.js';
import { INTERVAL_SECONDS } from '../schema/index.js';
import type { DbQueryable } from './db.js';
import { columnType, idColumnType, quoteIdent } from './sql.js';

const MICROS = 1_000_000n;

/** The table DDL of every aggregation interval: immutable tables (`block$`), as graph-node makes them. */
export function aggregationTableStatements(schema: SubgraphSchema, namespace: string): string[] {
  const ddl: string[] = [];
  for (const agg of schema.aggregations.values()) {
    for (const desc of agg.tables.values()) {
      const table = `${quoteIdent(namespace)}.${quoteIdent(desc.table)}`;
      const cols = desc.fields.map((f) => {
        const type = f.name === 'id' ? idColumnType(desc.idKind) : columnType(f.storage) + (f.list ? '[]' : '');
        // Aggregates of an empty bucket never exist (no row), but a first/last of null values can be null.
        const notNull = f.nonNull && (f.name === 'id' || f.name === 'timestamp' || agg.dimensions.includes(f));
        return `${quoteIdent(f.column)} ${type}${notNull ? ' not null' : ''}`;
      });
      ddl.push(`create table ${table} (vid bigserial not null, ${cols.join(', ')}, "block$" int4 not null);`);
      const prefix = desc.table.slice(0, 40);
      // Queries filter on timestamp ranges and dimensions and sort by timestamp; reverts by block.
      ddl.push(`create index ${quoteIdent(`${prefix}_timestamp`)} on ${table} (timestamp);`);
      ddl.push(`create index ${quoteIdent(`${prefix}_block`)} on ${table} using brin ("block$");`);
      for (const dim of agg.dimensions) {
        ddl.push(`create index ${quoteIdent(`${prefix}_${dim.column}_ts`.slice(0, 60))} on ${table} (${quoteIdent(dim.column)}, timestamp);`);
      }
    }
  }
  return ddl;
}

/**
 * The rows of `agg`'s `interval` table computed from the source points that `sourceWhere` selects,
 * grouped by bucket and dimensions: graph-node's RollupSql select (bucket, then with cumulative
 * aggregates the `prev`/`combined` CTEs, previous rows being those of the table `prevWhere` keeps).
 * Columns: id, timestamp, the dimensions, the aggregates.
 */
function rollupSelect(agg: AggregationDesc, interval: AggregationInterval, source: EntityTypeDesc, namespace: string, sourceWhere: string, prevWhere: string): string {
  const ns = quoteIdent(namespace);
  const src = `${ns}.${quoteIdent(source.table)}`;
  const dst = `${ns}.${quoteIdent(agg.tables.get(interval)!.table)}`;
  const len = INTERVAL_SECONDS[interval] * MICROS;
  const dims = agg.dimensions.map((f) => quoteIdent(f.column));
  const dimList = dims.map((d) => `, ${d}`).join('');
  const srcColumns = [...new Set(agg.aggregates.flatMap((a) => a.argColumns))]
    .filter((c) => c !== 'id' && c !== 'timestamp' && !agg.dimensions.some((d) => d.column === c))
    .map((c) => `, ${quoteIdent(c)}`)
    .join('');
  const aggColumns = agg.aggregates.map((a) => `, ${quoteIdent(a.field.column)}`).join('');
  const aggregated = agg.aggregates.map((a) => `, ${aggregateOver(a, a.argSql ?? '', 'id')} as ${quoteIdent(a.field.column)}`).join('');
  const data = `(select id, timestamp - mod(timestamp, ${len}::int8) as timestamp${dimList}${srcColumns} from ${src} where ${sourceWhere}) data`;
  const bucket = `select max(id) as id, timestamp${dimList}${aggregated} from ${data} group by timestamp${dimList}`;
  if (!agg.aggregates.some((a) => a.cumulative)) return bucket;
  const prevAggs = agg.aggregates
    .map((a) => (a.cumulative ? `, prev.${quoteIdent(a.field.column)}` : `, null::${columnType(a.field.storage)} as ${quoteIdent(a.field.column)}`))
    .join('');
  const sameDims = dims.map((d) => ` and prev.${d} = bucket.${d}`).join('');
  const combined = agg.aggregates.map((a) => `, ${combine(a)} as ${quoteIdent(a.field.column)}`).join('');
  return (
    `with bucket as (${bucket}), ` +
    `prev as (select bucket.id, bucket.timestamp${dims.map((d) => `, bucket.${d}`).join('')}${prevAggs} from bucket cross join lateral (` +
    `select * from ${dst} prev where prev.timestamp < bucket.timestamp and ${prevWhere}${sameDims} order by prev.timestamp desc limit 1) prev), ` +
    `combined as (select id, timestamp${dimList}${combined} from (select *, 1 as seq from prev union all select *, 2 as seq from bucket) u group by id, timestamp${dimList}) ` +
    `select id, timestamp${dimList}${aggColumns} from combined`
  );
}

/** The columns rollupSelect yields, in order (to insert them or union them with the table's rows). */
function rollupColumns(agg: AggregationDesc): string {
  return ['id', 'timestamp', ...agg.dimensions.map((f) => quoteIdent(f.column)), ...agg.aggregates.map((a) => quoteIdent(a.field.column))].join(', ');
}

/**
 * The rows of an interval table at `block` with graph-node's `current: include`: the rolled-up rows
 * plus the open bucket computed on the fly from the points not rolled up yet (those after the last
 * rolled bucket; they all fall in the bucket of the last processed block). As a FROM item.
 */
export function withCurrentBucket(schema: SubgraphSchema, agg: AggregationDesc, interval: AggregationInterval, namespace: string, block: number): string {
  const table = `${quoteIdent(namespace)}.${quoteIdent(agg.tables.get(interval)!.table)}`;
  const len = INTERVAL_SECONDS[interval] * MICROS;
  const visible = `"block$" <= ${block | 0}`;
  const open = `${visible} and timestamp >= coalesce((select max(timestamp) + ${len}::int8 from ${table} where ${visible}), -9223372036854775808)`;
  const current = rollupSelect(agg, interval, schema.entities.get(agg.source)!, namespace, open, `prev.${visible}`);
  const columns = rollupColumns(agg);
  return `(select ${columns}, "block$" from ${table} where ${visible} union all select r.*, ${block | 0} as "block$" from (${current}) r)`;
}

/** One aggregation interval's rollup: the INSERT for a bucket [start, end) attributed to `block`. */
class Rollup {
  readonly interval: AggregationInterval;
  readonly seconds: bigint;
  private readonly sql: (start: bigint, end: bigint, block: number) => string;
  readonly table: string;

  constructor(agg: AggregationDesc, interval: AggregationInterval, source: EntityTypeDesc, namespace: string) {
    this.interval = interval;
    this.seconds = INTERVAL_SECONDS[interval];
    this.table = `${quoteIdent(namespace)}.${quoteIdent(agg.tables.get(interval)!.table)}`;
    const columns = rollupColumns(agg);
    // graph-node binds the bucket's bounds and the block; they are integers, written inline here.
    this.sql = (start, end, block) =>
      `insert into ${this.table} (${columns}, "block$") select r.*, ${block | 0} from (${rollupSelect(
        agg,
        interval,
        source,
        namespace,
        `timestamp >= ${start} and timestamp < ${end}`,
        'true',
      )}) r`;
  }

  /** Rolls up the bucket that starts at `bucket * interval` seconds. */
  async insert(tx: DbQueryable, bucket: bigint, block: number): Promise<void> {
    const start = bucket * this.seconds * MICROS;
    await tx.exec(this.sql(start, start + this.seconds * MICROS, block));
  }
}

/** `fn(src)`: first/last pick the value of the lowest/highest `order` (id in a bucket, seq when combining). */
function aggregateOver(a: AggregateDesc, src: string, order: string): string {
  switch (a.fn) {
    case 'sum':
    case 'max':
    case 'min':
      return `${a.fn}(${src})`;
    case 'count':
      return 'count(*)';
    case 'first':
    case 'last':
      // graph-node's arg_min/arg_max skip null values; so does the filter.
      return `(array_agg(${src} order by ${order} ${a.fn === 'first' ? 'asc' : 'desc'}) filter (where (${src}) is not null))[1]`;
  }
}

/** Combines a previous row's value with a bucket's (graph-node's Agg::combine): counts add up. */
function combine(a: AggregateDesc): string {
  const column = quoteIdent(a.field.column);
  return a.fn === 'count' ? `sum(${column})` : aggregateOver(a, column, 'seq');
}

/** Every rollup of a deployment, in increasing interval order (hours before days). */
export class Rollups {
  private readonly rollups: Rollup[];

  constructor(schema: SubgraphSchema, namespace: string) {
    const rollups: Rollup[] = [];
    for (const agg of schema.aggregations.values()) {
      const source = schema.entities.get(agg.source)!;
      for (const interval of agg.intervals) rollups.push(new Rollup(agg, interval, source, namespace));
    }
    this.rollups = rollups.sort((a, b) => Number(a.seconds - b.seconds));
  }

  /** Aggregation tables (qualified), for reverts. */
  tables(): string[] {
    return this.rollups.map((r) => r.table);
  }

  /**
   * graph-node's Layout::rollup: for each block of the batch (number, timestamp in seconds), rolls
   * up the bucket that closed between the previous block time (`lastRollup`) and this block's, and
   * attributes it to this block. Only the first closed bucket can hold points: a later one ended
   * before this block with no block (so no point) in between. Returns the new last rollup time.
   */
  async run(tx: DbQueryable, lastRollup: bigint | null, blocks: { number: number; timestamp: bigint }[]): Promise<bigint | null> {
    if (blocks.length === 0) return lastRollup;
    // Never rolled up: the earliest block time of the batch starts the clock.
    let last = lastRollup ?? blocks.reduce((min, b) => (b.timestamp < min ? b.timestamp : min), blocks[0]!.timestamp);
    for (const block of blocks) {
      for (const rollup of this.rollups) {
        const first = last / rollup.seconds;
        // No closed bucket for this interval: none for the longer ones either.
        if (first >= block.timestamp / rollup.seconds) break;
        await rollup.insert(tx, first, block.number);
      }
      last = block.timestamp;
    }
    return last;
  }
}
