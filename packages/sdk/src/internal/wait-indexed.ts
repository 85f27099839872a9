/** Waiting for the subgraph to index a block (loaded lazily by `wait({ indexed: true })`). @internal */
import type { VppClient } from '../config.js';
import {
  SubgraphBehindError,
  SubgraphTimeoutError,
  SubgraphUnavailableError,
} from '../errors/common.js';
import { graphql } from '../subgraph/graphql.js';
import { DEFAULT_WAIT_TIMEOUT_MS, sleep, type RequestOptions } from './request.js';
import { subgraphAction, subgraphRequest } from './subgraph.js';

export const metaQuery = graphql(`
  query SdkMeta {
    _meta {
      block {
        number
      }
      hasIndexingErrors
    }
  }
`);

/**
 * Polls `_meta.block.number` until it is ≥ `blockNumber`. Throws {@link SubgraphIndexingError} as soon as the
 * subgraph reports indexing errors; at the deadline {@link SubgraphBehindError} when the subgraph answers but is
 * behind, {@link SubgraphTimeoutError} when a request is stuck, {@link SubgraphUnavailableError} when it never
 * answered.
 */
export function waitForIndexed(
  client: VppClient,
  blockNumber: bigint,
  options: RequestOptions & { pollingIntervalMs?: number | undefined } = {},
): Promise<bigint> {
  let indexed: bigint | undefined;
  let lastError: Error | undefined;
  let requestStartedAt: number | undefined;
  const pollMs = options.pollingIntervalMs ?? 100;
  return subgraphAction(
    client,
    options,
    async (signal) => {
      for (;;) {
        try {
          requestStartedAt = Date.now();
          const { _meta } = await subgraphRequest(client, metaQuery, {}, { requiredBlock: blockNumber, signal });
          lastError = undefined;
          indexed = _meta ? BigInt(_meta.block.number) : undefined;
          if (indexed !== undefined && indexed >= blockNumber) return indexed;
        } catch (error) {
          if (error instanceof SubgraphBehindError) lastError = undefined; // nothing indexed yet: keep waiting
          else if (error instanceof SubgraphUnavailableError) lastError = error;
          else throw error;
        } finally {
          requestStartedAt = undefined;
        }
        await sleep(pollMs, signal);
      }
    },
    (url, timeoutMs) => {
      // It answered at least once: it is behind. It never answered: unreachable, or stuck.
      if (indexed !== undefined) return new SubgraphBehindError(url, blockNumber, indexed);
      if (lastError) return lastError;
      return requestStartedAt !== undefined ? new SubgraphTimeoutError(url, timeoutMs) : new SubgraphBehindError(url, blockNumber, indexed);
    },
    DEFAULT_WAIT_TIMEOUT_MS,
  );
}
