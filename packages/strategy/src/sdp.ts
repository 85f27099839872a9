import { intervalLimits, type BatterySpec } from './battery.js';

/**
 * Stochastic dynamic programming of the battery's water values (the value of stored energy) on a state-of-charge
 * grid, with the chain's decision rule inside: in each interval the price is drawn from a weighted set of scenario
 * prices, the battery sees it and charges, discharges or idles (full rate, partial only at the bounds, η on charge).
 * The optimal decision at a price is a pair of thresholds — exactly what the on-chain table holds.
 */
export interface WaterValueModel {
  /** Grid points over [0, capacity]: levels = segments + 1. */
  readonly levels: number;
  readonly capacityMWh: number;
  readonly stepMWh: number;
  /** AUD per MWh discharged. */
  readonly degradation: number;
  readonly eta: number;
  /** Full-rate amounts per interval, MWh: grid bought, stored, sold. */
  readonly fullChargeGrid: number;
  readonly fullChargeStored: number;
  readonly fullDischarge: number;
  /** Per level: grid MWh bought by a charge, MWh stored, fractional grid index after charging. */
  readonly chargeGrid: Float64Array;
  readonly chargeTo: Float64Array;
  /** Per level: MWh sold by a discharge, fractional grid index after. */
  readonly dischargeGrid: Float64Array;
  readonly dischargeTo: Float64Array;
}

export function waterValueModel(battery: BatterySpec, segments = 48, degradationAudPerMWh = 0): WaterValueModel {
  const lim = intervalLimits(battery);
  const E = Number(battery.capacityWh) / 1e6;
  const eta = battery.efficiencyBps / 10_000;
  const cg = Number(lim.chargeGridWh) / 1e6;
  const cs = Number(lim.chargeStoredWh) / 1e6;
  const dg = Number(lim.dischargeWh) / 1e6;
  const levels = segments + 1;
  const step = E / segments;
  const chargeGrid = new Float64Array(levels);
  const chargeTo = new Float64Array(levels);
  const dischargeGrid = new Float64Array(levels);
  const dischargeTo = new Float64Array(levels);
  for (let i = 0; i < levels; i++) {
    const s = i * step;
    const room = E - s;
    const stored = Math.min(cs, room);
    chargeGrid[i] = stored >= cs ? cg : room / eta;
    chargeTo[i] = Math.min(segments, (s + stored) / step);
    const d = Math.min(dg, s);
    dischargeGrid[i] = d;
    dischargeTo[i] = Math.max(0, (s - d) / step);
  }
  return {
    levels,
    capacityMWh: E,
    stepMWh: step,
    degradation: degradationAudPerMWh,
    eta,
    fullChargeGrid: cg,
    fullChargeStored: cs,
    fullDischarge: dg,
    chargeGrid, chargeTo, dischargeGrid, dischargeTo };
}

/** Linear interpolation of V at fractional grid index x. */
export function interp(V: Float64Array, base: number, x: number, last: number): number {
  const i = x >= last ? last - 1 : Math.floor(x);
  const f = x - i;
  return V[base + i]! * (1 - f) + V[base + i + 1]! * f;
}

/**
 * Price distributions of consecutive intervals in flat arrays (no allocation per interval): for slot c, `size[c]`
 * sorted prices at `prices[c*k …]` with prefix sums of normalised weights and weight × price.
 */
export class Distributions {
  readonly k: number;
  capacity = 0;
  count = 0;
  prices = new Float64Array(0);
  cumW = new Float64Array(0);
  cumWP = new Float64Array(0);
  size = new Int32Array(0);
  /** Unsorted scenario values per slot (scenario m of slot c at c*k + m), for path evaluation. */
  paths = new Float64Array(0);
  readonly #order: Int32Array;

  constructor(k: number, capacity = 0) {
    this.k = k;
    this.#order = new Int32Array(k);
    this.ensure(capacity);
  }

  ensure(count: number): this {
    if (count > this.capacity) {
      const k = this.k;
      this.capacity = Math.max(count, Math.ceil(this.capacity * 1.5));
      this.prices = new Float64Array(this.capacity * k);
      this.paths = new Float64Array(this.capacity * k);
      this.cumW = new Float64Array(this.capacity * (k + 1));
      this.cumWP = new Float64Array(this.capacity * (k + 1));
      this.size = new Int32Array(this.capacity);
    }
    this.count = count;
    return this;
  }

