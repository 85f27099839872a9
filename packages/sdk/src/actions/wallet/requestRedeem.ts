import { vppFund_RedeemRequest, vppFund_requestRedeem } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface RequestRedeemParameters extends WriteParameters {
  /** Shares to redeem (> 0): moved into the fund's escrow now, filled at the next epoch's NAV as free cash allows. */
  shares: bigint;
  /** Who claims the ether after the settlement (default: the sender). */
  controller?: Address;
  /** Whose shares (default: the sender; another holder needs to have made the sender an operator or given an allowance). */
  owner?: Address;
}

/** What `requestRedeem` did, decoded from its events. */
export interface RequestRedeemOutcome {
  /** The request id: the epoch whose settlement fills it first. */
  requestId: bigint;
  controller: Address;
  owner: Address;
  sender: Address;
  /** Shares escrowed, 18 decimals. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<RequestRedeemParameters, RequestRedeemOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_requestRedeem, [assertAmount('shares', p.shares), accountOr('controller', p.controller, sender), accountOr('owner', p.owner, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_RedeemRequest);
    return { requestId: e.requestId, controller: e.controller, owner: e.owner, sender: e.sender, shares: e.shares };
  },
});

/**
 * Requests the redemption of `shares` (ERC-7540 `requestRedeem`). The shares are escrowed at once; the next epoch
 * settlement fills the request at that epoch's NAV from free cash (pro rata and queued to later epochs when cash is
 * short: batteries are illiquid); the controller then claims the ether with {@link redeem} or {@link withdraw}.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await requestRedeem(client, { shares: parseEther('0.5') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}, {SystemPausedError}, {PreviousRequestOpenError}, {ERC20InsufficientBalanceError}, {ERC20InsufficientAllowanceError}
 */
export function requestRedeem(client: VppClient, params: RequestRedeemParameters): Promise<WriteResult<RequestRedeemOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link requestRedeem} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeRequestRedeem(client, { shares: parseEther('0.5') });
 * await walletClient.sendTransaction(request);
 */
export function encodeRequestRedeem(client: VppClient, params: RequestRedeemParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link requestRedeem} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the request id).
 *
 * @example
 * const { request, result } = await simulateRequestRedeem(client, { shares: parseEther('0.5') });
 */
export function simulateRequestRedeem(client: VppClient, params: RequestRedeemParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
