import { vppTrader_TablePublished, vppTrader_publishTable } from '../../abi.generated.js';
import type { Address, Hex } from 'viem';
import { assertBlockWords, STRATEGY_BLOCKS } from '../../strategyTable.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { MAX_UINT64, toInteger, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface PublishTableParameters extends WriteParameters {
  profileId: number;
  /** First interval of the table (the trader's interval numbers, ≥ the current one, ≠ the other buffer's). */
  effectiveFrom: number;
  /** Last interval in which the table is fresh (≥ effectiveFrom); after it the batteries fall back to static thresholds. */
  validUntil: number;
  /** wei/MWh per table unit (> 0). */
  unitWei: bigint;
  /** The 48 block words (see {@link encodeStrategyBlock}), block 0 = 00:00–00:30 market time (UTC+10). */
  blocks: readonly Hex[];
}

/** What `publishTable` did, decoded from its events. */
export interface PublishTableOutcome {
  profileId: number;
  /** The buffer written (0 or 1). */
  buffer: number;
  effectiveFrom: number;
  validUntil: number;
  unitWei: bigint;
  /** keccak256 of the 48 words. */
  blocksHash: Hex;
}

const spec = /* @__PURE__ */ defineWrite<PublishTableParameters, PublishTableOutcome>({
  call: (p) =>
    call('vppTrader', vppTrader_publishTable, [
      toUintNumber('profileId', p.profileId, 32, 1n),
      toUintNumber('effectiveFrom', p.effectiveFrom, 32),
      toUintNumber('validUntil', p.validUntil, 32),
      toInteger('unitWei', p.unitWei, 1n, MAX_UINT64),
      assertBlockWords('blocks', p.blocks, { min: STRATEGY_BLOCKS, max: STRATEGY_BLOCKS }) as unknown as readonly [Hex, ...Hex[]] as never,
    ]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_TablePublished);
    return { profileId: e.profileId, buffer: e.buffer, effectiveFrom: e.effectiveFrom, validUntil: e.validUntil, unitWei: e.unitWei, blocksHash: e.blocksHash };
  },
});

/**
 * Publishes a full water-value table to the profile's inactive buffer (the profile's strategist). It becomes active at
 * `effectiveFrom` and stays fresh until `validUntil`.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const blocks = Array.from({ length: 48 }, (_, i) => encodeStrategyBlock(Array(8).fill({ chargeBelow: 20, dischargeAbove: 150 }), i));
 * const { hash, wait } = await publishTable(client, { profileId: 1, effectiveFrom: 5_000_000, validUntil: 5_000_288, unitWei: 250_000_000_000_000n, blocks });
 * const { outcome } = await wait();
 * @throws {NotStrategistError}, {EffectiveFromInPastError}, {EffectiveFromTakenError}, {ValidUntilBeforeEffectiveFromError}, {InvertedThresholdsError}, {ZeroUnitWeiError}
 */
export function publishTable(client: VppClient, params: PublishTableParameters): Promise<WriteResult<PublishTableOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link publishTable} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const blocks = Array.from({ length: 48 }, (_, i) => encodeStrategyBlock(Array(8).fill({ chargeBelow: 20, dischargeAbove: 150 }), i));
 * const request = encodePublishTable(client, { profileId: 1, effectiveFrom: 5_000_000, validUntil: 5_000_288, unitWei: 250_000_000_000_000n, blocks });
 * await walletClient.sendTransaction(request);
 */
export function encodePublishTable(client: VppClient, params: PublishTableParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link publishTable} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the buffer written).
 *
 * @example
 * const blocks = Array.from({ length: 48 }, (_, i) => encodeStrategyBlock(Array(8).fill({ chargeBelow: 20, dischargeAbove: 150 }), i));
 * const { request, result } = await simulatePublishTable(client, { profileId: 1, effectiveFrom: 5_000_000, validUntil: 5_000_288, unitWei: 250_000_000_000_000n, blocks });
 */
export function simulatePublishTable(client: VppClient, params: PublishTableParameters): Promise<SimulateResult<number>> {
  return simulateWrite(client, spec, params);
}
