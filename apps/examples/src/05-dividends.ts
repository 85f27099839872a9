/**
 * 05 · Declare and withdraw dividends
 *
 * An admin declares a dividend of a share (basis points) of the fund's earnings cash — realised trading profit
 * not yet paid out. The declaration schedules it; the epoch's settlement pays it (after that epoch's deposits and
 * redemptions, so nobody can buy in just for the dividend). The fund splits it over every share outstanding in
 * O(1) (a per-share accumulator), and each holder pulls their part whenever they like (pull payments: nobody can
 * block or lose anybody else's dividends).
 *
 *   pnpm example:05
 *   DIVIDEND_BPS=5000 pnpm example:05     # declare 50 % of the earnings cash (default 80 %)
 */
import { formatEther, type Address } from 'viem';
import { declareDividend, getFundState, getWithdrawableDividends, withdrawDividends } from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { eth, ethAud } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { settleOpenEpoch } from './lib/time.js';

export interface DividendOptions {
  basisPoints?: number;
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
}

export async function main(ctx: VppContext, options: DividendOptions = {}): Promise<DividendResult> {
  const log = options.log ?? console.log;
  const rate = ctx.config.audCentsPerEth;
  const basisPoints = options.basisPoints ?? Number(process.env.DIVIDEND_BPS ?? 8000);

  // 1. What can be distributed: the earnings cash (realised trading profit not yet paid out).
  const before = await getFundState(ctx.admin.client);
  log(`realised trading profit ${ethAud(before.realisedProfit, rate)}, earnings cash ${ethAud(before.earningsCash, rate)}`);
  let dividend: DividendResult['dividend'] = null;
  if (before.earningsCash > 0n) {
    // 2. The admin declares a dividend of `basisPoints` of it; the epoch's settlement pays it.
    const { outcome } = await (await declareDividend(ctx.admin.client, { basisPoints })).wait();
    log(`admin declared a dividend of ${basisPoints / 100} % of the earnings cash, paid when epoch ${outcome.epoch} settles`);
    const settled = await settleOpenEpoch(ctx, log);
    const paid = settled?.distributions.find((d) => !d.capitalReturn);
    if (settled && paid) {
      dividend = { id: paid.dividendId, epoch: settled.epoch, amount: paid.amount, basisPoints };
      log(`epoch ${settled.epoch} settled: dividend #${paid.dividendId} = ${ethAud(paid.amount, rate)}`);
    }
  } else {
    log('nothing to distribute yet: trade first (04-trade-a-day)');
  }

  // 3. Each investor withdraws what they are owed; their wallet grows by exactly that, less the gas.
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
  return { dividend, withdrawals };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx), { attribution: true });
