import { vppFund_VendorPaymentWithdrawn, vppFund_withdrawVendorPayment } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { AccountNotFoundError } from '../../errors/common.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface WithdrawVendorPaymentParameters extends WriteParameters {
  /** Recipient (default: the vendor, i.e. the sender). */
  to?: Address;
}

/** What `withdrawVendorPayment` did, decoded from its events. */
export interface WithdrawVendorPaymentOutcome {
  vendor: Address;
  to: Address;
  /** Ether paid, wei. */
  amount: bigint;
}

const spec = /* @__PURE__ */ defineWrite<WithdrawVendorPaymentParameters, WithdrawVendorPaymentOutcome>({
  call: (p, sender) => {
    const to = p?.to ?? sender;
    if (to === undefined) throw new AccountNotFoundError();
    return call('vppFund', vppFund_withdrawVendorPayment, [assertAddress('to', to)]);
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_VendorPaymentWithdrawn);
    return { vendor: e.vendor, to: e.to, amount: e.amount };
  },
});

/**
 * A vendor withdraws what battery purchases credited to it (works while paused).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await withdrawVendorPayment(client);
 * const { outcome } = await wait();
 * @throws {NothingToWithdrawError}, {ZeroAddressError}
 */
export function withdrawVendorPayment(client: VppClient, params: WithdrawVendorPaymentParameters = {}): Promise<WriteResult<WithdrawVendorPaymentOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link withdrawVendorPayment} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeWithdrawVendorPayment(client);
 * await walletClient.sendTransaction(request);
 */
export function encodeWithdrawVendorPayment(client: VppClient, params: WithdrawVendorPaymentParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link withdrawVendorPayment} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateWithdrawVendorPayment(client);
 */
export function simulateWithdrawVendorPayment(client: VppClient, params: WithdrawVendorPaymentParameters = {}): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
