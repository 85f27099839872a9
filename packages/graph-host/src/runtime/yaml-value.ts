/**
 * graph-ts's `yaml.fromBytes` / `yaml.try_fromBytes` as graph-node answers them: the document is read
 * the way serde_yaml reads it into a `serde_yaml::Value` (YAML 1.2 core schema; one document; duplicate
 * keys refused; custom tags kept as tagged values) and written into the mapping's memory as graph-ts's
 * `YAMLValue` (runtime/wasm/src/to_from/external.rs: numbers as their serde_yaml text, tags as `!tag`).
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { AscHeap } from './asc.js';

export type YamlNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: YamlNode[] }
  | { kind: 'object'; entries: [YamlNode, YamlNode][] }
  | { kind: 'tagged'; tag: string; value: YamlNode };

/** graph-ts YAMLValueKind. */
const KIND = { null: 0, bool: 1, number: 2, string: 3, array: 4, object: 5, tagged: 6 } as const;

/** graph-ts TypeId values of the YAML classes (reserved range 5,500 - 6,499). */
export const YamlTypeId = {
  YamlValue: 5500,
  YamlTaggedValue: 5501,
  YamlTypedMapEntryValueValue: 5502,
  YamlTypedMapValueValue: 5503,
  YamlArrayValue: 5504,
  YamlArrayTypedMapEntryValueValue: 5505,
  YamlWrappedValue: 5506,
  YamlResultValueBool: 5507,
} as const;

/** A document larger than this is refused before parsing (graph-node bounds its YAML input too). */
export const YAML_MAX_BYTES = 10_000_000;
/** Alias expansions allowed in one document (the `yaml` package's guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

export class YamlParseError extends Error {
  override name = 'YamlParseError';
}

export function parseYamlValue(bytes: Uint8Array): YamlNode {
  if (bytes.length > YAML_MAX_BYTES) throw new YamlParseError(`YAML size exceeds max size of ${YAML_MAX_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new YamlParseError('invalid UTF-8 in YAML input');
  }
  const doc = parseDocument(text, { schema: 'core', intAsBigInt: true, uniqueKeys: true, merge: false, strict: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new YamlParseError(doc.errors[0]!.message);
  let aliases = 0;
  const convert = (node: unknown, depth: number): YamlNode => {
    if (depth > 256) throw new YamlParseError('recursion limit exceeded');
    if (node === null || node === undefined) return { kind: 'null' };
    if (isAlias(node)) {
      if (++aliases > MAX_ALIAS_COUNT) throw new YamlParseError(`more than ${MAX_ALIAS_COUNT} aliases`);
      return convert(node.resolve(doc), depth + 1);
    }
    const tag = (node as Node).tag;
    const plain = (): YamlNode => {
      if (isMap(node)) return { kind: 'object', entries: node.items.map((pair) => [convert(pair.key, depth + 1), convert(pair.value, depth + 1)]) };
      if (isSeq(node)) return { kind: 'array', items: node.items.map((item) => convert(item, depth + 1)) };
      if (isScalar(node)) return scalar(node.value, isQuoted(node.type));
      throw new YamlParseError('unsupported YAML node');
    };
    // A custom tag (`!thing value`) is kept, as serde_yaml's Value::Tagged; the core schema's own tags resolve.
    if (tag && !CORE_TAGS.has(tag)) return { kind: 'tagged', tag: tag.startsWith('!') ? tag : `!${tag}`, value: untagged(node as Node, depth) };
    return plain();
  };
  // The value under a custom tag, resolved as if it had none.
  const untagged = (node: Node, depth: number): YamlNode => {
    if (isScalar(node)) {
      const text = String(node.source ?? node.value);
      return isQuoted(node.type) ? { kind: 'string', value: String(node.value) } : (resolvePlain(text) ?? { kind: 'string', value: text });
    }
    const copy = node.clone() as Node;
    copy.tag = undefined;
    return convert(copy, depth + 1);
  };
  return convert(doc.contents, 0);
}

function isQuoted(type: string | undefined): boolean {
  return type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' || type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
}

/** A scalar as the core schema resolved it; quoted and block scalars are always strings. */
function scalar(value: unknown, quoted: boolean): YamlNode {
  if (quoted || typeof value === 'string') return { kind: 'string', value: String(value) };
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'bigint') return integer(value);
  if (typeof value === 'number') return { kind: 'number', text: formatFloat(value) };
  return { kind: 'string', value: String(value) };
}

