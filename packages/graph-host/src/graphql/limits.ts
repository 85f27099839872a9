/**
 * Query protections, with graph-node's setting names and error texts (graph/src/env/graphql.rs,
 * graphql/src/execution/query.rs, graph/src/data/query/error.rs). graph-node leaves several of them
 * unlimited; this host is meant to be exposed on a developer's machine, so its defaults are finite
 * (the README lists both).
 */
import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  getIntrospectionQuery,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  /** GRAPH_GRAPHQL_QUERY_TIMEOUT (seconds there): the whole query, database work included. */
  timeoutMs: number;
  /** GRAPH_GRAPHQL_MAX_COMPLEXITY: entities a query may potentially return (product of `first` along each nesting). */
  maxComplexity: number;
  /** GRAPH_GRAPHQL_MAX_DEPTH: nesting of selection sets (fragments count as a level, as in graph-node). */
  maxDepth: number;
  /** GRAPH_GRAPHQL_MAX_FIRST */
  maxFirst: number;
  /** GRAPH_GRAPHQL_MAX_SKIP */
  maxSkip: number;
  /** GRAPH_GRAPHQL_ERROR_RESULT_SIZE: bytes of entity data a result may hold before the query is aborted. */
  errorResultSize: number;
  /** GRAPH_GRAPHQL_WARN_RESULT_SIZE: bytes above which the query is logged. */
  warnResultSize: number;
  /** GRAPH_HOST_GRAPHQL_MAX_FIELDS (no graph-node equivalent): field selections once fragments are expanded. */
  maxFields: number;
  /** GRAPH_HOST_GRAPHQL_MAX_ALIASES (no graph-node equivalent): aliased field selections once fragments are expanded. */
  maxAliases: number;
  /** GRAPH_HOST_GRAPHQL_MAX_TOKENS (no graph-node equivalent): lexical tokens of the query text. */
  maxTokens: number;
  /** GRAPH_HOST_GRAPHQL_MAX_BODY (no graph-node equivalent): bytes of a query request body. */
  maxBodyBytes: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  timeoutMs: 10_000,
  maxComplexity: 500_000,
  maxDepth: 255,
  maxFirst: 1000,
  maxSkip: 5000,
  errorResultSize: 20_000_000,
  warnResultSize: 5_000_000,
  maxFields: 5000,
  maxAliases: 500,
  maxTokens: 50_000,
  maxBodyBytes: 2 * 1024 * 1024,
});

/** Environment variable of each limit, and how its value maps to the field (graph-node's units). */
const ENV: Record<keyof QueryLimits, { name: string; scale: number; max?: number }> = {
  timeoutMs: { name: 'GRAPH_GRAPHQL_QUERY_TIMEOUT', scale: 1000 },
  maxComplexity: { name: 'GRAPH_GRAPHQL_MAX_COMPLEXITY', scale: 1 },
  maxDepth: { name: 'GRAPH_GRAPHQL_MAX_DEPTH', scale: 1, max: 255 },
  maxFirst: { name: 'GRAPH_GRAPHQL_MAX_FIRST', scale: 1 },
  maxSkip: { name: 'GRAPH_GRAPHQL_MAX_SKIP', scale: 1 },
  errorResultSize: { name: 'GRAPH_GRAPHQL_ERROR_RESULT_SIZE', scale: 1 },
  warnResultSize: { name: 'GRAPH_GRAPHQL_WARN_RESULT_SIZE', scale: 1 },
  maxFields: { name: 'GRAPH_HOST_GRAPHQL_MAX_FIELDS', scale: 1 },
  maxAliases: { name: 'GRAPH_HOST_GRAPHQL_MAX_ALIASES', scale: 1 },
  maxTokens: { name: 'GRAPH_HOST_GRAPHQL_MAX_TOKENS', scale: 1 },
  maxBodyBytes: { name: 'GRAPH_HOST_GRAPHQL_MAX_BODY', scale: 1 },
};

/** A setting that does not parse is an error at start-up, not a silently ignored value. */
export class LimitSettingError extends Error {
  override name = 'LimitSettingError';
}

