import { vppFund_PurchaserSet, vppFund_setPurchaser } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertBoolean } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetPurchaserParameters extends WriteParameters {
  /** The account granted (or revoked) the purchaser role (`account` is the sender override of every write). */
  purchaser: Address;
  /** True to grant (after the timelock), false to revoke (at once). */
  allowed: boolean;
}

/** What `setPurchaser` did, decoded from its events. */
export interface SetPurchaserOutcome {
  purchaser: Address;
  allowed: boolean;
  by: Address;
  /** Unix seconds when the grant takes effect (0n when revoked). */
  effectiveAt: bigint;
}

const spec = /* @__PURE__ */ defineWrite<SetPurchaserParameters, SetPurchaserOutcome>({
  call: (p) => call('vppFund', vppFund_setPurchaser, [assertAddress('purchaser', p.purchaser), assertBoolean('allowed', p.allowed)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_PurchaserSet);
    return { purchaser: e.account, allowed: e.allowed, by: e.by, effectiveAt: e.effectiveAt };
  },
});

/**
 * Grants the purchaser role (propose and execute purchases) to an account (owner), effective after the fund's
 * timelock (`effectiveAt`), or revokes it at once (owner or any guardian).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setPurchaser(client, { purchaser: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 * const { outcome } = await wait();
 * @throws {NotOwnerError} (granting), {NotAdminError} (revoking), {ZeroAddressError}
 */
export function setPurchaser(client: VppClient, params: SetPurchaserParameters): Promise<WriteResult<SetPurchaserOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setPurchaser} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetPurchaser(client, { purchaser: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetPurchaser(client: VppClient, params: SetPurchaserParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setPurchaser} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetPurchaser(client, { purchaser: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', allowed: true });
 */
export function simulateSetPurchaser(client: VppClient, params: SetPurchaserParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
