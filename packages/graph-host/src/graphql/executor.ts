/**
 * graph-node's query API over the store: the API schema is generated from schema.graphql with
 * graph-node's rules (graph/src/schema/api.rs) and every field resolves with SQL against the
 * block-ranged tables at the block the query asks for.
 */
import { DocumentCache } from './document-cache.js';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  execute as executeGraphql,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldConfig,
  type GraphQLResolveInfo,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLNamedType,
  type TypeNode,
} from 'graphql';
import type { QueryExecutor, QueryMeta, SubgraphStore } from '../types.js';
import { hasIndexingErrorsAt } from './indexing-errors.js';
import type { AggregationInterval, EntityTypeDesc, FieldDesc, InterfaceDesc, SubgraphSchema } from '../schema/index.js';
import { AGGREGATION_ORDER, normaliseDecimals, aggregationCurrentType, aggregationFilterType, aggregationIntervalType, aggregationTable } from './aggregation.js';
import { withCurrentBucket } from '../store/rollup.js';
import { EntityStore } from '../store/store.js';
import { normaliseId } from '../store/codec.js';
import { bytesToHex, quoteIdent, quoteString } from '../store/sql.js';
import { CUSTOM_SCALARS } from './scalars.js';
import { pluralFieldName, singularFieldName } from './naming.js';
import { DEFAULT_QUERY_LIMITS, checkQueryShape, type QueryLimits } from './limits.js';
import { selectedColumns, unionColumns } from './columns.js';
import { jsonRows } from './json-rows.js';
import { LOGS_FIELD, logsCombinationError, logsField } from './logs.js';
import type { DeploymentLogStore } from '../logs/log-store.js';
import { QueryAbortedError, QueryGuard, QueryScheduler, type GuardLogger } from './guard.js';
import {
  Params,
  QueryError,
  blockCondition,
  concreteTypes,
  filterCondition,
  orderExpression,
  sqlArray,
  tableOf,
  type SqlContext,
} from './sql.js';

const FIRST_DEFAULT = 100;

/** Resolved entity: field values by field name plus the type and the block the query reads at. */
interface EntityResult {
  __typename: string;
  __block: number;
  [field: string]: unknown;
}

interface CollectionArgs {
  skip?: number | null;
  first?: number | null;
  orderBy?: string | null;
  orderDirection?: 'asc' | 'desc' | null;
  where?: Record<string, unknown> | null;
}

interface BlockArg {
  number?: number | null;
  hash?: string | null;
  number_gte?: number | null;
}

interface RequestContext {
  store: EntityStore;
  meta: QueryMeta;
  /** Latest persisted block, read once per request so every field sees the same state. */
  latest: number | null;
  /** Error policies of the top-level fields, for graph-node's `indexing_error` post-processing. */
  policies: Set<'allow' | 'deny'>;
  /** Whether some top-level field read at a block where the deployment had failed deterministically. */
  readErroredBlock: boolean;
  loaders: Map<string, RefLoader>;
  limits: QueryLimits;
  /** Deadline, client disconnect and result size of this request. */
  guard: QueryGuard;
  /** Every SQL statement of a request goes through here (turns between requests, event-loop yields). */
  scheduler: QueryScheduler;
  /** The deployment's indexing logs for `_logs` (null: the log store is disabled). */
  logs: DeploymentLogStore | null;
}

/** Batches single-reference lookups of one type at one block into one `id = any(…)` query. */
class RefLoader {
  private pending = new Map<string, ((r: EntityResult | null) => void)[]>();
  private failures = new Map<string, ((e: unknown) => void)[]>();
  /** Columns the pending loads need together (null: all). */
  private columns: Set<string> | null = new Set(['id']);
  private scheduled = false;
  constructor(
    private readonly ctx: RequestContext,
    private readonly desc: EntityTypeDesc,
    private readonly block: number,
  ) {}

  load(id: string, columns: Set<string> | null = null): Promise<EntityResult | null> {
    this.columns = unionColumns(this.columns, columns);
    return new Promise((resolve, reject) => {
      const list = this.pending.get(id) ?? [];
      list.push(resolve);
      this.pending.set(id, list);
      const fails = this.failures.get(id) ?? [];
      fails.push(reject);
      this.failures.set(id, fails);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.dispatch());
      }
    });
  }

  private async dispatch(): Promise<void> {
    const pending = this.pending;
    const failures = this.failures;
    const columns = this.columns;
    this.pending = new Map();
    this.failures = new Map();
    this.columns = new Set(['id']);
    this.scheduled = false;
    try {
      const params = new Params();
      const ids = sqlArray(params, idStorage(this.desc), [...pending.keys()]);
      const rows = await this.ctx.scheduler.query(
        this.ctx.guard,
        `select ${selectList(columns)} from ${tableOf(this.ctx.store.namespace, this.desc)} c where c.id = any(${ids}) and ${blockCondition('c', this.desc, this.block)}`,
        params.values,
      );
      const byId = new Map<string, EntityResult>();
      for (const row of rows) {
        const result = toResult(this.desc, row, this.block);
        byId.set(idString(result.id), result);
      }
      for (const [id, resolvers] of pending) for (const resolve of resolvers) resolve(byId.get(id) ?? null);
    } catch (err) {
      for (const rejects of failures.values()) for (const reject of rejects) reject(err);
    }
  }
}

