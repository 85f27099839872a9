/**
 * Translates graph-node query arguments (where / orderBy / block) into SQL over the relational
 * layout written by the store, following graph-node's relational_queries semantics.
 */
import type { EntityTypeDesc, FieldDesc, InterfaceDesc, ScalarKind, SubgraphSchema } from '../schema/index.js';
import { quoteIdent } from '../store/sql.js';

export class QueryError extends Error {
  override name = 'QueryError';
}

/** Collects positional parameters while SQL text is built. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    // Postgres text cannot hold NUL and graph-node strips it from every stored string, so a query
    // value keeps the same meaning without it (and no database error reaches the client).
    this.values.push(typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '') : value);
    return `$${this.values.length}`;
  }
}

const SQL_TYPE: Record<ScalarKind, string> = {
  ID: 'text',
  String: 'text',
  Bytes: 'bytea',
  Int: 'int4',
  Int8: 'int8',
  Timestamp: 'int8',
  BigInt: 'numeric',
  BigDecimal: 'numeric',
  Boolean: 'boolean',
};

function stripHex(value: string): string {
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw new QueryError(`Failed to decode \`Bytes\` value: \`${value}\``);
  return hex.toLowerCase();
}

/** A scalar as a SQL expression with a bound parameter. */
export function sqlScalar(params: Params, storage: ScalarKind, value: unknown): string {
  if (storage === 'Bytes') return `decode(${params.add(stripHex(String(value)))}, 'hex')`;
  if (storage === 'Boolean') return `${params.add(Boolean(value))}::boolean`;
  if (storage === 'Int') return `${params.add(Number(value))}::int4`;
  return `${params.add(String(value))}::${SQL_TYPE[storage]}`;
}

function pgArrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A list of scalars as a SQL array expression. */
export function sqlArray(params: Params, storage: ScalarKind, values: unknown[]): string {
  if (storage === 'Bytes') {
    return `array(select decode(x, 'hex') from unnest(${params.add(pgArrayLiteral(values.map((v) => stripHex(String(v)))))}::text[]) x)`;
  }
  return `${params.add(pgArrayLiteral(values.map((v) => String(v))))}::${SQL_TYPE[storage]}[]`;
}

export function tableOf(namespace: string, desc: EntityTypeDesc): string {
  return `${quoteIdent(namespace)}.${quoteIdent(desc.table)}`;
}

/** Visibility of a row version at `block`. */
export function blockCondition(alias: string, desc: EntityTypeDesc, block: number): string {
  return desc.immutable ? `${alias}."block$" <= ${block | 0}` : `${alias}.block_range @> ${block | 0}`;
}

const OPS = [
  'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in', 'contains', 'contains_nocase', 'not_contains', 'not_contains_nocase',
  'starts_with', 'starts_with_nocase', 'not_starts_with', 'not_starts_with_nocase', 'ends_with', 'ends_with_nocase',
  'not_ends_with', 'not_ends_with_nocase',
] as const;
type Op = '' | (typeof OPS)[number];
const OP_SET = new Set<string>(OPS);

export interface SqlContext {
  schema: SubgraphSchema;
  namespace: string;
  block: number;
  params: Params;
  aliasCounter: { n: number };
}

type Owner = EntityTypeDesc | InterfaceDesc;

/** Concrete entity types a field's named type stands for (itself, or an interface's implementors). */
export function concreteTypes(schema: SubgraphSchema, typeName: string): EntityTypeDesc[] {
  const entity = schema.entities.get(typeName);
  if (entity) return [entity];
  const iface = schema.interfaces.get(typeName);
  return (iface?.implementors ?? []).map((n) => schema.entities.get(n)!).filter(Boolean);
}

function parseFilterKey(owner: Owner, key: string): { field: FieldDesc; op: Op | 'child' } {
  const direct = owner.fieldsByName.get(key);
  if (direct) return { field: direct, op: '' };
  if (key.endsWith('_')) {
    const child = owner.fieldsByName.get(key.slice(0, -1));
    if (child && (child.category === 'entity' || child.category === 'interface')) return { field: child, op: 'child' };
  }
  // Longest field name first: field names may themselves contain underscores.
  const candidates = [...owner.fieldsByName.keys()].filter((n) => key.startsWith(`${n}_`)).sort((a, b) => b.length - a.length);
  for (const name of candidates) {
    const op = key.slice(name.length + 1);
    if (OP_SET.has(op)) return { field: owner.fieldsByName.get(name)!, op: op as Op };
  }
  throw new QueryError(`Filter field \`${key}\` does not exist on ${owner.name}`);
}

