/** Validation of entity values against the schema, and decoding of database rows back into entities. */
import { print } from 'graphql';
import type { Entity, Value } from '../types.js';
import type { EntityTypeDesc, FieldDesc, ScalarKind } from '../schema/index.js';
import { bytesToHex, hexToBytes } from './sql.js';
import { bigDecimalInRange, bigDecimalRangeMessage, bigIntTooBigMessage, bigIntValueTooBig } from './ranges.js';

export class EntityValidationError extends Error {
  override name = 'EntityValidationError';
}

const EXPECTED_KIND: Record<ScalarKind, Value['kind']> = {
  ID: 'String',
  String: 'String',
  Bytes: 'Bytes',
  Int: 'Int',
  Int8: 'Int8',
  BigInt: 'BigInt',
  BigDecimal: 'BigDecimal',
  Boolean: 'Bool',
  Timestamp: 'Timestamp',
};

function describe(value: Value): string {
  switch (value.kind) {
    case 'Bytes':
      return `0x${bytesToHex(value.value)}`;
    case 'Array':
      return `[${value.value.map(describe).join(', ')}]`;
    case 'Null':
      return 'null';
    default:
      return String(value.value);
  }
}

/** Coerces lossless kind differences (e.g. Int into an Int8 field) and rejects the rest, as graph-node does. */
function coerceScalar(value: Value, field: FieldDesc, ctx: string): Value {
  const expected = EXPECTED_KIND[field.storage];
  if (value.kind === 'String' && value.value.includes('\u0000')) return coerceScalar({ kind: 'String', value: stripNul(value.value) }, field, ctx);
  // Out of graph-node's ranges, a value would fail the flush with a Postgres error; fail the write instead.
  if (value.kind === 'BigInt' && bigIntValueTooBig(value.value)) {
    throw new EntityValidationError(`${ctx}: field \`${field.name}\`: ${bigIntTooBigMessage(value.value.toString(2).replace('-', '').length + 1)}`);
  }
  if ((value.kind === 'Int8' || value.kind === 'Timestamp') && value.value !== BigInt.asIntN(64, value.value)) {
    throw new EntityValidationError(`${ctx}: field \`${field.name}\`: ${value.value} does not fit in 64 bits (${value.kind})`);
  }
  if (value.kind === 'Int' && !(Number.isInteger(value.value) && value.value === (value.value | 0))) {
    throw new EntityValidationError(`${ctx}: field \`${field.name}\`: ${value.value} is not a 32-bit integer (Int)`);
  }
  if (value.kind === 'BigDecimal') {
    const range = bigDecimalInRange(value.value);
    if (!range.ok) throw new EntityValidationError(`${ctx}: field \`${field.name}\`: ${bigDecimalRangeMessage(range.exp)}`);
  }
  if (value.kind === expected) return value;
  if (value.kind === 'Int' && (expected === 'Int8' || expected === 'Timestamp')) return { kind: expected, value: BigInt(value.value) };
  if (value.kind === 'Int' && expected === 'BigInt') return { kind: 'BigInt', value: BigInt(value.value) };
  if (value.kind === 'Int8' && expected === 'Timestamp') return { kind: 'Timestamp', value: value.value };
  if (value.kind === 'String' && expected === 'Bytes' && (field.category !== 'scalar' || field.name === 'id')) {
    return { kind: 'Bytes', value: hexToBytes(value.value) };
  }
  throw new EntityValidationError(
    `${ctx}: the value \`${describe(value)}\` for field \`${field.name}\` must have type ${print(field.typeNode)} but has type ${value.kind}`,
  );
}

/** Validates an entity for `set` and returns the copy the store keeps (derived fields dropped). */
export function validateEntity(desc: EntityTypeDesc, id: string, entity: Entity): Entity {
  const ctx = `Entity ${desc.name}[${id}]`;
  for (const key of entity.keys()) {
    if (!desc.fieldsByName.has(key)) throw new EntityValidationError(`${ctx}: unknown field \`${key}\``);
  }
  const out: Entity = new Map();
  for (const field of desc.fields) {
    const value = entity.get(field.name);
    if (field.derivedFrom) {
      if (value && value.kind !== 'Null') throw new EntityValidationError(`${ctx}: field \`${field.name}\` is derived and cannot be set`);
      continue;
    }
    if (!value || value.kind === 'Null') {
      if (field.nonNull) throw new EntityValidationError(`${ctx}: missing value for non-nullable field \`${field.name}\``);
      continue;
    }
    if (field.list) {
      if (value.kind !== 'Array') {
        throw new EntityValidationError(`${ctx}: the value \`${describe(value)}\` for field \`${field.name}\` must be a list`);
      }
      out.set(field.name, { kind: 'Array', value: value.value.map((v) => coerceScalar(v, field, ctx)) });
    } else {
      out.set(field.name, coerceScalar(value, field, ctx));
    }
  }
  const idValue = out.get('id');
  const idString = idValue ? valueKey(idValue) : undefined;
  if (idString !== normaliseId(desc, id)) {
    throw new EntityValidationError(`${ctx}: the entity's id \`${idString}\` does not match the key it is stored under`);
  }
  return out;
}