/** `c.*`, or only the columns a selection needs. */
function selectList(columns: Set<string> | null): string {
  return columns === null ? 'c.*' : [...columns].map((c) => `c.${quoteIdent(c)}`).join(', ');
}

function idStorage(desc: EntityTypeDesc): 'String' | 'Bytes' | 'Int8' {
  return desc.idKind;
}

/** Canonical string of an id or reference value as read from the database. */
function idString(raw: unknown): string {
  if (raw instanceof Uint8Array) return `0x${bytesToHex(raw)}`;
  return String(raw);
}

function toResult(desc: EntityTypeDesc, row: Record<string, unknown>, block: number): EntityResult {
  const result: EntityResult = { __typename: desc.name, __block: block };
  for (const field of desc.fields) {
    // Columns the query did not select are absent (and never resolved).
    if (field.derivedFrom || !(field.column in row)) continue;
    result[field.name] = row[field.column] ?? null;
  }
  return result;
}

/**
 * Bounds on a fulltext `text`. PGlite runs a statement to its end on the host's thread, so the query
 * timeout cannot stop it: a tsquery of 4,000 OR'ed words took 0.23 s on 2,000 rows and one of 8,000
 * did not finish in 5 minutes (measured on PGlite 0.5.16). Search boxes send a few words.
 */
export const FULLTEXT_MAX_WORDS = 100;
export const FULLTEXT_MAX_CHARS = 1000;

/** A fulltext `text` that is too large or not a to_tsquery expression: a clear error instead of the database's. */
async function checkTsquery(ctx: RequestContext, config: string, text: string): Promise<void> {
  const words = text.match(/[^\s&|!()<>:*]+/g)?.length ?? 0;
  if (text.length > FULLTEXT_MAX_CHARS || words > FULLTEXT_MAX_WORDS) {
    throw new QueryError(`fulltext search text is limited to ${FULLTEXT_MAX_WORDS} words and ${FULLTEXT_MAX_CHARS} characters (it has ${words} and ${text.length})`);
  }
  try {
    await ctx.scheduler.query(ctx.guard, `select to_tsquery(${config}, $1)`, [text]);
  } catch (error) {
    if (error instanceof QueryAbortedError) throw error;
    throw new QueryError(`invalid fulltext search text ${JSON.stringify(text)}: use words joined by & (and), | (or), ! (not) and <-> (followed by)`);
  }
}

function checkRange(args: CollectionArgs, limits: QueryLimits): { first: number; skip: number } {
  const first = args.first ?? FIRST_DEFAULT;
  const skip = args.skip ?? 0;
  if (first < 0 || first > limits.maxFirst) throw new QueryError(`The \`first\` argument must be between 0 and ${limits.maxFirst}, but is ${first}`);
  if (skip < 0 || skip > limits.maxSkip) throw new QueryError(`The \`skip\` argument must be between 0 and ${limits.maxSkip}, but is ${skip}`);
  return { first, skip };
}

/**
 * Runs a collection query over `typeName` (an entity type or an interface) at `block`.
 * `scope` restricts rows to those related to a parent (nested collection fields).
 */
