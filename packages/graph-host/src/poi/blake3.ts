/**
 * BLAKE3 for the Legacy PoI (legacy.ts): almost every input there is one chunk (at most 1024 bytes: a
 * sequence number's path, a marker and a field's bytes, or a hasher's ~256-byte state), and the outputs
 * are 32 bytes or the 256-byte XOF that a SetHasher write needs. This one-chunk version (BLAKE3's
 * compression function, chunk flags and root output blocks, without allocations) is several times
 * faster than @noble/hashes' general one on those; longer inputs go to @noble/hashes. Checked against
 * it for every length up to past one chunk (poi-legacy.test.ts).
 */
import { blake3 as nobleBlake3 } from '@noble/hashes/blake3';

const IV = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
const CHUNK_START = 1;
const CHUNK_END = 2;
const ROOT = 8;
const CHUNK_LEN = 1024;

const v = new Uint32Array(16);
const m = new Uint32Array(16);
const cv = new Uint32Array(8);
/** One chunk of input, assembled here (allocating typed arrays per call costs more than the hashing). */
const input = Buffer.alloc(CHUNK_LEN);
/** The 256 XOF bytes of a SetHasher write, most significant first (for a hex BigInt). */
const digitsOut = Buffer.alloc(256);
const digitsView = new DataView(digitsOut.buffer, digitsOut.byteOffset, 256);

/** The compression function on `cv` and the block words `m`; leaves the 16 state words in `v`. */
function compress(counter: number, blockLength: number, flags: number): void {
  // All in locals (G inlined, the message words permuted between rounds): typed-array traffic would dominate.
  let v0 = cv[0]! | 0;
  let v1 = cv[1]! | 0;
  let v2 = cv[2]! | 0;
  let v3 = cv[3]! | 0;
  let v4 = cv[4]! | 0;
  let v5 = cv[5]! | 0;
  let v6 = cv[6]! | 0;
  let v7 = cv[7]! | 0;
  let v8 = IV[0]! | 0;
  let v9 = IV[1]! | 0;
  let v10 = IV[2]! | 0;
  let v11 = IV[3]! | 0;
  let v12 = counter | 0;
  let v13 = 0;
  let v14 = blockLength | 0;
  let v15 = flags | 0;
  let m0 = m[0]! | 0;
  let m1 = m[1]! | 0;
  let m2 = m[2]! | 0;
  let m3 = m[3]! | 0;
  let m4 = m[4]! | 0;
  let m5 = m[5]! | 0;
  let m6 = m[6]! | 0;
  let m7 = m[7]! | 0;
  let m8 = m[8]! | 0;
  let m9 = m[9]! | 0;
  let m10 = m[10]! | 0;
  let m11 = m[11]! | 0;
  let m12 = m[12]! | 0;
  let m13 = m[13]! | 0;
  let m14 = m[14]! | 0;
  let m15 = m[15]! | 0;
  for (let round = 0; round < 7; round++) {
    v0 = (v0 + v4 + m0) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 16) | (v12 << 16);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 12) | (v4 << 20);
    v0 = (v0 + v4 + m1) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 8) | (v12 << 24);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 7) | (v4 << 25);
    v1 = (v1 + v5 + m2) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 16) | (v13 << 16);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 12) | (v5 << 20);
    v1 = (v1 + v5 + m3) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 8) | (v13 << 24);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 7) | (v5 << 25);
    v2 = (v2 + v6 + m4) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 16) | (v14 << 16);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 12) | (v6 << 20);
    v2 = (v2 + v6 + m5) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 8) | (v14 << 24);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 7) | (v6 << 25);
    v3 = (v3 + v7 + m6) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 16) | (v15 << 16);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 12) | (v7 << 20);
    v3 = (v3 + v7 + m7) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 8) | (v15 << 24);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 7) | (v7 << 25);
    v0 = (v0 + v5 + m8) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 16) | (v15 << 16);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 12) | (v5 << 20);
    v0 = (v0 + v5 + m9) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 8) | (v15 << 24);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 7) | (v5 << 25);
    v1 = (v1 + v6 + m10) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 16) | (v12 << 16);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 12) | (v6 << 20);
    v1 = (v1 + v6 + m11) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 8) | (v12 << 24);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 7) | (v6 << 25);
    v2 = (v2 + v7 + m12) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 16) | (v13 << 16);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 12) | (v7 << 20);
    v2 = (v2 + v7 + m13) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 8) | (v13 << 24);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 7) | (v7 << 25);
    v3 = (v3 + v4 + m14) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 16) | (v14 << 16);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 12) | (v4 << 20);
    v3 = (v3 + v4 + m15) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 8) | (v14 << 24);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 7) | (v4 << 25);
    // the message permutation: word i of the next round is word PERMUTATION[i] of this one
    const t0 = m2, t1 = m6, t2 = m3, t3 = m10, t4 = m7, t5 = m0, t6 = m4, t7 = m13, t8 = m1, t9 = m11, t10 = m12, t11 = m5, t12 = m9, t13 = m14, t14 = m15, t15 = m8;
    m0 = t0; m1 = t1; m2 = t2; m3 = t3; m4 = t4; m5 = t5; m6 = t6; m7 = t7; m8 = t8; m9 = t9; m10 = t10; m11 = t11; m12 = t12; m13 = t13; m14 = t14; m15 = t15;
  }
  v[0] = v0;
  v[1] = v1;
  v[2] = v2;
  v[3] = v3;
  v[4] = v4;
  v[5] = v5;
  v[6] = v6;
  v[7] = v7;
  v[8] = v8;
  v[9] = v9;
  v[10] = v10;
  v[11] = v11;
  v[12] = v12;
  v[13] = v13;
  v[14] = v14;
  v[15] = v15;
}