function likePattern(op: string, value: string): string {
  if (op.includes('contains')) return `%${value}%`;
  if (op.includes('starts_with')) return `${value}%`;
  return `%${value}`;
}

function scalarCondition(ctx: SqlContext, column: string, field: FieldDesc, op: Op, value: unknown): string {
  const storage = field.storage;
  const p = ctx.params;
  if (field.list) {
    if (value === null) return op === '' ? `${column} is null` : `${column} is not null`;
    const values = value as unknown[];
    const arr = sqlArray(p, storage, values);
    switch (op) {
      case '':
        return `${column} = ${arr}`;
      case 'not':
        return `${column} <> ${arr}`;
      // graph-node (relational_queries.rs, Filter::contains): on lists, `_contains` and
      // `_contains_nocase` are both array containment (`@>`, every value, case-sensitive), and both
      // negations are "no value in common" (`not &&`).
      case 'contains':
      case 'contains_nocase':
        return `${column} @> ${arr}`;
      case 'not_contains':
      case 'not_contains_nocase':
        return `not (${column} && ${arr})`;
      default:
        throw new QueryError(`Filter \`${field.name}_${op}\` is not supported on list fields`);
    }
  }
  if (value === null) {
    if (op === '') return `${column} is null`;
    if (op === 'not') return `${column} is not null`;
    throw new QueryError(`Filter \`${field.name}_${op}\` does not accept null`);
  }
  switch (op) {
    case '':
      return `${column} = ${sqlScalar(p, storage, value)}`;
    case 'not':
      return `${column} <> ${sqlScalar(p, storage, value)}`;
    case 'gt':
      return `${column} > ${sqlScalar(p, storage, value)}`;
    case 'lt':
      return `${column} < ${sqlScalar(p, storage, value)}`;
    case 'gte':
      return `${column} >= ${sqlScalar(p, storage, value)}`;
    case 'lte':
      return `${column} <= ${sqlScalar(p, storage, value)}`;
    case 'in':
    case 'not_in': {
      const values = value as unknown[];
      if (values.length === 0) return op === 'in' ? 'false' : 'true';
      const cond = `${column} = any(${sqlArray(p, storage, values)})`;
      return op === 'in' ? cond : `not (${cond})`;
    }
    default: {
      if (storage === 'Bytes') {
        const pos = `position(${sqlScalar(p, 'Bytes', value)} in ${column})`;
        if (op === 'contains') return `${pos} > 0`;
        if (op === 'not_contains') return `${pos} = 0`;
        throw new QueryError(`Filter \`${field.name}_${op}\` is not supported for Bytes`);
      }
      const negated = op.startsWith('not_');
      const nocase = op.endsWith('_nocase');
      const pattern = p.add(likePattern(op, String(value)));
      return `${column} ${negated ? 'not ' : ''}${nocase ? 'ilike' : 'like'} ${pattern}`;
    }
  }
}

function childFilter(ctx: SqlContext, alias: string, owner: EntityTypeDesc, field: FieldDesc, value: Record<string, unknown>): string {
  const alternatives = concreteTypes(ctx.schema, field.typeName).map((child) => {
    const ch = `c${++ctx.aliasCounter.n}`;
    const join = relationJoin(ch, child, alias, owner, field);
    const inner = filterCondition(ctx, ch, child, value);
    return `exists (select 1 from ${tableOf(ctx.namespace, child)} ${ch} where ${join} and ${blockCondition(ch, child, ctx.block)} and ${inner})`;
  });
  return alternatives.length === 0 ? 'false' : `(${alternatives.join(' or ')})`;
}

