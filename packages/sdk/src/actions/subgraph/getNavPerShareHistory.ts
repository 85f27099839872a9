import type { VppClient } from '../../config.js';
import { subgraphAction } from '../../internal/subgraph.js';
import { readFundDays, type GetFundDailySeriesParameters } from './getFundDailySeries.js';

/** NAV per share at the end of one UTC day. */
export interface NavPerSharePoint {
  dayIndex: number;
  dayStartTimestamp: bigint;
  /** NAV per whole share (x 1e18: wei per share); 0 without shares. */
  navPerShare: bigint;
  nav: bigint;
  totalSupply: bigint;
  /** The NAV's components at the end of the day, wei. */
  freeCash: bigint;
  storedEnergyValue: bigint;
  batteryBookValue: bigint;
}

export type GetNavPerShareHistoryParameters = GetFundDailySeriesParameters;

/**
 * The fund's NAV per share at the end of every UTC day with activity, from the subgraph's daily snapshots, every
 * page read at one block.
 *
 * @example
 * const { points } = await getNavPerShareHistory(client);
 * for (const p of points) console.log(new Date(Number(p.dayStartTimestamp) * 1000), formatEther(p.navPerShare));
 */
export function getNavPerShareHistory(
  client: VppClient,
  params: GetNavPerShareHistoryParameters = {},
): Promise<{ points: NavPerSharePoint[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const { days, blockNumber } = await readFundDays(client, params, signal);
    return {
      points: days.map(({ dayIndex, dayStartTimestamp, navPerShare, nav, totalSupply, freeCash, storedEnergyValue, batteryBookValue }) => ({
        dayIndex,
        dayStartTimestamp,
        navPerShare,
        nav,
        totalSupply,
        freeCash,
        storedEnergyValue,
        batteryBookValue,
      })),
      blockNumber,
    };
  });
}