  /** Sets slot c from `used` values and weights (insertion sort: k is small). */
  set(c: number, values: Float64Array, weights: Float64Array, used: number): void {
    const k = this.k;
    const order = this.#order;
    let tw = 0;
    for (let j = 0; j < used; j++) {
      tw += weights[j]!;
      let i = j;
      const v = values[j]!;
      while (i > 0 && values[order[i - 1]!]! > v) {
        order[i] = order[i - 1]!;
        i--;
      }
      order[i] = j;
    }
    const po = c * k;
    const co = c * (k + 1);
    this.cumW[co] = 0;
    this.cumWP[co] = 0;
    for (let j = 0; j < used; j++) {
      const idx = order[j]!;
      const w = weights[idx]! / tw;
      const p = values[idx]!;
      this.prices[po + j] = p;
      this.cumW[co + j + 1] = this.cumW[co + j]! + w;
      this.cumWP[co + j + 1] = this.cumWP[co + j]! + w * p;
    }
    this.size[c] = used;
  }
}

/** Number of prices <= x in a[from, from+n). */
function countLE(a: Float64Array, from: number, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[from + mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** Number of prices < x in a[from, from+n). */
function countLT(a: Float64Array, from: number, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[from + mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Thresholds (AUD/MWh) at one grid level given the next interval's values: charge if p <= lo, discharge if p >= hi. */
export interface Thresholds {
  lo: number;
  hi: number;
}

/**
 * The optimal thresholds at fractional grid position x (state of charge / step) given next values `Vn`
 * (row `base` of a value array). Returns ±Infinity where an action is impossible (full / empty).
 */
export function thresholdsAt(m: WaterValueModel, Vn: Float64Array, base: number, x: number, out: Thresholds): Thresholds {
  const last = m.levels - 1;
  const s = x * m.stepMWh;
  const stored = Math.min(m.fullChargeStored, m.capacityMWh - s);
  const cg = stored >= m.fullChargeStored ? m.fullChargeGrid : stored / m.eta;
  const d = Math.min(m.fullDischarge, s);
  const V0 = interp(Vn, base, x, last);
  const lo = cg > 1e-12 ? (interp(Vn, base, Math.min(last, x + stored / m.stepMWh), last) - V0) / cg : -Infinity;
  const hi = d > 1e-12 ? (V0 - interp(Vn, base, Math.max(0, x - d / m.stepMWh), last)) / d + m.degradation : Infinity;
  if (lo >= hi) {
    // not concave here: charge below, discharge above the price where the two actions are worth the same
    const Vc = V0 + lo * cg;
    const Vd = V0 - (hi - m.degradation) * d;
    const p = (Vc - Vd + m.degradation * d) / (cg + d);
    out.lo = p;
    out.hi = p;
  } else {
    out.lo = lo;
    out.hi = hi;
  }
  return out;
}

/**
 * One backward step: V[out row] = E_p[ max(idle, charge, discharge) ] given next values V[next row], where
 * the max is taken the way the chain decides (charge first when the thresholds cross).
 */
export function backwardStep(
  m: WaterValueModel,
  V: Float64Array,
  nextBase: number,
  outBase: number,
  dist: Distributions,
  slot: number,
): void {
  const L = m.levels;
  const last = L - 1;
  const { prices, cumW, cumWP } = dist;
  const K = dist.size[slot]!;
  const po = slot * dist.k;
  const co = slot * (dist.k + 1);
  const wK = cumW[co + K]!;
  const wpK = cumWP[co + K]!;
  const deg = m.degradation;
  for (let i = 0; i < L; i++) {
    const V0 = V[nextBase + i]!;
    const cg = m.chargeGrid[i]!;
    const dg = m.dischargeGrid[i]!;
    const Vc = cg > 0 ? interp(V, nextBase, m.chargeTo[i]!, last) : V0;
    const Vd = dg > 0 ? interp(V, nextBase, m.dischargeTo[i]!, last) : V0;
    let l = cg > 0 ? (Vc - V0) / cg : -Infinity;
    let h = dg > 0 ? (V0 - Vd) / dg + deg : Infinity;
    if (l >= h) {
      const p = (Vc - Vd + deg * dg) / (cg + dg);
      l = p;
      h = p;
    }
    const a = countLE(prices, po, K, l);
    let b = countLT(prices, po, K, h);
    if (b < a) b = a;
    const cwa = cumW[co + a]!;
    const cwb = cumW[co + b]!;
    const charge = cwa * Vc - cg * cumWP[co + a]!;
    const idle = (cwb - cwa) * V0;
    const discharge = (wK - cwb) * (Vd - deg * dg) + dg * (wpK - cumWP[co + b]!);
    V[outBase + i] = charge + idle + discharge;
  }
}
