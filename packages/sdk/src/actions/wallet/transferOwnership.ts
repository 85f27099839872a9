import { vppPlant_OwnershipTransferStarted, vppPlant_transferOwnership } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface TransferOwnershipParameters extends WriteParameters {
  /** The pending owner, who must call {@link acceptOwnership}. */
  newOwner: Address;
}

/** What `transferOwnership` did, decoded from its events. */
export interface TransferOwnershipOutcome {
  previousOwner: Address;
  newOwner: Address;
}

const spec = /* @__PURE__ */ defineWrite<TransferOwnershipParameters, TransferOwnershipOutcome>({
  call: (p) => call('vppPlant', vppPlant_transferOwnership, [assertAddress('newOwner', p.newOwner)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_OwnershipTransferStarted);
    return { previousOwner: e.previousOwner, newOwner: e.newOwner };
  },
});

/**
 * Starts a two-step ownership transfer of the system (owner only); the new owner calls {@link acceptOwnership}.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await transferOwnership(client, { newOwner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * const { outcome } = await wait();
 * @throws {ZeroAddressError}, {OwnableUnauthorizedAccountError}
 */
export function transferOwnership(client: VppClient, params: TransferOwnershipParameters): Promise<WriteResult<TransferOwnershipOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link transferOwnership} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeTransferOwnership(client, { newOwner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * await walletClient.sendTransaction(request);
 */
export function encodeTransferOwnership(client: VppClient, params: TransferOwnershipParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link transferOwnership} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateTransferOwnership(client, { newOwner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 */
export function simulateTransferOwnership(client: VppClient, params: TransferOwnershipParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
