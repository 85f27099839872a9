import { vppFund_DepositRequest, vppFund_requestDeposit } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface RequestDepositParameters extends WriteParameters {
  /** Ether to deposit, wei (> 0): sent as the transaction's value and settled at the next epoch's NAV. */
  assets: bigint;
  /** Who claims the shares after the settlement (default: the sender). */
  controller?: Address;
}

/** What `requestDeposit` did, decoded from its events. */
export interface RequestDepositOutcome {
  /** The request id: the epoch whose settlement prices it. */
  requestId: bigint;
  controller: Address;
  owner: Address;
  sender: Address;
  /** Ether deposited, wei. */
  assets: bigint;
}

const spec = /* @__PURE__ */ defineWrite<RequestDepositParameters, RequestDepositOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_requestDeposit, [assertAmount('assets', p.assets), accountOr('controller', p.controller, sender), accountOr('owner', undefined, sender)], p.assets),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DepositRequest);
    return { requestId: e.requestId, controller: e.controller, owner: e.owner, sender: e.sender, assets: e.assets };
  },
});

/**
 * Requests a deposit of `assets` wei into the fund (ERC-7540 `requestDeposit`, native ether: the transaction's value is
 * `assets`). The request is priced at the NAV of the next epoch settlement ({@link settleEpoch}); the controller
 * then claims its shares with {@link deposit} or {@link mint}. A pending request can be canceled ({@link cancelDepositRequest})
 * until its epoch settles.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await requestDeposit(client, { assets: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}, {SystemPausedError}, {PreviousRequestOpenError}, {InsufficientFundsError}
 */
export function requestDeposit(client: VppClient, params: RequestDepositParameters): Promise<WriteResult<RequestDepositOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link requestDeposit} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeRequestDeposit(client, { assets: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeRequestDeposit(client: VppClient, params: RequestDepositParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link requestDeposit} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the request id).
 *
 * @example
 * const { request, result } = await simulateRequestDeposit(client, { assets: parseEther('1') });
 */
export function simulateRequestDeposit(client: VppClient, params: RequestDepositParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
