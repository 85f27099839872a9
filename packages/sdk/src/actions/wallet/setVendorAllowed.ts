import { vppFund_VendorAllowed, vppFund_setVendorAllowed } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertBoolean } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetVendorAllowedParameters extends WriteParameters {
  vendor: Address;
  /** True to grant (after the timelock), false to revoke (at once). */
  allowed: boolean;
}

/** What `setVendorAllowed` did, decoded from its events. */
export interface SetVendorAllowedOutcome {
  vendor: Address;
  allowed: boolean;
  by: Address;
  /** Unix seconds when the grant takes effect (0n when revoked). */
  effectiveAt: bigint;
}

const spec = /* @__PURE__ */ defineWrite<SetVendorAllowedParameters, SetVendorAllowedOutcome>({
  call: (p) => call('vppFund', vppFund_setVendorAllowed, [assertAddress('vendor', p.vendor), assertBoolean('allowed', p.allowed)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_VendorAllowed);
    return { vendor: e.vendor, allowed: e.allowed, by: e.by, effectiveAt: e.effectiveAt };
  },
});

/**
 * Allows a vendor to be paid by battery purchases (owner), effective after the fund's timelock (`effectiveAt`), or
 * revokes it at once (owner or any guardian; also cancels a pending allowance).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setVendorAllowed(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 * const { outcome } = await wait();
 * @throws {NotOwnerError} (granting), {NotAdminError} (revoking), {ZeroAddressError}
 */
export function setVendorAllowed(client: VppClient, params: SetVendorAllowedParameters): Promise<WriteResult<SetVendorAllowedOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setVendorAllowed} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetVendorAllowed(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetVendorAllowed(client: VppClient, params: SetVendorAllowedParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setVendorAllowed} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetVendorAllowed(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 */
export function simulateSetVendorAllowed(client: VppClient, params: SetVendorAllowedParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
