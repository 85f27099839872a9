/**
 * Friendly types shared by the actions.
 * @module
 */
import type { Address, Hash, Hex, TransactionReceipt } from 'viem';

/** IVirtualPowerPlant.BatteryStatus. */
export type BatteryStatus = 'None' | 'Active' | 'Inactive' | 'Decommissioned';
export const batteryStatuses = ['None', 'Active', 'Inactive', 'Decommissioned'] as const satisfies readonly BatteryStatus[];

/** IEnergyTrader.Action. */
export type TradeAction = 'Idle' | 'Charge' | 'Discharge';
export const tradeActions = ['Idle', 'Charge', 'Discharge'] as const satisfies readonly TradeAction[];

/**
 * A battery configuration as the actions accept it (IVirtualPowerPlant.BatteryConfig with friendly types).
 * Units: energy Wh, power W, efficiency basis points (10 000 = 100 %), prices wei per MWh (signed).
 */
export interface BatteryConfigInput {
  /** Usable capacity, Wh (> 0, uint64). */
  capacityWh: bigint | number;
  /** Maximum charging power, W (uint64). */
  maxChargeW: bigint | number;
  /** Maximum discharging power, W (uint64). */
  maxDischargeW: bigint | number;
  /** Round-trip efficiency, 1..10 000 bps. */
  roundTripEfficiencyBps: number;
  /** Charge at or below this price, wei/MWh (int128). */
  chargeBelowPrice: bigint | number;
  /** Discharge at or above this price, wei/MWh (int128, > chargeBelowPrice). */
  dischargeAbovePrice: bigint | number;
  /** Whether the trader dispatches it (default true). */
  active?: boolean;
  /** Manufacturer serial: text of at most 32 bytes, or a 0x-prefixed 32-byte hex value. */
  serial: string;
  /** Off-chain metadata URI (default ''). */
  metadataURI?: string;
}

/** A battery configuration as read from the chain. */
export interface BatteryConfig {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  active: boolean;
  /** bytes32 as hex. */
  serial: Hex;
  /** The serial decoded as UTF-8 text (trailing zero bytes removed), when it is text. */
  serialText: string | undefined;
  metadataURI: string;
}

/** IEnergyTrader.TradingParams. */
export interface TradingParams {
  /** Dispatch interval length, seconds (> 0). */
  intervalSeconds: number;
  /** Oldest price the trader accepts, seconds (> 0). */
  maxPriceAge: number;
  /** Lowest valid price, wei/MWh. */
  minValidPrice: bigint;
  /** Highest valid price, wei/MWh (> minValidPrice). */
  maxValidPrice: bigint;
  /** Most batteries per dispatch (> 0). */
  maxBatchSize: number;
}

/** Options of a write's `wait`. */
export interface WaitOptions {
  /** Also wait until the subgraph has indexed the receipt's block (needs a subgraph URL). */
  indexed?: boolean;
  /** Give up after this many milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** What every write returns: the transaction hash, and `wait` for its receipt. */
export interface WriteResult {
  hash: Hash;
  /**
   * Waits for the receipt (throws {@link TransactionRevertedError} if it reverted); with `indexed: true` also until
   * the subgraph's `_meta.block.number` has reached the receipt's block.
   */
  wait(options?: WaitOptions): Promise<TransactionReceipt>;
}

/** Every write accepts an optional account overriding the client's. */
export interface WriteParameters {
  account?: import('viem').Account | Address;
}
