import { DecimalFormatError } from './errors.js';

/** An exact decimal: `value = mantissa / 10^scale`. */
export interface Decimal {
  readonly mantissa: bigint;
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/** Parses a plain decimal string (`-12.5`, `17500`, `.5`) exactly; no exponents, no separators. */
export function parseDecimal(input: string): Decimal {
  if (typeof input !== 'string') throw new DecimalFormatError(String(input), 'not a string');
  const s = input.trim();
  const m = DECIMAL.exec(s);
  if (!m) throw new DecimalFormatError(input, 'expected digits with an optional sign and decimal point');
  const sign = (m[1] ?? m[4]) === '-' ? -1n : 1n;
  const intPart = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  if (frac.length > 60) throw new DecimalFormatError(input, 'more than 60 decimal places');
  return { mantissa: sign * BigInt(intPart + frac), scale: frac.length };
}

/** A positive exchange rate as a decimal; numbers must be finite, positive and printable without an exponent. */
export function parseRate(rate: string | number | bigint, what = 'ETH/AUD rate'): Decimal {
  let d: Decimal;
  if (typeof rate === 'bigint') d = { mantissa: rate, scale: 0 };
  else if (typeof rate === 'number') {
    if (!Number.isFinite(rate)) throw new DecimalFormatError(String(rate), `${what} must be finite`);
    const text = String(rate);
    if (/e/i.test(text)) throw new DecimalFormatError(text, `${what}: pass very large or small rates as a decimal string`);
    d = parseDecimal(text);
  } else d = parseDecimal(rate);
  if (d.mantissa <= 0n) throw new DecimalFormatError(String(rate), `${what} must be positive`);
  return d;
}

/** `n / d` rounded half away from zero (`d > 0`). */
export function divRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

const WEI_PER_ETH = 10n ** 18n;

/**
 * AUD/MWh (an exact decimal string as in the AEMO CSV) to wei/MWh at `ethAud` AUD per ether:
 * `round_half_away_from_zero(aud × 1e18 / ethAud)`, computed exactly in integers. This is the one conversion the
 * operator (prices pushed on chain) and the backtest use, so a backtest trades exactly what the chain would.
 */
export function audToWeiPerMWh(aud: string, ethAud: string | number | bigint): bigint {
  const a = parseDecimal(aud);
  const e = parseRate(ethAud);
  // aud = A/10^ka, eth = E/10^ke → A·10^ke·1e18 / (E·10^ka)
  const num = a.mantissa * 10n ** BigInt(e.scale) * WEI_PER_ETH;
  const den = e.mantissa * 10n ** BigInt(a.scale);
  return divRoundHalfAwayFromZero(num, den);
}

/** Wei to AUD at `ethAud` (a float, for reporting only). */
export function weiToAud(wei: bigint, ethAud: string | number | bigint): number {
  const e = parseRate(ethAud);
  // keep 6 decimals of AUD exactly before the float conversion
  const microAud = divRoundHalfAwayFromZero(wei * e.mantissa * 1_000_000n, WEI_PER_ETH * 10n ** BigInt(e.scale));
  return Number(microAud) / 1e6;
}

/** Gas × gas price (gwei, decimal) → AUD at `ethAud`. */
export function gasCostAud(gas: number, gasPriceGwei: string | number, ethAud: string | number | bigint): number {
  const g = typeof gasPriceGwei === 'number' && gasPriceGwei === 0 ? { mantissa: 0n, scale: 0 } : parseDecimal(String(gasPriceGwei));
  if (g.mantissa < 0n) throw new DecimalFormatError(String(gasPriceGwei), 'gas price must not be negative');
  const wei = (BigInt(Math.round(gas)) * g.mantissa * 10n ** 9n) / 10n ** BigInt(g.scale);
  return weiToAud(wei, ethAud);
}
