/**
 * XXH3-128 with a 64-bit seed (xxHash 0.8.x `XXH3_128bits_withSeed`, identical to the Rust crate
 * xxhash-rust's `xxh3_128_with_seed` and to @node-rs/xxhash's `xxh3.xxh128(bytes, seed)`), ported from
 * the reference scalar code path of xxhash.h. Function names follow the reference.
 *
 * `xxh3_128(ptr, len, seed, out)` hashes `len` bytes at `ptr` and stores the result at `out` as two
 * little-endian u64: low 64 bits at `out`, high 64 bits at `out + 8`.
 *
 * Wasm is little endian, so the reference's XXH_readLE64/32 are plain (unaligned) loads. Wasm has no
 * 64×64→128 multiply: mult64to128 emulates it. Nothing is allocated (the module runs on the stub
 * runtime): the secret derived from the seed lives in a static area, the long hash's 8 accumulators in
 * locals. Verified against @node-rs/xxhash for every length 0..2100 and assorted seeds.
 */

// ---- constants ----

const PRIME32_1: u64 = 0x9E3779B1;
const PRIME32_2: u64 = 0x85EBCA77;
const PRIME32_3: u64 = 0xC2B2AE3D;
const PRIME64_1: u64 = 0x9E3779B185EBCA87;
const PRIME64_2: u64 = 0xC2B2AE3D27D4EB4F;
const PRIME64_3: u64 = 0x165667B19E3779F9;
const PRIME64_4: u64 = 0x85EBCA77C2B2AE63;
const PRIME64_5: u64 = 0x27D4EB2F165667C5;
const PRIME_MX1: u64 = 0x165667919E3779F9;
const PRIME_MX2: u64 = 0x9FB21C651E98DF25;

const STRIPE_LEN: usize = 64;
const SECRET_CONSUME_RATE: usize = 8; // bytes of secret advanced per stripe
const SECRET_SIZE: usize = 192; // XXH_SECRET_DEFAULT_SIZE
const SECRET_SIZE_MIN: usize = 136;
const MIDSIZE_MAX: usize = 240;
const MIDSIZE_STARTOFFSET: usize = 3;
const MIDSIZE_LASTOFFSET: usize = 17;
const SECRET_LASTACC_START: usize = 7;
const SECRET_MERGEACCS_START: usize = 11;
// Stripes per block (16): a block consumes the secret 8 bytes at a time, then the accumulators are scrambled.
const STRIPES_PER_BLOCK: usize = (SECRET_SIZE - STRIPE_LEN) / SECRET_CONSUME_RATE;

/** XXH3_kSecret: the default 192-byte secret (pseudorandom, taken from FARSH). */
const kSecret = memory.data<u8>([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
  0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
  0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
  0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
  0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
  0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
  0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
  0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
  0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
  0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
  0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
  0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
]);

/** Secret derived from the seed for inputs > 240 bytes (XXH3_initCustomSecret). */
const customSecret = memory.data(192);
/** Seed `customSecret` was derived for; 0 = none yet (seed 0 uses kSecret, so never derives). */
let customSecretSeed: u64 = 0;

// ---- arithmetic helpers ----

/** High half of the last mult64to128 (AssemblyScript functions return one value). */
let mult64to128_hi: u64 = 0;

/**
 * XXH_mult64to128: full 128-bit product of two u64, schoolbook on 32-bit halves since wasm has no
 * 64×64→128 multiply. Returns the low 64 bits and leaves the high 64 bits in `mult64to128_hi`.
 */
// @ts-ignore: decorator
@inline function mult64to128(lhs: u64, rhs: u64): u64 {
  const loLo = (lhs & 0xFFFFFFFF) * (rhs & 0xFFFFFFFF);
  const hiLo = (lhs >> 32) * (rhs & 0xFFFFFFFF);
  const loHi = (lhs & 0xFFFFFFFF) * (rhs >> 32);
  const hiHi = (lhs >> 32) * (rhs >> 32);
  // Cannot overflow: at most (2^32 - 1) + (2^32 - 1) + (2^32 - 1)^2 = 2^64 - 1.
  const cross = (loLo >> 32) + (hiLo & 0xFFFFFFFF) + loHi;
  mult64to128_hi = (hiLo >> 32) + (cross >> 32) + hiHi;
  return (cross << 32) | (loLo & 0xFFFFFFFF);
}

