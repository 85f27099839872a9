import type { PriceSeries } from './aemo.js';
import { FutureAccessError } from './errors.js';

/**
 * The prices a strategy may see at a decision: indices [0, cut) of the series, nothing after. The series is held
 * in a private field and every accessor checks the cut, so a strategy cannot reach a price published at or after
 * its decision time (the walk-forward guarantee is structural, not a convention).
 */
export class PriceHistory {
  readonly #series: PriceSeries;
  readonly #cut: number;

  constructor(series: PriceSeries, cut: number) {
    if (!Number.isInteger(cut) || cut < 0 || cut > series.length) throw new RangeError(`cut ${cut} outside the series`);
    this.#series = series;
    this.#cut = cut;
  }

  /** Number of published prices (= the decision's index in the series). */
  get length(): number {
    return this.#cut;
  }
  /** On-chain interval number of index 0. */
  get firstInterval(): number {
    return this.#series.firstInterval;
  }
  get intervalSeconds(): number {
    return this.#series.intervalSeconds;
  }
  get region(): string {
    return this.#series.region;
  }

  #check(k: number): void {
    if (!(k >= 0 && k < this.#cut) || !Number.isInteger(k)) {
      if (k >= this.#cut) throw new FutureAccessError(k, this.#cut);
      throw new RangeError(`price index ${k} out of range`);
    }
  }

  /** AUD/MWh at index k (< length). */
  aud(k: number): number {
    this.#check(k);
    return this.#series.aud[k]!;
  }
  /** The exact RRP string at index k (< length). */
  rrp(k: number): string {
    this.#check(k);
    return this.#series.rrp[k]!;
  }
  /** The latest published price. */
  last(): number {
    return this.aud(this.#cut - 1);
  }
  /** A copy of AUD/MWh over [from, to), `to <= length`. */
  audRange(from: number, to: number): Float64Array {
    if (to > this.#cut) throw new FutureAccessError(to - 1, this.#cut);
    if (from < 0 || from > to) throw new RangeError(`bad range [${from}, ${to})`);
    return this.#series.aud.slice(from, to);
  }
  /** Copies AUD/MWh over [from, from + out.length) into `out` (no allocation). */
  copyInto(out: Float64Array, from: number): Float64Array {
    const to = from + out.length;
    if (to > this.#cut) throw new FutureAccessError(to - 1, this.#cut);
    if (from < 0) throw new RangeError(`bad range [${from}, ${to})`);
    out.set(this.#series.aud.subarray(from, to));
    return out;
  }
}
