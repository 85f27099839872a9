import { vppFund_Invested, vppFund_invest } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface InvestParameters extends WriteParameters {
  /** Ether to invest, wei (> 0): the transaction's value. */
  amount: bigint;
}

/** What `invest` did, decoded from its events. */
export interface InvestOutcome {
  investor: Address;
  /** Ether invested, wei. */
  amount: bigint;
  /** Shares minted to the investor. */
  sharesMinted: bigint;
  totalSupplyAfter: bigint;
  /** The fund's NAV after the investment, wei. */
  navAfter: bigint;
}

const spec = /* @__PURE__ */ defineWrite<InvestParameters, InvestOutcome>({
  call: (p) => call('vppFund', vppFund_invest, [], assertAmount('amount', p.amount)),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Invested);
    return { investor: e.investor, amount: e.amount, sharesMinted: e.sharesMinted, totalSupplyAfter: e.totalSupplyAfter, navAfter: e.navAfter };
  },
});

/**
 * Invests `amount` wei in the fund; shares are minted at NAV per share to the sender.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await invest(client, { amount: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}, {SystemPausedError}, {SharesTooSmallError}, {InsufficientFundsError}
 */
export function invest(client: VppClient, params: InvestParameters): Promise<WriteResult<InvestOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link invest} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeInvest(client, { amount: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeInvest(client: VppClient, params: InvestParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link invest} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateInvest(client, { amount: parseEther('1') });
 */
export function simulateInvest(client: VppClient, params: InvestParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