async function queryCollection(
  ctx: RequestContext,
  /** A type name, or the table of an aggregation interval. */
  typeName: string | EntityTypeDesc,
  args: CollectionArgs,
  block: number,
  scope?: (alias: string, desc: EntityTypeDesc, params: Params) => string,
  info?: GraphQLResolveInfo,
  /** An ORDER BY in place of orderBy/id (fulltext queries order by rank). */
  orderOverride?: (alias: string, params: Params) => string,
  /** A FROM item in place of the type's table (aggregations with their current bucket). */
  from?: string,
): Promise<EntityResult[]> {
  const { first, skip } = checkRange(args, ctx.limits);
  const { store } = ctx;
  const schema = store.schema;
  const params = new Params();
  const sqlCtx: SqlContext = { schema, namespace: store.namespace, block, params, aliasCounter: { n: 0 } };
  const direction = args.orderDirection === 'desc' ? 'desc' : 'asc';
  const desc = typeof typeName === 'string' ? schema.entities.get(typeName) : typeName;
  if (desc) {
    const where = filterCondition(sqlCtx, 'c', desc, args.where);
    const scopeSql = scope ? scope('c', desc, params) : 'true';
    // graph-node orders by id when no orderBy is given (orderDirection alone is ignored).
    const order = orderOverride
      ? orderOverride('c', params)
      : args.orderBy
      ? args.orderBy === 'id'
        ? `c.id ${direction}`
        : `${orderExpression(sqlCtx, 'c', desc, args.orderBy)} ${direction}, c.id ${direction}`
      : 'c.id asc';
    const columns = selectedColumns(info, desc);
    const rest = `from ${from ?? tableOf(store.namespace, desc)} c where ${blockCondition('c', desc, block)} and ${scopeSql} and ${where} order by ${order} limit ${first} offset ${skip}`;
    // An entity table's page as one JSON text (json-rows.ts); an aggregation's FROM item computes its
    // own columns, so it keeps plain rows.
    const fields = from === undefined ? desc.fields.filter((f) => !f.derivedFrom && (columns === null || columns.has(f.column))) : [];
    const json = from === undefined && (columns === null || fields.length === columns.size) ? jsonRows(fields, `select ${selectList(new Set(fields.map((f) => f.column)))} ${rest}`) : null;
    const rows = json
      ? json.read(await ctx.scheduler.query(ctx.guard, json.sql, params.values))
      : await ctx.scheduler.query(ctx.guard, `select ${selectList(columns)} ${rest}`, params.values);
    return ctx.guard.account(rows.map((row) => toResult(desc, row, block)));
  }
  const iface = schema.interfaces.get(typeName as string);
  if (!iface) throw new QueryError(`Type ${String(typeName)} not found`);
  // Interfaces: rank (type, id, sort key) across implementor tables in SQL, then load the rows.
  const selects = iface.implementors.map((name) => {
    const impl = schema.entities.get(name)!;
    const where = filterCondition(sqlCtx, 'c', impl, args.where);
    const scopeSql = scope ? scope('c', impl, params) : 'true';
    const key = args.orderBy && args.orderBy !== 'id' ? orderExpression(sqlCtx, 'c', impl, args.orderBy) : 'null';
    return `select ${params.add(name)}::text as entity_type, c.id::text as id_text, c.id as id, ${key} as sort_key from ${tableOf(
      store.namespace,
      impl,
    )} c where ${blockCondition('c', impl, block)} and ${scopeSql} and ${where}`;
  });
  if (selects.length === 0) return [];
  const order = args.orderBy && args.orderBy !== 'id' ? `sort_key ${direction}, id ${direction}` : `id ${args.orderBy ? direction : 'asc'}`;
  const ranked = await ctx.scheduler.query(
    ctx.guard,
    `select entity_type, id from (${selects.join(' union all ')}) u order by ${order} limit ${first} offset ${skip}`,
    params.values,
  );
  const results = await Promise.all(
    ranked.map((r) => {
      const impl = schema.entities.get(String(r.entity_type))!;
      return loaderFor(ctx, impl, block).load(idString(r.id), selectedColumns(info, impl));
    }),
  );
  return ctx.guard.account(results.filter((r): r is EntityResult => r !== null));
}

/** The entity type (or, for an aggregation point, its table description) a result belongs to. */
function ownerDesc(schema: SubgraphSchema, typeName: string): EntityTypeDesc {
  const entity = schema.entities.get(typeName);
  if (entity) return entity;
  const agg = schema.aggregations.get(typeName);
  if (!agg) throw new QueryError(`Type ${typeName} not found`);
  return agg.tables.values().next().value!;
}

function loaderFor(ctx: RequestContext, desc: EntityTypeDesc, block: number): RefLoader {
  const key = `${desc.name}@${block}`;
  let loader = ctx.loaders.get(key);
  if (!loader) ctx.loaders.set(key, (loader = new RefLoader(ctx, desc, block)));
  return loader;
}

async function loadById(ctx: RequestContext, typeName: string, id: string, block: number, info?: GraphQLResolveInfo): Promise<EntityResult | null> {
  for (const desc of concreteTypes(ctx.store.schema, typeName)) {
    const normalised = normaliseId(desc, id);
    if (desc.idKind === 'Bytes' && !/^0x([0-9a-f]{2})*$/.test(normalised)) continue;
    // An Int8 id outside int8 cannot exist (and must not reach Postgres as an out-of-range error).
    if (desc.idKind === 'Int8' && (!/^-?\d{1,19}$/.test(normalised) || BigInt(normalised) !== BigInt.asIntN(64, BigInt(normalised)))) continue;
    const found = await loaderFor(ctx, desc, block).load(normalised, selectedColumns(info, desc));
    if (found) return ctx.guard.account([found])[0]!;
  }
  return null;
}