/**
 * Limits from the environment over the defaults. Numbers may use `_` separators like graph-node's
 * (`1_000_000`); `unlimited` (or an empty value) removes a limit, as leaving it unset does in graph-node.
 */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env, base: QueryLimits = DEFAULT_QUERY_LIMITS): QueryLimits {
  const limits = { ...base };
  for (const key of Object.keys(ENV) as (keyof QueryLimits)[]) {
    const { name, scale, max } = ENV[key];
    const raw = env[name];
    if (raw === undefined) continue;
    const text = raw.trim().replace(/_/g, '');
    if (text === '' || text === 'unlimited') {
      limits[key] = max ?? Number.POSITIVE_INFINITY;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new LimitSettingError(`${name}=${raw} is not a non-negative number`);
    if (max !== undefined && value > max) throw new LimitSettingError(`${name}=${raw} exceeds its maximum of ${max}`);
    limits[key] = value * scale;
  }
  return limits;
}

/** Names of the settings, for documentation and error messages. */
export function limitSettingName(key: keyof QueryLimits): string {
  return ENV[key].name;
}

// ------------------------------------------------------------------------------ static checks

/** graph-node's message for a query over the complexity budget (QueryExecutionError::TooComplex). */
export function tooComplexMessage(complexity: bigint | number, max: number): string {
  return (
    `query potentially returns \`${complexity}\` entities or more and thereby exceeds the limit of \`${max}\` entities. ` +
    'Possible solutions are reducing the depth of the query, querying fewer relationships or using `first` to return smaller collections'
  );
}

interface SetCost {
  /** graph-node's complexity of the selection set (saturates at U64_MAX). */
  complexity: bigint;
  /** Introspection objects the selection can produce, with each list at its real maximum length in this schema. */
  introspection: bigint;
  /** Selection-set levels, this one included (graph-node's depth check counts these). */
  height: number;
  fields: number;
  aliases: number;
}

const U64_MAX = (1n << 64n) - 1n;
/** graph-node's default `first`. */
const FIRST_DEFAULT = 100n;
const SAT = Number.MAX_SAFE_INTEGER;

class StaticCheckError extends Error {}

/**
 * Checks a parsed (not yet validated) query against the limits before anything else looks at it,
 * as graph-node does ("check complexity first, so validation doesn't risk a stack overflow").
 * Fragments are costed once each, so fragment "bombs" cost linear time here. Returns error messages.
 */
export function checkQueryShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
  onCost?: (cost: SetCost) => void,
): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def);
  }
  // Unknown or ambiguous operations are left to graphql-js to report.
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return [];
  const rootType = operation.operation === 'query' ? schema.getQueryType() : null;
  if (!rootType) return [];

  const variableDefaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) variableDefaults.set(v.variable.name.value, v.defaultValue);
  const firstOf = (field: FieldNode): bigint => {
    const arg = field.arguments?.find((a) => a.name.value === 'first');
    if (!arg) return FIRST_DEFAULT;
    let value: unknown = null;
    if (arg.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (arg.value.kind === Kind.VARIABLE) {
      const name = arg.value.name.value;
      const given = variables?.[name];
      const fallback = variableDefaults.get(name);
      value = given !== undefined && given !== null ? given : fallback?.kind === Kind.INT ? Number(fallback.value) : null;
    }
    // Not an integer: graphql-js rejects it later; count graph-node's default meanwhile.
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : FIRST_DEFAULT;
  };

  const fragmentCosts = new Map<string, SetCost>();
  const inProgress = new Set<string>();

  const fieldDef = (parent: GraphQLNamedType | null, name: string): GraphQLField<unknown, unknown> | null => {
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (parent === rootType && name === '__schema') return SchemaMetaFieldDef;
    if (parent === rootType && name === '__type') return TypeMetaFieldDef;
    if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name] ?? null;
    return null;
  };

  const listBounds = introspectionListBounds(schema);
  const costOf = (parent: GraphQLNamedType | null, set: SelectionSetNode): SetCost => {
    let complexity = 0n;
    let introspection = 0n;
    let childHeight = 0;
    let fields = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      let sub: SetCost;
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        if (selection.alias) aliases += 1;
        if (!selection.selectionSet) continue;
        const def = fieldDef(parent, selection.name.value);
        const childType = def ? getNamedType(def.type) : null;
        sub = costOf(childType, selection.selectionSet);
        // Introspection types (`__Type`, …) are answered from the schema, so they do not use the
        // entity budget (graph-node counts them: ~1M for a client's introspection) but their own,
        // with every list as long as it can be in this schema (`types { fields { type { fields …`
        // would otherwise multiply without bound).
        if (def && childType && childType.name.startsWith('__')) {
          if (isListType(getNullableType(def.type))) {
            const bound = BigInt(listBounds.get(`${parent?.name}.${def.name}`) ?? 0);
            introspection += bound + bound * sub.introspection;
          } else {
            introspection += sub.introspection;
          }
        } else if (def && childType) {
          if (isListType(getNullableType(def.type))) {
            const first = firstOf(selection);
            complexity += first + first * sub.complexity;
          } else {
            complexity += sub.complexity;
          }
          introspection += sub.introspection;
        }
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue; // graphql-js reports unknown fragments
        let cost = fragmentCosts.get(name);
        if (!cost) {
          if (inProgress.has(name)) throw new StaticCheckError(`query has fragment cycle including \`${name}\``);
          inProgress.add(name);
          cost = costOf(schema.getType(fragment.typeCondition.name.value) ?? null, fragment.selectionSet);
          inProgress.delete(name);
          fragmentCosts.set(name, cost);
        }
        sub = cost;
        complexity += cost.complexity;
        introspection += cost.introspection;
      } else {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? null) : parent;
        sub = costOf(type, selection.selectionSet);
        complexity += sub.complexity;
        introspection += sub.introspection;
      }
      childHeight = Math.max(childHeight, sub.height);
      fields = Math.min(SAT, fields + sub.fields);
      aliases = Math.min(SAT, aliases + sub.aliases);
      if (complexity > U64_MAX) complexity = U64_MAX;
      if (introspection > U64_MAX) introspection = U64_MAX;
    }
    return { complexity, introspection, height: Math.min(SAT, childHeight + 1), fields, aliases };
  };

  let cost: SetCost;
  try {
    cost = costOf(rootType, operation.selectionSet);
  } catch (error) {
    if (error instanceof StaticCheckError) return [error.message];
    throw error;
  }
  if (onCost) {
    onCost(cost);
    return [];
  }
  const errors: string[] = [];
  // graph-node's depth check: the root selection set is depth 0 and `depth >= max_depth` fails.
  if (cost.height > limits.maxDepth) errors.push(`query has a depth that exceeds the limit of \`${limits.maxDepth}\``);
  else if (Number.isFinite(limits.maxComplexity) && cost.complexity > BigInt(Math.floor(limits.maxComplexity))) {
    errors.push(tooComplexMessage(cost.complexity, limits.maxComplexity));
  }
  const introspectionLimit = introspectionBudget(schema);
  if (cost.introspection > introspectionLimit) {
    errors.push(
      `introspection query potentially returns \`${cost.introspection}\` objects or more and thereby exceeds the limit of \`${introspectionLimit}\` (twice what a client's full introspection query returns for this schema)`,
    );
  }
  if (cost.fields > limits.maxFields) {
    errors.push(`query selects ${cost.fields === SAT ? 'too many' : cost.fields} fields (fragments expanded), more than the limit of ${limits.maxFields}`);
  }
  if (cost.aliases > limits.maxAliases) {
    errors.push(`query uses ${cost.aliases === SAT ? 'too many' : cost.aliases} aliases (fragments expanded), more than the limit of ${limits.maxAliases}`);
  }
  return errors;
}