/** Join condition between a parent row (`parent`) and the rows of `child` its relation `field` designates. */
export function relationJoin(ch: string, child: EntityTypeDesc, parent: string, _owner: EntityTypeDesc, field: FieldDesc): string {
  if (field.derivedFrom) {
    const back = child.fieldsByName.get(field.derivedFrom);
    if (!back) throw new QueryError(`${child.name} has no field ${field.derivedFrom}`);
    const backCol = `${ch}.${quoteIdent(back.column)}`;
    return back.list ? `${parent}.id = any(${backCol})` : `${backCol} = ${parent}.id`;
  }
  const col = `${parent}.${quoteIdent(field.column)}`;
  return field.list ? `${ch}.id = any(${col})` : `${ch}.id = ${col}`;
}

/** SQL condition for a `where` object on `desc` rows aliased `alias`. */
export function filterCondition(ctx: SqlContext, alias: string, desc: EntityTypeDesc, where: Record<string, unknown> | null | undefined): string {
  if (!where) return 'true';
  const keys = Object.keys(where).filter((k) => where[k] !== undefined);
  if (keys.includes('or') && keys.length > 1) {
    // graph-node rejects this rather than guessing how `or` combines with the other filters.
    const others = keys.filter((k) => k !== 'or').map((k) => `'${k}'`).join(', ');
    throw new QueryError(`Cannot mix column filters with 'or' operator at the same level. Found column filter(s) ${others} alongside 'or' operator.`);
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') {
      const subs = ((value as Record<string, unknown>[] | null) ?? []).map((w) => `(${filterCondition(ctx, alias, desc, w)})`);
      if (subs.length > 0) parts.push(`(${subs.join(key === 'and' ? ' and ' : ' or ')})`);
      continue;
    }
    if (key === '_change_block') {
      const gte = Number((value as { number_gte: number }).number_gte) | 0;
      parts.push(desc.immutable ? `${alias}."block$" >= ${gte}` : `lower(${alias}.block_range) >= ${gte}`);
      continue;
    }
    const { field, op } = parseFilterKey(desc, key);
    if (op === 'child') {
      if (value === null) throw new QueryError(`Filter \`${key}\` does not accept null`);
      parts.push(childFilter(ctx, alias, desc, field, value as Record<string, unknown>));
      continue;
    }
    if (field.derivedFrom) throw new QueryError(`Filter \`${key}\` on the derived field ${desc.name}.${field.name} is not supported; use \`${field.name}_\``);
    parts.push(scalarCondition(ctx, `${alias}.${quoteIdent(field.column)}`, field, op, value));
  }
  return parts.length === 0 ? 'true' : parts.join(' and ');
}

/** ORDER BY expression for an `orderBy` value (a field, or `parent__child` one level deep). */
export function orderExpression(ctx: SqlContext, alias: string, desc: EntityTypeDesc, orderBy: string): string {
  const field = desc.fieldsByName.get(orderBy);
  if (field) {
    if (field.derivedFrom || field.list) throw new QueryError(`Sorting by the list or derived field ${desc.name}.${orderBy} is not supported`);
    return `${alias}.${quoteIdent(field.column)}`;
  }
  const sep = orderBy.indexOf('__');
  if (sep > 0) {
    const parent = desc.fieldsByName.get(orderBy.slice(0, sep));
    const childName = orderBy.slice(sep + 2);
    if (parent && (parent.category === 'entity' || parent.category === 'interface') && !parent.list) {
      const exprs = concreteTypes(ctx.schema, parent.typeName).map((child) => {
        const childField = child.fieldsByName.get(childName);
        if (!childField || childField.list || childField.derivedFrom) throw new QueryError(`Can not sort by ${orderBy}`);
        const ch = `c${++ctx.aliasCounter.n}`;
        return `(select ${ch}.${quoteIdent(childField.column)} from ${tableOf(ctx.namespace, child)} ${ch} where ${relationJoin(
          ch, child, alias, desc, parent,
        )} and ${blockCondition(ch, child, ctx.block)} order by ${ch}.id limit 1)`;
      });
      if (exprs.length === 0) throw new QueryError(`Can not sort by ${orderBy}`);
      return exprs.length === 1 ? exprs[0]! : `coalesce(${exprs.join(', ')})`;
    }
  }
  throw new QueryError(`Can not sort by ${orderBy}: no such field on ${desc.name}`);
}
