/**
 * One market day of AEMO (Australian Energy Market Operator) five-minute prices, and their conversion to the
 * protocol's unit: wei per MWh (signed), at a fixed AUD/ETH rate, with integer maths only.
 *
 * Source: AEMO, Aggregated price and demand data, VIC1.
 */
import { readFileSync } from 'node:fs';

export const AEMO_ATTRIBUTION = 'Source: AEMO, Aggregated price and demand data, VIC1';

export interface AemoInterval {
  /** Index in the day, 0..287. */
  index: number;
  /** Unix seconds of the interval's start (= end − intervalSeconds). */
  start: number;
  /** Unix seconds of the interval's end, as AEMO publishes it (SETTLEMENTDATE). */
  end: number;
  /** Regional reference price, AUD cents per MWh (integer, may be negative). */
  rrpCentsPerMWh: bigint;
  demandMW: number;
}

export interface AemoDay {
  source: string;
  region: string;
  marketDate: string;
  intervalSeconds: number;
  intervals: AemoInterval[];
  /** Unix seconds of the start of the first interval: the start of the market day. */
  start: number;
}

interface AemoDayFile {
  source?: string;
  region: string;
  marketDate: string;
  intervalSeconds: number;
  intervalEnd: number[];
  rrpCentsPerMWh: number[];
  demandMW: number[];
}

/** Loads a day file (columns `intervalEnd`, `rrpCentsPerMWh`, `demandMW`) and checks it is consistent. */
export function loadAemoDay(path: string): AemoDay {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as AemoDayFile;
  const n = raw.intervalEnd?.length ?? 0;
  if (n === 0 || raw.rrpCentsPerMWh?.length !== n || raw.demandMW?.length !== n) {
    throw new Error(`${path}: intervalEnd, rrpCentsPerMWh and demandMW must be non-empty arrays of equal length`);
  }
  const step = raw.intervalSeconds ?? 300;
  const intervals = raw.intervalEnd.map((end, index) => {
    const cents = raw.rrpCentsPerMWh[index]!;
    if (!Number.isSafeInteger(cents)) throw new Error(`${path}: rrpCentsPerMWh[${index}] is not an integer`);
    if (index > 0 && end - raw.intervalEnd[index - 1]! !== step) {
      throw new Error(`${path}: interval ${index} does not follow the previous one by ${step} s`);
    }
    return { index, start: end - step, end, rrpCentsPerMWh: BigInt(cents), demandMW: raw.demandMW[index]! };
  });
  return {
    source: raw.source ?? AEMO_ATTRIBUTION,
    region: raw.region,
    marketDate: raw.marketDate,
    intervalSeconds: step,
    intervals,
    start: intervals[0]!.start,
  };
}

const WEI_PER_ETH = 10n ** 18n;

/**
 * AUD cents per MWh -> wei per MWh at `audCentsPerEth` (AUD cents for one ether):
 *   wei/MWh = cents/MWh × 1e18 / audCentsPerEth, truncated toward zero (so −x converts to −(x converted)).
 * With the default 4000 AUD/ETH, 100 AUD/MWh = 10000 cents -> 0.025 ETH/MWh.
 */
export function centsPerMWhToWeiPerMWh(centsPerMWh: bigint, audCentsPerEth: bigint): bigint {
  if (audCentsPerEth <= 0n) throw new RangeError('audCentsPerEth must be positive');
  return (centsPerMWh * WEI_PER_ETH) / audCentsPerEth;
}

/** AUD per MWh (may have cents) -> wei per MWh, e.g. for battery price thresholds. */
export function audPerMWhToWeiPerMWh(aud: number, audCentsPerEth: bigint): bigint {
  return centsPerMWhToWeiPerMWh(BigInt(Math.round(aud * 100)), audCentsPerEth);
}

/** wei -> AUD cents at the same fixed rate (truncated toward zero). */
export function weiToAudCents(wei: bigint, audCentsPerEth: bigint): bigint {
  return (wei * audCentsPerEth) / WEI_PER_ETH;
}

/** "−1,234.56 AUD" from cents. */
export function formatAud(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')} AUD`;
}

/** Market time of an interval end (AEMO publishes in UTC+10, no daylight saving), "HH:MM". */
export function marketTime(unixSeconds: number): string {
  const d = new Date((unixSeconds + 10 * 3600) * 1000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