/** Loads `input[start, start + length)` (length <= 64), zero-padded, as the block words. */
/** Loads bytes [start, start + length) of the chunk (length <= 64), zero-padded, as the block words. */
function load(start: number, length: number): void {
  for (let i = 0; i < 16; i++) {
    const at = start + 4 * i;
    const left = length - 4 * i;
    m[i] =
      left >= 4
        ? input[at]! | (input[at + 1]! << 8) | (input[at + 2]! << 16) | (input[at + 3]! << 24)
        : left <= 0
          ? 0
          : input[at]! | (left > 1 ? input[at + 1]! << 8 : 0) | (left > 2 ? input[at + 2]! << 16 : 0);
  }
}

/**
 * Compresses all but the last block of the `length` bytes in `input` into `cv`, loads the last block
 * and returns its length and flags (the root output blocks are then compressions of it with counters
 * 0, 1, ...).
 */
function chunk(length: number): { lastLength: number; flags: number } {
  const blocks = Math.max(1, Math.ceil(length / 64));
  cv.set(IV);
  for (let i = 0; i < blocks - 1; i++) {
    load(i * 64, 64);
    compress(0, 64, i === 0 ? CHUNK_START : 0);
    for (let j = 0; j < 8; j++) cv[j] = v[j]! ^ v[j + 8]!;
  }
  const lastLength = length - (blocks - 1) * 64;
  load((blocks - 1) * 64, lastLength);
  return { lastLength, flags: (blocks === 1 ? CHUNK_START : 0) | CHUNK_END | ROOT };
}

/** Output word j (0..15) of the last compression. */
const outputWord = (j: number): number => (j < 8 ? v[j]! ^ v[j + 8]! : v[j]! ^ cv[j - 8]!);

/** BLAKE3 (32 bytes) of `bytes`. */
export function blake3(bytes: Uint8Array): Uint8Array {
  if (bytes.length > CHUNK_LEN) return nobleBlake3(bytes);
  input.set(bytes);
  const { lastLength, flags } = chunk(bytes.length);
  compress(0, lastLength, flags);
  const out = Buffer.allocUnsafe(32);
  for (let j = 0; j < 8; j++) out.writeUInt32LE(outputWord(j) >>> 0, 4 * j);
  return out;
}

/**
 * A SetHasher write's number (stable-hash `Blake3SeqNo::finish` and `SetHasher::write`): the 256-byte
 * BLAKE3 XOF output of `path || 0x00 || payload` read as a little-endian integer.
 */
export function blake3Digits(path: Uint8Array, payload: Uint8Array | string): bigint {
  let length = path.length + 1;
  let bytes: Uint8Array | null = null;
  if (typeof payload === 'string') {
    // ASCII (names, ids, most values) byte by byte; others through the encoder.
    let i = 0;
    if (length + payload.length <= CHUNK_LEN) {
      for (; i < payload.length; i++) {
        const code = payload.charCodeAt(i);
        if (code >= 0x80) break;
        input[length + i] = code;
      }
    }
    if (i === payload.length) length += i;
    else bytes = Buffer.from(payload, 'utf8');
  } else {
    bytes = payload;
  }
  if (bytes !== null) {
    if (length + bytes.length > CHUNK_LEN) {
      const all = new Uint8Array(length + bytes.length);
      all.set(path);
      all.set(bytes, length);
      const xof = nobleBlake3(all, { dkLen: 256 });
      return BigInt(`0x${Buffer.from(xof).reverse().toString('hex')}`);
    }
    input.set(bytes, length);
    length += bytes.length;
  }
  input.set(path);
  input[path.length] = 0;
  const { lastLength, flags } = chunk(length);
  for (let counter = 0; counter < 4; counter++) {
    compress(counter, lastLength, flags);
    // output byte k (little endian) goes to digitsOut[255 - k]: words big-endian from the end
    for (let j = 0; j < 16; j++) digitsView.setUint32(252 - 64 * counter - 4 * j, outputWord(j), false);
  }
  return BigInt(`0x${digitsOut.toString('hex')}`);
}
