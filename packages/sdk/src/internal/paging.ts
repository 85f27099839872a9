/** graph-node's maximum `first`. */
export const MAX_PAGE = 1000;

export interface Page<T> {
  items: T[];
  /** The block the page was read at (from `_meta`). */
  blockNumber: number;
}

/**
 * Reads every page of an `id_gt` / `<field>_gt`-paged collection. The first page is read at the latest indexed
 * block (or `blockNumber`) and every later page is pinned to the first page's block (`block: { number }`), so the
 * result is one consistent snapshot even while the subgraph keeps indexing.
 */
export async function readAllPages<T>(
  fetchPage: (args: { block: { number: number } | undefined; cursor: string | undefined; first: number }) => Promise<Page<T>>,
  cursorOf: (item: T) => string,
  options: { blockNumber?: number | undefined; limit?: number | undefined; pageSize?: number | undefined } = {},
): Promise<Page<T>> {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let block = options.blockNumber === undefined ? undefined : { number: options.blockNumber };
  const items: T[] = [];
  let cursor: string | undefined;
  let blockNumber = options.blockNumber ?? 0;
  for (;;) {
    const first = Math.min(pageSize, limit - items.length);
    const page = await fetchPage({ block, cursor, first });
    if (!block) {
      blockNumber = page.blockNumber;
      block = { number: blockNumber };
    }
    items.push(...page.items);
    if (page.items.length < first || items.length >= limit) break;
    cursor = cursorOf(page.items[page.items.length - 1]!);
  }
  return { items, blockNumber };
}

/** Chronological order of event entities. */
export function byChainOrder<T extends { blockNumber: bigint; logIndex: bigint }>(a: T, b: T): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex < b.logIndex ? -1 : a.logIndex > b.logIndex ? 1 : 0;
}

/** A decimal string cursor for numeric `_gt` filters. */
export const toCursor = (value: bigint | number): string => value.toString();
