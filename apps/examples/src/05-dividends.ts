/**
 * 05 · An epoch settles: a dividend, a redemption, the claims
 *
 * An admin declares a dividend of a share (basis points) of the fund's earnings cash — realised trading profit
 * not yet paid out — and an investor asks to redeem some shares. Both wait for the epoch's settlement: it fills the
 * redemption from free cash at the epoch's NAV per share (the same price for every request of the epoch), then pays
 * the dividend (after the epoch's deposits and redemptions, so nobody can buy in just for the dividend, nor leave
 * with it). The fund splits the dividend over every share outstanding in O(1) (a per-share accumulator); each
 * holder pulls their part, and the redeeming investor claims the ether (pull payments: nobody can block or lose
 * anybody else's money).
 *
 *   pnpm example:05
 *   DIVIDEND_BPS=5000 pnpm example:05     # declare 50 % of the earnings cash (default 80 %)
 *   REDEEM_BPS=5000 pnpm example:05       # Bob redeems half his shares (default 25 %; 0: no redemption)
 */
import { formatEther, type Address } from 'viem';
import {
  declareDividend,
  getFundState,
  getRedeemRequest,
  getShareBalance,
  getWithdrawableDividends,
  requestRedeem,
  withdraw,
  withdrawDividends,
} from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { eth, ethAud } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { settleOpenEpoch } from './lib/time.js';

export interface DividendOptions {
  basisPoints?: number;
  /** Share of the second investor's shares redeemed at the settlement, bps (default $REDEEM_BPS, else 2 500; 0: none). */
  redeemBps?: number;
  log?: (line: string) => void;
}

export interface DividendResult {
  /** Null when there was nothing to distribute (no profit yet), or the epoch has not settled yet (live network). */
  dividend: { id: bigint; epoch: bigint; amount: bigint; basisPoints: number } | null;
  withdrawals: {
    name: string;
    address: Address;
    /** Dividend ether received (DividendWithdrawn.amount). */
    amount: bigint;
    balanceBefore: bigint;
    balanceAfter: bigint;
    /** Gas paid for the withdrawal, wei. */
    gasCost: bigint;
  }[];
  /** The redemption filled at the settlement and claimed, or null (none requested, or not settled yet). */
  redemption: {
    name: string;
    address: Address;
    /** Shares put up for redemption, and those the settlement filled (all of them while free cash suffices). */
    shares: bigint;
    filledShares: bigint;
    /** Ether paid for them at the epoch's NAV per share, claimed straight to the investor's wallet. */
    assets: bigint;
    /** The settlement's figures: NAV and supply it priced at. */
    epoch: bigint;
    nav: bigint;
    supply: bigint;
  } | null;
}

export async function main(ctx: VppContext, options: DividendOptions = {}): Promise<DividendResult> {
  const log = options.log ?? console.log;
  const rate = ctx.config.audCentsPerEth;
  const basisPoints = options.basisPoints ?? Number(process.env.DIVIDEND_BPS ?? 8000);
  const redeemBps = BigInt(options.redeemBps ?? Number(process.env.REDEEM_BPS ?? 2500));

  // 1. What can be distributed: the earnings cash (realised trading profit not yet paid out).
  const before = await getFundState(ctx.admin.client);
  log(`realised trading profit ${ethAud(before.realisedProfit, rate)}, earnings cash ${ethAud(before.earningsCash, rate)}`);
  let dividend: DividendResult['dividend'] = null;
  if (before.earningsCash > 0n) {
    // 2. The admin declares a dividend of `basisPoints` of it; the epoch's settlement pays it.
    const { outcome } = await (await declareDividend(ctx.admin.client, { basisPoints })).wait();
    log(`admin declared a dividend of ${basisPoints / 100} % of the earnings cash, paid when epoch ${outcome.epoch} settles`);
  } else {
    log('nothing to distribute yet: trade first (04-trade-a-day)');
  }

  // 3. The second investor asks to redeem part of their shares: they leave the wallet for the fund's escrow now and
  //    are filled at the settlement's price.
  const redeemer = ctx.investors[1];
  let requested = 0n;
  if (redeemer && redeemBps > 0n) {
    const held = await getShareBalance(redeemer.client, { investor: redeemer.address });
    const { pendingShares } = await getRedeemRequest(redeemer.client, { controller: redeemer.address });
    requested = (held * redeemBps) / 10_000n;
    if (requested > 0n && pendingShares === 0n) {
      const { outcome } = await (await requestRedeem(redeemer.client, { shares: requested })).wait();
      log(`${redeemer.name} asked to redeem ${formatEther(requested)} of ${formatEther(held)} shares (request ${outcome.requestId})`);
    } else requested = 0n;
  }

  // 4. The epoch settles (anyone may send it once it is due; the operator does): redemptions first, at the epoch's
  //    NAV per share, then the dividend over the shares that remain.
  const settled = before.earningsCash > 0n || requested > 0n ? await settleOpenEpoch(ctx, log) : null;
  if (settled) {
    log(`epoch ${settled.epoch} settled at NAV ${ethAud(settled.nav, rate)} over ${formatEther(settled.supply)} shares: ` +
      `${formatEther(settled.redeemSharesFilled)} shares redeemed for ${ethAud(settled.redeemAssetsPaid, rate)}` +
      (settled.redeemSharesQueued > 0n ? `, ${formatEther(settled.redeemSharesQueued)} queued for lack of free cash` : ''));
    const paid = settled.distributions.find((d) => !d.capitalReturn);
    if (paid) {
      dividend = { id: paid.dividendId, epoch: settled.epoch, amount: paid.amount, basisPoints };
      log(`dividend #${paid.dividendId} = ${ethAud(paid.amount, rate)} over ${formatEther(paid.eligibleShares)} shares`);
    }
  }

  // 5. Each investor withdraws what they are owed; their wallet grows by exactly that, less the gas.
  const withdrawals: DividendResult['withdrawals'] = [];
  for (const investor of ctx.investors) {
    const owed = await getWithdrawableDividends(investor.client, { investor: investor.address });
    if (owed === 0n) continue;
    const balanceBefore = await ctx.publicClient.getBalance({ address: investor.address });
    const receipt = await (await withdrawDividends(investor.client)).wait();
    const balanceAfter = await ctx.publicClient.getBalance({ address: investor.address });
    const { amount } = receipt.outcome;
    const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
    withdrawals.push({ name: investor.name, address: investor.address, amount, balanceBefore, balanceAfter, gasCost });
    log(`${investor.name.padEnd(6)} withdrew ${ethAud(amount, rate)} ` +
      `(wallet ${eth(balanceBefore)} -> ${eth(balanceAfter)}, gas ${formatEther(gasCost)} ETH)`);
  }
  // 6. The redeeming investor claims the ether of the filled shares, straight to their wallet.
  let redemption: DividendResult['redemption'] = null;
  if (redeemer && settled && requested > 0n) {
    const { claimableShares, claimableAssets } = await getRedeemRequest(redeemer.client, { controller: redeemer.address });
    if (claimableAssets > 0n) {
      const { outcome } = await (await withdraw(redeemer.client, { assets: claimableAssets })).wait();
      redemption = {
        name: redeemer.name,
        address: redeemer.address,
        shares: requested,
        filledShares: claimableShares,
        assets: outcome.assets,
        epoch: settled.epoch,
        nav: settled.nav,
        supply: settled.supply,
      };
      log(`${redeemer.name.padEnd(6)} claimed ${ethAud(outcome.assets, rate)} for ${formatEther(outcome.shares)} redeemed shares`);
    }
  }
  return { dividend, withdrawals, redemption };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx), { attribution: true });
