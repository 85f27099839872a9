import { vppFund_DistributionScheduled, vppFund_returnCapital } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ReturnCapitalParameters extends WriteParameters {
  /** Capital to return, wei (≤ the capital cash; capped again at the settlement). */
  amount: bigint;
}

/** What `returnCapital` did, decoded from its events. */
export interface ReturnCapitalOutcome {
  /** The epoch whose settlement pays it. */
  epoch: bigint;
  by: Address;
  /** wei. */
  amount: bigint;
}

const spec = /* @__PURE__ */ defineWrite<ReturnCapitalParameters, ReturnCapitalOutcome>({
  call: (p) => call('vppFund', vppFund_returnCapital, [assertAmount('amount', p.amount)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DistributionScheduled);
    return { epoch: e.epoch, by: e.by, amount: e.amount };
  },
});

/**
 * Schedules a return of `amount` wei of capital cash (ether invested and not spent on batteries), paid at the next epoch
 * settlement over every share (admins). Replaces an earlier schedule of the epoch.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await returnCapital(client, { amount: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}, {InsufficientFreeBalanceError}, {NotAdminError}, {SystemPausedError}
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
 * viem's `request` (for `writeContract`) and the function's return value (the epoch that pays it).
 *
 * @example
 * const { request, result } = await simulateReturnCapital(client, { amount: parseEther('1') });
 */
export function simulateReturnCapital(client: VppClient, params: ReturnCapitalParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
