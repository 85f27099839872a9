import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { pageSize, toPosition, type InvestorPosition } from '../../internal/mappers.js';
import { readAllPages } from '../../internal/paging.js';
import type { RequestOptions } from '../../internal/request.js';
import { big, subgraphAction, subgraphRequest } from '../../internal/subgraph.js';
import { assertAddress } from '../../internal/validate.js';
import { HoldersQuery } from '../../subgraph/documents.js';

/** A holder of the fund, as indexed (see {@link InvestorPosition}). */
export type Holder = InvestorPosition;

export interface GetHoldersParameters extends RequestOptions {
  /** Page size, 1..1000 (default 100). */
  first?: number;
  /** Cursor: `nextCursor` of the previous page (holders are paged by address). */
  after?: Address;
  /**
   * Also list accounts holding no shares in their wallet now (former holders, and investors whose shares are all
   * escrowed: unclaimed deposits, pending redemptions). Default false.
   */
  includeFormer?: boolean;
  /** Read at this block; pass the previous page's `blockNumber` to page one consistent snapshot. */
  blockNumber?: bigint | number;
}

export interface HoldersPage {
  holders: Holder[];
  /** Pass as `after` (with `blockNumber`) for the next page; null when this page was the last. */
  nextCursor: Address | null;
  /** The block the page was read at. */
  blockNumber: bigint;
}

async function holdersPage(
  client: VppClient,
  params: GetHoldersParameters,
  first: number,
  after: Address | undefined,
  block: { number: number } | undefined,
  signal: AbortSignal,
) {
  const where: { shares_gt?: string; id_gt?: Address } = params.includeFormer ? {} : { shares_gt: '0' };
  if (after !== undefined) where.id_gt = assertAddress('after', after, { allowZero: true }).toLowerCase() as Address;
  const data = await subgraphRequest(client, HoldersQuery, { where, first, block }, { signal });
  const supply = big(data.fund?.totalSupply ?? '0');
  const nav = big(data.fund?.nav ?? '0');
  const holders = data.investors.map((i) => toPosition(i.id as Address, i, supply, nav));
  return { items: holders, blockNumber: data._meta?.block.number ?? 0 };
}

/**
 * One page of the fund's share holders (by address), with their requests, claims and dividends. Page with
 * `nextCursor` and the first page's `blockNumber` so that every page is read at the same block.
 *
 * @example
 * let page = await getHolders(client, { first: 500 });
 * while (page.nextCursor) page = await getHolders(client, { first: 500, after: page.nextCursor, blockNumber: page.blockNumber });
 */
export function getHolders(client: VppClient, params: GetHoldersParameters = {}): Promise<HoldersPage> {
  return subgraphAction(client, params, async (signal) => {
    const first = pageSize(params.first, 100);
    const block = params.blockNumber === undefined ? undefined : { number: Number(params.blockNumber) };
    const page = await holdersPage(client, params, first, params.after, block, signal);
    return {
      holders: page.items,
      nextCursor: page.items.length === first ? page.items[page.items.length - 1]!.address : null,
      blockNumber: BigInt(page.blockNumber),
    };
  });
}

/**
 * Every share holder, paging past graph-node's 1 000-row limit, all pages pinned to the first page's block.
 *
 * @example
 * const { holders, blockNumber } = await getAllHolders(client);
 */
export function getAllHolders(
  client: VppClient,
  params: Omit<GetHoldersParameters, 'first' | 'after'> = {},
): Promise<{ holders: Holder[]; blockNumber: bigint }> {
  return subgraphAction(client, params, async (signal) => {
    const { items, blockNumber } = await readAllPages(
      ({ block, cursor, first }) => holdersPage(client, params, first, cursor as Address | undefined, block, signal),
      (h) => h.address,
      { blockNumber: params.blockNumber === undefined ? undefined : Number(params.blockNumber) },
    );
    return { holders: items, blockNumber: BigInt(blockNumber) };
  });
}