/** Canonical string key of an id or reference value (hex for Bytes, decimal for Int8). */
export function valueKey(value: Value): string | undefined {
  switch (value.kind) {
    case 'String':
      return value.value;
    case 'Bytes':
      return `0x${bytesToHex(value.value)}`;
    case 'Int8':
    case 'Int':
    case 'BigInt':
      return value.value.toString();
    default:
      return undefined;
  }
}

/**
 * graph-node strips NUL from every string a mapping hands over (runtime/wasm/src/to_from/mod.rs:
 * Postgres text cannot hold it), ids included; the store applies the same rule to keys, stored
 * values and lookups so memory, the database and a restart all agree.
 */
export function stripNul(s: string): string {
  return s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
}

export function normaliseId(desc: { idKind: string }, id: string): string {
  if (desc.idKind === 'Bytes') return id.toLowerCase();
  return stripNul(id);
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  return BigInt(String(v));
}

function decodeScalar(raw: unknown, storage: ScalarKind): Value {
  switch (storage) {
    case 'ID':
    case 'String':
      return { kind: 'String', value: String(raw) };
    case 'Bytes':
      return { kind: 'Bytes', value: raw instanceof Uint8Array ? new Uint8Array(raw) : hexToBytes(String(raw).replace(/^\\x/, '')) };
    case 'Int':
      return { kind: 'Int', value: Number(raw) };
    case 'Int8':
      return { kind: 'Int8', value: toBigInt(raw) };
    case 'Timestamp':
      return { kind: 'Timestamp', value: toBigInt(raw) };
    case 'BigInt':
      return { kind: 'BigInt', value: toBigInt(raw) };
    case 'BigDecimal':
      return { kind: 'BigDecimal', value: String(raw) };
    case 'Boolean':
      return { kind: 'Bool', value: raw === true || raw === 't' };
  }
}

/** Database row (columns by column name) to an entity; null columns are omitted like graph-node does. */
export function rowToEntity(desc: EntityTypeDesc, row: Record<string, unknown>): Entity {
  const entity: Entity = new Map();
  for (const field of desc.fields) {
    if (field.derivedFrom) continue;
    const raw = row[field.column];
    if (raw === null || raw === undefined) continue;
    if (field.list) {
      const items = raw as unknown[];
      entity.set(field.name, { kind: 'Array', value: items.map((item) => decodeScalar(item, field.storage)) });
    } else {
      entity.set(field.name, decodeScalar(raw, field.storage));
    }
  }
  return entity;
}

/** JSON-safe encoding of entities (data source contexts) for the dynamic data sources table. */
export function valueToJson(value: Value): unknown {
  switch (value.kind) {
    case 'Null':
      return { kind: 'Null' };
    case 'Bytes':
      return { kind: 'Bytes', value: bytesToHex(value.value) };
    case 'BigInt':
    case 'Int8':
    case 'Timestamp':
      return { kind: value.kind, value: value.value.toString() };
    case 'Array':
      return { kind: 'Array', value: value.value.map(valueToJson) };
    default:
      return { kind: value.kind, value: value.value };
  }
}

/** An entity as graph-node's index node writes it (entityChangesInBlock): BigInt, BigDecimal, Int8 and Timestamp as strings, Bytes as 0x hex. */
export function entityPlainJson(entity: Entity): Record<string, unknown> {
  return Object.fromEntries([...entity].map(([field, value]) => [field, valuePlainJson(value)]));
}

function valuePlainJson(value: Value): unknown {
  switch (value.kind) {
    case 'Null':
      return null;
    case 'Bytes':
      return `0x${bytesToHex(value.value)}`;
    case 'BigInt':
    case 'Int8':
    case 'Timestamp':
      return value.value.toString();
    case 'Array':
      return value.value.map(valuePlainJson);
    default:
      return value.value;
  }
}

export function valueFromJson(json: unknown): Value {
  const j = json as { kind: Value['kind']; value?: unknown };
  switch (j.kind) {
    case 'Null':
      return { kind: 'Null' };
    case 'Bytes':
      return { kind: 'Bytes', value: hexToBytes(String(j.value)) };
    case 'BigInt':
    case 'Int8':
    case 'Timestamp':
      return { kind: j.kind, value: BigInt(String(j.value)) };
    case 'Array':
      return { kind: 'Array', value: (j.value as unknown[]).map(valueFromJson) };
    case 'String':
    case 'BigDecimal':
      return { kind: j.kind, value: String(j.value) };
    case 'Int':
      return { kind: 'Int', value: Number(j.value) };
    case 'Bool':
      return { kind: 'Bool', value: Boolean(j.value) };
  }
}

export function entityToJson(entity: Entity): Record<string, unknown> {
  return Object.fromEntries([...entity].map(([k, v]) => [k, valueToJson(v)]));
}

export function entityFromJson(json: Record<string, unknown>): Entity {
  return new Map(Object.entries(json).map(([k, v]) => [k, valueFromJson(v)]));
}
