/**
 * What the operator needs from a strategy: a 48-block table (bytes32[48], the on-chain encoding of
 * @vpp/strategy's packTable) for a profile, computed from a history view that ends before the decision interval
 * and the fleet's live state of charge.
 */
import type { Hex } from 'viem';
import type { PriceSeries } from '@vpp/strategy';

export interface FleetBattery {
  batteryId: bigint;
  capacityWh: bigint;
  stateOfChargeWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
}

export interface TableRequest {
  profileId: bigint;
  /** Prices published before `decisionInterval` only (walk-forward). */
  history: PriceSeries | null;
  /** The interval the table is computed at (its price is not known yet). */
  decisionInterval: bigint;
  /** The first interval the table will be used for (the next market day for a daily table). */
  effectiveFrom: bigint;
  intervalSeconds: number;
  /** AUD per ETH the prices are converted at. */
  ethAud: string;
  batteries: readonly FleetBattery[];
  purpose: 'full' | 'blocks';
}

export interface TablePublication {
  /** 48 packed blocks (block 0 = 00:00–00:30 market time). */
  blocks: readonly Hex[];
  unitWei: bigint;
}

export interface StrategyPublisher {
  readonly name: string;
  tableFor(request: TableRequest): TablePublication | Promise<TablePublication>;
}
