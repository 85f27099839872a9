import { vppFund_DividendWithdrawn, vppFund_withdrawDividends, vppFund_withdrawDividendsTo } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface WithdrawDividendsParameters extends WriteParameters {
  /** Recipient (default: the sender). */
  to?: Address;
}

/** What `withdrawDividends` did, decoded from its events. */
export interface WithdrawDividendsOutcome {
  holder: Address;
  to: Address;
  /** Ether paid, wei. */
  amount: bigint;
}

const spec = /* @__PURE__ */ defineWrite<WithdrawDividendsParameters, WithdrawDividendsOutcome>({
  call: (p) =>
    p?.to === undefined ? call('vppFund', vppFund_withdrawDividends, []) : call('vppFund', vppFund_withdrawDividendsTo, [assertAddress('to', p.to)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DividendWithdrawn);
    return { holder: e.holder, to: e.to, amount: e.amount };
  },
});

/**
 * Withdraws the sender's dividends and capital returns (works while paused).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await withdrawDividends(client);
 * const { outcome } = await wait();
 * @throws {NothingToWithdrawError}, {ZeroAddressError}
 */
export function withdrawDividends(client: VppClient, params: WithdrawDividendsParameters = {}): Promise<WriteResult<WithdrawDividendsOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link withdrawDividends} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeWithdrawDividends(client);
 * await walletClient.sendTransaction(request);
 */
export function encodeWithdrawDividends(client: VppClient, params: WithdrawDividendsParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link withdrawDividends} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateWithdrawDividends(client);
 */
export function simulateWithdrawDividends(client: VppClient, params: WithdrawDividendsParameters = {}): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
