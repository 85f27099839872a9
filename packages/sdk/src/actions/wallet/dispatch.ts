import { vppTrader_dispatch, vppTrader_tradingParams } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, read, sendWrite, simulateWrite } from '../../internal/contract.js';
import { BatchTooLargeError } from '../../errors/contract/BatchTooLargeError.js';
import { EmptyBatchError } from '../../errors/contract/EmptyBatchError.js';
import { InvalidParameterError } from '../../errors/common.js';
import { dispatchOutcome, type DispatchOutcome } from '../../internal/dispatch.js';
import { toBatteryId } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DispatchParameters extends WriteParameters {
  /** Batteries to dispatch this interval (distinct ids, at most `maxBatchSize`). */
  batteryIds: readonly (bigint | number)[];
}

export type { DispatchOutcome };

const spec = /* @__PURE__ */ defineWrite<DispatchParameters, DispatchOutcome>({
  call: (p) => {
    if (!Array.isArray(p.batteryIds)) throw new InvalidParameterError('batteryIds', p.batteryIds, 'expected an array');
    if (p.batteryIds.length === 0) throw new EmptyBatchError({ detectedBeforeSending: true });
    const ids = p.batteryIds.map((id, i) => toBatteryId(`batteryIds[${i}]`, id));
    if (new Set(ids).size !== ids.length) throw new InvalidParameterError('batteryIds', p.batteryIds, 'duplicate ids');
    return call('vppTrader', vppTrader_dispatch, [ids]);
  },
  check: async (client, _p, c) => {
    const size = (c.args[0] as readonly bigint[]).length;
    const { maxBatchSize } = await read<{ maxBatchSize: number }>(client, 'vppTrader', vppTrader_tradingParams);
    if (size > Number(maxBatchSize)) {
      throw new BatchTooLargeError({ detectedBeforeSending: true, args: [BigInt(size), BigInt(maxBatchSize)] });
    }
  },
  outcome: dispatchOutcome,
});

/**
 * Dispatches batteries for the current interval at the oracle price (permissionless; the price round must be
 * published in the current interval). Batteries already dispatched or not active are skipped, not reverted; the
 * outcome lists every trade (with the source of its thresholds) and every skipped dispatch with its reason.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await dispatch(client, { batteryIds: [1n, 2n] });
 * const { outcome } = await wait();
 * @throws {EmptyBatchError}, {BatchTooLargeError}, {PriceNotForIntervalError}, {StalePriceError}, {PriceOutOfBoundsError}, {SystemPausedError}
 */
export function dispatch(client: VppClient, params: DispatchParameters): Promise<WriteResult<DispatchOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link dispatch} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeDispatch(client, { batteryIds: [1n, 2n] });
 * await walletClient.sendTransaction(request);
 */
export function encodeDispatch(client: VppClient, params: DispatchParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link dispatch} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateDispatch(client, { batteryIds: [1n, 2n] });
 */
export function simulateDispatch(client: VppClient, params: DispatchParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