async function resolveBlock(ctx: RequestContext, block: BlockArg | null | undefined): Promise<number> {
  const latest = ctx.latest;
  const notYet = (n: number) =>
    new QueryError(
      `subgraph ${ctx.meta.deployment} has only indexed up to block number ${latest ?? -1} and data for block number ${n} is therefore not yet available`,
    );
  if (block?.hash) {
    const rows = await ctx.scheduler.query(ctx.guard, `select number from ${quoteIdent(ctx.store.namespace)}.block_hashes where hash = $1`, [
      block.hash.toLowerCase(),
    ]);
    const row = rows[0];
    if (!row) throw new QueryError(`no block with that hash found: ${block.hash}`);
    return Number(row.number);
  }
  if (block?.number !== undefined && block.number !== null) {
    if (latest === null || block.number > latest) throw notYet(block.number);
    return block.number;
  }
  if (block?.number_gte !== undefined && block.number_gte !== null) {
    if (latest === null || block.number_gte > latest) throw notYet(block.number_gte);
  }
  return latest ?? -1;
}

/** Records the field's error policy and whether it reads at a block covered by a deterministic failure. */
function notePolicy(ctx: RequestContext, policy: string | undefined, block: number): void {
  ctx.policies.add(policy === 'allow' ? 'allow' : 'deny');
  if (hasIndexingErrorsAt(ctx.store, block, ctx.latest)) ctx.readErroredBlock = true;
}

function scopeForRelation(owner: EntityTypeDesc, field: FieldDesc, parent: EntityResult) {
  return (alias: string, child: EntityTypeDesc, params: Params): string => {
    if (field.derivedFrom) {
      const back = child.fieldsByName.get(field.derivedFrom);
      if (!back) throw new QueryError(`${child.name} has no field ${field.derivedFrom}`);
      const parentId = sqlArray(params, owner.idKind, [idString(parent.id)]);
      const col = `${alias}.${quoteIdent(back.column)}`;
      return back.list ? `${col} && ${parentId}` : `${col} = any(${parentId})`;
    }
    const ids = ((parent[field.name] as unknown[] | null) ?? []).map(idString);
    return `${alias}.id = any(${sqlArray(params, child.idKind, ids)})`;
  };
}

// ------------------------------------------------------------------------------ API schema

interface Built {
  schema: GraphQLSchema;
}

