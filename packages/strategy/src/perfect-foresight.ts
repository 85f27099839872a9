import highsModule from 'highs';
import { marketDay, type PriceSeries } from './aemo.js';
import { intervalLimits, type BatterySpec } from './battery.js';
import { SolverError } from './errors.js';

type Loader = typeof import('highs').default;
// The package is CommonJS with an ESM build; its default export is the loader either way.
const highsLoader = ((highsModule as unknown as { default?: Loader }).default ?? highsModule) as unknown as Loader;
export type Highs = Awaited<ReturnType<Loader>>;
let highsPromise: Promise<Highs> | undefined;
/** The HiGHS WebAssembly solver, loaded once per process. */
export const loadHighs = (): Promise<Highs> => (highsPromise ??= highsLoader());

export interface ForesightOptions {
  /** AUD per MWh discharged (wear), subtracted in the objective. Default 0. */
  degradationAudPerMWh?: number;
  /** At most this many full discharges of the capacity per market day. Default: no cap. */
  maxCyclesPerDay?: number;
  /** State of charge at the start and end of every day, fraction of capacity. Default 0.5. */
  socFraction?: number;
  /** Only the LP relaxation (may charge and discharge at once at negative prices; for heuristics). */
  relaxed?: boolean;
  /** MILP relative gap (default 1e-3) and time limit per day (default 5 s) for days with negative prices. */
  mipRelGap?: number;
  mipTimeLimitSeconds?: number;
}

/** The optimal schedule of one market day (or the part of it in the series). */
export interface DaySchedule {
  day: number;
  /** Index of the day's first interval in the series. */
  from: number;
  /** Grid energy bought per interval, MWh. */
  chargeMWh: Float64Array;
  /** Energy sold per interval, MWh. */
  dischargeMWh: Float64Array;
  /** State of charge at the end of each interval, MWh. */
  socMWh: Float64Array;
  /** Σ price × (discharge − charge), AUD (before degradation). */
  revenueAud: number;
  degradationAud: number;
  /** Intervals that needed a binary (negative price where the LP relaxation charged and discharged at once). */
  binaries: number;
  /** Objective of the LP relaxation (an upper bound of the objective, = it when no binary was needed). */
  upperBoundAud: number;
  /** False when the MILP stopped at its time limit (the schedule is feasible, optimality within upperBoundAud). */
  provenOptimal: boolean;
}

/** Index ranges [from, to) of the market days in a series. */
export function dayRanges(series: PriceSeries): Array<{ day: number; from: number; to: number }> {
  const out: Array<{ day: number; from: number; to: number }> = [];
  for (let k = 0; k < series.length; ) {
    const day = marketDay((series.firstInterval + k) * series.intervalSeconds);
    let j = k + 1;
    while (j < series.length && marketDay((series.firstInterval + j) * series.intervalSeconds) === day) j++;
    out.push({ day, from: k, to: j });
    k = j;
  }
  return out;
}

const num = (x: number): string => {
  const s = x.toPrecision(15);
  return /e/.test(s) ? x.toFixed(12) : s.replace(/\.?0+$/, '') || '0';
};
const term = (coef: number, name: string): string => (coef < 0 ? ` - ${num(-coef)} ${name}` : ` + ${num(coef)} ${name}`);

/**
 * Perfect-foresight schedule of one day as an LP (a MILP only where prices are negative):
 *
 *   maximise   Σ_t p_t (d_t − c_t) − w Σ_t d_t
 *   subject to s_t = s_{t−1} + η c_t − d_t,  s_{−1} = s_end = σ·E,  0 ≤ s_t ≤ E,
 *              0 ≤ c_t ≤ C, 0 ≤ d_t ≤ D,  [Σ d_t ≤ k·E],
 *              c_t/C + d_t/D ≤ 1,
 *              c_t ≤ C u_t, d_t ≤ D (1 − u_t), u_t ∈ {0,1}  only where p_t < 0 (added lazily, see below).
 *
 * η is applied on charge, C and D are the chain's per-interval grid limits. Where p_t ≥ 0 simultaneous charge and
 * discharge is never better (lowering c by δ and d by ηδ keeps s and changes the objective by p_t δ (1 − η) ≥ 0), so
 * any such pair is netted out after solving; where p_t < 0 it would earn money by burning energy in the losses,
 * which one on-chain action per interval cannot do, hence the binary.
 */
export async function solveDay(
  prices: ArrayLike<number>,
  battery: BatterySpec,
  options: ForesightOptions = {},
): Promise<Omit<DaySchedule, 'day' | 'from'>> {
  return solveDaySync(await loadHighs(), prices, battery, options);
}

