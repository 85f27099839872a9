import type { VppClient } from '../config.js';
import { SubgraphBehindError, SubgraphIndexingError, SubgraphUnavailableError, VppError } from '../errors.js';
import { graphql } from '../subgraph/graphql.js';
import { subgraphRequest } from './subgraph.js';
import { getSubgraphUrl } from '../config.js';

export const metaQuery = graphql(`
  query SdkMeta {
    _meta {
      block {
        number
        hash
        timestamp
      }
      deployment
      hasIndexingErrors
    }
  }
`);

/**
 * Polls `_meta.block.number` until it is ≥ `blockNumber`. Throws {@link SubgraphIndexingError} as soon as the
 * subgraph reports indexing errors, {@link SubgraphBehindError} on timeout (or {@link SubgraphUnavailableError}
 * when the endpoint never answered).
 */
export async function waitForIndexed(
  client: VppClient,
  blockNumber: bigint,
  timeoutMs: number,
  pollMs = 100,
): Promise<bigint> {
  const url = getSubgraphUrl(client);
  const deadline = Date.now() + timeoutMs;
  let indexed: bigint | undefined;
  let lastError: VppError | undefined;
  for (;;) {
    try {
      const { _meta } = await subgraphRequest(client, metaQuery, {}, { requiredBlock: blockNumber });
      lastError = undefined;
      indexed = _meta?.block.number === undefined ? undefined : BigInt(_meta.block.number);
      if (indexed !== undefined && indexed >= blockNumber) return indexed;
    } catch (error) {
      if (error instanceof SubgraphBehindError) {
        // nothing indexed yet: keep waiting
        lastError = undefined;
      } else if (error instanceof SubgraphUnavailableError) {
        lastError = error;
      } else {
        throw error;
      }
    }
    if (Date.now() >= deadline) {
      if (lastError && indexed === undefined) throw lastError;
      throw new SubgraphBehindError(url, blockNumber, indexed);
    }
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
