import { vppFund_DepositsRefused, vppFund_DistributionSkipped, vppFund_DividendDeclared, vppFund_DustSwept, vppFund_EpochSettled, vppFund_NavUpdated, vppFund_settleEpoch } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, eventsOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type SettleEpochParameters = WriteParameters;

/** What `settleEpoch` did, decoded from its events. */
export interface SettleEpochOutcome {
  /** The epoch settled. */
  epoch: bigint;
  /** NAV the epoch was priced at (before its deposits and distributions), wei. */
  nav: bigint;
  /** Share supply the epoch was priced at. */
  supply: bigint;
  /** Ether of the deposit requests converted, wei (0 when none, or refused). */
  depositAssets: bigint;
  /** Shares minted for them (held in escrow until claimed). */
  depositShares: bigint;
  /** Ether of deposit requests refused (NAV ≤ 0 or a share price below the floor): refundable, wei. */
  depositsRefused: bigint;
  /** Redeem requests filled, shares (burnt). */
  redeemSharesFilled: bigint;
  /** Ether reserved for the filled redemptions, wei. */
  redeemAssetsPaid: bigint;
  /** Shares still queued for lack of free cash. */
  redeemSharesQueued: bigint;
  /** The scheduled distributions paid at this settlement. */
  distributions: { dividendId: bigint; declaredBy: Address; capitalReturn: boolean; amount: bigint; basisPoints: number; eligibleShares: bigint }[];
  /** Scheduled distributions that paid nothing (redemptions queued, nothing available, or no shares). */
  distributionsSkipped: { capitalReturn: boolean }[];
  /** Rounding dust swept into earnings cash, wei. */
  dustSwept: bigint;
  /** The NAV components after the settlement (the last `NavUpdated`). */
  navAfter: { freeCash: bigint; earningsCash: bigint; storedEnergyValue: bigint; batteryBookValue: bigint; nav: bigint } | undefined;
}

const spec = /* @__PURE__ */ defineWrite<SettleEpochParameters, SettleEpochOutcome>({
  call: () => call('vppFund', vppFund_settleEpoch, []),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_EpochSettled);
    const refused = eventsOf(client, receipt, 'vppFund', vppFund_DepositsRefused);
    const navs = eventsOf(client, receipt, 'vppFund', vppFund_NavUpdated);
    return {
      epoch: e.epoch,
      nav: e.nav,
      supply: e.supply,
      depositAssets: e.depositAssets,
      depositShares: e.depositShares,
      depositsRefused: refused.reduce((sum, r) => sum + r.assets, 0n),
      redeemSharesFilled: e.redeemSharesFilled,
      redeemAssetsPaid: e.redeemAssetsPaid,
      redeemSharesQueued: e.redeemSharesQueued,
      distributions: eventsOf(client, receipt, 'vppFund', vppFund_DividendDeclared).map((d) => ({
        dividendId: d.dividendId,
        declaredBy: d.declaredBy,
        capitalReturn: d.capitalReturn,
        amount: d.amount,
        basisPoints: d.basisPoints,
        eligibleShares: d.eligibleShares,
      })),
      distributionsSkipped: eventsOf(client, receipt, 'vppFund', vppFund_DistributionSkipped).map((d) => ({ capitalReturn: d.capitalReturn })),
      dustSwept: eventsOf(client, receipt, 'vppFund', vppFund_DustSwept).reduce((sum, d) => sum + d.amount, 0n),
      navAfter: navs.at(-1),
    };
  },
});

/**
 * Settles the open epoch (permissionless, keeper-callable once `nextEpochAt` has passed; see {@link getEpoch}):
 * converts the epoch's deposit requests into shares and fills redeem requests from free cash, both at the epoch's
 * NAV, then pays the scheduled dividend and capital return. The outcome has the `EpochSettled` figures, the
 * distributions paid or skipped and the NAV components after.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await settleEpoch(client, );
 * const { outcome } = await wait();
 * @throws {EpochNotDueError}, {SystemPausedError}
 */
export function settleEpoch(client: VppClient, params: SettleEpochParameters = {}): Promise<WriteResult<SettleEpochOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link settleEpoch} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSettleEpoch(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeSettleEpoch(client: VppClient, params: SettleEpochParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link settleEpoch} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the epoch settled).
 *
 * @example
 * const { request, result } = await simulateSettleEpoch(client, );
 */
export function simulateSettleEpoch(client: VppClient, params: SettleEpochParameters = {}): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