/** High 64 bits of the product (hasher.ts's FldMix needs only those). */
// @ts-ignore: decorator
@inline export function mulHi64(lhs: u64, rhs: u64): u64 {
  mult64to128(lhs, rhs);
  return mult64to128_hi;
}

/** XXH3_mul128_fold64: low ^ high of the 128-bit product. */
// @ts-ignore: decorator
@inline function mul128_fold64(lhs: u64, rhs: u64): u64 {
  const lo = mult64to128(lhs, rhs);
  return lo ^ mult64to128_hi;
}

/** XXH_mult32to64: product of the low 32 bits of each operand. */
// @ts-ignore: decorator
@inline function mult32to64(x: u64, y: u64): u64 {
  return (x & 0xFFFFFFFF) * (y & 0xFFFFFFFF);
}

// @ts-ignore: decorator
@inline function xorshift64(v: u64, shift: u64): u64 {
  return v ^ (v >> shift);
}

/** XXH64_avalanche: the XXH64 finaliser (used by the 0..3-byte paths). */
// @ts-ignore: decorator
@inline function XXH64_avalanche(h: u64): u64 {
  h ^= h >> 33;
  h *= PRIME64_2;
  h ^= h >> 29;
  h *= PRIME64_3;
  h ^= h >> 32;
  return h;
}

/** XXH3_avalanche: the lighter XXH3 finaliser (0.8 form, PRIME_MX1). */
// @ts-ignore: decorator
@inline function XXH3_avalanche(h: u64): u64 {
  h = xorshift64(h, 37);
  h *= PRIME_MX1;
  return xorshift64(h, 32);
}

// @ts-ignore: decorator
@inline function store128(out: usize, low: u64, high: u64): void {
  store<u64>(out, low);
  store<u64>(out, high, 8);
}

// ---- 0 to 16 bytes ----

// @ts-ignore: decorator
@inline function XXH3_len_1to3_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  // Folds 1..3 bytes and the length into one u32: len=1 gives { c1, 1, c1, c1 }, len=3 { c3, 3, c1, c2 }.
  const c1 = <u32>load<u8>(input);
  const c2 = <u32>load<u8>(input + (len >> 1));
  const c3 = <u32>load<u8>(input + len - 1);
  const combinedl: u32 = (c1 << 16) | (c2 << 24) | c3 | (<u32>len << 8);
  const combinedh: u32 = rotl<u32>(bswap<u32>(combinedl), 13);
  const bitflipl: u64 = <u64>(load<u32>(secret) ^ load<u32>(secret, 4)) + seed;
  const bitfliph: u64 = <u64>(load<u32>(secret, 8) ^ load<u32>(secret, 12)) - seed;
  store128(out, XXH64_avalanche(<u64>combinedl ^ bitflipl), XXH64_avalanche(<u64>combinedh ^ bitfliph));
}

// @ts-ignore: decorator
@inline function XXH3_len_4to8_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  seed ^= <u64>bswap<u32>(<u32>seed) << 32;
  const inputLo = <u64>load<u32>(input);
  const inputHi = <u64>load<u32>(input + len - 4);
  const input64 = inputLo + (inputHi << 32);
  const bitflip = (load<u64>(secret, 16) ^ load<u64>(secret, 24)) + seed;
  const keyed = input64 ^ bitflip;

  // len << 2 keeps the multiplier odd (PRIME64_1 is odd), so the product stays invertible.
  let low = mult64to128(keyed, PRIME64_1 + (<u64>len << 2));
  let high = mult64to128_hi;
  high += low << 1;
  low ^= high >> 3;
  low = xorshift64(low, 35);
  low *= PRIME_MX2;
  low = xorshift64(low, 28);
  high = XXH3_avalanche(high);
  store128(out, low, high);
}

