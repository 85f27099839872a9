import { vppTrader_PendingChangeCanceled, vppTrader_cancelPendingChange } from '../../abi.generated.js';
import type { Address } from 'viem';
import { InvalidParameterError } from '../../errors/common.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface CancelPendingChangeParameters extends WriteParameters {
  /** Which pending change to drop. */
  change: 'priceOracle' | 'gridMarket';
}

/** What `cancelPendingChange` did, decoded from its events. */
export interface CancelPendingChangeOutcome {
  change: 'priceOracle' | 'gridMarket';
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<CancelPendingChangeParameters, CancelPendingChangeOutcome>({
  call: (p) => {
    if (p?.change !== 'priceOracle' && p?.change !== 'gridMarket') {
      throw new InvalidParameterError('change', p?.change, "expected 'priceOracle' or 'gridMarket'");
    }
    return call('vppTrader', vppTrader_cancelPendingChange, [p.change === 'priceOracle']);
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_PendingChangeCanceled);
    return { change: e.oracle ? 'priceOracle' : 'gridMarket', by: e.by };
  },
});

/**
 * Drops the pending price-feed or grid-market change before it is executed (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await cancelPendingChange(client, { change: 'priceOracle' });
 * const { outcome } = await wait();
 * @throws {NoPendingChangeError}, {NotAdminError}
 */
export function cancelPendingChange(client: VppClient, params: CancelPendingChangeParameters): Promise<WriteResult<CancelPendingChangeOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link cancelPendingChange} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCancelPendingChange(client, { change: 'priceOracle' });
 * await walletClient.sendTransaction(request);
 */
export function encodeCancelPendingChange(client: VppClient, params: CancelPendingChangeParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link cancelPendingChange} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateCancelPendingChange(client, { change: 'priceOracle' });
 */
export function simulateCancelPendingChange(client: VppClient, params: CancelPendingChangeParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
