/**
 * graph-node's BigDecimal semantics (graph/src/data/store/scalar/bigdecimal.rs on top of the Rust crate
 * bigdecimal 0.1.x): every result is normalised to at most 34 significant digits, trailing zeros removed.
 * The quirks are reproduced on purpose so stored values match graph-node bit for bit:
 *  - rounding to 34 digits is half-up for positive values and truncation for negative ones;
 *  - the digit count of a negative value is estimated from its bit length (may be one too low);
 *  - division computes 100 digits first (half-up on the next digit), then normalises.
 */

/** value = digits * 10^(-scale) (bigdecimal crate's representation). */
export interface Decimal {
  digits: bigint;
  scale: bigint;
}

export const MAX_SIGNIFICANT_DIGITS = 34n;
export const MIN_EXP = -6143n;
export const MAX_EXP = 6144n;
// The constant bigdecimal 0.1 uses (not f64::consts::LOG2_10) for its digit-count guesses.
const LOG2_10 = 3.3219280949;
const DIVISION_PRECISION = 100n;

const tenPowers: bigint[] = [1n];
function tenTo(n: bigint): bigint {
  if (n < 0n) throw new RangeError('negative power of ten');
  const index = Number(n);
  if (index < 512) {
    while (tenPowers.length <= index) tenPowers.push(tenPowers[tenPowers.length - 1]! * 10n);
    return tenPowers[index]!;
  }
  return 10n ** n;
}

function bitLength(n: bigint): number {
  const abs = n < 0n ? -n : n;
  return abs === 0n ? 0 : abs.toString(2).length;
}

/** bigdecimal 0.1's count_decimal_digits (its `while int >= num` loop never runs for negatives). */
function countDecimalDigits(n: bigint): bigint {
  if (n === 0n) return 1n;
  let digits = BigInt(Math.floor(bitLength(n) / LOG2_10));
  let num = tenTo(digits);
  while (n >= num) {
    num *= 10n;
    digits += 1n;
  }
  return digits;
}

/** bigdecimal 0.1's get_rounding_term: 1 when the leading digit of `num` is >= 5. */
function roundingTerm(num: bigint): bigint {
  if (num === 0n) return 0n;
  const digits = BigInt(Math.floor(bitLength(num) / LOG2_10));
  let n = tenTo(digits);
  for (;;) {
    if (num < n) return 1n;
    n *= 5n;
    if (num < n) return 0n;
    n *= 2n;
  }
}

function withPrec(value: Decimal, prec: bigint): Decimal {
  const digits = countDecimalDigits(value.digits);
  if (digits > prec) {
    const diff = digits - prec;
    const p = tenTo(diff);
    let q = value.digits / p; // truncating, like num_bigint's div_rem
    const r = value.digits % p;
    if (p < 10n * r) q += roundingTerm(r);
    return { digits: q, scale: value.scale - diff };
  }
  if (digits < prec) {
    const diff = prec - digits;
    return { digits: value.digits * tenTo(diff), scale: value.scale + diff };
  }
  return value;
}

export function normalize(value: Decimal): Decimal {
  if (value.digits === 0n) return { digits: 0n, scale: 0n };
  const rounded = withPrec(value, MAX_SIGNIFICANT_DIGITS);
  let digits = rounded.digits;
  let scale = rounded.scale;
  while (digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1n;
  }
  return { digits, scale };
}

/** graph-node's `BigDecimal::new(digits, exp)` (exp = -scale), normalised. */
export function fromDigitsExp(digits: bigint, exp: bigint): Decimal {
  return normalize({ digits, scale: -exp });
}

function align(a: Decimal, b: Decimal): [bigint, bigint, bigint] {
  if (a.scale === b.scale) return [a.digits, b.digits, a.scale];
  if (a.scale > b.scale) return [a.digits, b.digits * tenTo(a.scale - b.scale), a.scale];
  return [a.digits * tenTo(b.scale - a.scale), b.digits, b.scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ digits: x + y, scale });
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ digits: x - y, scale });
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return normalize({ digits: a.digits * b.digits, scale: a.scale + b.scale });
}

export function equals(a: Decimal, b: Decimal): boolean {
  const [x, y] = align(a, b);
  return x === y;
}

function divisionPositive(numIn: bigint, den: bigint, scaleIn: bigint): Decimal {
  let num = numIn;
  let scale = scaleIn;
  if (num === 0n) return { digits: 0n, scale: 0n };
  while (num < den) {
    scale += 1n;
    num *= 10n;
  }
  let quotient = num / den;
  let remainder = num % den;
  if (remainder === 0n) return { digits: quotient, scale };
  let precision = countDecimalDigits(quotient);
  remainder *= 10n;
  while (remainder !== 0n && precision < DIVISION_PRECISION) {
    const q = remainder / den;
    const r = remainder % den;
    quotient = quotient * 10n + q;
    remainder = r * 10n;
    precision += 1n;
    scale += 1n;
  }
  if (remainder !== 0n) quotient += roundingTerm(remainder / den);
  return { digits: quotient, scale };
}

/** Throws on a zero divisor (graph-node panics: "Cannot divide by zero-valued `BigDecimal`!"). */
export function div(a: Decimal, b: Decimal): Decimal {
  if (b.digits === 0n) throw new RangeError('Cannot divide by zero-valued `BigDecimal`!');
  if (a.digits === 0n) return normalize(a);
  if (equals(b, { digits: 1n, scale: 0n })) return normalize(a);
  const scale = a.scale - b.scale;
  if (a.digits === b.digits) return normalize({ digits: 1n, scale });
  const negative = a.digits < 0n !== b.digits < 0n;
  const result = divisionPositive(a.digits < 0n ? -a.digits : a.digits, b.digits < 0n ? -b.digits : b.digits, scale);
  return normalize(negative ? { digits: -result.digits, scale: result.scale } : result);
}

/** bigdecimal's Display: plain notation, never an exponent. */
export function toString(value: Decimal): string {
  const negative = value.digits < 0n;
  const abs = (negative ? -value.digits : value.digits).toString();
  let text: string;
  if (value.scale >= BigInt(abs.length)) {
    text = `0.${'0'.repeat(Number(value.scale) - abs.length)}${abs}`;
  } else if (value.scale <= 0n) {
    text = abs + '0'.repeat(Number(-value.scale));
  } else {
    const point = abs.length - Number(value.scale);
    text = `${abs.slice(0, point)}.${abs.slice(point)}`;
  }
  return negative ? `-${text}` : text;
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** bigdecimal's FromStr (accepts `1.5`, `-.5`, `1e-3`), normalised. Throws on invalid input. */
export function parse(text: string): Decimal {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match || (match[2] === '' && (match[3] === undefined || match[3] === ''))) {
    throw new SyntaxError(`invalid BigDecimal string: ${JSON.stringify(text)}`);
  }
  const sign = match[1] === '-' ? -1n : 1n;
  const integerPart = match[2] ?? '';
  const fractionPart = match[3] ?? '';
  const exponent = match[4] === undefined ? 0n : BigInt(match[4]);
  const digits = BigInt((integerPart + fractionPart) || '0') * sign;
  return normalize({ digits, scale: BigInt(fractionPart.length) - exponent });
}

/** Canonical string of a decimal given as text (used for store values). */
export function canonical(text: string): string {
  return toString(parse(text));
}
