import type { Hash } from 'viem';
import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { pageSize, toTrade, tradesWhere } from '../../internal/mappers.js';
import { subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { TradesQuery } from '../../subgraph/documents.js';
import type { ThresholdSource, TradeAction } from '../../types.js';

export interface GetTradesParameters extends RequestOptions {
  batteryId?: bigint | number;
  action?: TradeAction;
  /** Unix seconds, inclusive. */
  fromTimestamp?: bigint | number;
  /** Unix seconds, inclusive. */
  toTimestamp?: bigint | number;
  /** Page size, 1..1000 (default 100). */
  first?: number;
  /** Cursor: `nextCursor` of the previous page (trades are paged by id). */
  after?: string;
  /** Read at this block (pins a multi-page read; default: the latest indexed block). */
  blockNumber?: bigint | number;
}

/** One trade (one decision for one battery in one interval). */
export interface Trade {
  id: Hash;
  batteryId: bigint;
  interval: bigint;
  action: TradeAction;
  /** Grid energy, Wh. */
  energyWh: bigint;
  storedDeltaWh: bigint;
  /** wei/MWh. */
  price: bigint;
  /** Fund cash flow, wei (signed). */
  value: bigint;
  stateOfChargeWh: bigint;
  roundId: bigint;
  /** Where the decision's thresholds came from (static pair or a strategy table buffer). */
  thresholds: ThresholdSource;
  /** Change of the battery's stored-energy cost, wei (charge: the cost paid; discharge: minus the average cost removed). */
  inventoryCostDelta: bigint;
  /** Realised profit of a discharge (value + inventoryCostDelta), wei; 0 otherwise. */
  realisedProfit: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hash;
  logIndex: bigint;
}

export interface TradesPage {
  trades: Trade[];
  /** Pass as `after` for the next page; null when this page was the last. */
  nextCursor: string | null;
  /** The block the page was read at (pass it as `blockNumber` to page one consistent snapshot). */
  blockNumber: bigint;
}

/**
 * One page of trades from the subgraph, filtered by battery, action and time, in id order (cursor paging by
 * `id_gt`). For everything at once, see {@link getAllTrades}.
 *
 * @example
 * let page = await getTrades(client, { batteryId: 1n, first: 500 });
 * while (page.nextCursor) page = await getTrades(client, { batteryId: 1n, after: page.nextCursor, blockNumber: page.blockNumber });
 */
export function getTrades(client: VppClient, params: GetTradesParameters = {}): Promise<TradesPage> {
  return subgraphAction(client, params, async (signal) => {
    const first = pageSize(params.first, 100);
    const where = tradesWhere(params);
    if (params.after !== undefined) where.id_gt = params.after as `0x${string}`;
    const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
    const data = await subgraphRequest(client, TradesQuery, { where, first, block }, { signal });
    const trades = data.trades.map(toTrade);
    return {
      trades,
      nextCursor: trades.length === first ? trades[trades.length - 1]!.id : null,
      blockNumber: BigInt(data._meta?.block.number ?? 0),
    };
  });
}
