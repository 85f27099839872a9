/** SQL literal encoding of entity values, used to build large multi-row INSERTs cheaply. */
import type { Value } from '../types.js';
import type { FieldDesc, IdKind, ScalarKind } from '../schema/index.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(s: string): string {
  // Postgres text cannot hold NUL; graph-node fails on them too, we drop them rather than abort the batch.
  return `'${s.replace(/\u0000/g, '').replace(/'/g, "''")}'`;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`invalid hex string: ${hex}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

const NUMERIC_RE = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function columnType(storage: ScalarKind): string {
  switch (storage) {
    case 'ID':
    case 'String':
      return 'text';
    case 'Bytes':
      return 'bytea';
    case 'Int':
      return 'int4';
    case 'Int8':
    case 'Timestamp': // microseconds since epoch, as the Value carries it
      return 'int8';
    case 'BigInt':
    case 'BigDecimal':
      return 'numeric';
    case 'Boolean':
      return 'boolean';
  }
}

export function idColumnType(idKind: IdKind): string {
  return idKind === 'Bytes' ? 'bytea' : idKind === 'Int8' ? 'int8' : 'text';
}

/** Literal for a single (non-list) value already validated against the field. */
export function scalarLiteral(value: Value, storage: ScalarKind): string {
  switch (value.kind) {
    case 'Null':
      return 'NULL';
    case 'String':
      if (storage === 'Bytes') return `'\\x${bytesToHex(hexToBytes(value.value))}'::bytea`;
      return quoteString(value.value);
    case 'Int':
      return String(value.value | 0);
    case 'Int8':
    case 'Timestamp':
      // Quoted: `::` binds before a unary minus, so -9223372036854775808::int8 would overflow.
      return `'${BigInt(value.value).toString()}'::int8`;
    case 'BigInt':
      return `${value.value.toString()}::numeric`;
    case 'BigDecimal':
      if (!NUMERIC_RE.test(value.value)) throw new Error(`invalid BigDecimal ${value.value}`);
      return `'${value.value}'::numeric`;
    case 'Bool':
      return value.value ? 'true' : 'false';
    case 'Bytes':
      return `'\\x${bytesToHex(value.value)}'::bytea`;
    case 'Array':
      throw new Error('nested arrays are not supported');
  }
}

export function valueLiteral(value: Value | undefined, field: FieldDesc): string {
  if (!value || value.kind === 'Null') return 'NULL';
  if (field.list) {
    if (value.kind !== 'Array') throw new Error(`field ${field.name} expects a list`);
    const type = columnType(field.storage);
    if (value.value.length === 0) return `'{}'::${type}[]`;
    return `ARRAY[${value.value.map((v) => scalarLiteral(v, field.storage)).join(',')}]::${type}[]`;
  }
  return scalarLiteral(value, field.storage);
}

/** Literal for an id given as the string the mappings use (hex for Bytes ids). */
export function idLiteral(id: string, idKind: IdKind): string {
  if (idKind === 'Bytes') return `'\\x${bytesToHex(hexToBytes(id))}'::bytea`;
  if (idKind === 'Int8') return `'${BigInt(id).toString()}'::int8`;
  return quoteString(id);
}

// ------------------------------------------------------------------ COPY text format

const COPY_SPECIAL = /[\\\t\n\r]/;

/** Escapes a value's text representation for COPY's text format (most values need nothing). */
function copyEscape(text: string): string {
  if (!COPY_SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Text representation (as Postgres would print it) of a non-list value. */
function scalarText(value: Value, storage: ScalarKind): string | null {
  switch (value.kind) {
    case 'Null':
      return null;
    case 'String':
      if (storage === 'Bytes') return `\\x${bytesToHex(hexToBytes(value.value))}`;
      return value.value.replace(/\u0000/g, '');
    case 'Int':
      return String(value.value | 0);
    case 'Int8':
    case 'Timestamp':
    case 'BigInt':
      return value.value.toString();
    case 'BigDecimal':
      if (!NUMERIC_RE.test(value.value)) throw new Error(`invalid BigDecimal ${value.value}`);
      return value.value;
    case 'Bool':
      return value.value ? 't' : 'f';
    case 'Bytes':
      return `\\x${bytesToHex(value.value)}`;
    case 'Array':
      throw new Error('nested arrays are not supported');
  }
}

/** One COPY text-format field for a value of `field` (`\\N` for null). */
export function copyField(value: Value | undefined, field: FieldDesc): string {
  if (!value || value.kind === 'Null') return '\\N';
  if (field.list) {
    if (value.kind !== 'Array') throw new Error(`field ${field.name} expects a list`);
    // Numbers and booleans print without quotes or escapes; the same array literal either way.
    if (value.value.every((v) => v.kind === 'Int' || v.kind === 'Int8' || v.kind === 'Timestamp' || v.kind === 'BigInt' || v.kind === 'Bool')) {
      return `{${value.value.map((v) => scalarText(v, field.storage)).join(',')}}`;
    }
    const items = value.value.map((v) => {
      const t = scalarText(v, field.storage);
      return t === null ? 'NULL' : `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    });
    return copyEscape(`{${items.join(',')}}`);
  }
  // Bytes print as \\x + hex: nothing else to escape.
  if (value.kind === 'Bytes') return `\\\\x${bytesToHex(value.value)}`;
  const text = scalarText(value, field.storage);
  return text === null ? '\\N' : copyEscape(text);
}
