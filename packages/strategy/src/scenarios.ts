import type { PriceHistory } from './history.js';
import { Distributions } from './sdp.js';

/** How recent days become price scenarios for the coming intervals. */
export interface ScenarioOptions {
  /** Scenarios per interval: the K most recent published prices at the same time of day. Default 14. */
  days: number;
  /** Recency weight half-life, in days of lag. Default 7. */
  dayHalfLife: number;
  /** Intervals over which today's level is compared with each scenario day. Default 36 (3 h). */
  levelWindow: number;
  /** Half-life (intervals) of the level shift into the future. Default 288. */
  levelHalfLife: number;
  /** Half-life (intervals) of the last price's deviation from each scenario. Default 24 (2 h). */
  persistenceHalfLife: number;
  /** Prices are clipped to this range when measuring the level (spikes are not a level). */
  levelClip: readonly [number, number];
}

export const DEFAULT_SCENARIOS: ScenarioOptions = {
  days: 14,
  dayHalfLife: 7,
  levelWindow: 36,
  levelHalfLife: 288,
  persistenceHalfLife: 24,
  levelClip: [-150, 400],
};

const DAY = 288;

/**
 * Scenario prices for targets n+first … n+first+count−1 (n = history.length, the interval being decided):
 * scenario m of target j is the price at the same time of day `lag` days earlier (the m-th most recent one
 * published before n), shifted by that day's level difference to today (fading) plus the last price's deviation
 * from that scenario (fading faster). Returns one sorted distribution per target; `paths[h*K + m]` keeps the
 * unsorted scenario prices (consistent paths for evaluating a block).
 */
export function buildScenarios(
  history: PriceHistory,
  first: number,
  count: number,
  o: ScenarioOptions,
  withLevelAndPersistence: boolean,
  out: Distributions,
  spikes: SpikeModel | null = null,
): Distributions {
  const n = history.length;
  const K = o.days;
  if (out.k !== K + (spikes ? 1 : 0)) throw new RangeError('distribution width must be the scenario days (+1 with spikes)');
  out.ensure(count);
  const maxLag = Math.floor((first + count - 1) / DAY) + 1 + K;
  const [cmin, cmax] = o.levelClip;
  const clip = (x: number) => (x < cmin ? cmin : x > cmax ? cmax : x);
  const shift = new Float64Array(maxLag + 1);
  const anomaly = new Float64Array(maxLag + 1);
  const last = n > 0 ? history.last() : 0;
  const W = Math.min(o.levelWindow, n);
  if (withLevelAndPersistence) {
    for (let lag = 1; lag <= maxLag; lag++) {
      if (n - 1 - lag * DAY < 0) continue;
      let sum = 0;
      let cnt = 0;
      for (let i = n - W; i < n; i++) {
        const past = i - lag * DAY;
        if (past < 0) continue;
        sum += clip(history.aud(i)) - clip(history.aud(past));
        cnt++;
      }
      shift[lag] = cnt > 0 ? sum / cnt : 0;
      anomaly[lag] = last - (history.aud(n - 1 - lag * DAY) + shift[lag]!);
    }
  }
  const g = Math.pow(0.5, 1 / o.levelHalfLife);
  const phi = Math.pow(0.5, 1 / o.persistenceHalfLife);
  const prices = new Float64Array(K + 1);
  const weights = new Float64Array(K + 1);
  const dayW = new Float64Array(K);
  let hz0 = 0;
  let hzBase = 0;
  let spikePrice = 0;
  let hzDecay = 1;
  if (spikes && n > 0) {
    hz0 = spikes.hazard(spikes.bucket(last));
    hzBase = spikes.baseHazard();
    spikePrice = spikes.price();
    hzDecay = Math.pow(0.5, 1 / spikes.o.halfLife);
  }
  let hzh = Math.pow(hzDecay, first);
  for (let m = 0; m < K; m++) dayW[m] = Math.pow(0.5, m / o.dayHalfLife);
  let gh = Math.pow(g, first);
  let ph = Math.pow(phi, first + 1);
  for (let c = 0; c < count; c++, gh *= g, ph *= phi, hzh *= hzDecay) {
    const h = first + c; // target n + h
    const base = Math.floor(h / DAY) + 1;
    let used = 0;
    for (let m = 0; m < K; m++) {
      const lag = base + m;
      const idx = n + h - lag * DAY;
      if (idx < 0) break;
      const q = history.aud(idx) + (withLevelAndPersistence ? shift[lag]! * gh + anomaly[lag]! * ph : 0);
      prices[used] = q;
      weights[used] = dayW[m]!;
      out.paths[c * K + m] = q;
      used++;
    }
    if (used === 0) {
      prices[0] = last;
      weights[0] = 1;
      used = 1;
    }
    for (let m = used; m < K; m++) out.paths[c * K + m] = prices[m % used]!;
    if (spikes) {
      // one more scenario: a spike, with the hazard after the last price fading to the base rate
      const pi = Math.min(0.5, hzBase + (hz0 - hzBase) * hzh);
      let tw = 0;
      for (let m = 0; m < used; m++) tw += weights[m]!;
      for (let m = 0; m < used; m++) weights[m] = (weights[m]! / tw) * (1 - pi);
      prices[used] = spikePrice;
      weights[used] = pi;
      used++;
    }
    out.set(c, prices, weights, used);
  }
  return out;
}

