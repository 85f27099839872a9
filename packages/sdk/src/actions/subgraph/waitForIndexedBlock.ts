import type { VppClient } from '../../config.js';
import { waitForIndexed } from '../../internal/wait-indexed.js';

export interface WaitForIndexedBlockParameters {
  /** The block the subgraph must have indexed. */
  blockNumber: bigint | number;
  /** Give up after this many milliseconds (default 60 000): {@link SubgraphBehindError}. */
  timeoutMs?: number;
  /** Polling interval (default 100 ms). */
  pollingIntervalMs?: number;
}

/**
 * Waits until the subgraph has indexed `blockNumber` (its `_meta.block.number` ≥ it); returns the indexed block.
 * Read-after-write: `await waitForIndexedBlock(client, { blockNumber: receipt.blockNumber })`.
 * @throws {SubgraphBehindError} on timeout, {SubgraphIndexingError}, {SubgraphUnavailableError}
 */
export async function waitForIndexedBlock(
  client: VppClient,
  params: WaitForIndexedBlockParameters,
): Promise<bigint> {
  return waitForIndexed(client, BigInt(params.blockNumber), params.timeoutMs ?? 60_000, params.pollingIntervalMs);
}
