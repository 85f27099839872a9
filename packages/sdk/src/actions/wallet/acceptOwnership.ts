import { vppPlant_OwnershipTransferred, vppPlant_acceptOwnership } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type AcceptOwnershipParameters = WriteParameters;

/** What `acceptOwnership` did, decoded from its events. */
export interface AcceptOwnershipOutcome {
  previousOwner: Address;
  newOwner: Address;
}

const spec = /* @__PURE__ */ defineWrite<AcceptOwnershipParameters, AcceptOwnershipOutcome>({
  call: () => call('vppPlant', vppPlant_acceptOwnership, []),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_OwnershipTransferred);
    return { previousOwner: e.previousOwner, newOwner: e.newOwner };
  },
});

/**
 * Accepts a pending ownership transfer (the pending owner).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await acceptOwnership(client);
 * const { outcome } = await wait();
 * @throws {OwnableUnauthorizedAccountError} when the sender is not the pending owner
 */
export function acceptOwnership(client: VppClient, params: AcceptOwnershipParameters = {}): Promise<WriteResult<AcceptOwnershipOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link acceptOwnership} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeAcceptOwnership(client);
 * await walletClient.sendTransaction(request);
 */
export function encodeAcceptOwnership(client: VppClient, params: AcceptOwnershipParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link acceptOwnership} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateAcceptOwnership(client);
 */
export function simulateAcceptOwnership(client: VppClient, params: AcceptOwnershipParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
