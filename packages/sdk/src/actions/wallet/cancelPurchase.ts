import { vppFund_PurchaseCanceled, vppFund_cancelPurchase } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { MAX_UINT256, toInteger } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface CancelPurchaseParameters extends WriteParameters {
  proposalId: bigint;
}

/** What `cancelPurchase` did, decoded from its events. */
export interface CancelPurchaseOutcome {
  proposalId: bigint;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<CancelPurchaseParameters, CancelPurchaseOutcome>({
  call: (p) => call('vppFund', vppFund_cancelPurchase, [toInteger('proposalId', p.proposalId, 1n, MAX_UINT256)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_PurchaseCanceled);
    return { proposalId: e.proposalId, by: e.by };
  },
});

/**
 * Cancels a purchase proposal before it is executed (guardians — admins, also for a while after their removal — and
 * purchasers).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await cancelPurchase(client, { proposalId: 1n });
 * const { outcome } = await wait();
 * @throws {UnknownProposalError}, {NotAdminError}
 */
export function cancelPurchase(client: VppClient, params: CancelPurchaseParameters): Promise<WriteResult<CancelPurchaseOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link cancelPurchase} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCancelPurchase(client, { proposalId: 1n });
 * await walletClient.sendTransaction(request);
 */
export function encodeCancelPurchase(client: VppClient, params: CancelPurchaseParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link cancelPurchase} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateCancelPurchase(client, { proposalId: 1n });
 */
export function simulateCancelPurchase(client: VppClient, params: CancelPurchaseParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
