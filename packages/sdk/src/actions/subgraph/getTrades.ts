import type { Hash } from 'viem';
import type { VppClient } from '../../config.js';
import { InvalidParameterError } from '../../errors.js';
import { MAX_PAGE } from '../../internal/paging.js';
import { big, subgraphRequest } from '../../internal/subgraph.js';
import { toBatteryId } from '../../internal/validate.js';
import { TradesQuery } from '../../subgraph/documents.js';
import type { ResultOf, VariablesOf } from '../../subgraph/graphql.js';
import { tradeActions, type TradeAction } from '../../types.js';

export interface GetTradesParameters {
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

type TradeRow = NonNullable<ResultOf<typeof TradesQuery>['trades']>[number];

export function toTrade(t: TradeRow): Trade {
  return {
    id: t.id,
    batteryId: big(t.battery.batteryId),
    interval: big(t.interval),
    action: t.action,
    energyWh: big(t.energyWh),
    storedDeltaWh: big(t.storedDeltaWh),
    price: big(t.price),
    value: big(t.value),
    stateOfChargeWh: big(t.stateOfChargeWh),
    roundId: big(t.roundId),
    blockNumber: big(t.blockNumber),
    timestamp: big(t.timestamp),
    transactionHash: t.transactionHash,
    logIndex: big(t.logIndex),
  };
}

export function tradesWhere(params: GetTradesParameters): VariablesOf<typeof TradesQuery>['where'] {
  const where: VariablesOf<typeof TradesQuery>['where'] = {};
  if (params.batteryId !== undefined) where.battery = toBatteryId('batteryId', params.batteryId).toString();
  if (params.action !== undefined) {
    if (!tradeActions.includes(params.action)) throw new InvalidParameterError('action', params.action, 'expected Idle, Charge or Discharge');
    where.action = params.action;
  }
  if (params.fromTimestamp !== undefined) where.timestamp_gte = BigInt(params.fromTimestamp).toString();
  if (params.toTimestamp !== undefined) where.timestamp_lte = BigInt(params.toTimestamp).toString();
  return where;
}

export function pageSize(first: number | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new InvalidParameterError('first', first, 'expected 1..1000');
  return n;
}

/**
 * One page of trades from the subgraph, filtered by battery, action and time, in id order (cursor paging by
 * `id_gt`). For everything at once, see {@link getAllTrades}.
 *
 * @example
 * let page = await getTrades(client, { batteryId: 1n, first: 500 });
 * while (page.nextCursor) page = await getTrades(client, { batteryId: 1n, after: page.nextCursor, blockNumber: page.blockNumber });
 */
export async function getTrades(client: VppClient, params: GetTradesParameters = {}): Promise<TradesPage> {
  const first = pageSize(params.first, 100);
  const where = tradesWhere(params);
  if (params.after !== undefined) where.id_gt = params.after as `0x${string}`;
  const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
  const data = await subgraphRequest(client, TradesQuery, { where, first, block });
  const trades = data.trades.map(toTrade);
  return {
    trades,
    nextCursor: trades.length === first ? trades[trades.length - 1]!.id : null,
    blockNumber: BigInt(data._meta?.block.number ?? 0),
  };
}
