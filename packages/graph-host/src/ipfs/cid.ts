/**
 * Content addressing compatible with `ipfs add` (kubo defaults: CIDv0, 256 KiB chunks, balanced DAG,
 * dag-pb UnixFS leaves). Files up to one chunk produce exactly kubo's `Qm…` hash (checked against
 * known vectors in the tests); larger files use kubo's balanced layout with 174 links per node.
 */
import { createHash } from 'node:crypto';

const CHUNK_SIZE = 262_144;
const MAX_LINKS = 174;
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE58_ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

export function base58Decode(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`invalid base58 character ${JSON.stringify(char)}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

/** True for a syntactically valid CIDv0 (base58 sha2-256 multihash). */
export function isCidV0(text: string): boolean {
  if (!/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(text)) return false;
  try {
    const bytes = base58Decode(text);
    return bytes.length === 34 && bytes[0] === 0x12 && bytes[1] === 0x20;
  } catch {
    return false;
  }
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** Protobuf length-delimited field. */
function bytesField(field: number, payload: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(payload.length)]), payload]);
}

function varintField(field: number, value: number): Uint8Array {
  return Buffer.from([...varint(field << 3), ...varint(value)]);
}

/** UnixFS `Data` message of a file node (Type = File). */
function unixfsFile(data: Uint8Array | null, fileSize: number, blockSizes: number[]): Uint8Array {
  const parts: Uint8Array[] = [varintField(1, 2)];
  if (data && data.length > 0) parts.push(bytesField(2, data));
  parts.push(varintField(3, fileSize));
  for (const size of blockSizes) parts.push(varintField(4, size));
  return Buffer.concat(parts);
}

interface DagNode {
  block: Uint8Array;
  multihash: Uint8Array;
  /** Serialized size of this node plus every node below it (dag-pb link Tsize). */
  cumulativeSize: number;
  fileSize: number;
}

function makeNode(links: DagNode[], unixfsData: Uint8Array): DagNode {
  // dag-pb canonical form: Links (field 2) before Data (field 1); link = Hash, Name (""), Tsize.
  const parts: Uint8Array[] = [];
  for (const link of links) {
    const linkBytes = Buffer.concat([bytesField(1, link.multihash), bytesField(2, new Uint8Array(0)), varintField(3, link.cumulativeSize)]);
    parts.push(bytesField(2, linkBytes));
  }
  parts.push(bytesField(1, unixfsData));
  const block = Buffer.concat(parts);
  const digest = createHash('sha256').update(block).digest();
  const multihash = Buffer.concat([Buffer.from([0x12, 0x20]), digest]);
  const cumulativeSize = block.length + links.reduce((sum, l) => sum + l.cumulativeSize, 0);
  const fileSize = links.reduce((sum, l) => sum + l.fileSize, 0);
  return { block, multihash, cumulativeSize, fileSize };
}

/** Builds the UnixFS DAG of `content`; returns every block by CID plus the root CID. */
export function unixfsDag(content: Uint8Array): { cid: string; size: number; blocks: Map<string, Uint8Array> } {
  const blocks = new Map<string, Uint8Array>();
  const remember = (node: DagNode): DagNode => {
    blocks.set(base58Encode(node.multihash), node.block);
    return node;
  };
  let level: DagNode[] = [];
  for (let offset = 0; offset < content.length || level.length === 0; offset += CHUNK_SIZE) {
    const chunk = content.subarray(offset, Math.min(offset + CHUNK_SIZE, content.length));
    const leaf = makeNode([], unixfsFile(chunk, chunk.length, []));
    level.push(remember({ ...leaf, fileSize: chunk.length }));
    if (content.length === 0) break;
  }
  while (level.length > 1) {
    const next: DagNode[] = [];
    for (let i = 0; i < level.length; i += MAX_LINKS) {
      const children = level.slice(i, i + MAX_LINKS);
      const total = children.reduce((sum, c) => sum + c.fileSize, 0);
      const node = makeNode(children, unixfsFile(null, total, children.map((c) => c.fileSize)));
      next.push(remember({ ...node, fileSize: total }));
    }
    level = next;
  }
  const root = level[0]!;
  return { cid: base58Encode(root.multihash), size: root.cumulativeSize, blocks };
}

/** CIDv0 of `content` as `ipfs add` would compute it. */
export function cidV0(content: Uint8Array): string {
  return unixfsDag(content).cid;
}