/** Weights of the K scenario paths (same as in the distributions). */
export function scenarioWeights(o: ScenarioOptions): Float64Array {
  const w = new Float64Array(o.days);
  let t = 0;
  for (let m = 0; m < o.days; m++) t += w[m] = Math.pow(0.5, m / o.dayHalfLife);
  for (let m = 0; m < o.days; m++) w[m]! /= t;
  return w;
}

/** How the chance of a price spike is estimated (walk-forward) and added to every interval's scenarios. */
export interface SpikeOptions {
  /** A price above this is a spike, AUD/MWh. Default 1000. */
  threshold: number;
  /** Upper edges of the last-price buckets the hazard is conditioned on. */
  buckets: readonly number[];
  /** Prior per-interval spike hazard of each bucket (one more than `buckets`), before any spike is seen. */
  priorHazard: readonly number[];
  /** Weight of the prior, in observed intervals per bucket. Default 300. */
  priorIntervals: number;
  /** Look-ahead over which spikes after a price are counted, intervals. Default 24 (2 h). */
  window: number;
  /** Half-life (intervals) of the last price's influence on the hazard of later intervals. Default 24. */
  halfLife: number;
  /** Prior spike price (AUD/MWh) and its weight in spikes. Default 10,000 and 12. */
  priorPrice: number;
  priorPriceWeight: number;
}

export const DEFAULT_SPIKES: SpikeOptions = {
  threshold: 1000,
  buckets: [100, 200, 300, 500, 1000],
  priorHazard: [0.00002, 0.0001, 0.0005, 0.002, 0.01, 0.05],
  priorIntervals: 300,
  window: 24,
  halfLife: 24,
  priorPrice: 10_000,
  priorPriceWeight: 12,
};

/**
 * Spike statistics learned from published prices only: for each bucket of "the price now", how many spike
 * intervals followed within the window. Feed it the growing history (it reads each index once).
 */
export class SpikeModel {
  readonly o: SpikeOptions;
  #seen = 0;
  readonly #n: Float64Array;
  readonly #s: Float64Array;
  #spikeSum = 0;
  #spikeCount = 0;
  #total = 0;
  #totalSpikes = 0;

  constructor(options: Partial<SpikeOptions> = {}) {
    this.o = { ...DEFAULT_SPIKES, ...options };
    if (this.o.priorHazard.length !== this.o.buckets.length + 1) throw new RangeError('priorHazard needs one entry per bucket');
    this.#n = new Float64Array(this.o.priorHazard.length);
    this.#s = new Float64Array(this.o.priorHazard.length);
  }

  bucket(price: number): number {
    const b = this.o.buckets;
    let i = 0;
    while (i < b.length && price >= b[i]!) i++;
    return i;
  }

  /** Absorbs indices whose look-ahead window is now fully published. */
  observe(history: PriceHistory): void {
    const n = history.length;
    const w = this.o.window;
    for (; this.#seen + w < n; this.#seen++) {
      const i = this.#seen;
      const p = history.aud(i);
      let spikes = 0;
      for (let j = i + 1; j <= i + w; j++) if (history.aud(j) > this.o.threshold) spikes++;
      const b = this.bucket(p);
      this.#n[b]! += 1;
      this.#s[b]! += spikes;
      this.#total++;
      if (p > this.o.threshold) {
        this.#spikeSum += p;
        this.#spikeCount++;
        this.#totalSpikes++;
      }
    }
  }

  /** Per-interval hazard in the window after a price in bucket b. */
  hazard(b: number): number {
    const A = this.o.priorIntervals;
    return (this.#s[b]! + A * this.o.window * this.o.priorHazard[b]!) / (this.o.window * (this.#n[b]! + A));
  }

  /** Unconditional per-interval spike rate (prior: the prior hazard of the median bucket). */
  baseHazard(): number {
    const A = 30 * 288;
    return (this.#totalSpikes + A * this.o.priorHazard[1]!) / (this.#total + A);
  }

  /** Typical spike price. */
  price(): number {
    return (this.#spikeSum + this.o.priorPrice * this.o.priorPriceWeight) / (this.#spikeCount + this.o.priorPriceWeight);
  }
}
