import { vppFund_DistributionsCanceled, vppFund_cancelDistributions } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type CancelDistributionsParameters = WriteParameters;

/** What `cancelDistributions` did, decoded from its events. */
export interface CancelDistributionsOutcome {
  epoch: bigint;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<CancelDistributionsParameters, CancelDistributionsOutcome>({
  call: () => call('vppFund', vppFund_cancelDistributions, []),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DistributionsCanceled);
    return { epoch: e.epoch, by: e.by };
  },
});

/**
 * Cancels the dividend and capital return scheduled for the next settlement (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await cancelDistributions(client, );
 * const { outcome } = await wait();
 * @throws {NothingToDistributeError}, {NotAdminError}
 */
export function cancelDistributions(client: VppClient, params: CancelDistributionsParameters = {}): Promise<WriteResult<CancelDistributionsOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link cancelDistributions} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCancelDistributions(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeCancelDistributions(client: VppClient, params: CancelDistributionsParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link cancelDistributions} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateCancelDistributions(client, );
 */
export function simulateCancelDistributions(client: VppClient, params: CancelDistributionsParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
