import { vppTrader_DispatchSkipped, vppTrader_Trade } from '../abi.generated.js';
/** The outcome of a dispatch (shared by `dispatch` and `performUpkeep`). @internal */
import type { TransactionReceipt } from 'viem';
import type { VppClient } from '../config.js';
import { skipReasons, thresholdSources, tradeActions, type SkipReason, type ThresholdSource, type TradeAction } from '../types.js';
import { eventsOf } from './contract.js';

/** One battery's trade in a dispatch. */
export interface DispatchedTrade {
  batteryId: bigint;
  interval: bigint;
  action: TradeAction;
  /** Grid energy, Wh. */
  energyWh: bigint;
  /** Change of stored energy, Wh. */
  storedDeltaWh: bigint;
  /** wei/MWh. */
  price: bigint;
  /** Fund cash flow, wei (signed: + received). */
  value: bigint;
  stateOfChargeWh: bigint;
  roundId: bigint;
  /** Where the thresholds of the decision came from (static pair or a strategy table). */
  thresholds: ThresholdSource;
}

/** A battery the trader skipped, and why (unpaid trade, already dispatched, not active, failed settlement). */
export interface SkippedDispatch {
  batteryId: bigint;
  interval: bigint;
  reason: SkipReason;
  /** The trade value that could not be settled, wei (signed; 0 when no trade was attempted). */
  value: bigint;
}

/** What a dispatch did, decoded from its `Trade` and `DispatchSkipped` events. */
export interface DispatchOutcome {
  trades: DispatchedTrade[];
  skipped: SkippedDispatch[];
  /** Sum of the trades' values: the fund's net cash flow, wei (signed). */
  netValue: bigint;
}

export function dispatchOutcome(client: VppClient, receipt: TransactionReceipt): DispatchOutcome {
  const trades = eventsOf(client, receipt, 'vppTrader', vppTrader_Trade).map((e) => ({
    ...e,
    action: tradeActions[e.action] ?? 'Idle',
    thresholds: thresholdSources[e.thresholds] ?? 'Static',
  }));
  const skipped = eventsOf(client, receipt, 'vppTrader', vppTrader_DispatchSkipped).map((e) => ({
    batteryId: e.batteryId,
    interval: e.interval,
    reason: skipReasons[e.reason] ?? 'None',
    value: e.value,
  }));
  return { trades, skipped, netValue: trades.reduce((sum, t) => sum + t.value, 0n) };
}
