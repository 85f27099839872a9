import { vppFund_Deposit, vppFund_mint } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { accountOr, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface MintParameters extends WriteParameters {
  /** Shares to claim (≤ the claimable shares). */
  shares: bigint;
  /** Who receives the shares (default: the sender). */
  receiver?: Address;
  /** Whose settled requests (default: the sender; an operator may claim for its controller). */
  controller?: Address;
}

/** What `mint` did, decoded from its events. */
export interface MintOutcome {
  receiver: Address;
  controller: Address;
  /** Ether of settled deposits claimed, wei. */
  assets: bigint;
  /** Shares received. */
  shares: bigint;
}

const spec = /* @__PURE__ */ defineWrite<MintParameters, MintOutcome>({
  call: (p, sender) =>
    call('vppFund', vppFund_mint, [assertAmount('shares', p.shares), accountOr('receiver', p.receiver, sender), accountOr('controller', p.controller, sender)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Deposit);
    return { receiver: e.sender, controller: e.owner, assets: e.assets, shares: e.shares };
  },
});

/**
 * Claims the shares of settled deposit requests, by shares: `shares` of the claimable shares (see
 * {@link getDepositRequest}: `claimableShares`). Claiming also credits the dividends the escrowed shares earned since their settlement.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await mint(client, { shares: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {ExceedsClaimableError}, {ZeroAmountError}, {NotAuthorizedError}, {ZeroAddressError}
 */
export function mint(client: VppClient, params: MintParameters): Promise<WriteResult<MintOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link mint} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeMint(client, { shares: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeMint(client: VppClient, params: MintParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link mint} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the deposited ether the shares stand for).
 *
 * @example
 * const { request, result } = await simulateMint(client, { shares: parseEther('1') });
 */
export function simulateMint(client: VppClient, params: MintParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