// @ts-ignore: decorator
@inline function XXH3_len_9to16_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  const bitflipl = (load<u64>(secret, 32) ^ load<u64>(secret, 40)) - seed;
  const bitfliph = (load<u64>(secret, 48) ^ load<u64>(secret, 56)) + seed;
  const inputLo = load<u64>(input);
  let inputHi = load<u64>(input + len - 8);
  let mLow = mult64to128(inputLo ^ inputHi ^ bitflipl, PRIME64_1);
  let mHigh = mult64to128_hi;
  // Put len in the middle of mLow, ensuring that it changes high bits too.
  mLow += <u64>(len - 1) << 54;
  inputHi ^= bitfliph;
  // The reference's 64-bit-platform form: inputHi + lo32(inputHi) * (PRIME32_2 - 1).
  mHigh += inputHi + mult32to64(inputHi, PRIME32_2 - 1);
  mLow ^= bswap<u64>(mHigh);

  const hLow = mult64to128(mLow, PRIME64_2);
  const hHigh = mult64to128_hi + mHigh * PRIME64_2;
  store128(out, XXH3_avalanche(hLow), XXH3_avalanche(hHigh));
}

// @ts-ignore: decorator
@inline function XXH3_len_0to16_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  if (len > 8) {
    XXH3_len_9to16_128b(input, len, secret, seed, out);
  } else if (len >= 4) {
    XXH3_len_4to8_128b(input, len, secret, seed, out);
  } else if (len) {
    XXH3_len_1to3_128b(input, len, secret, seed, out);
  } else {
    const bitflipl = load<u64>(secret, 64) ^ load<u64>(secret, 72);
    const bitfliph = load<u64>(secret, 80) ^ load<u64>(secret, 88);
    store128(out, XXH64_avalanche(seed ^ bitflipl), XXH64_avalanche(seed ^ bitfliph));
  }
}

// ---- 17 to 240 bytes ----

/** XXH3_mix16B: 16 input bytes keyed by 16 secret bytes and the seed, folded by one 128-bit multiply. */
// @ts-ignore: decorator
@inline function XXH3_mix16B(input: usize, secret: usize, seed: u64): u64 {
  return mul128_fold64(
    load<u64>(input) ^ (load<u64>(secret) + seed),
    load<u64>(input, 8) ^ (load<u64>(secret, 8) - seed),
  );
}

/**
 * XXH128_mix32B, split in its two independent halves (the accumulator pair lives in the caller's
 * locals): low mixes input1 and absorbs input2 raw, high the reverse, so both halves see all 32 bytes.
 */
// @ts-ignore: decorator
@inline function XXH128_mix32B_low(low: u64, input1: usize, input2: usize, secret: usize, seed: u64): u64 {
  low += XXH3_mix16B(input1, secret, seed);
  return low ^ (load<u64>(input2) + load<u64>(input2, 8));
}

// @ts-ignore: decorator
@inline function XXH128_mix32B_high(high: u64, input1: usize, input2: usize, secret: usize, seed: u64): u64 {
  high += XXH3_mix16B(input2, secret + 16, seed);
  return high ^ (load<u64>(input1) + load<u64>(input1, 8));
}

/** Final mix of the 17..240-byte paths. */
// @ts-ignore: decorator
@inline function XXH3_midsize_finish128(low: u64, high: u64, len: usize, seed: u64, out: usize): void {
  const h128Low = XXH3_avalanche(low + high);
  const h128High = XXH3_avalanche(low * PRIME64_1 + high * PRIME64_4 + (<u64>len - seed) * PRIME64_2);
  store128(out, h128Low, 0 - h128High);
}

// @ts-ignore: decorator
@inline function XXH3_len_17to128_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  let low = <u64>len * PRIME64_1;
  let high: u64 = 0;
  const end = input + len;
  if (len > 32) {
    if (len > 64) {
      if (len > 96) {
        low = XXH128_mix32B_low(low, input + 48, end - 64, secret + 96, seed);
        high = XXH128_mix32B_high(high, input + 48, end - 64, secret + 96, seed);
      }
      low = XXH128_mix32B_low(low, input + 32, end - 48, secret + 64, seed);
      high = XXH128_mix32B_high(high, input + 32, end - 48, secret + 64, seed);
    }
    low = XXH128_mix32B_low(low, input + 16, end - 32, secret + 32, seed);
    high = XXH128_mix32B_high(high, input + 16, end - 32, secret + 32, seed);
  }
  low = XXH128_mix32B_low(low, input, end - 16, secret, seed);
  high = XXH128_mix32B_high(high, input, end - 16, secret, seed);
  XXH3_midsize_finish128(low, high, len, seed, out);
}

