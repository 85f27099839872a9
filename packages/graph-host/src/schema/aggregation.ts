/**
 * graph-node's aggregations: `type X @aggregation(intervals: [...], source: "T")` over a timeseries
 * `T` (`@entity(timeseries: true)`), with `@aggregate(fn:, arg:, cumulative:)` fields (aggregates)
 * and plain fields (dimensions). Parsed and validated with graph-node's rules and messages
 * (graph/src/schema/input/mod.rs `validate_aggregations`, graph/src/schema/mod.rs
 * SchemaValidationError, graph/src/schema/input/sqlexpr.rs for `arg` expressions).
 */
import { Kind, type ConstDirectiveNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { SqlExprError, rewriteExpression } from './sqlexpr.js';

/** graph-node's AggregationInterval: only `hour` and `day` exist. */
export type AggregationInterval = 'hour' | 'day';
export const INTERVAL_SECONDS: Record<AggregationInterval, bigint> = { hour: 3600n, day: 86_400n };

export type AggregateFn = 'sum' | 'count' | 'min' | 'max' | 'first' | 'last';
const AGGREGATE_FNS = new Set<string>(['sum', 'count', 'min', 'max', 'first', 'last']);

export class AggregationSchemaError extends Error {
  override name = 'SchemaError';
}

/** The raw directive arguments of an aggregation, before the fields are described. */
export interface AggregationDefinition {
  name: string;
  source: string;
  intervals: AggregationInterval[];
  fields: readonly FieldDefinitionNode[];
  aggregates: Map<string, { fn: AggregateFn; arg: string | null; cumulative: boolean }>;
}

function argument(d: ConstDirectiveNode | undefined, name: string) {
  return d?.arguments?.find((a) => a.name.value === name)?.value;
}

const NUMERIC = ['Int', 'Int8', 'BigInt', 'BigDecimal'] as const;
/** graph-node's `arg_type > field_type` check: an argument may only widen into the field. */
const NUMERIC_RANK: Record<string, number> = { Int: 0, Int8: 1, BigInt: 2, BigDecimal: 3 };

function baseType(field: FieldDefinitionNode): string {
  let t = field.type;
  while (t.kind !== Kind.NAMED_TYPE) t = t.type;
  return t.name.value;
}

/**
 * Checks the aggregation types of a schema as graph-node does and returns their definitions.
 * `types` are the schema's object types (the spec version is checked with the manifest).
 */
export function aggregationDefinitions(types: readonly ObjectTypeDefinitionNode[], enums: ReadonlySet<string>): AggregationDefinition[] {
  const byName = new Map(types.map((t) => [t.name.value, t]));
  const errors: string[] = [];
  const out: AggregationDefinition[] = [];
  for (const agg of types) {
    const directive = agg.directives?.find((d) => d.name.value === 'aggregation');
    if (!directive) continue;
    const name = agg.name.value;
    const fields = agg.fields ?? [];
    const before = errors.length;
    // valid_timestamp_field
    const ts = fields.find((f) => f.name.value === 'timestamp');
    if (!ts) errors.push(`Timeseries ${name} is missing a \`timestamp\` field`);
    else if (baseType(ts) !== 'Timestamp') errors.push(`Type ${name} has a \`timestamp\` field of type ${baseType(ts)}, but it must be of type Timestamp`);
    // no_derived_fields
    for (const f of fields) {
      if (f.directives?.some((d) => d.name.value === 'derivedFrom')) {
        errors.push(`Aggregation ${name} has a derived field ${f.name.value} but fields in aggregations can not be derived`);
      }
    }
    // aggregation_intervals
    const intervals: AggregationInterval[] = [];
    const rawIntervals = argument(directive, 'intervals');
    if (!rawIntervals) errors.push(`Aggregation ${name} is missing an \`intervals\` argument for the timeseries directive`);
    else if (rawIntervals.kind !== Kind.LIST || rawIntervals.values.length === 0 || rawIntervals.values.some((v) => v.kind !== Kind.STRING)) {
      errors.push(`Aggregation ${name} has an invalid argument for \`intervals\`: it must be a non-empty list of strings`);
    } else {
      for (const v of rawIntervals.values) {
        const interval = (v as { value: string }).value;
        if (interval === 'hour' || interval === 'day') {
          if (!intervals.includes(interval)) intervals.push(interval);
        } else errors.push(`Aggregation ${name}: the interval ${interval} is not supported`);
      }
    }
    // graph-node's parse_intervals sorts them: hour, then day.
    intervals.sort((a, b) => Number(INTERVAL_SECONDS[a] - INTERVAL_SECONDS[b]));
    // aggregate_directive
    const rawSource = argument(directive, 'source');
    const aggregates = new Map<string, { fn: AggregateFn; arg: string | null; cumulative: boolean }>();
    let sourceName = '';
    if (!rawSource) errors.push(`Aggregation ${name} is missing the \`source\` argument`);
    else if (rawSource.kind !== Kind.STRING) errors.push(`Aggregation ${name} has an invalid argument for \`source\`: it must be the name of a timeseries`);
    else {
      sourceName = rawSource.value;
      const source = byName.get(sourceName);
      const entity = source?.directives?.find((d) => d.name.value === 'entity');
      if (!source || !entity) errors.push(`Aggregaton ${name} uses ${sourceName} as the source, but there is no timeseries of that name`);
      else {
        const timeseries = argument(entity, 'timeseries');
        if (!(timeseries?.kind === Kind.BOOLEAN && timeseries.value)) {
          errors.push(`Aggregation ${name} uses ${sourceName} as the source, but that type is not a timeseries`);
        } else {
          checkFields(name, fields, source, byName, enums, errors, aggregates);
        }
      }
    }
    if (errors.length === before) out.push({ name, source: sourceName, intervals, fields, aggregates });
  }
  if (errors.length > 0) throw new AggregationSchemaError(errors.join('; '));
  return out;
}

function idTypeOf(t: ObjectTypeDefinitionNode): string | null {
  const id = t.fields?.find((f) => f.name.value === 'id');
  if (!id) return null;
  const base = baseType(id);
  return base === 'ID' ? 'String' : base;
}

function checkFields(
  name: string,
  fields: readonly FieldDefinitionNode[],
  source: ObjectTypeDefinitionNode,
  types: Map<string, ObjectTypeDefinitionNode>,
  enums: ReadonlySet<string>,
  errors: string[],
  aggregates: Map<string, { fn: AggregateFn; arg: string | null; cumulative: boolean }>,
): void {
  const sourceFields = new Map((source.fields ?? []).map((f) => [f.name.value, f]));
  const srcId = idTypeOf(source);
  const aggId = fields.find((f) => f.name.value === 'id');
  if (!aggId) errors.push(`Type ${name} is missing an \`id\` field`);
  else if (srcId !== null && (baseType(aggId) === 'ID' ? 'String' : baseType(aggId)) !== srcId) {
    errors.push(`The type of the \`id\` field for aggregation ${name} must be ${srcId}, the same as in the source, but is ${baseType(aggId)}`);
  }
  let hasAggregate = false;
  for (const field of fields) {
    const fieldName = field.name.value;
    if (fieldName === 'id' || fieldName === 'timestamp') continue;
    const directive = field.directives?.find((d) => d.name.value === 'aggregate');
    const type = baseType(field);
    if (!directive) {
      // A dimension: the same type as in the source.
      const src = sourceFields.get(fieldName);
      if (!src) errors.push(`Aggregation ${name} uses ${source.name.value} as the source, but that does not have a field ${fieldName}`);
      else if (baseType(src) !== type) errors.push(`Field ${fieldName} in aggregation ${name} has type ${type} but its type in the source is ${baseType(src)}`);
      continue;
    }
    hasAggregate = true;
    const rawFn = argument(directive, 'fn');
    if (!rawFn) {
      errors.push(`Field ${fieldName} in aggregation ${name} is missing the \`fn\` argument`);
      continue;
    }
    const fn = rawFn.kind === Kind.STRING || rawFn.kind === Kind.ENUM ? rawFn.value : String((rawFn as { value?: unknown }).value ?? rawFn.kind);
    if (!AGGREGATE_FNS.has(fn)) {
      errors.push(`Field ${fieldName} in aggregation ${name} uses the unknown aggregation function \`${fn}\``);
      continue;
    }
    const isFirstLast = fn === 'first' || fn === 'last';
    // aggregate_field_types: numbers, or (first/last) a reference to an entity.
    const numericField = (NUMERIC as readonly string[]).includes(type);
    if (!numericField) {
      if (isFirstLast && types.has(type) && !enums.has(type)) {
        /* a reference */
      } else {
        errors.push(`Aggregation ${name}, field${fieldName}: aggregates must use a numeric type, one of Int, Int8, BigInt, and BigDecimal`);
        continue;
      }
    }
    const cumulativeArg = argument(directive, 'cumulative');
    if (cumulativeArg && cumulativeArg.kind !== Kind.BOOLEAN) {
      errors.push(`Field ${fieldName} in aggregation ${name} has an invalid value for \`cumulative\`. It needs to be a boolean`);
      continue;
    }
    const cumulative = cumulativeArg?.kind === Kind.BOOLEAN && cumulativeArg.value;
    const rawArg = argument(directive, 'arg');
    if (!rawArg) {
      if (fn !== 'count') errors.push(`Field ${fieldName} in aggregation ${name} is missing the \`arg\` argument since the function ${fn} requires it`);
      else aggregates.set(fieldName, { fn, arg: null, cumulative });
      continue;
    }
    if (rawArg.kind !== Kind.STRING) {
      errors.push(`Field ${fieldName} in aggregation ${name} has an invalid argument for \`arg\`: it must be a string`);
      continue;
    }
    const arg = rawArg.value;
    const checkIdent = (ident: string): string | null => {
      const src = sourceFields.get(ident);
      if (!src) return `Field ${fieldName} in aggregation ${name} has \`arg\` ${arg} but the source type does not have such a field`;
      const argType = baseType(src);
      if (!(NUMERIC as readonly string[]).includes(argType)) {
        if (isFirstLast && (argType === 'Bytes' || argType === 'String' || argType === type)) return null;
        return `Field ${fieldName} in aggregation ${name} has arg \`${arg}\` but that is not a numeric field in ${source.name.value}`;
      }
      if (!numericField) return `Aggregation ${name}, field${fieldName}: aggregates must use a numeric type, one of Int, Int8, BigInt, and BigDecimal`;
      if (NUMERIC_RANK[argType]! > NUMERIC_RANK[type]!) {
        return `Field ${fieldName} in aggregation ${name} has \`arg\` ${arg} of type ${argType} but it is of the wider type ${type} in the source`;
      }
      return null;
    };
    const exprErrors = checkExpression(arg, checkIdent);
    if (exprErrors.length > 0) {
      errors.push(...exprErrors);
      continue;
    }
    aggregates.set(fieldName, { fn: fn as AggregateFn, arg, cumulative });
  }
  if (!hasAggregate) errors.push(`Aggregation ${name} has no @aggregate fields`);
}

// ------------------------------------------------------------------ `arg` expressions

/**
 * An aggregate's `arg` as SQL over the source's columns (sqlexpr.ts: graph-node's expression rules),
 * each field identifier replaced by `column(ident)`; refused expressions throw with the reason.
 */
export function expressionSql(text: string, column: (ident: string) => string): string {
  try {
    return rewriteExpression(text, column);
  } catch (error) {
    if (!(error instanceof SqlExprError)) throw error;
    throw new AggregationSchemaError(`Expression \`${text}\` is not supported: ${error.message}`);
  }
}

/** Validation messages for an `arg` expression: its syntax, then each identifier (graph-node's check_ident). */
function checkExpression(text: string, checkIdent: (ident: string) => string | null): string[] {
  const errors: string[] = [];
  try {
    expressionSql(text, (ident) => {
      const error = checkIdent(ident);
      if (error && !errors.includes(error)) errors.push(error);
      return ident;
    });
  } catch (error) {
    return [(error as Error).message];
  }
  return errors;
}
