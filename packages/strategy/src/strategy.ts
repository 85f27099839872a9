import type { BatterySpec } from './battery.js';
import type { PriceHistory } from './history.js';
import type { BlockThresholds, TableWrite } from './table.js';

/** The profile's active table as the chain holds it now (read-only). */
export interface ActiveTable {
  readonly validUntil: number;
  readonly unitWei: bigint;
  /** Decoded thresholds of block b (0..47). */
  block(b: number): BlockThresholds;
}

/** What a strategy knows when it decides for one interval (before that interval's price exists). */
export interface DecisionContext {
  /** On-chain interval number about to be priced and dispatched. */
  readonly interval: number;
  /** Index of that interval in the series = number of published prices the strategy can see. */
  readonly index: number;
  /** Prices before `index` only. */
  readonly history: PriceHistory;
  /** The battery's state of charge now (after the previous interval's dispatch), Wh. */
  readonly socWh: bigint;
  readonly battery: BatterySpec;
  /** Wei per table unit the backtest/operator uses (the wei value of 1 AUD/MWh by default). */
  readonly unitWei: bigint;
  /** `validUntil` of the active table buffer now, or null if there is none. */
  readonly activeValidUntil: number | null;
  /** The active table (also when stale), or null. */
  readonly activeTable: ActiveTable | null;
  /** Dispatch interval length, seconds. */
  readonly intervalSeconds: number;
}

/**
 * A walk-forward strategy: called once per interval, before its price is published, it returns the table writes
 * the strategist sends now (none, a full `publishTable`, or `updateBlocks`). A strategy may keep state between
 * calls; it only ever receives past prices.
 */
export interface Strategy {
  readonly name: string;
  decide(ctx: DecisionContext): TableWrite[];
}
