import { INTERVALS_PER_DAY } from '../aemo.js';
import type { BatterySpec } from '../battery.js';
import { backwardStep, Distributions, interp, thresholdsAt, waterValueModel, type Thresholds, type WaterValueModel } from '../sdp.js';
import { buildScenarios, DEFAULT_SCENARIOS, scenarioWeights, SpikeModel, type ScenarioOptions, type SpikeOptions } from '../scenarios.js';
import type { DecisionContext, Strategy } from '../strategy.js';
import {
  BANDS,
  BLOCKS,
  bandOf,
  blockOfInterval,
  chargeUnits,
  dischargeUnits,
  INT16_MAX,
  NEVER_CHARGE,
  NEVER_DISCHARGE,
  packBlock,
  type BlockThresholds,
  type TableWrite,
} from '../table.js';
import { bandsOf, dayOf, isDayStart } from './common.js';

export interface WaterValueOptions {
  /**
   * When the table is re-published: `interval` — the current block, before every interval, from the live state of
   * charge and the latest price; `block` — the current block at the start of every half hour; `day` — one full table
   * at the start of each market day (no level shift, no persistence: the plain daily water-value table).
   */
  cadence: 'interval' | 'block' | 'day';
  /** State-of-charge grid segments. Default 48. */
  segments: number;
  /** Look-ahead, intervals. Default 576 (two days; energy left at the end is worth nothing). */
  horizon: number;
  /** The first `head` intervals are re-solved at every decision (persistence of the last price); the rest once per block. */
  head: number;
  scenarios: ScenarioOptions;
  /** AUD per MWh discharged (wear), part of the optimisation. Default 0. */
  degradationAudPerMWh: number;
  /** Stop trading for the rest of the market day once this many capacities were discharged. Default none. */
  maxCyclesPerDay: number | undefined;
  /** AUD one `updateBlocks` costs: an update is sent only if its expected gain over the table on chain is larger. */
  updateCostAud: number;
  /** Intervals a write keeps the table valid (the battery falls back to its static thresholds after). Default 288. */
  validFor: number;
  /**
   * Spike risk: a walk-forward estimate of the chance of a price spike, conditioned on the latest price, added to
   * every interval's scenarios so the DP keeps charge for spikes. `false` to disable.
   */
  spikes: Partial<SpikeOptions> | false;
  /**
   * Per-interval cadence: skip an update when the live band's thresholds move by at most this many table units
   * (AUD/MWh at the default unit). Default 0 (any change is sent).
   */
  minChangeAud: number;
}

export const DEFAULT_WATER_VALUE: WaterValueOptions = {
  cadence: 'interval',
  segments: 48,
  horizon: 576,
  head: 36,
  scenarios: DEFAULT_SCENARIOS,
  degradationAudPerMWh: 0,
  maxCyclesPerDay: undefined,
  updateCostAud: 0,
  validFor: INTERVALS_PER_DAY,
  spikes: false,
  minChangeAud: 0,
};

const IDLE = bandsOf(NEVER_CHARGE, NEVER_DISCHARGE);

/** Table units of DP thresholds: charge rounds down, discharge up, never crossing. */
function toUnits(t: Thresholds): [number, number] {
  const lo = t.lo === -Infinity ? NEVER_CHARGE : chargeUnits(t.lo);
  let hi = t.hi === Infinity ? NEVER_DISCHARGE : dischargeUnits(t.hi);
  if (hi <= lo) hi = Math.min(INT16_MAX, lo + 1);
  return [lo, hi];
}

/**
 * The water-value strategy: stochastic DP over recent days' prices (shifted to today's level, plus a fading
 * persistence of the last price) from the live state of charge, turned into the on-chain table.
 */
