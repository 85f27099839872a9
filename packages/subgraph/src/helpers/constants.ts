import { Address, BigInt } from '@graphprotocol/graph-ts';

/** Fixed id of the Plant singleton. */
export const PLANT_ID = 'plant';
/** Fixed id of the Fund singleton. */
export const FUND_ID = 'fund';

export const ZERO_BI = BigInt.zero();
export const ONE_BI = BigInt.fromI32(1);
export const ZERO_ADDRESS = Address.zero();
export const SECONDS_PER_DAY: i32 = 86400;

/** The fund's dividend accumulator magnitude, 2**128. */
export const MAGNITUDE: BigInt = BigInt.fromI32(2).pow(128);

// IEnergyTrader.Action / SkipReason and IVirtualPowerPlant.BatteryStatus as the schema's enum values.
export const TRADE_ACTIONS: string[] = ['Idle', 'Charge', 'Discharge'];
export const SKIP_REASONS: string[] = ['None', 'InsufficientFundBalance', 'InsufficientMarketBalance'];

export namespace BatteryStatus {
  export const None = 'None';
  export const Active = 'Active';
  export const Inactive = 'Inactive';
  export const Decommissioned = 'Decommissioned';
}
