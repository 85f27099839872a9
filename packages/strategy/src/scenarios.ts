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
  /** Half-life (intervals) of the last price's deviation from each scenario. Default 6. */
  persistenceHalfLife: number;
  /** Prices are clipped to this range when measuring the level (spikes are not a level). */
  levelClip: readonly [number, number];
}

export const DEFAULT_SCENARIOS: ScenarioOptions = {
  days: 14,
  dayHalfLife: 7,
  levelWindow: 36,
  levelHalfLife: 288,
  persistenceHalfLife: 6,
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
): Distributions {
  const n = history.length;
  const K = o.days;
  if (out.k !== K) throw new RangeError('distribution width must equal scenario days');
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
  const prices = new Float64Array(K);
  const weights = new Float64Array(K);
  const dayW = new Float64Array(K);
  for (let m = 0; m < K; m++) dayW[m] = Math.pow(0.5, m / o.dayHalfLife);
  let gh = Math.pow(g, first);
  let ph = Math.pow(phi, first + 1);
  for (let c = 0; c < count; c++, gh *= g, ph *= phi) {
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
