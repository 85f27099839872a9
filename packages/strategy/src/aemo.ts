import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AemoCsvError, AemoGapError } from './errors.js';
import { parseDecimal } from './units.js';

/** AEMO's 5-minute dispatch/settlement interval. */
export const INTERVAL_SECONDS = 300;
/** Market time is UTC+10 all year (no daylight saving). */
export const MARKET_UTC_OFFSET_SECONDS = 36_000;
export const INTERVALS_PER_DAY = 288;

/** File names AEMO publishes: `PRICE_AND_DEMAND_<YYYYMM>_<REGION>.csv`. */
export const AEMO_FILE_NAME = /^PRICE_AND_DEMAND_(\d{4})(\d{2})_([A-Z0-9]+)\.csv$/i;
const HEADER = ['REGION', 'SETTLEMENTDATE', 'TOTALDEMAND', 'RRP', 'PERIODTYPE'] as const;
const DATE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** One row: the interval is identified by its start, in unix seconds (`SETTLEMENTDATE` − 5 min). */
export interface AemoRow {
  region: string;
  /** `SETTLEMENTDATE` as written (end of the interval, market time). */
  settlementDate: string;
  /** Unix seconds of the interval's start. */
  startUnix: number;
  demandMW: number;
  /** RRP exactly as written (AUD/MWh), for exact conversion to wei. */
  rrp: string;
}

/** A contiguous series of 5-minute prices of one region. Interval `k` starts at `(firstInterval + k) × 300`. */
export interface PriceSeries {
  readonly region: string;
  readonly intervalSeconds: number;
  /** Interval number (unix start / 300) of the first price: the on-chain interval numbering. */
  readonly firstInterval: number;
  readonly length: number;
  /** RRP strings as published (exact). */
  readonly rrp: readonly string[];
  /** RRP as numbers, AUD/MWh (for models; the chain uses `rrp`). */
  readonly aud: Float64Array;
  readonly demandMW: Float64Array;
  /** Files the series came from. */
  readonly sources: readonly string[];
}

/** Unix seconds of `YYYY/MM/DD HH:MM:SS` in market time, or an error reason. */
function parseMarketTime(text: string): number | string {
  const m = DATE.exec(text);
  if (!m) return `SETTLEMENTDATE ${JSON.stringify(text)} is not YYYY/MM/DD HH:MM:SS`;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const valid =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  if (!valid) return `SETTLEMENTDATE ${JSON.stringify(text)} is not a valid date`;
  const unix = ms / 1000 - MARKET_UTC_OFFSET_SECONDS;
  if (unix % INTERVAL_SECONDS !== 0) return `SETTLEMENTDATE ${text} is not on a 5-minute boundary`;
  return unix;
}

/** Formats a unix time as AEMO writes SETTLEMENTDATE (market time). */
export function formatMarketTime(unix: number): string {
  const d = new Date((unix + MARKET_UTC_OFFSET_SECONDS) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Market date `YYYY-MM-DD` of the interval starting at `startUnix`. */
export function marketDate(startUnix: number): string {
  return new Date((startUnix + MARKET_UTC_OFFSET_SECONDS) * 1000).toISOString().slice(0, 10);
}

/** Market day number (days since 1970-01-01 in market time) of the interval starting at `startUnix`. */
export function marketDay(startUnix: number): number {
  return Math.floor((startUnix + MARKET_UTC_OFFSET_SECONDS) / 86_400);
}

/**
 * Parses one AEMO price-and-demand CSV. Checks the header, every field, that rows are 5 minutes apart, and — when
 * `source` is named like AEMO's files — that region and month match the name. Throws AemoCsvError / AemoGapError.
 */
export function parseAemoCsv(text: string, source = 'csv'): AemoRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new AemoCsvError(source, 0, 'empty file');
  const header = lines[0]!.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toUpperCase());
  if (header.length !== HEADER.length || HEADER.some((h, i) => header[i] !== h)) {
    throw new AemoCsvError(source, 1, `header must be ${HEADER.join(',')}, found ${lines[0]}`);
  }
  const named = AEMO_FILE_NAME.exec(basename(source));
  const rows: AemoRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cells.length !== HEADER.length) {
      throw new AemoCsvError(source, lineNo, `expected ${HEADER.length} fields, found ${cells.length}`);
    }
    const [region, settlementDate, demand, rrp, periodType] = cells as [string, string, string, string, string];
    if (!/^[A-Z0-9]+$/i.test(region)) throw new AemoCsvError(source, lineNo, `bad REGION ${JSON.stringify(region)}`);
    const end = parseMarketTime(settlementDate);
    if (typeof end === 'string') throw new AemoCsvError(source, lineNo, end);
    const demandMW = Number(demand);
    if (demand === '' || !Number.isFinite(demandMW)) {
      throw new AemoCsvError(source, lineNo, `TOTALDEMAND ${JSON.stringify(demand)} is not a number`);
    }
    try {
      parseDecimal(rrp);
    } catch {
      throw new AemoCsvError(source, lineNo, `RRP ${JSON.stringify(rrp)} is not a decimal number`);
    }
    if (periodType === '') throw new AemoCsvError(source, lineNo, 'empty PERIODTYPE');
    const startUnix = end - INTERVAL_SECONDS;
    if (named) {
      const [, year, month, fileRegion] = named as unknown as [string, string, string, string];
      if (region.toUpperCase() !== fileRegion.toUpperCase()) {
        throw new AemoCsvError(source, lineNo, `REGION ${region} does not match the file name's ${fileRegion}`);
      }
      if (marketDate(startUnix).slice(0, 7) !== `${year}-${month}`) {
        throw new AemoCsvError(source, lineNo, `interval ending ${settlementDate} is outside ${year}-${month}`);
      }
    }
    const prev = rows[rows.length - 1];
    if (prev) {
      if (region !== prev.region) throw new AemoCsvError(source, lineNo, `REGION changes from ${prev.region} to ${region}`);
      if (startUnix !== prev.startUnix + INTERVAL_SECONDS) {
        throw new AemoGapError(source, lineNo, formatMarketTime(prev.startUnix + 2 * INTERVAL_SECONDS), settlementDate);
      }
    }
    rows.push({ region, settlementDate, startUnix, demandMW, rrp });
  }
  if (rows.length === 0) throw new AemoCsvError(source, 0, 'no data rows');
  return rows;
}

