import { marketDate, type PriceSeries } from './aemo.js';
import { dispatchState, validateBattery, type BatterySpec } from './battery.js';
import { Action, quote } from './energy-math.js';
import { BacktestConfigError } from './errors.js';
import { DEFAULT_GAS, writeGas, type GasModel } from './gas.js';
import { PriceHistory } from './history.js';
import type { ActiveTable, DecisionContext, Strategy } from './strategy.js';
import { ProfileState, unpackBlock, type BlockThresholds } from './table.js';
import { audToWeiPerMWh, weiToAud } from './units.js';

export interface RunOptions {
  battery: BatterySpec;
  /** AUD per ether for price conversion and costs. Default '4000'. */
  ethAud?: string;
  /** First traded index (earlier prices are warm-up history). Default 0. */
  from?: number;
  /** End index (exclusive). Default the series' length. */
  to?: number;
  /** State of charge at `from`, fraction of capacity. Default 0.5. */
  initialSocFraction?: number;
  /** Wei per table unit. Default the wei value of 1 AUD/MWh. */
  unitWei?: bigint;
  gas?: Partial<GasModel>;
  /** Precomputed wei prices of the series (shared between runs). */
  priceWei?: readonly bigint[];
  onProgress?: (done: number, total: number) => void;
}

/** Every interval of one strategy run, exactly as the chain would settle it. */
export interface StrategyRun {
  name: string;
  from: number;
  to: number;
  /** Per interval of [from, to): Action (0 idle, 1 charge, 2 discharge). */
  action: Uint8Array;
  /** State of charge after the interval, Wh. */
  socWh: Float64Array;
  /** Cash flow of the interval, AUD (exact wei converted for reporting). */
  valueAud: Float64Array;
  /** Grid energy of the interval, MWh (charge bought or discharge sold). */
  energyMWh: Float64Array;
  /** Intervals that used the static fallback (no valid table). */
  staleIntervals: number;
  /** Exact sum of the chain's `value`, wei. */
  totalValueWei: bigint;
  /** Table writes: count of publishTable and updateBlocks, blocks written, gas units; per interval gas too. */
  publishes: number;
  updates: number;
  blocksWritten: number;
  tableGas: number;
  tableGasPerInterval: Float64Array;
  /** Table writes sent before each interval: publishTable and updateBlocks counts. */
  publishesPerInterval: Uint8Array;
  updatesPerInterval: Uint8Array;
}

/** Exact wei prices of a series (`audToWeiPerMWh` of every RRP string). */
export function seriesPriceWei(series: PriceSeries, ethAud = '4000'): bigint[] {
  return series.rrp.map((r) => audToWeiPerMWh(r, ethAud));
}

/**
 * Walk-forward run: before each interval the strategy sees the prices before it and returns table writes, which are
 * applied to a simulated StrategyBook profile; then the interval's price is revealed and the battery is dispatched
 * with the exact on-chain rule (table lookup, staleness fallback, `EnergyMath.quote`).
 */
export function runStrategy(series: PriceSeries, strategy: Strategy, options: RunOptions): StrategyRun {
  const battery = options.battery;
  validateBattery(battery);
  const ethAud = options.ethAud ?? '4000';
  const from = options.from ?? 0;
  const to = options.to ?? series.length;
  if (!(from >= 0 && from < to && to <= series.length)) throw new BacktestConfigError(`bad range [${from}, ${to})`);
  const gas = { ...DEFAULT_GAS, ...options.gas };
  const unitWei = options.unitWei ?? audToWeiPerMWh('1', ethAud);
  const priceWei = options.priceWei ?? seriesPriceWei(series, ethAud);
  const profile = new ProfileState();
  const n = to - from;
  const run: StrategyRun = {
    name: strategy.name,
    from,
    to,
    action: new Uint8Array(n),
    socWh: new Float64Array(n),
    valueAud: new Float64Array(n),
    energyMWh: new Float64Array(n),
    staleIntervals: 0,
    totalValueWei: 0n,
    publishes: 0,
    updates: 0,
    blocksWritten: 0,
    tableGas: 0,
    tableGasPerInterval: new Float64Array(n),
    publishesPerInterval: new Uint8Array(n),
    updatesPerInterval: new Uint8Array(n),
  };
  const frac = options.initialSocFraction ?? 0.5;
  let soc = (battery.capacityWh * BigInt(Math.round(frac * 1e6))) / 1_000_000n;
  const seconds = series.intervalSeconds;
  const ethAudNum = Number(ethAud);
  for (let k = from; k < to; k++) {
    const interval = series.firstInterval + k;
    const active = profile.activeBuffer(interval);
    const buf = active === -1 ? null : profile.buffers[active];
    const activeTable: ActiveTable | null = buf
      ? { validUntil: buf.validUntil, unitWei: buf.unitWei, block: (b: number): BlockThresholds => unpackBlock(buf.words[b]!) }
      : null;
    const ctx: DecisionContext = {
      interval,
      index: k,
      history: new PriceHistory(series, k),
      socWh: soc,
      battery,
      unitWei,
      activeValidUntil: buf ? buf.validUntil : null,
      activeTable,
      intervalSeconds: seconds,
    };
    for (const w of strategy.decide(ctx)) {
      profile.apply(w, interval);
      const g = writeGas(w, gas);
      run.tableGas += g;
      run.tableGasPerInterval[k - from]! += g;
      if (w.kind === 'publishTable') {
        run.publishesPerInterval[k - from]!++;
        run.publishes++;
        run.blocksWritten += w.blocks.length;
      } else {
        run.updatesPerInterval[k - from]!++;
        run.updates++;
        run.blocksWritten += w.blocks.length;
      }
    }
    const resolved = profile.resolve(interval, soc, battery.capacityWh, seconds);
    if (!resolved) run.staleIntervals++;
    const state = dispatchState(
      battery,
      soc,
      resolved ? resolved.chargeBelowWei : battery.staticChargeBelowWei,
      resolved ? resolved.dischargeAboveWei : battery.staticDischargeAboveWei,
    );
    const q = quote(state, priceWei[k]!, seconds);
    soc = q.stateOfChargeAfterWh;
    const i = k - from;
    run.action[i] = q.action;
    run.socWh[i] = Number(soc);
    run.valueAud[i] = (Number(q.value) * ethAudNum) / 1e18;
    run.energyMWh[i] = q.action === Action.Idle ? 0 : Number(q.energyWh) / 1e6;
    run.totalValueWei += q.value;
    if (options.onProgress && (i & 255) === 0) options.onProgress(i, n);
  }
  options.onProgress?.(n, n);
  return run;
}

/** Exact total in AUD of a run's wei. */
export const runRevenueAud = (run: StrategyRun, ethAud = '4000'): number => weiToAud(run.totalValueWei, ethAud);

/** Month key (YYYY-MM, market time) of each index. */
export function monthOf(series: PriceSeries, k: number): string {
  return marketDate((series.firstInterval + k) * series.intervalSeconds).slice(0, 7);
}