// Not inlined: rarer than the short paths, keeps xxh3_128 small.
function XXH3_len_129to240_128b(input: usize, len: usize, secret: usize, seed: u64, out: usize): void {
  const nbRounds = len >> 5;
  let low = <u64>len * PRIME64_1;
  let high: u64 = 0;
  let i: usize = 0;
  for (; i < 4; i++) {
    const p = input + (i << 5);
    low = XXH128_mix32B_low(low, p, p + 16, secret + (i << 5), seed);
    high = XXH128_mix32B_high(high, p, p + 16, secret + (i << 5), seed);
  }
  low = XXH3_avalanche(low);
  high = XXH3_avalanche(high);
  // The first 128 bytes used the secret's first 128 bytes; the rest restart near its start, offset by 3.
  for (; i < nbRounds; i++) {
    const p = input + (i << 5);
    const s = secret + MIDSIZE_STARTOFFSET + ((i - 4) << 5);
    low = XXH128_mix32B_low(low, p, p + 16, s, seed);
    high = XXH128_mix32B_high(high, p, p + 16, s, seed);
  }
  // Last 32 bytes (may overlap), swapped halves and negated seed.
  const last1 = input + len - 16;
  const last2 = input + len - 32;
  const s = secret + SECRET_SIZE_MIN - MIDSIZE_LASTOFFSET - 16;
  low = XXH128_mix32B_low(low, last1, last2, s, 0 - seed);
  high = XXH128_mix32B_high(high, last1, last2, s, 0 - seed);
  XXH3_midsize_finish128(low, high, len, seed, out);
}

// ---- more than 240 bytes ----

/** XXH3_initCustomSecret: kSecret with the seed added to the low and subtracted from the high u64 of each 16 bytes. */
function XXH3_initCustomSecret(seed: u64): void {
  for (let i: usize = 0; i < SECRET_SIZE; i += 16) {
    store<u64>(customSecret + i, load<u64>(kSecret + i) + seed);
    store<u64>(customSecret + i + 8, load<u64>(kSecret + i + 8) - seed);
  }
}

/**
 * XXH3_scalarRound for accumulator `lane` of a 64-byte stripe, returning the new accumulator (the 8
 * accumulators are locals of XXH3_hashLong_128b). The reference adds the lane's raw input to acc[lane ^ 1];
 * seen from the receiving side, acc[lane] gets input lane ^ 1 — so no input bit is lost to the multiply.
 */
// @ts-ignore: decorator
@inline function XXH3_accumulateLane(accLane: u64, stripe: usize, secret: usize, lane: usize): u64 {
  const dataKey = load<u64>(stripe + (lane << 3)) ^ load<u64>(secret + (lane << 3));
  return accLane + load<u64>(stripe + ((lane ^ 1) << 3)) + mult32to64(dataKey, dataKey >> 32);
}

/** XXH3_scalarScrambleRound: after each block, so the accumulators don't just sum up. */
// @ts-ignore: decorator
@inline function XXH3_scrambleLane(accLane: u64, secret: usize, lane: usize): u64 {
  return (xorshift64(accLane, 47) ^ load<u64>(secret + (lane << 3))) * PRIME32_1;
}

/** XXH3_mix2Accs */
// @ts-ignore: decorator
@inline function XXH3_mix2Accs(acc0: u64, acc1: u64, secret: usize): u64 {
  return mul128_fold64(acc0 ^ load<u64>(secret), acc1 ^ load<u64>(secret, 8));
}

/** The 8 accumulators of the long-input hash (XXH_ACC_NB lanes of 64 bits). */
const ACC = memory.data(64, 16);
const ACC_NB: usize = 8;

/** XXH3_accumulate_512: one stripe into every lane. */
// @ts-ignore: decorator
@inline function XXH3_accumulate512(stripe: usize, secret: usize): void {
  for (let lane: usize = 0; lane < ACC_NB; lane++) {
    const at = ACC + (lane << 3);
    store<u64>(at, XXH3_accumulateLane(load<u64>(at), stripe, secret, lane));
  }
}