/** Expands directories into their AEMO-named CSV files (sorted); files are kept as given. */
export function listAemoFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new AemoCsvError(p, 0, 'no such file or directory');
    }
    if (st.isDirectory()) {
      const found = readdirSync(p)
        .filter((f) => AEMO_FILE_NAME.test(f))
        .sort()
        .map((f) => join(p, f));
      if (found.length === 0) throw new AemoCsvError(p, 0, 'directory has no PRICE_AND_DEMAND_<YYYYMM>_<REGION>.csv files');
      files.push(...found);
    } else files.push(p);
  }
  return files;
}

/** Joins parsed files (any order) into one contiguous series; throws AemoGapError on gaps or overlaps. */
export function seriesFromRows(parts: ReadonlyArray<{ source: string; rows: AemoRow[] }>): PriceSeries {
  const sorted = [...parts].sort((a, b) => a.rows[0]!.startUnix - b.rows[0]!.startUnix);
  const first = sorted[0];
  if (!first) throw new AemoCsvError('(no files)', 0, 'no price files given');
  const region = first.rows[0]!.region;
  const total = sorted.reduce((n, p) => n + p.rows.length, 0);
  const rrp: string[] = new Array(total);
  const aud = new Float64Array(total);
  const demandMW = new Float64Array(total);
  let k = 0;
  let expected = first.rows[0]!.startUnix;
  for (const part of sorted) {
    for (let i = 0; i < part.rows.length; i++) {
      const row = part.rows[i]!;
      if (row.region !== region) throw new AemoCsvError(part.source, i + 2, `REGION ${row.region} differs from ${region}`);
      if (row.startUnix !== expected) {
        throw new AemoGapError(part.source, i + 2, formatMarketTime(expected + INTERVAL_SECONDS), row.settlementDate);
      }
      rrp[k] = row.rrp;
      aud[k] = Number(row.rrp);
      demandMW[k] = row.demandMW;
      k++;
      expected += INTERVAL_SECONDS;
    }
  }
  return {
    region,
    intervalSeconds: INTERVAL_SECONDS,
    firstInterval: first.rows[0]!.startUnix / INTERVAL_SECONDS,
    length: total,
    rrp,
    aud,
    demandMW,
    sources: sorted.map((p) => p.source),
  };
}

/** Loads AEMO CSV files and/or directories of them into one validated contiguous series. */
export function loadAemoPrices(paths: string | readonly string[]): PriceSeries {
  const files = listAemoFiles(typeof paths === 'string' ? [paths] : paths);
  return seriesFromRows(files.map((source) => ({ source, rows: parseAemoCsv(readFileSync(source, 'utf8'), source) })));
}

/** The sub-series of indices [from, to). */
export function sliceSeries(series: PriceSeries, from: number, to: number): PriceSeries {
  const a = Math.max(0, from);
  const b = Math.min(series.length, to);
  return {
    ...series,
    firstInterval: series.firstInterval + a,
    length: Math.max(0, b - a),
    rrp: series.rrp.slice(a, b),
    aud: series.aud.slice(a, b),
    demandMW: series.demandMW.slice(a, b),
  };
}

/** Start unix seconds of index `k`. */
export const startUnixOf = (series: PriceSeries, k: number): number => (series.firstInterval + k) * series.intervalSeconds;
