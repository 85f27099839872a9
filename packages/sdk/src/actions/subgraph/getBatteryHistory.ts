import type { Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { BatteryNotFoundError } from '../../errors/contract/BatteryNotFoundError.js';
import { EVENT_BIGINTS, pick, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { toBatteryId } from '../../internal/validate.js';
import { BatteryHistoryQuery } from '../../subgraph/documents.js';
import type { BatteryStatus, SkipReason } from '../../types.js';
import { toIndexedBattery } from '../../internal/mappers.js';
import type { IndexedBattery } from './getBatteries.js';

export interface BatteryDay {
  dayIndex: number;
  dayStartTimestamp: bigint;
  status: BatteryStatus;
  stateOfChargeWh: bigint;
  inventoryCost: bigint;
  capacityWh: bigint;
  energyChargedWhDay: bigint;
  energyStoredWhDay: bigint;
  energyDischargedWhDay: bigint;
  revenueDay: bigint;
  costDay: bigint;
  netRevenueDay: bigint;
  realisedProfitDay: bigint;
  tradeCountDay: bigint;
  chargeCountDay: bigint;
  dischargeCountDay: bigint;
  idleCountDay: bigint;
}

export interface DispatchSkip {
  id: Hash;
  interval: bigint;
  reason: SkipReason;
  value: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

export interface BatteryHistory extends IndexedBattery {
  /** Daily activity (UTC days). */
  days: BatteryDay[];
  /** Dispatches skipped, with the reason (unpaid trade, already dispatched, not active, failed settlement). */
  skips: DispatchSkip[];
  blockNumber: bigint;
}

/**
 * One battery's indexed history: configuration changes, daily activity, skipped dispatches (trades: see
 * {@link getTrades} with `batteryId`).
 *
 * @example
 * const { days, skips, changes } = await getBatteryHistory(client, { batteryId: 1n });
 * @throws {BatteryNotFoundError} when the subgraph has no such battery.
 */
export function getBatteryHistory(
  client: VppClient,
  params: { batteryId: bigint | number; blockNumber?: bigint | number } & RequestOptions,
): Promise<BatteryHistory> {
  return subgraphAction(client, params, async (signal) => {
    const batteryId = toBatteryId('batteryId', params.batteryId);
    const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
    const data = await subgraphRequest(client, BatteryHistoryQuery, { id: batteryId.toString(), block }, { signal });
    const b = data.battery;
    if (!b) throw new BatteryNotFoundError({ args: [batteryId], detectedBeforeSending: true });
    return {
      ...toIndexedBattery(b),
      days: b.daySnapshots.map((d) =>
        pick<BatteryDay>(
          d,
          'dayIndex status',
          'dayStartTimestamp stateOfChargeWh inventoryCost capacityWh energyChargedWhDay energyStoredWhDay energyDischargedWhDay revenueDay costDay netRevenueDay realisedProfitDay tradeCountDay chargeCountDay dischargeCountDay idleCountDay',
        ),
      ),
      skips: b.skips.map((x) => pick<DispatchSkip>(x, 'id reason transactionHash', `interval value ${EVENT_BIGINTS}`)),
      blockNumber: BigInt(data._meta?.block.number ?? 0),
    };
  });
}