/** XXH3_scrambleAcc: every lane, at the end of each full block. */
// @ts-ignore: decorator
@inline function XXH3_scrambleAcc(secret: usize): void {
  for (let lane: usize = 0; lane < ACC_NB; lane++) {
    const at = ACC + (lane << 3);
    store<u64>(at, XXH3_scrambleLane(load<u64>(at), secret, lane));
  }
}

/** XXH3_mergeAccs: the 4 lane pairs mixed with the secret at `secret`, onto `start`. */
// @ts-ignore: decorator
@inline function XXH3_mergeAccs(secret: usize, start: u64): u64 {
  let result = start;
  for (let pair: usize = 0; pair < ACC_NB / 2; pair++) {
    result += XXH3_mix2Accs(load<u64>(ACC + (pair << 4)), load<u64>(ACC + (pair << 4) + 8), secret + (pair << 4));
  }
  return XXH3_avalanche(result);
}

/** XXH3_hashLong_128b_withSeed: stripes of 64 bytes, blocks of 16 stripes, scramble between blocks. */
function XXH3_hashLong_128b(input: usize, len: usize, seed: u64, out: usize): void {
  let secret = kSecret;
  if (seed != 0) {
    if (seed != customSecretSeed) {
      XXH3_initCustomSecret(seed);
      customSecretSeed = seed;
    }
    secret = customSecret;
  }

  // XXH3_INIT_ACC
  store<u64>(ACC, PRIME32_3);
  store<u64>(ACC, PRIME64_1, 8);
  store<u64>(ACC, PRIME64_2, 16);
  store<u64>(ACC, PRIME64_3, 24);
  store<u64>(ACC, PRIME64_4, 32);
  store<u64>(ACC, PRIME32_2, 40);
  store<u64>(ACC, PRIME64_5, 48);
  store<u64>(ACC, PRIME32_1, 56);

  // XXH3_hashLong_internal_loop. Stripe k of a block uses the secret from byte 8k; len - 1 so that a
  // final full stripe is always left for the "last stripe" step below.
  const nbStripesTotal = (len - 1) / STRIPE_LEN;
  for (let n: usize = 0; n < nbStripesTotal; n++) {
    const k = n & (STRIPES_PER_BLOCK - 1);
    XXH3_accumulate512(input + n * STRIPE_LEN, secret + k * SECRET_CONSUME_RATE);
    if (k == STRIPES_PER_BLOCK - 1) XXH3_scrambleAcc(secret + SECRET_SIZE - STRIPE_LEN);
  }
  // Last stripe: the final 64 bytes (overlapping what came before), with its own secret offset.
  XXH3_accumulate512(input + len - STRIPE_LEN, secret + SECRET_SIZE - STRIPE_LEN - SECRET_LASTACC_START);

  // XXH3_mergeAccs twice, from different secret offsets and start values, for the two halves.
  const low = XXH3_mergeAccs(secret + SECRET_MERGEACCS_START, <u64>len * PRIME64_1);
  const high = XXH3_mergeAccs(secret + SECRET_SIZE - 64 - SECRET_MERGEACCS_START, ~(<u64>len * PRIME64_2));
  store128(out, low, high);
}

// ---- entry point ----

/**
 * XXH3_128bits_withSeed of the `len` bytes at `ptr`; writes low 64 bits at `out`, high 64 bits at
 * `out + 8` (little endian), i.e. the u128 `(high << 64) | low`.
 */
export function xxh3_128(ptr: usize, len: usize, seed: u64, out: usize): void {
  // Up to 240 bytes the default secret is used with the seed mixed in directly.
  if (len <= 16) {
    XXH3_len_0to16_128b(ptr, len, kSecret, seed, out);
  } else if (len <= 128) {
    XXH3_len_17to128_128b(ptr, len, kSecret, seed, out);
  } else if (len <= MIDSIZE_MAX) {
    XXH3_len_129to240_128b(ptr, len, kSecret, seed, out);
  } else {
    XXH3_hashLong_128b(ptr, len, seed, out);
  }
}
