import { vppFund_Deposit, vppFund_deposit } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DepositParameters extends WriteParameters {
  /** Wei of settled deposits to claim shares for (≤ the claimable assets). */
  assets: bigint;
  /** Who receives the shares (default: the sender). */
  receiver?: Address;
  /** Whose settled requests (default: the sender; an operator may claim for its controller). */
  controller?: Address;
}

/** What `deposit` did, decoded from its events. */
export interface DepositOutcome {
  receiver: Address;
  controller: Address;
  /** Ether of settled deposits claimed, wei. */
  assets: bigint;
  /** Shares received. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<DepositParameters, DepositOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_deposit, [assertAmount('assets', p.assets), accountOr('receiver', p.receiver, sender), accountOr('controller', p.controller, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Deposit);
    return { receiver: e.sender, controller: e.owner, assets: e.assets, shares: e.shares };
  },
});

/**
 * Claims the shares of settled deposit requests, by ether deposited: `assets` of the claimable amount (see
 * {@link getDepositRequest}: `claimableAssets`); the shares are `assets` × the epoch's price. Claiming also credits the dividends the escrowed shares earned since their settlement.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await deposit(client, { assets: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ExceedsClaimableError}, {ZeroAmountError}, {NotAuthorizedError}, {ZeroAddressError}
 */
export function deposit(client: VppClient, params: DepositParameters): Promise<WriteResult<DepositOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link deposit} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeDeposit(client, { assets: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeDeposit(client: VppClient, params: DepositParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link deposit} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the shares received).
 *
 * @example
 * const { request, result } = await simulateDeposit(client, { assets: parseEther('1') });
 */
export function simulateDeposit(client: VppClient, params: DepositParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
