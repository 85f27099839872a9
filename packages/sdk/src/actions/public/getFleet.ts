import { vppPlant_batteryCount, vppPlant_fleetBatteries, vppPlant_fleetSize } from '../../abi.generated.js';
import { getBlockNumber } from 'viem/actions';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { read, readAll, rpcAction } from '../../internal/contract.js';
import { toInteger } from '../../internal/validate.js';
import type { RawBattery } from '../../internal/battery.js';
import { batteryReads, toBatteryState, type BatteryState, type RawDispatchState } from './getBatteryState.js';

export interface GetFleetParameters extends ReadParameters {
  /** Ids read per call of `fleetBatteries`, 1..1000 (default 200). */
  pageSize?: number;
}

export interface Fleet {
  blockNumber: bigint;
  /** Ids ever issued (the last id). */
  batteryCount: bigint;
  /** The batteries not decommissioned, by id. */
  batteries: BatteryState[];
}

/**
 * Every battery of the fleet (decommissioned ones excluded), read at one block, sorted by id.
 *
 * @example
 * const { batteries } = await getFleet(client);
 * const active = batteries.filter((b) => b.status === 'Active').map((b) => b.batteryId);
 */
export function getFleet(client: VppClient, params: GetFleetParameters = {}): Promise<Fleet> {
  return rpcAction(client, params, async () => {
    const blockNumber = params.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
    const pageSize = toInteger('pageSize', params.pageSize ?? 200, 1n, 1_000n);
    const {
      results: [size, batteryCount],
    } = await readAll<[bigint, bigint]>(client, [['vppPlant', vppPlant_fleetSize], ['vppPlant', vppPlant_batteryCount]], blockNumber);
    const ids: bigint[] = [];
    for (let offset = 0n; offset < size; offset += pageSize) {
      ids.push(...(await read<readonly bigint[]>(client, 'vppPlant', vppPlant_fleetBatteries, [offset, pageSize], blockNumber)));
    }
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const batteries = await Promise.all(
      ids.map(async (id) => {
        const { results } = await readAll<[RawBattery, RawDispatchState, bigint]>(client, batteryReads(id), blockNumber);
        return toBatteryState(id, ...results);
      }),
    );
    return { blockNumber, batteryCount, batteries };
  });
}
