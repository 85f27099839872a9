/**
 * graph-node's value ranges: BigInt up to BigInt::MAX_BITS (graph/src/data/store/scalar/bigint.rs) and
 * BigDecimal exponents within decimal128's (runtime/wasm/src/to_from/external.rs), with its messages.
 * Checked where values enter (query arguments, entity writes) so Postgres never sees them out of range.
 */
/** graph-node's BigInt::MAX_BITS: 131072 decimal digits, what Postgres `numeric` holds before the point. */
export const BIGINT_MAX_BITS = 435_412;
/** graph-node's BigDecimal exponent range (IEEE-754 decimal128), checked where values enter. */
export const BIGDECIMAL_MIN_EXP = -6143;
export const BIGDECIMAL_MAX_EXP = 6144;
const LOG2_10 = Math.log2(10);

/** Bits of a decimal integer as graph-node counts them (magnitude bits + sign bit), without parsing huge inputs. */
export function bigIntBits(text: string): number {
  const digits = text.replace(/^-/, '').replace(/^0+/, '');
  if (digits.length === 0) return 1;
  // Past 131,073 digits the value is too big whatever the digits; estimate instead of parsing megabytes.
  if (digits.length > 131_073) return Math.floor(Math.log2(Number(digits.slice(0, 15))) + (digits.length - 15) * LOG2_10) + 2;
  return BigInt(digits).toString(2).length + 1;
}

/** Exponent of a decimal string after graph-node's normalisation (34 significant digits, no trailing zeros). */
export function bigDecimalExponent(text: string): number | null {
  const m = /^-?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  let digits = `${m[1] ?? ''}${frac}`.replace(/^0+/, '');
  if (digits.length === 0) return 0;
  let exp = (m[3] ? Number(m[3]) : 0) - frac.length;
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  if (digits.length > 34) exp += digits.length - 34;
  return exp;
}

/** Whether a BigInt value exceeds BIGINT_MAX_BITS (cheap: one comparison with a precomputed bound). */
const BIGINT_BOUND = 1n << BigInt(BIGINT_MAX_BITS - 1);
// Negated once: `-BIGINT_BOUND` inline allocated a 54 KB BigInt on every entity write.
const BIGINT_NEGATIVE_BOUND = -BIGINT_BOUND;
export function bigIntValueTooBig(value: bigint): boolean {
  return value >= BIGINT_BOUND || value <= BIGINT_NEGATIVE_BOUND;
}

export function bigIntTooBigMessage(bits: number): string {
  return `BigInt is too big, total bits ${bits} (max ${BIGINT_MAX_BITS})`;
}

export function bigDecimalRangeMessage(exp: number): string {
  return `big decimal exponent \`${exp}\` is outside the \`${BIGDECIMAL_MIN_EXP}\` to \`${BIGDECIMAL_MAX_EXP}\` range`;
}

export function bigDecimalInRange(text: string): { ok: true } | { ok: false; exp: number } {
  const exp = bigDecimalExponent(text);
  return exp === null || (exp >= BIGDECIMAL_MIN_EXP && exp <= BIGDECIMAL_MAX_EXP) ? { ok: true } : { ok: false, exp };
}
