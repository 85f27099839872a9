import { Address, BigInt } from '@graphprotocol/graph-ts';

/** Fixed id of the Plant singleton. */
export const PLANT_ID = 'plant';
/** Fixed id of the Fund singleton. */
export const FUND_ID = 'fund';

export const ZERO_BI = BigInt.zero();
export const ONE_BI = BigInt.fromI32(1);
export const ZERO_ADDRESS = Address.zero();
export const SECONDS_PER_DAY: i32 = 86400;
/** 1e18: one whole share / one ether. */
export const WAD: BigInt = BigInt.fromString('1000000000000000000');

/** The fund's dividend accumulator magnitude, 2**64 (EnergyInvestmentFund.MAGNITUDE). */
export const MAGNITUDE: BigInt = BigInt.fromI32(2).pow(64);

// IEnergyTrader.Action / SkipReason / ThresholdSource and IVirtualPowerPlant.BatteryStatus as the schema's enum values.
export const TRADE_ACTIONS: string[] = ['Idle', 'Charge', 'Discharge'];
export const SKIP_REASONS: string[] = [
  'None',
  'InsufficientFundBalance',
  'InsufficientMarketBalance',
  'AlreadyDispatched',
  'NotActive',
  'SettlementFailed',
];
export const THRESHOLD_SOURCES: string[] = ['Static', 'TableBuffer0', 'TableBuffer1', 'StaticFallback'];

export namespace BatteryStatus {
  export const None = 'None';
  export const Active = 'Active';
  export const Inactive = 'Inactive';
  export const Decommissioned = 'Decommissioned';
}

export namespace DepositStatus {
  export const Pending = 'Pending';
  export const Claimable = 'Claimable';
  export const Claimed = 'Claimed';
  export const Canceled = 'Canceled';
  export const Refused = 'Refused';
}

export namespace RedeemStatus {
  export const Pending = 'Pending';
  export const Queued = 'Queued';
  export const PartiallyFilled = 'PartiallyFilled';
  export const Filled = 'Filled';
  export const Claimed = 'Claimed';
  export const Canceled = 'Canceled';
}

export namespace DistributionStatus {
  export const Scheduled = 'Scheduled';
  export const Executed = 'Executed';
  export const Skipped = 'Skipped';
  export const Canceled = 'Canceled';
}

/** The schema's name for an enum index (the first name for an index the schema does not know). */
export function enumName(names: string[], index: i32): string {
  return index >= 0 && index < names.length ? names[index] : names[0];
}
