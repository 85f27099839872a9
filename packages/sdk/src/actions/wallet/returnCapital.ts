import { vppFund_DividendDeclared, vppFund_returnCapital } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ReturnCapitalParameters extends WriteParameters {
  /** Unspent capital to return to holders pro rata, wei (> 0). */
  amount: bigint;
}

/** What `returnCapital` did, decoded from its events. */
export interface ReturnCapitalOutcome {
  dividendId: bigint;
  /** True for a return of capital. */
  capitalReturn: boolean;
  /** Ether declared, wei. */
  amount: bigint;
  /** Share of the distributable earnings (0 for a capital return). */
  basisPoints: number;
  /** Shares the amount is split over. */
  totalSupply: bigint;
}

const spec = /* @__PURE__ */ defineWrite<ReturnCapitalParameters, ReturnCapitalOutcome>({
  call: (p) => call('vppFund', vppFund_returnCapital, [assertAmount('amount', p.amount)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DividendDeclared);
    return { dividendId: e.dividendId, capitalReturn: e.capitalReturn, amount: e.amount, basisPoints: e.basisPoints, totalSupply: e.totalSupply };
  },
});

/**
 * Returns unspent capital to the holders pro rata (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await returnCapital(client, { amount: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}, {NotAdminError}, {InsufficientFreeBalanceError}, {NoSharesOutstandingError}
 */
export function returnCapital(client: VppClient, params: ReturnCapitalParameters): Promise<WriteResult<ReturnCapitalOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link returnCapital} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeReturnCapital(client, { amount: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeReturnCapital(client: VppClient, params: ReturnCapitalParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link returnCapital} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateReturnCapital(client, { amount: parseEther('1') });
 */
export function simulateReturnCapital(client: VppClient, params: ReturnCapitalParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