/** `solveDay` with an already loaded solver (HiGHS itself is synchronous). */
export function solveDaySync(
  highs: Highs,
  prices: ArrayLike<number>,
  battery: BatterySpec,
  options: ForesightOptions = {},
): Omit<DaySchedule, 'day' | 'from'> {
  const T = prices.length;
  const lim = intervalLimits(battery);
  const C = Number(lim.chargeGridWh) / 1e6;
  const D = Number(lim.dischargeWh) / 1e6;
  const E = Number(battery.capacityWh) / 1e6;
  const eta = battery.efficiencyBps / 10_000;
  const s0 = (options.socFraction ?? 0.5) * E;
  const w = options.degradationAudPerMWh ?? 0;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (let t = 0; t < T; t++) {
    const p = prices[t]!;
    obj.push(term(p - w, `d${t}`), term(-p, `c${t}`));
    const prev = t === 0 ? '' : ` - s${t - 1}`;
    rows.push(` b${t}: s${t}${prev}${term(-eta, `c${t}`)} + d${t} = ${t === 0 ? num(s0) : '0'}`);
    // the convex hull of "charge or discharge at one rate": also what the binary below implies
    rows.push(` h${t}: ${num(1 / C)} c${t} + ${num(1 / D)} d${t} <= 1`);
    bounds.push(` 0 <= c${t} <= ${num(C)}`, ` 0 <= d${t} <= ${num(D)}`, ` 0 <= s${t} <= ${num(E)}`);
  }
  rows.push(` end: s${T - 1} = ${num(s0)}`);
  if (options.maxCyclesPerDay !== undefined) {
    rows.push(` cyc: ${Array.from({ length: T }, (_, t) => `d${t}`).join(' + ')} <= ${num(options.maxCyclesPerDay * E)}`);
  }
  // First the LP relaxation. If it charges and discharges at once at a negative price, every negative-price
  // interval gets its binary and the MILP is solved (the LP value stays as the upper bound).
  const solve = (binaries: number[]) => {
    const extra: string[] = [];
    for (const t of binaries) {
      extra.push(` xc${t}: c${t} - ${num(C)} u${t} <= 0`, ` xd${t}: d${t} + ${num(D)} u${t} <= ${num(D)}`);
    }
    const lp = [
      'Maximize',
      ` obj:${obj.join('')}`,
      'Subject To',
      ...rows,
      ...extra,
      'Bounds',
      ...bounds,
      ...(binaries.length ? ['Binaries', ` ${binaries.map((t) => `u${t}`).join(' ')}`] : []),
      'End',
    ].join('\n');
    const result = highs.solve(lp, {
      output_flag: false,
      presolve: 'off',
      mip_rel_gap: options.mipRelGap ?? 1e-3,
      // only the MILP is time-limited: the LP always finishes (and is the upper bound)
      ...(binaries.length ? { time_limit: options.mipTimeLimitSeconds ?? 5 } : {}),
    } as Parameters<Highs['solve']>[1]);
    const feasible =
      result.Status === 'Optimal' ||
      (binaries.length > 0 && result.Status === 'Time limit reached');
    if (!feasible) throw new SolverError(`perfect-foresight ${binaries.length ? 'MILP' : 'LP'}: ${result.Status}`);
    const cols = result.Columns as Record<string, { Primal: number }>;
    const c = new Float64Array(T);
    const d = new Float64Array(T);
    let burns = false;
    for (let t = 0; t < T; t++) {
      c[t] = Math.max(0, cols[`c${t}`]?.Primal ?? 0);
      d[t] = Math.max(0, cols[`d${t}`]?.Primal ?? 0);
      if (c[t]! > 1e-6 && d[t]! > 1e-6 && prices[t]! < 0) burns = true;
    }
    return { c, d, burns, objective: result.ObjectiveValue, optimal: result.Status === 'Optimal' };
  };
  let sol = solve([]);
  const upperBoundAud = sol.objective;
  const negative: number[] = [];
  for (let t = 0; t < T; t++) if (prices[t]! < 0) negative.push(t);
  let usedMilp = false;
  if (sol.burns && !options.relaxed) {
    usedMilp = true;
    sol = solve(negative);
    if (sol.burns) throw new SolverError('perfect-foresight MILP charged and discharged at once');
  }
  const { c, d } = sol;
  const binaries = usedMilp ? negative.length : 0;
  const chargeMWh = new Float64Array(T);
  const dischargeMWh = new Float64Array(T);
  const socMWh = new Float64Array(T);
  let revenueAud = 0;
  let degradationAud = 0;
  let s = s0;
  for (let t = 0; t < T; t++) {
    let ct = c[t]!;
    let dt = d[t]!;
    if (ct > 0 && dt > 0 && prices[t]! < 0 && !options.relaxed) {
      // MILP tolerance leftovers (< 1 Wh): keep the chosen direction only
      if (ct / C >= dt / D) dt = 0;
      else ct = 0;
    } else if (ct > 0 && dt > 0) {
      // p >= 0: netting keeps s and never lowers the objective
      const delta = Math.min(ct, dt / eta);
      ct -= delta;
      dt -= eta * delta;
    }
    if (ct < 1e-12) ct = 0;
    if (dt < 1e-12) dt = 0;
    chargeMWh[t] = ct;
    dischargeMWh[t] = dt;
    s += eta * ct - dt;
    socMWh[t] = s;
    revenueAud += prices[t]! * (dt - ct);
    degradationAud += w * dt;
  }
  return { chargeMWh, dischargeMWh, socMWh, revenueAud, degradationAud, binaries, upperBoundAud, provenOptimal: sol.optimal };
}

/** Perfect foresight day by day over a series (SoC = socFraction at each day's start and end). */
export async function perfectForesight(
  series: PriceSeries,
  battery: BatterySpec,
  options: ForesightOptions = {},
  onDay?: (done: number, total: number) => void,
): Promise<DaySchedule[]> {
  const days = dayRanges(series);
  const out: DaySchedule[] = [];
  for (const [i, r] of days.entries()) {
    const sol = await solveDay(series.aud.subarray(r.from, r.to), battery, options);
    out.push({ day: r.day, from: r.from, ...sol });
    onDay?.(i + 1, days.length);
  }
  return out;
}
