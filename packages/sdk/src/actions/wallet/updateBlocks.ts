import { vppTrader_BlocksUpdated, vppTrader_updateBlocks } from '../../abi.generated.js';
import type { Address, Hex } from 'viem';
import { assertBlockWords, STRATEGY_BLOCKS } from '../../strategyTable.js';
import { BlockRangeInvalidError } from '../../errors/contract/BlockRangeInvalidError.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface UpdateBlocksParameters extends WriteParameters {
  profileId: number;
  /** The first block written, 0..47; block k of `blocks` goes to (firstBlock + k) % 48 (wraps past market midnight). */
  firstBlock: number;
  /** 0..48 block words (none: only move `validUntil`). */
  blocks: readonly Hex[];
  /** The active buffer's new last fresh interval (≥ its effectiveFrom; in the past expires it at once). */
  validUntil: number;
}

/** What `updateBlocks` did, decoded from its events. */
export interface UpdateBlocksOutcome {
  profileId: number;
  /** The buffer written (the active one). */
  buffer: number;
  firstBlock: number;
  count: number;
  validUntil: number;
  blocksHash: Hex;
}

const spec = /* @__PURE__ */ defineWrite<UpdateBlocksParameters, UpdateBlocksOutcome>({
  call: (p) => {
    const firstBlock = toUintNumber('firstBlock', p.firstBlock, 8);
    if (firstBlock >= STRATEGY_BLOCKS) throw new BlockRangeInvalidError({ detectedBeforeSending: true, args: [BigInt(firstBlock), BigInt(p.blocks?.length ?? 0)] });
    return call('vppTrader', vppTrader_updateBlocks, [
      toUintNumber('profileId', p.profileId, 32, 1n),
      firstBlock,
      assertBlockWords('blocks', p.blocks, { min: 0, max: STRATEGY_BLOCKS }, firstBlock),
      toUintNumber('validUntil', p.validUntil, 32),
    ]);
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_BlocksUpdated);
    return { profileId: e.profileId, buffer: e.buffer, firstBlock: e.firstBlock, count: e.count, validUntil: e.validUntil, blocksHash: e.blocksHash };
  },
});

/**
 * Overwrites blocks of the profile's active table (stale or not: an update revives it) and sets its `validUntil` — the
 * strategist's intraday re-publication.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const word = encodeStrategyBlock(Array(8).fill({ chargeBelow: 10, dischargeAbove: 300 }), 34);
 * const { hash, wait } = await updateBlocks(client, { profileId: 1, firstBlock: 34, blocks: [word], validUntil: 5_000_300 });
 * const { outcome } = await wait();
 * @throws {NoActiveTableError}, {NotStrategistError}, {BlockRangeInvalidError}, {InvertedThresholdsError}, {ValidUntilBeforeEffectiveFromError}
 */
export function updateBlocks(client: VppClient, params: UpdateBlocksParameters): Promise<WriteResult<UpdateBlocksOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link updateBlocks} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const word = encodeStrategyBlock(Array(8).fill({ chargeBelow: 10, dischargeAbove: 300 }), 34);
 * const request = encodeUpdateBlocks(client, { profileId: 1, firstBlock: 34, blocks: [word], validUntil: 5_000_300 });
 * await walletClient.sendTransaction(request);
 */
export function encodeUpdateBlocks(client: VppClient, params: UpdateBlocksParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link updateBlocks} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the buffer written).
 *
 * @example
 * const word = encodeStrategyBlock(Array(8).fill({ chargeBelow: 10, dischargeAbove: 300 }), 34);
 * const { request, result } = await simulateUpdateBlocks(client, { profileId: 1, firstBlock: 34, blocks: [word], validUntil: 5_000_300 });
 */
export function simulateUpdateBlocks(client: VppClient, params: UpdateBlocksParameters): Promise<SimulateResult<number>> {
  return simulateWrite(client, spec, params);
}
