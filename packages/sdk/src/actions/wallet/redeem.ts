import { vppFund_Withdraw, vppFund_redeem } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface RedeemParameters extends WriteParameters {
  /** Filled shares to claim ether for (≤ the claimable shares). */
  shares: bigint;
  /** Who receives the ether (default: the sender). */
  receiver?: Address;
  /** Whose filled requests (default: the sender; an operator may claim for its controller). */
  controller?: Address;
}

/** What `redeem` did, decoded from its events. */
export interface RedeemOutcome {
  sender: Address;
  receiver: Address;
  controller: Address;
  /** Ether paid, wei. */
  assets: bigint;
  /** Filled shares claimed. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<RedeemParameters, RedeemOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_redeem, [assertAmount('shares', p.shares), accountOr('receiver', p.receiver, sender), accountOr('controller', p.controller, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Withdraw);
    return { sender: e.sender, receiver: e.receiver, controller: e.owner, assets: e.assets, shares: e.shares };
  },
});

/**
 * Claims the ether of filled redeem requests, by shares: `shares` of the claimable shares (see
 * {@link getRedeemRequest}: `claimableShares`); the ether goes straight to `receiver`. Works while paused.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await redeem(client, { shares: parseEther('0.5') });
 * const { outcome } = await wait();
 * @throws {ExceedsClaimableError}, {ZeroAmountError}, {NotAuthorizedError}, {ZeroAddressError}, {EtherTransferFailedError}
 */
export function redeem(client: VppClient, params: RedeemParameters): Promise<WriteResult<RedeemOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link redeem} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeRedeem(client, { shares: parseEther('0.5') });
 * await walletClient.sendTransaction(request);
 */
export function encodeRedeem(client: VppClient, params: RedeemParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link redeem} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the ether received).
 *
 * @example
 * const { request, result } = await simulateRedeem(client, { shares: parseEther('0.5') });
 */
export function simulateRedeem(client: VppClient, params: RedeemParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
