/**
 * The query API of aggregations, as graph-node generates it (graph/src/schema/api.rs
 * `query_fields_for_agg_type`, `add_aggregation_filter_type`, FilterOps::Aggregation): one collection
 * field per aggregation, `<plural>(interval: Aggregation_interval!, current: Aggregation_current,
 * where, orderBy, orderDirection, first, skip, block, subgraphError)` and no single-entity field.
 * Without orderBy points come newest first (timestamp, then id, descending, as graph-node sorts
 * them). Filters exist for `id`, `timestamp` and the dimensions (Aggregation.fields): the numeric
 * ones take `""`, `gt`, `lt`, `gte`, `lte` and `in`, the others equality only.
 */
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import type { AggregationDesc, AggregationInterval, EntityTypeDesc } from '../schema/index.js';
import { canonical } from '../runtime/bigdecimal.js';
import { QueryError } from './sql.js';

/** graph-node's `Aggregation_interval` enum. */
export const aggregationIntervalType = new GraphQLEnumType({
  name: 'Aggregation_interval',
  values: { hour: { value: 'hour' }, day: { value: 'day' } },
});

/** graph-node's `Aggregation_current`: whether the open, partially filled bucket is answered too. */
export const aggregationCurrentType = new GraphQLEnumType({
  name: 'Aggregation_current',
  description: 'Indicates whether the current, partially filled bucket should be included in the response. Defaults to `exclude`',
  values: {
    exclude: { value: 'exclude', description: 'Exclude the current, partially filled bucket from the response' },
    include: { value: 'include', description: 'Include the current, partially filled bucket in the response' },
  },
});

const NUMERIC_OPS = ['', 'gt', 'lt', 'gte', 'lte', 'in'];
const NUMERIC_SCALARS = new Set(['BigInt', 'BigDecimal', 'Int', 'Int8', 'Timestamp']);

/** `<Aggregation>_filter`: id, timestamp and dimensions, with graph-node's aggregation filter ops. */
export function aggregationFilterType(
  agg: AggregationDesc,
  named: Map<string, GraphQLNamedType>,
  blockChanged: GraphQLInputObjectType,
  refScalar: (typeName: string) => string,
  childFilter: (typeName: string) => GraphQLInputObjectType | undefined,
): GraphQLInputObjectType {
  const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: `${agg.name}_filter`,
    fields: () => {
      const fields: GraphQLInputFieldConfigMap = {};
      for (const f of agg.fields) {
        if (f.name !== 'id' && f.name !== 'timestamp' && !agg.dimensions.includes(f)) continue;
        if (f.list) continue;
        const isRef = f.category === 'entity' || f.category === 'interface';
        const scalarName = isRef ? refScalar(f.typeName) : f.typeName;
        const type = named.get(scalarName) as GraphQLInputType;
        const ops = !isRef && NUMERIC_SCALARS.has(scalarName) ? NUMERIC_OPS : [''];
        for (const op of ops) fields[op ? `${f.name}_${op}` : f.name] = { type: op === 'in' ? new GraphQLList(new GraphQLNonNull(type)) : type };
        const child = isRef ? childFilter(f.typeName) : undefined;
        if (child) fields[`${f.name}_`] = { type: child };
      }
      fields._change_block = { type: blockChanged, description: 'Filter for the block changed event.' };
      fields.and = { type: new GraphQLList(filter) };
      fields.or = { type: new GraphQLList(filter) };
      return fields;
    },
  });
  return filter;
}

/** The table of `interval`, or graph-node's kind of error when the aggregation does not have it. */
export function aggregationTable(agg: AggregationDesc, interval: AggregationInterval): EntityTypeDesc {
  const desc = agg.tables.get(interval);
  if (!desc) throw new QueryError(`Aggregation \`${agg.name}\` does not have the interval \`${interval}\`; it has ${agg.intervals.join(', ')}`);
  return desc;
}

/** How aggregation points are sorted (graph-node: by timestamp and id, descending). */
export const AGGREGATION_ORDER = (alias: string): string => `${alias}.timestamp desc, ${alias}.id desc`;

/**
 * BigDecimal aggregates as graph-node returns them: computed in SQL they keep the numeric's scale
 * (`2.25 * 2` is `4.50`), and graph-node's BigDecimal normalises what it reads (`4.5`).
 */
export function normaliseDecimals<T extends Record<string, unknown>>(agg: AggregationDesc, rows: T[]): T[] {
  const decimals = agg.aggregates.filter((a) => a.field.storage === 'BigDecimal' && !a.field.list).map((a) => a.field.name);
  if (decimals.length === 0) return rows;
  for (const row of rows) {
    for (const name of decimals) {
      const value = row[name];
      if (typeof value === 'string') (row as Record<string, unknown>)[name] = canonical(value);
    }
  }
  return rows;
}