function buildApiSchema(sub: SubgraphSchema): Built {
  const named = new Map<string, GraphQLNamedType>();
  for (const [name, scalar] of Object.entries(CUSTOM_SCALARS)) named.set(name, scalar);
  named.set('ID', GraphQLID);
  named.set('String', GraphQLString);
  named.set('Int', GraphQLInt);
  named.set('Boolean', GraphQLBoolean);
  for (const [name, values] of sub.enums) {
    named.set(name, new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }));
  }
  const orderDirection = new GraphQLEnumType({
    name: 'OrderDirection',
    description: 'Defines the order direction, either ascending or descending',
    values: { asc: { value: 'asc' }, desc: { value: 'desc' } },
  });
  const blockHeight = new GraphQLInputObjectType({
    name: 'Block_height',
    fields: { hash: { type: CUSTOM_SCALARS.Bytes }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } },
  });
  const blockChanged = new GraphQLInputObjectType({
    name: 'BlockChangedFilter',
    fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
  });
  const errorPolicy = new GraphQLEnumType({
    name: '_SubgraphErrorPolicy_',
    values: { allow: { value: 'allow' }, deny: { value: 'deny' } },
  });
  const metaBlock = new GraphQLObjectType({
    name: '_Block_',
    fields: {
      hash: { type: CUSTOM_SCALARS.Bytes },
      number: { type: new GraphQLNonNull(GraphQLInt) },
      timestamp: { type: GraphQLInt },
      parentHash: { type: CUSTOM_SCALARS.Bytes },
    },
  });
  const metaType = new GraphQLObjectType({
    name: '_Meta_',
    fields: {
      block: { type: new GraphQLNonNull(metaBlock) },
      deployment: { type: new GraphQLNonNull(GraphQLString) },
      hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean) },
    },
  });

  const owners = new Map<string, EntityTypeDesc | InterfaceDesc>([...sub.entities, ...sub.interfaces]);

  // *_orderBy enums: every field, plus `parent__child` for scalar children of non-list relations.
  const orderByTypes = new Map<string, GraphQLEnumType>();
  for (const owner of owners.values()) {
    const values: string[] = [];
    for (const f of owner.fields) {
      values.push(f.name);
      if ((f.category === 'entity' || f.category === 'interface') && !f.list) {
        const child = owners.get(f.typeName)!;
        for (const cf of child.fields) {
          if (cf.list || cf.category === 'entity' || cf.category === 'interface') continue;
          values.push(`${f.name}__${cf.name}`);
        }
      }
    }
    orderByTypes.set(
      owner.name,
      new GraphQLEnumType({ name: `${owner.name}_orderBy`, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }),
    );
  }

  // *_filter inputs, following field_filter_input_values.
  const filterTypes = new Map<string, GraphQLInputObjectType>();
  const scalarOps: Record<string, string[]> = {
    BigInt: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    BigDecimal: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    Boolean: ['', 'not', 'in', 'not_in'],
    Bytes: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in', 'contains', 'not_contains'],
    ID: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    Int: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    Int8: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    Timestamp: ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'],
    String: [
      '', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in', 'contains', 'contains_nocase', 'not_contains', 'not_contains_nocase',
      'starts_with', 'starts_with_nocase', 'not_starts_with', 'not_starts_with_nocase', 'ends_with', 'ends_with_nocase',
      'not_ends_with', 'not_ends_with_nocase',
    ],
  };
  const listOps = ['', 'not', 'contains', 'contains_nocase', 'not_contains', 'not_contains_nocase'];
  const key = (name: string, op: string) => (op ? `${name}_${op}` : name);
  // Reference filters take ids: String for String/Bytes ids, Int for Int8 ids (as graph-node does).
  const refScalar = (typeName: string): string => {
    const types = concreteTypes(sub, typeName);
    return types[0]?.idKind === 'Int8' ? 'Int' : 'String';
  };
  for (const owner of owners.values()) {
    const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${owner.name}_filter`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {};
        for (const f of owner.fields) {
          const isRef = f.category === 'entity' || f.category === 'interface';
          if (f.list) {
            if (!(isRef && f.derivedFrom)) {
              const elem = named.get(isRef ? refScalar(f.typeName) : f.typeName) as GraphQLInputType;
              for (const op of listOps) fields[key(f.name, op)] = { type: new GraphQLList(new GraphQLNonNull(elem)) };
            }
          } else if (!(isRef && f.derivedFrom)) {
            const scalarName = isRef ? refScalar(f.typeName) : f.typeName;
            const ops = f.category === 'enum' ? ['', 'not', 'in', 'not_in'] : (scalarOps[scalarName] ?? ['', 'not']);
            const type = named.get(scalarName) as GraphQLInputType;
            for (const op of ops) {
              fields[key(f.name, op)] = { type: op === 'in' || op === 'not_in' ? new GraphQLList(new GraphQLNonNull(type)) : type };
            }
          }
          if (isRef) fields[`${f.name}_`] = { type: filterTypes.get(f.typeName)! };
        }
        fields._change_block = { type: blockChanged, description: 'Filter for the block changed event.' };
        fields.and = { type: new GraphQLList(filter) };
        fields.or = { type: new GraphQLList(filter) };
        return fields;
      },
    });
    filterTypes.set(owner.name, filter);
  }

  const collectionArgs = (typeName: string): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: FIRST_DEFAULT },
    orderBy: { type: orderByTypes.get(typeName)! },
    orderDirection: { type: orderDirection },
    where: { type: filterTypes.get(typeName)! },
  });

  const outputType = (node: TypeNode): GraphQLOutputType => {
    if (node.kind === Kind.NON_NULL_TYPE) return new GraphQLNonNull(outputType(node.type) as never);
    if (node.kind === Kind.LIST_TYPE) return new GraphQLList(outputType(node.type));
    const t = named.get(node.name.value);
    if (!t) throw new Error(`unknown type ${node.name.value}`);
    return t as GraphQLOutputType;
  };

  const fieldConfig = (owner: EntityTypeDesc | InterfaceDesc, f: FieldDesc): GraphQLFieldConfig<EntityResult, RequestContext> => {
    const type = outputType(f.typeNode);
    const isRef = f.category === 'entity' || f.category === 'interface';
    if (!isRef) return { type };
    if (f.list) {
      return {
        type,
        args: collectionArgs(f.typeName),
        resolve: async (parent, args: CollectionArgs, ctx, info) => {
          const desc = ownerDesc(ctx.store.schema, parent.__typename);
          const field = desc.fieldsByName.get(f.name)!;
          if (!field.derivedFrom && parent[f.name] === null) return null;
          return queryCollection(ctx, f.typeName, args, parent.__block, scopeForRelation(desc, field, parent), info);
        },
      };
    }
    return {
      type,
      resolve: async (parent, _args, ctx, info) => {
        const desc = ownerDesc(ctx.store.schema, parent.__typename);
        const field = desc.fieldsByName.get(f.name)!;
        if (field.derivedFrom) {
          const rows = await queryCollection(ctx, f.typeName, { first: 2 }, parent.__block, scopeForRelation(desc, field, parent), info);
          // graph-node refuses to pick one of several entities pointing back (AmbiguousDerivedFromResult).
          if (rows.length > 1) {
            throw new QueryError(
              `Ambiguous result for derived field \`${f.name}\`: Multiple \`${f.typeName}\` entities refer back via \`${field.derivedFrom}\``,
            );
          }
          return rows[0] ?? null;
        }
        const raw = parent[f.name];
        if (raw === null || raw === undefined) return null;
        return loadById(ctx, f.typeName, idString(raw), parent.__block, info);
      },
    };
    void owner;
  };

  for (const iface of sub.interfaces.values()) {
    named.set(
      iface.name,
      new GraphQLInterfaceType({
        name: iface.name,
        fields: () => Object.fromEntries(iface.fields.map((f) => [f.name, fieldConfig(iface, f)])) as GraphQLFieldConfigMap<EntityResult, RequestContext>,
        resolveType: (value: EntityResult) => value.__typename,
      }),
    );
  }
  for (const desc of sub.entities.values()) {
    named.set(
      desc.name,
      new GraphQLObjectType<EntityResult, RequestContext>({
        name: desc.name,
        interfaces: () => desc.interfaces.map((i) => named.get(i) as GraphQLInterfaceType),
        fields: () => Object.fromEntries(desc.fields.map((f) => [f.name, fieldConfig(desc, f)])),
      }),
    );
  }

  for (const agg of sub.aggregations.values()) {
    named.set(
      agg.name,
      new GraphQLObjectType<EntityResult, RequestContext>({
        name: agg.name,
        fields: () => Object.fromEntries(agg.fields.map((f) => [f.name, fieldConfig(ownerDesc(sub, agg.name), f)])),
      }),
    );
  }

  const queryFields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  for (const owner of owners.values()) {
    const type = named.get(owner.name) as GraphQLObjectType | GraphQLInterfaceType;
    queryFields[singularFieldName(owner.name)] = {
      type,
      args: {
        id: { type: new GraphQLNonNull(GraphQLID) },
        block: { type: blockHeight, description: 'The block at which the query should be executed.' },
        subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: 'deny' },
      },
      resolve: async (_root, args: { id: string; block?: BlockArg; subgraphError?: string }, ctx, info) => {
        const block = await resolveBlock(ctx, args.block);
        notePolicy(ctx, args.subgraphError, block);
        return loadById(ctx, owner.name, args.id, block, info);
      },
    };
    queryFields[pluralFieldName(owner.name)] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type))),
      args: {
        ...collectionArgs(owner.name),
        block: { type: blockHeight, description: 'The block at which the query should be executed.' },
        subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: 'deny' },
      },
      resolve: async (_root, args: CollectionArgs & { block?: BlockArg; subgraphError?: string }, ctx, info) => {
        const block = await resolveBlock(ctx, args.block);
        notePolicy(ctx, args.subgraphError, block);
        return queryCollection(ctx, owner.name, args, block, undefined, info);
      },
    };
  }
  // graph-node's aggregation fields: a collection per aggregation, `interval` required (aggregation.ts).
  for (const agg of sub.aggregations.values()) {
    const type = named.get(agg.name) as GraphQLObjectType;
    const filter = aggregationFilterType(agg, named, blockChanged, refScalar, (typeName) => filterTypes.get(typeName));
    queryFields[pluralFieldName(agg.name)] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type))),
      description: `Collection of aggregated \`${agg.name}\` values`,
      args: {
        skip: { type: GraphQLInt, defaultValue: 0 },
        first: { type: GraphQLInt, defaultValue: FIRST_DEFAULT },
        // Clients of newer graph-node versions sort aggregations (`orderBy: timestamp`); without
        // orderBy, points come newest first.
        orderBy: { type: new GraphQLEnumType({ name: `${agg.name}_orderBy`, values: Object.fromEntries(agg.fields.map((f) => [f.name, { value: f.name }])) }) },
        orderDirection: { type: orderDirection },
        interval: { type: new GraphQLNonNull(aggregationIntervalType) },
        current: { type: aggregationCurrentType, defaultValue: 'exclude' },
        where: { type: filter },
        block: { type: blockHeight, description: 'The block at which the query should be executed.' },
        subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: 'deny' },
      },
      resolve: async (_root, args: CollectionArgs & { interval: AggregationInterval; current?: string; block?: BlockArg; subgraphError?: string }, ctx, info) => {
        const table = aggregationTable(agg, args.interval);
        const block = await resolveBlock(ctx, args.block);
        notePolicy(ctx, args.subgraphError, block);
        const range = { first: args.first ?? null, skip: args.skip ?? null, where: args.where ?? null, orderBy: args.orderBy ?? null, orderDirection: args.orderDirection ?? null };
        const from = args.current === 'include' ? withCurrentBucket(ctx.store.schema, agg, args.interval, ctx.store.namespace, block) : undefined;
        const rows = await queryCollection(ctx, table, range, block, undefined, info, args.orderBy ? undefined : (alias) => AGGREGATION_ORDER(alias), from);
        return normaliseDecimals(agg, rows);
      },
    };
  }
  // graph-node's fulltext fields: `text` is a to_tsquery expression (`breaks & pop`, `jazz | blues`);
  // matches come by rank, best first.
  for (const ft of sub.fulltext) {
    const desc = sub.entities.get(ft.entity)!;
    const type = named.get(ft.entity) as GraphQLObjectType;
    queryFields[ft.name] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type))),
      args: {
        text: { type: new GraphQLNonNull(GraphQLString) },
        first: { type: GraphQLInt, defaultValue: FIRST_DEFAULT },
        skip: { type: GraphQLInt, defaultValue: 0 },
        block: { type: blockHeight, description: 'The block at which the query should be executed.' },
        where: { type: filterTypes.get(ft.entity)! },
        subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: 'deny' },
      },
      resolve: async (_root, args: CollectionArgs & { text: string; block?: BlockArg; subgraphError?: string }, ctx, info) => {
        const block = await resolveBlock(ctx, args.block);
        notePolicy(ctx, args.subgraphError, block);
        const config = `${quoteString(ft.config)}::regconfig`;
        await checkTsquery(ctx, config, args.text);
        const column = (alias: string) => `${alias}.${quoteIdent(ft.column)}`;
        return queryCollection(
          ctx,
          desc.name,
          { first: args.first ?? null, skip: args.skip ?? null, where: args.where ?? null },
          block,
          (alias, _desc, params) => `${column(alias)} @@ to_tsquery(${config}, ${params.add(args.text)})`,
          info,
          (alias, params) => `${ft.rankFunction}(${column(alias)}, to_tsquery(${config}, ${params.add(args.text)})) desc, ${alias}.id desc`,
        );
      },
    };
  }
  queryFields._meta = {
    type: metaType,
    description: 'Access to subgraph metadata',
    args: { block: { type: blockHeight } },
    resolve: async (_root, args: { block?: BlockArg }, ctx) => {
      const meta = ctx.meta;
      const number = await resolveBlock(ctx, args.block);
      const explicit = (args.block?.number ?? null) !== null || !!args.block?.hash;
      if (!explicit) {
        // Report the block the data is served at (the persisted pointer), which can trail the
        // block the ingestion has processed but not yet flushed.
        const ptr = ctx.store.blockPtr();
        if (!ptr) throw new QueryError(`subgraph ${meta.deployment} has not indexed any block yet`);
        const ts = ctx.store.blockTimestamp();
        const timestamp = ts !== null ? Number(ts) : meta.block?.number === ptr.number ? meta.block.timestamp : null;
        const parentHash = ctx.store.blockHash(ptr.number - 1);
        return {
          block: { number: ptr.number, hash: ptr.hash, timestamp, parentHash },
          deployment: meta.deployment,
          hasIndexingErrors: meta.hasIndexingErrors || ctx.store.status().failed || hasIndexingErrorsAt(ctx.store, ptr.number, ptr.number),
        };
      }
      if (number < 0) throw new QueryError('the subgraph has not indexed any block yet');
      // graph-node leaves hash and timestamp null when _meta is asked for a block number.
      const hash = args.block?.hash ? args.block.hash.toLowerCase() : null;
      return {
        block: { number, hash, timestamp: null, parentHash: null },
        deployment: meta.deployment,
        // graph-node: errors recorded at or below the block asked for (a failure after it does not count).
        hasIndexingErrors: hasIndexingErrorsAt(ctx.store, number, null),
      };
    },
  };

  // A subgraph's own `LogLevel` type would clash with the log types (graph-node's api schema has the
  // same names); such a subgraph keeps its type and has no `_logs`.
  if (!named.has('LogLevel') && !sub.interfaces.has('LogLevel')) {
    queryFields[LOGS_FIELD] = logsField(orderDirection, (ctx: RequestContext) => ctx.logs) as GraphQLFieldConfig<unknown, RequestContext>;
  }

  const query = new GraphQLObjectType({ name: 'Query', fields: queryFields });
  return { schema: new GraphQLSchema({ query, types: [...named.values()].filter((t) => !isBuiltin(t.name)) }) };
}

