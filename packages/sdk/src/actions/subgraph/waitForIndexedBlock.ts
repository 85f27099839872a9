import type { VppClient } from '../../config.js';
import type { RequestOptions } from '../../internal/request.js';
import { waitForIndexed } from '../../internal/wait-indexed.js';

export interface WaitForIndexedBlockParameters extends RequestOptions {
  /** The block the subgraph must have indexed. */
  blockNumber: bigint | number;
  /** Polling interval (default 100 ms). */
  pollingIntervalMs?: number;
}

/**
 * Waits until the subgraph has indexed `blockNumber` (its `_meta.block.number` ≥ it); returns the indexed block.
 * `timeoutMs` defaults to 60 000.
 *
 * @example
 * const receipt = await (await invest(client, { amount: parseEther('1') })).wait();
 * await waitForIndexedBlock(client, { blockNumber: receipt.blockNumber, timeoutMs: 10_000 });
 * @throws {SubgraphBehindError} when the subgraph answers but has not reached the block in time,
 * {SubgraphTimeoutError} when a request is stuck, {SubgraphIndexingError}, {SubgraphUnavailableError}
 */
export async function waitForIndexedBlock(client: VppClient, params: WaitForIndexedBlockParameters): Promise<bigint> {
  return waitForIndexed(client, BigInt(params.blockNumber), params);
}
