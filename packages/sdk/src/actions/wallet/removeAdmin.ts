import { vppPlant_AdminRemoved, vppPlant_removeAdmin } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface RemoveAdminParameters extends WriteParameters {
  /** The admin to remove. */
  admin: Address;
}

/** What `removeAdmin` did, decoded from its events. */
export interface RemoveAdminOutcome {
  admin: Address;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<RemoveAdminParameters, RemoveAdminOutcome>({
  call: (p) => call('vppPlant', vppPlant_removeAdmin, [assertAddress('admin', p.admin)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_AdminRemoved);
    return { admin: e.admin, by: e.by };
  },
});

/**
 * Removes an admin (owner only).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await removeAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * const { outcome } = await wait();
 * @throws {ZeroAddressError}, {NotAnAdminError}, {OwnableUnauthorizedAccountError}
 */
export function removeAdmin(client: VppClient, params: RemoveAdminParameters): Promise<WriteResult<RemoveAdminOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link removeAdmin} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeRemoveAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * await walletClient.sendTransaction(request);
 */
export function encodeRemoveAdmin(client: VppClient, params: RemoveAdminParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link removeAdmin} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateRemoveAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 */
export function simulateRemoveAdmin(client: VppClient, params: RemoveAdminParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
