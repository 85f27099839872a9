import { vppFund_RedeemRequestCanceled, vppFund_cancelRedeemRequest } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface CancelRedeemRequestParameters extends WriteParameters {
  /** Whose request (default: the sender; an operator may cancel for its controller). */
  controller?: Address;
  /** Who gets the shares back (default: the sender). */
  receiver?: Address;
}

/** What `cancelRedeemRequest` did, decoded from its events. */
export interface CancelRedeemRequestOutcome {
  controller: Address;
  /** The canceled request's id (its epoch). */
  requestId: bigint;
  receiver: Address;
  /** Shares returned from escrow. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<CancelRedeemRequestParameters, CancelRedeemRequestOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_cancelRedeemRequest, [accountOr('controller', p?.controller, sender), accountOr('receiver', p?.receiver, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_RedeemRequestCanceled);
    return { controller: e.controller, requestId: e.requestId, receiver: e.receiver, shares: e.shares };
  },
});

/**
 * Cancels the controller's redeem request while its epoch is open and returns the escrowed shares (queued remainders
 * of settled epochs stay queued). Works while paused.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await cancelRedeemRequest(client, );
 * const { outcome } = await wait();
 * @throws {RequestNotCancelableError}, {NotAuthorizedError}, {ZeroAddressError}
 */
export function cancelRedeemRequest(client: VppClient, params: CancelRedeemRequestParameters = {}): Promise<WriteResult<CancelRedeemRequestOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link cancelRedeemRequest} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCancelRedeemRequest(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeCancelRedeemRequest(client: VppClient, params: CancelRedeemRequestParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link cancelRedeemRequest} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the shares returned).
 *
 * @example
 * const { request, result } = await simulateCancelRedeemRequest(client, );
 */
export function simulateCancelRedeemRequest(client: VppClient, params: CancelRedeemRequestParameters = {}): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
