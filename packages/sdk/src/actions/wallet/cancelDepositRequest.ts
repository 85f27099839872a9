import { vppFund_DepositRequestCanceled, vppFund_cancelDepositRequest } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface CancelDepositRequestParameters extends WriteParameters {
  /** Whose request (default: the sender; an operator may cancel for its controller). */
  controller?: Address;
  /** Who gets the ether back (default: the sender). */
  receiver?: Address;
}

/** What `cancelDepositRequest` did, decoded from its events. */
export interface CancelDepositRequestOutcome {
  controller: Address;
  /** The canceled request's id (its epoch). */
  requestId: bigint;
  receiver: Address;
  /** Ether returned, wei. */
  assets: bigint;
}

const spec = /* @__PURE__ */ defineWrite<CancelDepositRequestParameters, CancelDepositRequestOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_cancelDepositRequest, [accountOr('controller', p?.controller, sender), accountOr('receiver', p?.receiver, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DepositRequestCanceled);
    return { controller: e.controller, requestId: e.requestId, receiver: e.receiver, assets: e.assets };
  },
});

/**
 * Cancels the controller's pending deposit request and returns its ether — possible while the request's epoch is
 * open, or when that epoch refused deposits. Works while paused.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await cancelDepositRequest(client, );
 * const { outcome } = await wait();
 * @throws {RequestNotCancelableError}, {NotAuthorizedError}, {ZeroAddressError}
 */
export function cancelDepositRequest(client: VppClient, params: CancelDepositRequestParameters = {}): Promise<WriteResult<CancelDepositRequestOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link cancelDepositRequest} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCancelDepositRequest(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeCancelDepositRequest(client: VppClient, params: CancelDepositRequestParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link cancelDepositRequest} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the ether returned).
 *
 * @example
 * const { request, result } = await simulateCancelDepositRequest(client, );
 */
export function simulateCancelDepositRequest(client: VppClient, params: CancelDepositRequestParameters = {}): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
