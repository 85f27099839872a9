import { formatMarketTime, marketDate, type PriceSeries } from './aemo.js';
import type { BatterySpec } from './battery.js';
import { runStrategy, seriesPriceWei, type StrategyRun } from './backtest.js';
import { DEFAULT_GAS, gasAud, type GasModel } from './gas.js';
import type { ForesightOptions } from './perfect-foresight.js';
import { foresightDays, type ForesightDay } from './pf-cache.js';
import type { Strategy } from './strategy.js';

export const ATTRIBUTION = 'Source: AEMO, Aggregated price and demand data';

export interface EvaluateConfig {
  battery: BatterySpec;
  ethAud?: string;
  gas?: Partial<GasModel>;
  /** Traded index range; earlier prices are warm-up. */
  from: number;
  to: number;
  /** Degradation / cycle cap, applied to perfect foresight too. */
  foresight?: ForesightOptions;
  cacheDir?: string;
  /** Progress callback factory (one bar per phase). */
  progress?: (label: string) => (done: number, total: number) => void;
}

export interface Figures {
  revenueAud: number;
  degradationAud: number;
  tableGasAud: number;
  /** Price rounds (every interval) + dispatch gas (only intervals where the battery trades: the operator sends no
   *  transaction when the decision is idle or moves no energy). */
  commonGasAud: number;
  /** Intervals with a dispatch transaction (the decision moves energy). */
  dispatches: number;
  /** Revenue − degradation − table gas. */
  netAud: number;
  /** … − common gas too. */
  netAllGasAud: number;
  /** revenue / perfect foresight. */
  capturePct: number;
  /** netAud / (perfect foresight − its degradation). */
  netCapturePct: number;
  netAllGasCapturePct: number;
  chargedMWh: number;
  dischargedMWh: number;
  cycles: number;
  publishes: number;
  updates: number;
  staleIntervals: number;
}

export interface PeriodResult {
  period: string;
  intervals: number;
  foresightAud: number;
  foresightDegradationAud: number;
  foresightUpperBoundAud: number;
  foresightCycles: number;
  strategies: Record<string, Figures>;
}

export interface BacktestResult {
  meta: {
    region: string;
    attribution: string;
    from: string;
    to: string;
    battery: { capacityMWh: number; powerMW: number; efficiencyPct: number };
    ethAud: string;
    gas: GasModel;
    foresight: ForesightOptions;
    strategies: string[];
    foresightDaysNotProven: number;
  };
  months: PeriodResult[];
  total: PeriodResult;
  /** Data for plots: per day, and a downsampled interval series of the first strategy. */
  daily: { date: string; foresightAud: number; revenueAud: Record<string, number> }[];
  trace: { time: string[]; price: number[]; socPct: number[] };
}

