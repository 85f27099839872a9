/**
 * 05 · Declare and withdraw dividends
 *
 * An admin declares a dividend of a share (basis points) of the fund's distributable earnings — the trading
 * profit not yet paid out, as far as the fund's free ether covers it. The fund splits it over every share
 * outstanding in O(1) (a per-share accumulator), and each holder pulls their part whenever they like
 * (pull payments: nobody can block or lose anybody else's dividends).
 *
 *   pnpm example:05
 *   DIVIDEND_BPS=5000 pnpm example:05     # declare 50 % of the distributable earnings (default 80 %)
 */
import { formatEther, parseEventLogs, type Address } from 'viem';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import { declareDividend, getFundState, getWithdrawableDividends, withdrawDividends } from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { eth, ethAud } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { confirmed } from './lib/tx.js';

export interface DividendOptions {
  basisPoints?: number;
  log?: (line: string) => void;
}

export interface DividendResult {
  /** Null when there was nothing to distribute (no profit yet). */
  dividend: { id: bigint; amount: bigint; basisPoints: number } | null;
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

  // 1. What can be distributed: retained trading profit, capped by the fund's free ether.
  const before = await getFundState(ctx.admin.client);
  log(`trading profit ${ethAud(before.tradingProfit, rate)}, distributable ${ethAud(before.distributableEarnings, rate)}`);
  let dividend: DividendResult['dividend'] = null;
  if (before.distributableEarnings > 0n) {
    // 2. The admin declares a dividend of `basisPoints` of it.
    const receipt = await confirmed(declareDividend(ctx.admin.client, { basisPoints }), ctx.admin.client);
    const [event] = parseEventLogs({ abi: energyInvestmentFundAbi, eventName: 'DividendDeclared', logs: receipt.logs });
    dividend = { id: event!.args.dividendId, amount: event!.args.amount, basisPoints };
    log(`admin declared dividend #${dividend.id}: ${basisPoints / 100} % = ${ethAud(dividend.amount, rate)}`);
  } else {
    log('nothing to distribute yet: trade first (04-trade-a-day)');
  }

  // 3. Each investor withdraws what they are owed; their wallet grows by exactly that, less the gas.
  const withdrawals: DividendResult['withdrawals'] = [];
  for (const investor of ctx.investors) {
    const owed = await getWithdrawableDividends(investor.client, { investor: investor.address });
    if (owed === 0n) continue;
    const balanceBefore = await ctx.publicClient.getBalance({ address: investor.address });
    const receipt = await confirmed(withdrawDividends(investor.client), investor.client);
    const balanceAfter = await ctx.publicClient.getBalance({ address: investor.address });
    const [event] = parseEventLogs({ abi: energyInvestmentFundAbi, eventName: 'DividendWithdrawn', logs: receipt.logs });
    const amount = event?.args.amount ?? 0n;
    const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
    withdrawals.push({ name: investor.name, address: investor.address, amount, balanceBefore, balanceAfter, gasCost });
    log(`${investor.name.padEnd(6)} withdrew ${ethAud(amount, rate)} ` +
      `(wallet ${eth(balanceBefore)} -> ${eth(balanceAfter)}, gas ${formatEther(gasCost)} ETH)`);
  }
  return { dividend, withdrawals };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx), { attribution: true });
