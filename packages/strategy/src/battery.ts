import { BatterySpecError } from './errors.js';
import type { DispatchState } from './energy-math.js';

/** A battery as registered on chain (the fields the dispatch rule reads), plus its static fallback thresholds. */
export interface BatterySpec {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  /** Round-trip efficiency, basis points; the chain applies it on charge (stored = grid × eff). */
  efficiencyBps: number;
  /** Static thresholds (wei/MWh) used when the profile's table is stale or absent. */
  staticChargeBelowWei: bigint;
  staticDischargeAboveWei: bigint;
}

/** Thresholds that never trade, the default static fallback of a backtest. */
export const NEVER_CHARGE_WEI = -(1n << 127n);
export const NEVER_DISCHARGE_WEI = (1n << 127n) - 1n;

/** A battery from MW / MWh / percent, with a never-trade static fallback. */
export function battery(powerMW: number, energyMWh: number, efficiencyPct: number): BatterySpec {
  const spec: BatterySpec = {
    capacityWh: BigInt(Math.round(energyMWh * 1e6)),
    maxChargeW: BigInt(Math.round(powerMW * 1e6)),
    maxDischargeW: BigInt(Math.round(powerMW * 1e6)),
    efficiencyBps: Math.round(efficiencyPct * 100),
    staticChargeBelowWei: NEVER_CHARGE_WEI,
    staticDischargeAboveWei: NEVER_DISCHARGE_WEI,
  };
  validateBattery(spec);
  return spec;
}

/** Parses `1MW/2MWh/90%` (also `power=1,energy=2,eff=90`). */
export function parseBatterySpec(text: string): BatterySpec {
  const m = /^\s*([\d.]+)\s*MW\s*\/\s*([\d.]+)\s*MWh\s*\/\s*([\d.]+)\s*%\s*$/i.exec(text);
  if (!m) throw new BatterySpecError(`battery spec ${JSON.stringify(text)}: expected e.g. 1MW/2MWh/90%`);
  return battery(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function validateBattery(b: BatterySpec): void {
  if (b.capacityWh <= 0n || b.capacityWh >= 1n << 64n) throw new BatterySpecError('capacityWh must be a positive uint64');
  if (b.maxChargeW <= 0n || b.maxChargeW >= 1n << 64n) throw new BatterySpecError('maxChargeW must be a positive uint64');
  if (b.maxDischargeW <= 0n || b.maxDischargeW >= 1n << 64n) {
    throw new BatterySpecError('maxDischargeW must be a positive uint64');
  }
  if (!Number.isInteger(b.efficiencyBps) || b.efficiencyBps <= 0 || b.efficiencyBps > 10_000) {
    throw new BatterySpecError('efficiencyBps must be in 1..10000');
  }
  if (b.staticChargeBelowWei >= b.staticDischargeAboveWei) {
    throw new BatterySpecError('static chargeBelow must be below dischargeAbove');
  }
}

/** The chain's per-interval energy limits, Wh (grid side), and stored Wh of a full-rate charge. */
export function intervalLimits(b: BatterySpec, intervalSeconds = 300) {
  const chargeGridWh = (b.maxChargeW * BigInt(intervalSeconds)) / 3600n;
  const dischargeWh = (b.maxDischargeW * BigInt(intervalSeconds)) / 3600n;
  return {
    chargeGridWh,
    chargeStoredWh: (chargeGridWh * BigInt(b.efficiencyBps)) / 10_000n,
    dischargeWh,
  };
}

export function dispatchState(b: BatterySpec, socWh: bigint, chargeBelowWei: bigint, dischargeAboveWei: bigint): DispatchState {
  return {
    capacityWh: b.capacityWh,
    maxChargeW: b.maxChargeW,
    maxDischargeW: b.maxDischargeW,
    roundTripEfficiencyBps: BigInt(b.efficiencyBps),
    chargeBelowPrice: chargeBelowWei,
    dischargeAbovePrice: dischargeAboveWei,
    stateOfChargeWh: socWh,
  };
}