/** Runs the strategies and perfect foresight over [from, to) and tallies months and the total. */
export async function evaluate(series: PriceSeries, strategies: Strategy[], config: EvaluateConfig): Promise<BacktestResult> {
  const ethAud = config.ethAud ?? '4000';
  const gas: GasModel = { ...DEFAULT_GAS, ...config.gas };
  const { from, to, battery } = config;
  const priceWei = seriesPriceWei(series, ethAud);
  const foresight = await foresightDays(
    series,
    battery,
    config.foresight ?? {},
    { from, to },
    config.cacheDir,
    config.progress?.('perfect foresight (LP)'),
  );
  const runs: StrategyRun[] = strategies.map((s) =>
    runStrategy(series, s, { battery, ethAud, from, to, gas, priceWei, onProgress: config.progress?.(s.name) }),
  );
  const capMWh = Number(battery.capacityWh) / 1e6;
  const deg = config.foresight?.degradationAudPerMWh ?? 0;
  const monthOfIndex = (k: number) => marketDate((series.firstInterval + k) * series.intervalSeconds).slice(0, 7);

  const tally = (label: string, i0: number, i1: number, days: ForesightDay[]): PeriodResult => {
    const intervals = i1 - i0;
    const pf = days.reduce((a, d) => a + d.revenueAud, 0);
    const pfDeg = days.reduce((a, d) => a + d.degradationAud, 0);
    const result: PeriodResult = {
      period: label,
      intervals,
      foresightAud: pf,
      foresightDegradationAud: pfDeg,
      foresightUpperBoundAud: days.reduce((a, d) => a + d.upperBoundAud, 0),
      foresightCycles: days.reduce((a, d) => a + d.dischargedMWh, 0) / capMWh,
      strategies: {},
    };
    for (const run of runs) {
      let revenueAud = 0;
      let chargedMWh = 0;
      let dischargedMWh = 0;
      let tableGas = 0;
      let publishes = 0;
      let updates = 0;
      let dispatches = 0;
      for (let k = i0; k < i1; k++) {
        const i = k - run.from;
        revenueAud += run.valueAud[i]!;
        if (run.action[i] !== 0 && run.energyMWh[i]! > 0) dispatches++;
        if (run.action[i] === 1) chargedMWh += run.energyMWh[i]!;
        else if (run.action[i] === 2) dischargedMWh += run.energyMWh[i]!;
        tableGas += run.tableGasPerInterval[i]!;
        publishes += run.publishesPerInterval[i]!;
        updates += run.updatesPerInterval[i]!;
      }
      const tableGasAud = gasAud(tableGas, gas, ethAud);
      const commonGasAud = gasAud(intervals * gas.priceRoundGas + dispatches * gas.dispatchGas, gas, ethAud);
      const degradationAud = deg * dischargedMWh;
      const netAud = revenueAud - degradationAud - tableGasAud;
      const base = pf - pfDeg;
      result.strategies[run.name] = {
        revenueAud,
        degradationAud,
        tableGasAud,
        commonGasAud,
        dispatches,
        netAud,
        netAllGasAud: netAud - commonGasAud,
        capturePct: pf !== 0 ? (100 * revenueAud) / pf : 0,
        netCapturePct: base !== 0 ? (100 * netAud) / base : 0,
        netAllGasCapturePct: base !== 0 ? (100 * (netAud - commonGasAud)) / base : 0,
        chargedMWh,
        dischargedMWh,
        cycles: dischargedMWh / capMWh,
        publishes,
        updates,
        staleIntervals: run.staleIntervals,
      };
    }
    return result;
  };

  // months: contiguous index ranges with the same market month; a foresight day belongs to its start's month
  const months: PeriodResult[] = [];
  for (let k = from; k < to; ) {
    const mo = monthOfIndex(k);
    let j = k + 1;
    while (j < to && monthOfIndex(j) === mo) j++;
    months.push(tally(mo, k, j, foresight.filter((d) => d.from >= k && d.from < j)));
    k = j;
  }
  const total = tally('total', from, to, foresight);

  const daily = foresight.map((d) => {
    const revenueAud: Record<string, number> = {};
    for (const run of runs) {
      let r = 0;
      for (let k = Math.max(d.from, from); k < Math.min(d.to, to); k++) r += run.valueAud[k - run.from]!;
      revenueAud[run.name] = r;
    }
    return { date: marketDate((series.firstInterval + d.from) * series.intervalSeconds), foresightAud: d.revenueAud, revenueAud };
  });

  const main = runs[0];
  const trace = { time: [] as string[], price: [] as number[], socPct: [] as number[] };
  if (main) {
    const stride = Math.max(1, Math.ceil((to - from) / 3000));
    for (let k = from; k < to; k += stride) {
      let pmax = -Infinity;
      let soc = 0;
      let c = 0;
      for (let j = k; j < Math.min(to, k + stride); j++, c++) {
        pmax = Math.max(pmax, series.aud[j]!);
        soc += main.socWh[j - from]!;
      }
      trace.time.push(formatMarketTime((series.firstInterval + k + 1) * series.intervalSeconds));
      trace.price.push(pmax);
      trace.socPct.push((100 * soc) / c / Number(battery.capacityWh));
    }
  }
  return {
    meta: {
      region: series.region,
      attribution: `${ATTRIBUTION}, ${series.region}`,
      from: formatMarketTime((series.firstInterval + from) * series.intervalSeconds),
      to: formatMarketTime((series.firstInterval + to) * series.intervalSeconds),
      battery: {
        capacityMWh: capMWh,
        powerMW: Number(battery.maxDischargeW) / 1e6,
        efficiencyPct: battery.efficiencyBps / 100,
      },
      ethAud,
      gas,
      foresight: config.foresight ?? {},
      strategies: runs.map((r) => r.name),
      foresightDaysNotProven: foresight.filter((d) => !d.provenOptimal).length,
    },
    months,
    total,
    daily,
    trace,
  };
}

/** A plain-text table of a result (what the CLI prints). */
export function formatResult(r: BacktestResult): string {
  const names = r.meta.strategies;
  const main = names[0]!;
  const head = ['month', 'PF AUD', `${main} AUD`, 'capture', 'net', ...names.slice(1).map((n) => n), 'cycles', 'PF cyc', 'MWh out', 'table gas AUD', 'other gas AUD'];
  const rows = [...r.months, r.total].map((p) => {
    const s = p.strategies[main]!;
    return [
      p.period,
      p.foresightAud.toFixed(0),
      s.revenueAud.toFixed(0),
      `${s.capturePct.toFixed(1)}%`,
      `${s.netCapturePct.toFixed(1)}%`,
      ...names.slice(1).map((n) => `${p.strategies[n]!.netCapturePct.toFixed(1)}%`),
      s.cycles.toFixed(1),
      p.foresightCycles.toFixed(1),
      s.dischargedMWh.toFixed(1),
      s.tableGasAud.toFixed(2),
      s.commonGasAud.toFixed(2),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${r.meta.attribution}. ${r.meta.from} – ${r.meta.to} (interval ends, market time); battery ${r.meta.battery.powerMW} MW / ${r.meta.battery.capacityMWh} MWh / ${r.meta.battery.efficiencyPct} %; gas ${r.meta.gas.gasPriceGwei} gwei, ETH = ${r.meta.ethAud} AUD`,
    'capture = revenue / perfect foresight; net = (revenue − degradation − table gas) / (PF − PF degradation); baselines shown net',
    line(head),
    ...rows.map(line),
    `net of all operator gas (price rounds + dispatch too): ${names.map((n) => `${n} ${r.total.strategies[n]!.netAllGasCapturePct.toFixed(1)}%`).join(', ')}`,
  ].join('\n');
}
