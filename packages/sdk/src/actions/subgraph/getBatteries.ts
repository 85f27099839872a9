import type { Address, Hash, Hex } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { toIndexedBattery } from '../../internal/mappers.js';
import { readAllPages } from '../../internal/paging.js';
import { subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { BatteriesQuery } from '../../subgraph/documents.js';
import type { VariablesOf } from '../../subgraph/graphql.js';
import type { BatteryStatus } from '../../types.js';

/** One configuration change of a battery (added, updated, decommissioned), with the configuration after it. */
export interface BatteryChange {
  id: Hash;
  kind: 'Added' | 'Updated' | 'Decommissioned';
  by: Address;
  status: BatteryStatus;
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  active: boolean;
  serial: Hex;
  metadataURI: string;
  stateOfChargeWh: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

/** A battery as indexed: current configuration, lifetime trading totals and its change history. */
export interface IndexedBattery {
  batteryId: bigint;
  status: BatteryStatus;
  serial: Hex;
  serialText: string | undefined;
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  active: boolean;
  metadataURI: string;
  stateOfChargeWh: bigint;
  /** Cost of the stored energy (average-cost inventory), wei, signed. */
  inventoryCost: bigint;
  /** Its strategy profile (0: static thresholds). */
  profileId: number;
  /** Book value as of the battery's last fund event (bought batteries; 0n otherwise or once written off), wei. */
  bookValue: bigint;
  writtenOff: boolean;
  /** Realised profit of its discharges (value − average cost of the energy sold), wei, signed. */
  realisedProfit: bigint;
  addedAt: bigint;
  addedAtBlock: bigint;
  addedBy: Address;
  decommissionedAt: bigint | null;
  lastInterval: bigint | null;
  energyChargedWh: bigint;
  energyStoredWh: bigint;
  energyDischargedWh: bigint;
  revenue: bigint;
  cost: bigint;
  netRevenue: bigint;
  tradeCount: bigint;
  chargeCount: bigint;
  dischargeCount: bigint;
  idleCount: bigint;
  skipCount: bigint;
  /** Set when the fund bought the battery. */
  purchase: { vendor: Address; price: bigint; by: Address; proposalId: bigint; transactionHash: Hash } | null;
  changes: BatteryChange[];
}

export interface GetBatteriesParameters extends RequestOptions {
  status?: BatteryStatus;
  blockNumber?: bigint | number;
}

/**
 * Every battery ever added (decommissioned ones included unless filtered by `status`), with its change history,
 * sorted by id; all pages read at one block.
 *
 * @example
 * const { batteries } = await getBatteries(client, { status: 'Active' });
 * for (const b of batteries) console.log(b.batteryId, b.serialText, b.stateOfChargeWh, b.realisedProfit);
 */
export function getBatteries(
  client: VppClient,
  params: GetBatteriesParameters = {},
): Promise<{ batteries: IndexedBattery[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const base: VariablesOf<typeof BatteriesQuery>['where'] = params.status ? { status: params.status } : {};
    const { items, blockNumber } = await readAllPages(
      async ({ block, cursor, first }) => {
        const where = cursor === undefined ? base : { ...base, batteryId_gt: cursor };
        const data = await subgraphRequest(client, BatteriesQuery, { where, first, block }, { signal });
        return { items: data.batteries.map(toIndexedBattery), blockNumber: data._meta?.block.number ?? 0 };
      },
      (b) => b.batteryId.toString(),
      // Each battery carries up to 1 000 changes: 200 per page keeps a page under graph-node's 500 000-entity limit.
      { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber), pageSize: 200 },
    );
    return { batteries: items, blockNumber: BigInt(blockNumber) };
  });
}
