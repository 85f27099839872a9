import { getBlockNumber } from 'viem/actions';
import type { VppClient } from '../../config.js';
import { read, readAll } from '../../internal/contract.js';
import { toBatteryState, type BatteryState } from './getBatteryState.js';

export interface GetFleetParameters {
  blockNumber?: bigint;
  /** Ids read per call of `fleetBatteries` (default 200). */
  pageSize?: number;
}

export interface Fleet {
  blockNumber: bigint;
  /** Ids ever issued (the last id). */
  batteryCount: bigint;
  /** The batteries not decommissioned, by id. */
  batteries: BatteryState[];
}

/** Every battery of the fleet (decommissioned ones excluded), read at one block, sorted by id. */
export async function getFleet(client: VppClient, params: GetFleetParameters = {}): Promise<Fleet> {
  const blockNumber = params.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const pageSize = BigInt(params.pageSize ?? 200);
  const {
    results: [size, batteryCount],
  } = await readAll<[bigint, bigint]>(client, [['vppPlant', 'fleetSize'], ['vppPlant', 'batteryCount']], blockNumber);
  const ids: bigint[] = [];
  for (let offset = 0n; offset < size; offset += pageSize) {
    ids.push(...(await read<readonly bigint[]>(client, 'vppPlant', 'fleetBatteries', [offset, pageSize], blockNumber)));
  }
  ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const batteries = await Promise.all(
    ids.map(async (id) => {
      const { results } = await readAll<[Parameters<typeof toBatteryState>[1], bigint]>(
        client,
        [
          ['vppPlant', 'battery', [id]],
          ['vppTrader', 'lastDispatchedInterval', [id]],
        ],
        blockNumber,
      );
      return toBatteryState(id, results[0], results[1]);
    }),
  );
  return { blockNumber, batteryCount, batteries };
}
