/**
 * One interface for every price source: the operator asks for the price of one dispatch interval and gets it
 * as the published decimal text (AUD/MWh), or a typed PriceSourceError and skips the interval.
 */
import type { PriceSeries } from '@vpp/strategy';
import { PriceFormatError } from '../errors.js';

/** Market time is AEST (UTC+10, no daylight saving) in the NEM. */
export const MARKET_UTC_OFFSET_SECONDS = 36_000;

export interface PricePoint {
  /** Dispatch interval number: start / intervalSeconds. */
  interval: bigint;
  /** Unix seconds of the interval's start and end (AEMO's SETTLEMENTDATE is the end). */
  start: number;
  end: number;
  region: string;
  /** The price as published, AUD/MWh, a plain decimal ("86.16", "-999.99"). */
  audPerMWh: string;
}

export interface PriceRequest {
  intervalSeconds: number;
  signal?: AbortSignal;
  /** Wall-clock ms after which the source gives up waiting for the price. */
  deadlineMs?: number;
}

export interface PriceSource {
  readonly name: string;
  /** The price of `interval`. Throws a PriceSourceError (format, unavailable, stale) when it has none. */
  priceFor(interval: bigint, request: PriceRequest): Promise<PricePoint>;
  /**
   * The contiguous run of prices this source knows that ends strictly before `interval` (walk-forward history:
   * a strategy never sees the price it decides on), numbered in chain intervals; null if it knows none.
   */
  history(beforeInterval: bigint, intervalSeconds: number): PriceSeries | null;
  /** Replayed data: the first and last interval it holds (time travel starts and stops there). */
  range?(intervalSeconds: number): { first: bigint; last: bigint } | null;
  close?(): Promise<void> | void;
}

const DECIMAL = /^-?\d{1,12}(\.\d{1,12})?$/;

export interface PlausibleRange {
  minAud: number;
  maxAud: number;
}

/**
 * Validates a published price: a plain decimal within the plausible range (AEMO's floor is −1,000 AUD/MWh and its
 * cap is under 20,000; anything far outside is garbage, not a price). Returns the canonical text.
 */
export function checkAudPrice(value: unknown, where: string, source: string, interval: bigint | null, range: PlausibleRange): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PriceFormatError(`${where}: price is not a finite number (${value})`, source, interval);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new PriceFormatError(`${where}: price is missing or not a number (${JSON.stringify(value) ?? typeof value})`, source, interval);
  }
  if (!DECIMAL.test(text)) throw new PriceFormatError(`${where}: price "${text.slice(0, 40)}" is not a decimal number`, source, interval);
  const n = Number(text);
  if (n < range.minAud || n > range.maxAud) {
    throw new PriceFormatError(
      `${where}: price ${text} AUD/MWh is outside the plausible range [${range.minAud}, ${range.maxAud}]`,
      source,
      interval,
    );
  }
  return text;
}

/** Parses a market-time timestamp ("2024/02/13 00:05:00", "2024-02-13T00:05:00", or ISO with an offset). */
export function parseMarketTime(text: string): number | null {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, tz] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) / 1000;
  if (!Number.isFinite(utc)) return null;
  if (tz === undefined) return utc - MARKET_UTC_OFFSET_SECONDS;
  if (tz === 'Z') return utc;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.replace(/[+\-:]/g, '');
  return utc - sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
}

/** "2024-02-13 10:05" market time of a unix timestamp. */
export function formatMarketTime(unix: number): string {
  return new Date((unix + MARKET_UTC_OFFSET_SECONDS) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}
