import { vppFund_Withdraw, vppFund_withdraw } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface WithdrawParameters extends WriteParameters {
  /** Wei to claim (≤ the claimable assets). */
  assets: bigint;
  /** Who receives the ether (default: the sender). */
  receiver?: Address;
  /** Whose filled requests (default: the sender; an operator may claim for its controller). */
  controller?: Address;
}

/** What `withdraw` did, decoded from its events. */
export interface WithdrawOutcome {
  sender: Address;
  receiver: Address;
  controller: Address;
  /** Ether paid, wei. */
  assets: bigint;
  /** Filled shares claimed. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<WithdrawParameters, WithdrawOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_withdraw, [assertAmount('assets', p.assets), accountOr('receiver', p.receiver, sender), accountOr('controller', p.controller, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Withdraw);
    return { sender: e.sender, receiver: e.receiver, controller: e.owner, assets: e.assets, shares: e.shares };
  },
});

/**
 * Claims the ether of filled redeem requests, by ether: `assets` of the claimable ether (see
 * {@link getRedeemRequest}: `claimableAssets`), sent straight to `receiver`. Works while paused.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await withdraw(client, { assets: parseEther('0.5') });
 * const { outcome } = await wait();
 * @throws {ExceedsClaimableError}, {ZeroAmountError}, {NotAuthorizedError}, {ZeroAddressError}, {EtherTransferFailedError}
 */
export function withdraw(client: VppClient, params: WithdrawParameters): Promise<WriteResult<WithdrawOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link withdraw} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeWithdraw(client, { assets: parseEther('0.5') });
 * await walletClient.sendTransaction(request);
 */
export function encodeWithdraw(client: VppClient, params: WithdrawParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link withdraw} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the shares the ether was paid for).
 *
 * @example
 * const { request, result } = await simulateWithdraw(client, { assets: parseEther('0.5') });
 */
export function simulateWithdraw(client: VppClient, params: WithdrawParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