function isBuiltin(name: string): boolean {
  return name === 'ID' || name === 'String' || name === 'Int' || name === 'Boolean';
}

// ------------------------------------------------------------------------------ executor

const KEPT_ON_DENY = new Set(['_meta', '__schema', '__type']);

export interface QueryExecutorOptions {
  /** Query protections; default DEFAULT_QUERY_LIMITS (see limitsFromEnv for graph-node's settings). */
  limits?: QueryLimits;
  /** Receives warnings (large results) and the causes of internal errors, which clients never see. */
  logger?: GuardLogger & { log(level: 'warning' | 'error', message: string, extra?: Record<string, unknown>): void };
  /** The deployment's log store, read by `_logs`; without one `_logs` answers `[]`. */
  logs?: DeploymentLogStore | null;
}

/** Message for failures that are not the client's (database, bugs): their details go to the log only. */
export const INTERNAL_ERROR_MESSAGE = 'Store error: the query failed in the store (details are in the host log)';

/** Parses and checks a request before any resolver runs: token count, shape limits, then validation. */
function prepare(
  schema: GraphQLSchema,
  request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  limits: QueryLimits,
  documents?: DocumentCache,
): { document: DocumentNode } | { errors: { message: string; locations?: unknown }[] } {
  const known = documents?.get(request.query);
  let document: DocumentNode;
  if (known) {
    document = known;
  } else {
    try {
      document = parse(request.query, { maxTokens: Number.isFinite(limits.maxTokens) ? limits.maxTokens : undefined, noLocation: false });
    } catch (error) {
      const e = error as GraphQLError;
      return { errors: [{ message: e.message, ...(e.locations ? { locations: e.locations } : {}) }] };
    }
  }
  const shapeErrors = checkQueryShape(schema, document, request.operationName, request.variables, limits);
  if (shapeErrors.length > 0) return { errors: shapeErrors.map((message) => ({ message })) };
  if (known) return { document };
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { errors: invalid.map((e) => ({ message: e.message, ...(e.locations ? { locations: e.locations } : {}) })) };
  documents?.set(request.query, document);
  return { document };
}

