/**
 * Friendly types shared by the actions.
 * @module
 */
import type { Account, Address, Hash, Hex, TransactionReceipt } from 'viem';
import type { RequestOptions } from './internal/request.js';

export type { RequestOptions } from './internal/request.js';

/** IVirtualPowerPlant.BatteryStatus. */
export type BatteryStatus = 'None' | 'Active' | 'Inactive' | 'Decommissioned';
export const batteryStatuses = ['None', 'Active', 'Inactive', 'Decommissioned'] as const satisfies readonly BatteryStatus[];

/** IEnergyTrader.Action. */
export type TradeAction = 'Idle' | 'Charge' | 'Discharge';
export const tradeActions = ['Idle', 'Charge', 'Discharge'] as const satisfies readonly TradeAction[];

/**
 * Why the trader skipped a battery in a dispatch (IEnergyTrader.SkipReason): the fund or the market could not pay,
 * the battery was already dispatched this interval (or twice in one batch), it is not active, or the settlement
 * with the market failed (isolated per battery).
 */
export type SkipReason =
  | 'None'
  | 'InsufficientFundBalance'
  | 'InsufficientMarketBalance'
  | 'AlreadyDispatched'
  | 'NotActive'
  | 'SettlementFailed';
export const skipReasons = [
  'None',
  'InsufficientFundBalance',
  'InsufficientMarketBalance',
  'AlreadyDispatched',
  'NotActive',
  'SettlementFailed',
] as const satisfies readonly SkipReason[];

/**
 * Where a trade's thresholds came from (IEnergyTrader.ThresholdSource): the battery's static pair (no strategy
 * profile), the profile's table buffer 0 or 1, or the static pair because the profile had no fresh table.
 */
export type ThresholdSource = 'Static' | 'TableBuffer0' | 'TableBuffer1' | 'StaticFallback';
export const thresholdSources = ['Static', 'TableBuffer0', 'TableBuffer1', 'StaticFallback'] as const satisfies readonly ThresholdSource[];

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

/**
 * A battery configuration as the chain stores it (IVirtualPowerPlant.Battery). The serial and the metadata URI are
 * only in the `BatteryAdded` / `BatteryUpdated` events: read them from the subgraph (`getBatteries`).
 */
export interface BatteryConfig {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  /** Static thresholds, wei/MWh (a strategy profile's table replaces them while it is fresh). */
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  /** Whether the trader dispatches it (status Active). */
  active: boolean;
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

/** Reads accept `blockNumber` (default: the latest block) plus the request options. */
export interface ReadParameters extends RequestOptions {
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/**
 * viem's transaction overrides, accepted by every write. Fees are either legacy (`gasPrice`) or EIP-1559
 * (`maxFeePerGas`, `maxPriorityFeePerGas`), not both. A payable action's `value` is its amount parameter.
 */
export interface TransactionOverrides {
  /** The sender (default: the client's account): a viem Account, or an address the node or wallet signs for. */
  account?: Account | Address | undefined;
  /** Gas limit (default: estimated). */
  gas?: bigint | undefined;
  /** Nonce (default: the account's next). */
  nonce?: number | undefined;
  /** Legacy gas price, wei. */
  gasPrice?: bigint | undefined;
  /** EIP-1559 fee cap, wei per gas. */
  maxFeePerGas?: bigint | undefined;
  /** EIP-1559 priority fee, wei per gas. */
  maxPriorityFeePerGas?: bigint | undefined;
}

/** What every write accepts besides its own parameters: the transaction overrides and the request options. */
export interface WriteParameters extends TransactionOverrides, RequestOptions {}

/** A transaction request as `encode…` returns it (ENSjs' `makeFunctionData` shape): send it with any wallet. */
export interface VppTransactionRequest {
  to: Address;
  data: Hex;
  /** Only for payable calls. */
  value?: bigint;
}

/** Options of a write's `wait`. */
export interface WaitOptions {
  /** Also wait until the subgraph has indexed the receipt's block (needs a subgraph URL). */
  indexed?: boolean;
  /** Give up after this many milliseconds (default 60 000): {@link WaitTimeoutError} / {@link SubgraphBehindError}. */
  timeoutMs?: number;
  /** Stop waiting ({@link VppAbortError}). */
  signal?: AbortSignal;
}

/** The receipt of a successful write, with what the transaction did, decoded from its events. */
export type WriteReceipt<TOutcome> = TransactionReceipt & {
  /** The action's result, decoded from the events of the system's contracts in the receipt. */
  outcome: TOutcome;
};

/** What every write returns: the transaction hash, and `wait` for its receipt and decoded outcome. */
export interface WriteResult<TOutcome = unknown> {
  hash: Hash;
  /**
   * Waits for the receipt (throws {@link TransactionRevertedError} if it reverted) and decodes the outcome; with
   * `indexed: true` also until the subgraph's `_meta.block.number` has reached the receipt's block.
   */
  wait(options?: WaitOptions): Promise<WriteReceipt<TOutcome>>;
}

/** What every `simulate…` returns: viem's request (pass it to `writeContract`) and the function's return value. */
export interface SimulateResult<TResult = unknown> {
  request: {
    address: Address;
    abi: readonly unknown[];
    functionName: string;
    args?: readonly unknown[];
    value?: bigint;
    account: Account | Address;
  } & Omit<TransactionOverrides, 'account'>;
  result: TResult;
}