// ------------------------------------------------------------------------------ introspection

const listBoundsCache = new WeakMap<GraphQLSchema, Map<string, number>>();

/** The longest each introspection list can be in `schema` (`__Schema.types`, `__Type.fields`, …). */
function introspectionListBounds(schema: GraphQLSchema): Map<string, number> {
  let bounds = listBoundsCache.get(schema);
  if (bounds) return bounds;
  const types = Object.values(schema.getTypeMap());
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
  const fieldsOf = (t: GraphQLNamedType) => (isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : []);
  const directives = schema.getDirectives();
  const args = max([...types.flatMap((t) => fieldsOf(t).map((f) => f.args.length)), ...directives.map((d) => d.args.length)]);
  bounds = new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', max(types.map((t) => fieldsOf(t).length))],
    ['__Type.interfaces', max(types.map((t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0)))],
    ['__Type.possibleTypes', max(types.map((t) => (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0)))],
    ['__Type.enumValues', max(types.map((t) => (isEnumType(t) ? t.getValues().length : 0)))],
    ['__Type.inputFields', max(types.map((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0)))],
    ['__Field.args', args],
    ['__Directive.args', args],
  ]);
  listBoundsCache.set(schema, bounds);
  return bounds;
}

const budgetCache = new WeakMap<GraphQLSchema, bigint>();

/** Twice what graphql-js's complete introspection query (the one GraphiQL sends) can return for `schema`. */
export function introspectionBudget(schema: GraphQLSchema): bigint {
  let budget = budgetCache.get(schema);
  if (budget === undefined) {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    let standard = 0n;
    checkQueryShape(schema, parse(query), null, null, DEFAULT_QUERY_LIMITS, (cost) => (standard = cost.introspection));
    budget = 2n * standard + 1000n;
    budgetCache.set(schema, budget);
  }
  return budget;
}