/** serde_yaml keeps integers that fit i64 / u64; larger ones become floats. */
function integer(value: bigint): YamlNode {
  if (value >= -(2n ** 63n) && value < 2n ** 64n) return { kind: 'number', text: value.toString() };
  return { kind: 'number', text: formatFloat(Number(value)) };
}

/** Plain scalars under a custom tag arrive as their source text: resolve them like untagged ones. */
function resolvePlain(text: string): YamlNode | null {
  if (/^(~|null|Null|NULL|)$/.test(text)) return { kind: 'null' };
  if (/^(true|True|TRUE)$/.test(text)) return { kind: 'bool', value: true };
  if (/^(false|False|FALSE)$/.test(text)) return { kind: 'bool', value: false };
  if (/^[-+]?[0-9]+$/.test(text)) return integer(BigInt(text));
  if (/^0o[0-7]+$/.test(text)) return integer(BigInt(`0o${text.slice(2)}`));
  if (/^0x[0-9a-fA-F]+$/.test(text)) return integer(BigInt(text));
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return { kind: 'number', text: formatFloat(Number(text)) };
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return { kind: 'number', text: text.startsWith('-') ? '-.inf' : '.inf' };
  if (/^\.(nan|NaN|NAN)$/.test(text)) return { kind: 'number', text: '.nan' };
  return null;
}

/**
 * serde_yaml's float text (ryu's shortest form): `2.5`, `1000.0`, `1e20`, `1.5e-7`, `.inf`, `.nan`.
 * The digits are JavaScript's shortest round-trip digits, which are ryu's.
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (!Number.isFinite(x)) return x > 0 ? '.inf' : '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const length = digits.length;
  const kk = Number(exponent) + 1; // digits before the decimal point
  let body: string;
  if (kk >= length && kk <= 16) body = `${digits}${'0'.repeat(kk - length)}.0`;
  else if (kk > 0 && kk <= 16) body = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) body = `0.${'0'.repeat(-kk)}${digits}`;
  else if (length === 1) body = `${digits}e${kk - 1}`;
  else body = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  return sign + body;
}

/** Writes a YAMLValue (graph-ts's layout: kind i32, padding, u64 payload) and everything it points to. */
export function writeYamlValue(heap: AscHeap, node: YamlNode): number {
  const id = YamlTypeId.YamlValue;
  switch (node.kind) {
    case 'null':
      return heap.newKindData(id, KIND.null, 0);
    case 'bool':
      return heap.newKindData(id, KIND.bool, node.value ? 1 : 0);
    case 'number':
      return heap.newKindData(id, KIND.number, heap.newString(node.text));
    case 'string':
      return heap.newKindData(id, KIND.string, heap.newString(node.value));
    case 'array':
      return heap.newKindData(id, KIND.array, heap.newPtrArray(YamlTypeId.YamlArrayValue, node.items.map((item) => writeYamlValue(heap, item))));
    case 'object': {
      const entries = node.entries.map(([key, value]) =>
        heap.newObject(YamlTypeId.YamlTypedMapEntryValueValue, [writeYamlValue(heap, key), writeYamlValue(heap, value)]),
      );
      const map = heap.newObject(YamlTypeId.YamlTypedMapValueValue, [heap.newPtrArray(YamlTypeId.YamlArrayTypedMapEntryValueValue, entries)]);
      return heap.newKindData(id, KIND.object, map);
    }
    case 'tagged':
      return heap.newKindData(id, KIND.tagged, heap.newObject(YamlTypeId.YamlTaggedValue, [heap.newString(node.tag), writeYamlValue(heap, node.value)]));
  }
}

/** `Result<YAMLValue, bool>`: the value wrapped, or the error flag wrapped. */
export function writeYamlResult(heap: AscHeap, node: YamlNode | null): number {
  if (node === null) return heap.newObject(YamlTypeId.YamlResultValueBool, [0, heap.newWrappedBool(true)]);
  const wrapped = heap.newObject(YamlTypeId.YamlWrappedValue, [writeYamlValue(heap, node)]);
  return heap.newObject(YamlTypeId.YamlResultValueBool, [wrapped, 0]);
}

