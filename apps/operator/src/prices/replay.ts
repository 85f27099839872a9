/**
 * Replay of AEMO price CSVs (the published `PRICE_AND_DEMAND_<YYYYMM>_<REGION>.csv` files, loaded and validated by
 * @vpp/strategy): the price of an interval is the row whose interval has the same start, optionally shifted by
 * whole days (`timeShiftSeconds`) so an old day can be replayed on a live clock. At any speed: the clock decides
 * when an interval is asked for, the source only answers which price it had.
 */
import { loadAemoPrices, sliceSeries, type PriceSeries } from '@vpp/strategy';
import { PriceUnavailableError } from '../errors.js';
import type { PricePoint, PriceRequest, PriceSource } from './source.js';

export interface ReplayOptions {
  /** CSV files and/or directories of them. */
  paths?: readonly string[];
  /** An already loaded series (tests, runOperatorDay). */
  series?: PriceSeries;
  /** Chain time − data time, seconds (a multiple of the interval). 0 replays at the data's real timestamps. */
  timeShiftSeconds?: number;
  /** Replay only intervals whose data-time start is in [from, to) (unix seconds); history still sees all before. */
  from?: number;
  to?: number;
}

export class ReplayPriceSource implements PriceSource {
  readonly name = 'replay';
  readonly series: PriceSeries;
  private readonly shift: number;
  private readonly from: number;
  private readonly to: number;

  constructor(options: ReplayOptions) {
    if (!options.series && !options.paths?.length) throw new PriceUnavailableError('replay needs CSV paths or a series', 'replay', null);
    this.series = options.series ?? loadAemoPrices(options.paths!);
    this.shift = options.timeShiftSeconds ?? 0;
    const first = this.series.firstInterval * this.series.intervalSeconds;
    this.from = Math.max(options.from ?? first, first);
    this.to = Math.min(options.to ?? Infinity, first + this.series.length * this.series.intervalSeconds);
  }

  private indexOf(chainStart: number): number {
    return (chainStart - this.shift) / this.series.intervalSeconds - this.series.firstInterval;
  }

  private point(index: number, intervalSeconds: number): PricePoint {
    const start = (this.series.firstInterval + index) * this.series.intervalSeconds + this.shift;
    return {
      interval: BigInt(start / intervalSeconds),
      start,
      end: start + this.series.intervalSeconds,
      region: this.series.region,
      audPerMWh: this.series.rrp[index]!,
    };
  }

  async priceFor(interval: bigint, request: PriceRequest): Promise<PricePoint> {
    if (request.intervalSeconds !== this.series.intervalSeconds) {
      throw new PriceUnavailableError(
        `the trader's interval is ${request.intervalSeconds} s, the replayed data's ${this.series.intervalSeconds} s`,
        this.name,
        interval,
      );
    }
    const start = Number(interval) * request.intervalSeconds;
    const index = this.indexOf(start);
    const dataStart = start - this.shift;
    if (!Number.isInteger(index) || index < 0 || index >= this.series.length || dataStart < this.from || dataStart >= this.to) {
      throw new PriceUnavailableError(`no replayed price for the interval starting at ${start} (data time ${dataStart})`, this.name, interval);
    }
    return this.point(index, request.intervalSeconds);
  }

  history(beforeInterval: bigint, intervalSeconds: number): PriceSeries | null {
    const end = Math.min(this.series.length, Math.max(0, this.indexOf(Number(beforeInterval) * intervalSeconds)));
    if (end <= 0) return null;
    const cut = sliceSeries(this.series, 0, end);
    // data time -> chain time, so the strategy's interval numbers are the chain's
    return this.shift === 0 ? cut : { ...cut, firstInterval: cut.firstInterval + this.shift / this.series.intervalSeconds };
  }

  range(intervalSeconds: number): { first: bigint; last: bigint } | null {
    if (this.to <= this.from) return null;
    return {
      first: BigInt((this.from + this.shift) / intervalSeconds),
      last: BigInt((this.to + this.shift) / intervalSeconds) - 1n,
    };
  }
}