export function createQueryExecutor(store: SubgraphStore, schemaText: string, meta: () => QueryMeta, options: QueryExecutorOptions = {}): QueryExecutor {
  if (!(store instanceof EntityStore)) throw new TypeError('createQueryExecutor needs a store created by openStore');
  if (store.schema.text !== schemaText) throw new TypeError('createQueryExecutor: schemaText differs from the store schema');
  const unsupported = store.schema.unsupported;
  const { schema } = buildApiSchema(store.schema);
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const scheduler = new QueryScheduler(store.db, store.db.parallelism);
  const documents = new DocumentCache();
  const explainUnsupported = (message: string): string =>
    unsupported.length > 0 && /Cannot query field/.test(message) ? `${message} (this host does not support: ${unsupported.join(', ')})` : message;
  return {
    async execute(request) {
      const guard = new QueryGuard(limits, request.signal ?? undefined, options.logger, () => request.query.slice(0, 500));
      try {
        const ctx: RequestContext = {
          store,
          meta: meta(),
          latest: store.blockPtr()?.number ?? null,
          policies: new Set(),
          readErroredBlock: false,
          loaders: new Map(),
          limits,
          guard,
          scheduler,
          logs: options.logs ?? null,
        };
        const prepared = prepare(schema, request, limits, documents);
        if ('errors' in prepared) return { errors: prepared.errors.map((e) => ({ ...e, message: explainUnsupported(e.message) })) };
        const combined = logsCombinationError(prepared.document, request.operationName);
        if (combined) return { errors: [{ message: combined.message }] };
        const execution = Promise.resolve(
          executeGraphql({
            schema,
            document: prepared.document,
            variableValues: request.variables ?? undefined,
            operationName: request.operationName ?? undefined,
            contextValue: ctx,
          }),
        );
        // A timeout, a client gone or an oversized result: no partial data, one error (graph-node's),
        // answered at once while the rest of the execution unwinds (its SQL is already stopped).
        const result = await Promise.race([execution, guard.whenAborted]);
        if (guard.aborted || result instanceof QueryAbortedError) {
          execution.catch(() => undefined);
          return { errors: [{ message: (guard.aborted ?? (result as QueryAbortedError)).message }] };
        }
        if (result.errors && result.errors.length > 0) {
          const errors = result.errors.map((e: GraphQLError) => {
            const cause = e.originalError;
            if (cause && !(cause instanceof QueryError) && !(cause instanceof GraphQLError) && !(cause instanceof QueryAbortedError)) {
              options.logger?.log('error', `query failed: ${cause.message}`, { path: e.path?.join('.') });
              return { message: INTERNAL_ERROR_MESSAGE, ...(e.locations ? { locations: e.locations } : {}), ...(e.path ? { path: e.path } : {}) };
            }
            const message = explainUnsupported(e.message);
            return { message, ...(e.locations ? { locations: e.locations } : {}), ...(e.path ? { path: e.path } : {}) };
          });
          return result.data ? { data: result.data, errors } : { errors };
        }
        // graph-node: a deployment with deterministic errors answers with `indexing_error`; under the
        // default `deny` policy only _meta (and introspection) data is kept.
        if (ctx.readErroredBlock) {
          const data = { ...(result.data as Record<string, unknown>) };
          if (ctx.policies.has('deny')) {
            for (const k of Object.keys(data)) if (!KEPT_ON_DENY.has(k)) delete data[k];
          }
          return { data, errors: [{ message: 'indexing_error' }] };
        }
        return { data: result.data };
      } finally {
        guard.dispose();
      }
    },
  };
}
