import { vppPlant_AdminAdded, vppPlant_addAdmin } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface AddAdminParameters extends WriteParameters {
  /** The new admin (the sender is `account`, as in every write). */
  admin: Address;
}

/** What `addAdmin` did, decoded from its events. */
export interface AddAdminOutcome {
  admin: Address;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<AddAdminParameters, AddAdminOutcome>({
  call: (p) => call('vppPlant', vppPlant_addAdmin, [assertAddress('admin', p.admin)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPlant', vppPlant_AdminAdded);
    return { admin: e.admin, by: e.by };
  },
});

/**
 * Adds an admin (owner only).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await addAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * const { outcome } = await wait();
 * @throws {ZeroAddressError}, {AlreadyAdminError}, {OwnableUnauthorizedAccountError}
 */
export function addAdmin(client: VppClient, params: AddAdminParameters): Promise<WriteResult<AddAdminOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link addAdmin} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeAddAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * await walletClient.sendTransaction(request);
 */
export function encodeAddAdmin(client: VppClient, params: AddAdminParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link addAdmin} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateAddAdmin(client, { admin: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 */
export function simulateAddAdmin(client: VppClient, params: AddAdminParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
