/** graph-node's custom scalars: big numbers, Int8 and Timestamp travel as strings, Bytes as 0x-hex. */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { bytesToHex } from '../store/sql.js';

const INTEGER_RE = /^-?\d+$/;
const DECIMAL_RE = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function literalText(ast: ValueNode): string {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
  throw new GraphQLError(`expected a string or number literal, got ${ast.kind}`);
}

function numberScalar(name: string, re: RegExp, description: string): GraphQLScalarType {
  const parse = (input: unknown): string => {
    const text = typeof input === 'bigint' || typeof input === 'number' ? String(input) : input;
    if (typeof text !== 'string' || !re.test(text)) throw new GraphQLError(`Invalid value for ${name}: ${String(input)}`);
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
