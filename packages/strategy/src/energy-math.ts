import { EvmOverflowError } from './errors.js';

/** `IEnergyTrader.Action`. */
export const Action = { Idle: 0, Charge: 1, Discharge: 2 } as const;
export type Action = (typeof Action)[keyof typeof Action];

/** The fields of `IVirtualPowerPlant.DispatchState` that `EnergyMath.quote` reads (status is not read). */
export interface DispatchState {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  /** uint16 basis points (10,000 = 100 %), applied on charge. */
  roundTripEfficiencyBps: bigint;
  /** int128, wei/MWh: charge when price <= this. */
  chargeBelowPrice: bigint;
  /** int128, wei/MWh: else discharge when price >= this. */
  dischargeAbovePrice: bigint;
  stateOfChargeWh: bigint;
}

export interface Quote {
  action: Action;
  energyWh: bigint;
  storedDeltaWh: bigint;
  /** Signed cash flow of the fund, wei (positive = received). */
  value: bigint;
  stateOfChargeAfterWh: bigint;
}

const BPS = 10_000n;
const WH_PER_MWH = 1_000_000n;
const SECONDS_PER_HOUR = 3600n;
const UINT64_MAX = (1n << 64n) - 1n;
const INT256_MAX = (1n << 255n) - 1n;
const INT256_MIN = -(1n << 255n);

/** `a / b` rounded towards negative infinity (`b > 0`), as `EnergyMath.floorDiv`. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** `a / b` rounded up (`a >= 0`, `b > 0`), as `EnergyMath.ceilDiv`. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

function checkedMul(a: bigint, b: bigint): bigint {
  const p = a * b;
  if (p > INT256_MAX || p < INT256_MIN) throw new EvmOverflowError(`int256 overflow in ${a} * ${b} (the EVM reverts)`);
  return p;
}

/**
 * `EnergyMath.quote`, exactly: same branch order (charge first), same integer rounding, same uint64 clamps.
 * See packages/contracts/src/libraries/EnergyMath.sol.
 */
export function quote(state: DispatchState, price: bigint, intervalSeconds: bigint | number): Quote {
  const seconds = BigInt(intervalSeconds);
  const soc = state.stateOfChargeWh;
  if (price <= state.chargeBelowPrice) {
    const room = state.capacityWh > soc ? state.capacityWh - soc : 0n;
    let gridWh = (state.maxChargeW * seconds) / SECONDS_PER_HOUR;
    const eff = state.roundTripEfficiencyBps;
    if (eff !== 0n) {
      const needed = ceilDiv(room * BPS, eff);
      if (needed < gridWh) gridWh = needed;
    }
    if (gridWh > UINT64_MAX) gridWh = UINT64_MAX;
    let stored = (gridWh * eff) / BPS;
    if (stored > room) stored = room;
    const product = checkedMul(gridWh, price);
    if (product === INT256_MIN) throw new EvmOverflowError('int256 overflow negating gridWh * price (the EVM reverts)');
    const value = floorDiv(-product, WH_PER_MWH);
    return { action: Action.Charge, energyWh: gridWh, storedDeltaWh: stored, value, stateOfChargeAfterWh: soc + stored };
  }
  if (price >= state.dischargeAbovePrice) {
    let gridWh = (state.maxDischargeW * seconds) / SECONDS_PER_HOUR;
    if (gridWh > soc) gridWh = soc;
    const value = floorDiv(checkedMul(gridWh, price), WH_PER_MWH);
    return { action: Action.Discharge, energyWh: gridWh, storedDeltaWh: gridWh, value, stateOfChargeAfterWh: soc - gridWh };
  }
  return { action: Action.Idle, energyWh: 0n, storedDeltaWh: 0n, value: 0n, stateOfChargeAfterWh: soc };
}
