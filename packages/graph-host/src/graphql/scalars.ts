/** graph-node's custom scalars: big numbers, Int8 and Timestamp travel as strings, Bytes as 0x-hex. */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { bytesToHex } from '../store/sql.js';
import { BIGDECIMAL_MAX_EXP, BIGDECIMAL_MIN_EXP, BIGINT_MAX_BITS, bigDecimalExponent, bigDecimalRangeMessage, bigIntBits, bigIntTooBigMessage } from '../store/ranges.js';

const INTEGER_RE = /^-?\d+$/;
const DECIMAL_RE = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function literalText(ast: ValueNode): string {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  throw new GraphQLError(`expected a string or number literal, got ${ast.kind}`);
}

const INT8_MIN = -(1n << 63n);
const INT8_MAX = (1n << 63n) - 1n;

/** graph-node's `Failed to decode` error for a query value (QueryExecutionError::ValueParseError). */
function decodeError(type: string, detail: string): GraphQLError {
  return new GraphQLError(`Failed to decode \`${type}\` value: \`${detail}\``);
}

function checkRange(name: string, text: string): void {
  if (name === 'BigInt') {
    const bits = bigIntBits(text);
    if (bits > BIGINT_MAX_BITS) throw decodeError('BigInt', bigIntTooBigMessage(bits));
  } else if (name === 'Int8' || name === 'Timestamp') {
    const digits = text.replace(/^-?0*/, '');
    const value = digits.length > 20 ? null : BigInt(text);
    if (value === null || value < INT8_MIN || value > INT8_MAX) throw decodeError(name, text.length > 100 ? `${text.slice(0, 100)}…` : text);
  } else if (name === 'BigDecimal') {
    const exp = bigDecimalExponent(text);
    if (exp !== null && (exp < BIGDECIMAL_MIN_EXP || exp > BIGDECIMAL_MAX_EXP)) {
      throw decodeError('BigDecimal', bigDecimalRangeMessage(exp));
    }
  }
}

function numberScalar(name: string, re: RegExp, description: string): GraphQLScalarType {
  const parse = (input: unknown): string => {
    const text = typeof input === 'bigint' || typeof input === 'number' ? String(input) : input;
    if (typeof text !== 'string' || !re.test(text)) {
      const shown = String(input);
      throw new GraphQLError(`Invalid value for ${name}: ${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown}`);
    }
    // Out-of-range values would otherwise reach Postgres and come back as its error messages.
    checkRange(name, text);
    return text;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (typeof value === 'string' ? value : String(value as bigint | number)),
    parseValue: parse,
    parseLiteral: (ast) => parse(literalText(ast)),
  });
}

export const BigIntScalar = numberScalar('BigInt', INTEGER_RE, 'Arbitrary-size integer, serialised as a decimal string');
export const BigDecimalScalar = numberScalar('BigDecimal', DECIMAL_RE, 'Arbitrary-precision decimal, serialised as a string');
export const Int8Scalar = numberScalar('Int8', INTEGER_RE, '8 bytes signed integer');
export const TimestampScalar = numberScalar('Timestamp', INTEGER_RE, 'A timestamp in microseconds since the epoch, serialised as a string');

function parseBytes(input: unknown): string {
  if (typeof input !== 'string') throw new GraphQLError(`Invalid value for Bytes: ${String(input)}`);
  const hex = input.startsWith('0x') || input.startsWith('0X') ? input.slice(2) : input;
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw new GraphQLError(`Failed to decode \`Bytes\` value: \`${input}\``);
  return `0x${hex.toLowerCase()}`;
}

export const BytesScalar = new GraphQLScalarType({
  name: 'Bytes',
  serialize: (value) => {
    if (value instanceof Uint8Array) return `0x${bytesToHex(value)}`;
    if (typeof value === 'string') return parseBytes(value);
    throw new GraphQLError(`Bytes cannot represent ${String(value)}`);
  },
  parseValue: parseBytes,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Bytes must be a hex string');
    return parseBytes(ast.value);
  },
});

export const CUSTOM_SCALARS = {
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  Int8: Int8Scalar,
  Timestamp: TimestampScalar,
  Bytes: BytesScalar,
} as const;