export function waterValueStrategy(battery: BatterySpec, options: Partial<WaterValueOptions> = {}): Strategy {
  const o: WaterValueOptions = { ...DEFAULT_WATER_VALUE, ...options, scenarios: { ...DEFAULT_SCENARIOS, ...options.scenarios } };
  const m = waterValueModel(battery, o.segments, o.degradationAudPerMWh);
  const L = m.levels;
  const E = m.capacityMWh;
  const capWh = Number(battery.capacityWh);
  const weights = scenarioWeights(o.scenarios);
  const K = o.scenarios.days;
  const dayMode = o.cadence === 'day';
  const dayValidFor = Math.max(o.validFor, INTERVALS_PER_DAY + 24);
  const head = dayMode ? 0 : Math.min(o.head, o.horizon);
  const blockLen = 6;
  // tail: values of targets tailStart … n0+horizon, computed at block starts
  let tailStart = -1;
  let tailV: Float64Array = new Float64Array(0);
  let tailN0 = -1;
  // head: values of targets n … tailStart, re-solved per decision
  let headV: Float64Array = new Float64Array(0);
  let headCount = 0;
  const spikeModel = o.spikes === false || dayMode ? null : new SpikeModel(o.spikes);
  const width = K + (spikeModel ? 1 : 0);
  const tailDists = new Distributions(width);
  const headDists = new Distributions(width);
  let day = -1;
  let dischargedToday = 0;
  let prevSoc = -1;
  const th: Thresholds = { lo: 0, hi: 0 };

  /** Value array and row base of the value *before* target j is decided (j in [n, n0 + horizon]). */
  const rowOf = (n: number, j: number): [Float64Array, number] => {
    if (j - n < headCount) return [headV, (j - n) * L];
    return [tailV, (j - tailStart) * L];
  };

  const solveTail = (ctx: DecisionContext) => {
    const n = ctx.index;
    tailN0 = n;
    tailStart = n + head;
    const count = o.horizon - head;
    buildScenarios(ctx.history, head, count, o.scenarios, !dayMode, tailDists, spikeModel);
    if (tailV.length !== (count + 1) * L) tailV = new Float64Array((count + 1) * L);
    tailV.fill(0, count * L);
    for (let c = count - 1; c >= 0; c--) backwardStep(m, tailV, (c + 1) * L, c * L, tailDists, c);
  };

  const solveHead = (ctx: DecisionContext) => {
    const n = ctx.index;
    headCount = tailStart - n;
    if (headCount <= 0) {
      headCount = 0;
      return;
    }
    buildScenarios(ctx.history, 0, headCount, o.scenarios, true, headDists, spikeModel);
    if (headV.length < (headCount + 1) * L) headV = new Float64Array((head + 1) * L);
    headV.set(tailV.subarray(0, L), headCount * L);
    for (let c = headCount - 1; c >= 0; c--) backwardStep(m, headV, (c + 1) * L, c * L, headDists, c);
  };

  /** Thresholds of target j (decided with the value after it) at state x (grid units). */
  const thresholdsFor = (n: number, j: number, x: number): [number, number] => {
    const [V, base] = rowOf(n, j + 1);
    return toUnits(thresholdsAt(m, V, base, x, th));
  };

  const bandMid = (b: number) => ((b + 0.5) * E) / BANDS / m.stepMWh;

  /** The block word for intervals j0 … j1−1 (averaging thresholds over them), live SoC in its band. */
  const blockFor = (n: number, j0: number, j1: number, socX: number | null): BlockThresholds => {
    const lo: number[] = [];
    const hi: number[] = [];
    const liveBand = socX === null ? -1 : Math.min(BANDS - 1, Math.floor((socX * m.stepMWh * BANDS) / E + 1e-9));
    for (let b = 0; b < BANDS; b++) {
      const x = b === liveBand ? socX! : bandMid(b);
      let sl = 0;
      let sh = 0;
      let cnt = 0;
      let anyNeverC = false;
      let anyNeverD = false;
      for (let j = j0; j < j1; j++) {
        const [l, h] = thresholdsFor(n, j, x);
        if (l === NEVER_CHARGE) anyNeverC = true;
        if (h === NEVER_DISCHARGE) anyNeverD = true;
        sl += l;
        sh += h;
        cnt++;
      }
      let l = anyNeverC ? NEVER_CHARGE : Math.floor(sl / cnt);
      let h = anyNeverD ? NEVER_DISCHARGE : Math.ceil(sh / cnt);
      if (h <= l) h = Math.min(INT16_MAX, l + 1);
      lo.push(l);
      hi.push(h);
    }
    return { chargeBelow: lo, dischargeAbove: hi };
  };

  /** Full table for the next 24 h from decision n. */
  const fullTable = (ctx: DecisionContext, socX: number): BlockThresholds[] => {
    const n = ctx.index;
    const blocks: BlockThresholds[] = new Array(BLOCKS);
    let j = n;
    const end = n + INTERVALS_PER_DAY;
    while (j < end) {
      const b = blockOfInterval(ctx.interval + (j - n), ctx.intervalSeconds);
      let j1 = j + 1;
      while (j1 < end && blockOfInterval(ctx.interval + (j1 - n), ctx.intervalSeconds) === b) j1++;
      if (!blocks[b]) blocks[b] = blockFor(n, j, j1, j === n ? socX : null);
      j = j1;
    }
    for (let b = 0; b < BLOCKS; b++) blocks[b] ??= IDLE;
    return blocks;
  };

  /** Expected value (AUD) of running `word` over head targets 0 … len−1 from state socMWh, over scenario paths. */
  const evaluate = (word: BlockThresholds, socMWh: number, len: number, n: number): number => {
    let total = 0;
    for (let k = 0; k < K; k++) {
      let s = socMWh;
      let cash = 0;
      for (let c = 0; c < len; c++) {
        const p = headDists.paths[c * K + k]!;
        const band = Math.min(BANDS - 1, Math.floor((s * BANDS) / E + 1e-9));
        if (p <= word.chargeBelow[band]!) {
          const stored = Math.min(m.fullChargeStored, E - s);
          const grid = stored >= m.fullChargeStored ? m.fullChargeGrid : stored / m.eta;
          cash -= p * grid;
          s += stored;
        } else if (p >= word.dischargeAbove[band]!) {
          const d = Math.min(m.fullDischarge, s);
          cash += (p - m.degradation) * d;
          s -= d;
        }
      }
      const [V, base] = rowOf(n, n + len);
      total += weights[k]! * (cash + interp(V, base, Math.min(L - 1, Math.max(0, s / m.stepMWh)), L - 1));
    }
    return total;
  };

  return {
    name: dayMode ? 'water-value-daily' : o.cadence === 'block' ? 'water-value-30min' : 'water-value-rolling',
    decide(ctx: DecisionContext): TableWrite[] {
      const n = ctx.index;
      const soc = Number(ctx.socWh);
      const socMWh = soc / 1e6;
      const socX = Math.min(L - 1, (soc / capWh) * (L - 1));
      // cycle cap bookkeeping from the observed state of charge
      const d = dayOf(ctx);
      if (d !== day) {
        day = d;
        dischargedToday = 0;
      } else if (prevSoc >= 0 && soc < prevSoc) dischargedToday += (prevSoc - soc) / 1e6;
      prevSoc = soc;
      const capped = o.maxCyclesPerDay !== undefined && dischargedToday >= o.maxCyclesPerDay * E - 1e-9;
      const block = blockOfInterval(ctx.interval, ctx.intervalSeconds);
      const needTable = ctx.activeValidUntil === null || ctx.activeValidUntil < ctx.interval + 12;

      if (dayMode) {
        if (!isDayStart(ctx) && !needTable) return [];
        solveTail(ctx);
        headCount = 0;
        return [publish(ctx, fullTable(ctx, socX), dayValidFor)];
      }
      spikeModel?.observe(ctx.history);
      const blockStart = (ctx.interval * ctx.intervalSeconds) % 1800 === 0;
      if (o.cadence === 'block' && !blockStart && !needTable) return [];
      if (tailN0 < 0 || blockStart || n - tailN0 >= blockLen || n < tailN0) solveTail(ctx);
      solveHead(ctx);
      if (needTable) return [publish(ctx, capped ? Array.from({ length: BLOCKS }, () => IDLE) : fullTable(ctx, socX), o.validFor)];
      // the intervals this word governs before the next write can replace it
      let len = 1;
      if (o.cadence === 'block') while (len < blockLen && blockOfInterval(ctx.interval + len, ctx.intervalSeconds) === block) len++;
      const word = capped ? IDLE : blockFor(n, n, n + len, socX);
      const current = ctx.activeTable?.block(block);
      if (current && sameWord(current, word)) return [];
      // per interval, only the band the battery is in now decides the next dispatch (the state of charge does not
      // move between this write and the dispatch): an update that leaves that band unchanged earns nothing
      if (current && o.cadence === 'interval' && ctx.activeValidUntil !== null && ctx.activeValidUntil >= ctx.interval + o.validFor / 2) {
        const band = bandOf(ctx.socWh, battery.capacityWh);
        const tol = o.minChangeAud;
        if (Math.abs(current.chargeBelow[band]! - word.chargeBelow[band]!) <= tol && Math.abs(current.dischargeAbove[band]! - word.dischargeAbove[band]!) <= tol) return [];
      }
      if (current && !capped && o.updateCostAud > 0 && len <= headCount) {
        const gain = evaluate(word, socMWh, len, n) - evaluate(current, socMWh, len, n);
        if (gain <= o.updateCostAud) return [];
      }
      return [{ kind: 'updateBlocks', firstBlock: block, blocks: [packBlock(word)], validUntil: ctx.interval + o.validFor - 1 }];
    },
  };
}

function sameWord(a: BlockThresholds, b: BlockThresholds): boolean {
  for (let i = 0; i < BANDS; i++) {
    if (a.chargeBelow[i] !== b.chargeBelow[i] || a.dischargeAbove[i] !== b.dischargeAbove[i]) return false;
  }
  return true;
}

function publish(ctx: DecisionContext, blocks: BlockThresholds[], validFor: number): TableWrite {
  return {
    kind: 'publishTable',
    effectiveFrom: ctx.interval,
    validUntil: ctx.interval + validFor - 1,
    unitWei: ctx.unitWei,
    blocks: blocks.map(packBlock),
  };
}

export type { WaterValueModel };
