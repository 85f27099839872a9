import type { VppClient } from '../../config.js';
import { byChainOrder, readAllPages } from '../../internal/paging.js';
import { subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { TradesQuery } from '../../subgraph/documents.js';
import { toTrade, tradesWhere } from '../../internal/mappers.js';
import type { GetTradesParameters, Trade } from './getTrades.js';

export interface GetAllTradesParameters extends Omit<GetTradesParameters, 'first' | 'after'> {
  /** Stop after this many trades (default: all). */
  limit?: number;
}

export interface AllTrades {
  /** In chain order (block, log index). */
  trades: Trade[];
  /** Every page was read at this block. */
  blockNumber: bigint;
}

/**
 * Every trade matching the filters, paging past graph-node's 1 000-row limit by `id_gt`, all pages pinned to the
 * first page's block for one consistent snapshot. Sorted chronologically.
 *
 * @example
 * const { trades } = await getAllTrades(client, { action: 'Discharge' });
 * const fromTables = trades.filter((t) => t.thresholds === 'TableBuffer0' || t.thresholds === 'TableBuffer1');
 */
export function getAllTrades(client: VppClient, params: GetAllTradesParameters = {}): Promise<AllTrades> {
  return subgraphAction(client, params, async (signal) => {
    const baseWhere = tradesWhere(params);
    const { items, blockNumber } = await readAllPages(
      async ({ block, cursor, first }) => {
        const where = cursor === undefined ? baseWhere : { ...baseWhere, id_gt: cursor as `0x${string}` };
        const data = await subgraphRequest(client, TradesQuery, { where, first, block }, { signal });
        return { items: data.trades.map(toTrade), blockNumber: data._meta?.block.number ?? 0 };
      },
      (t) => t.id,
      {
        blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber),
        limit: params.limit,
      },
    );
    return { trades: items.sort(byChainOrder), blockNumber: BigInt(blockNumber) };
  });
}
