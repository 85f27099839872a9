/**
 * 02 · Invest in the Energy Investment Fund
 *
 * Investors send ether to the fund and receive ERC-20 shares minted at net asset value (NAV) per share: the
 * first investment mints one share per wei, later ones pay for the earnings already retained, so nobody dilutes
 * anybody. Shares are ordinary ERC-20 tokens: they can be transferred, and dividends follow them.
 *
 *   pnpm example:02                       # Alice, Bob and Carol invest 100, 50 and 25 ETH on the local stack
 *   INVEST_AMOUNTS=0.02,0.01 pnpm example:02   # other amounts (ETH, one per investor key)
 */
import { formatEther, parseEther, parseEventLogs, type Address } from 'viem';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import { getShareBalance, invest, transferShares } from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { eth, ethAud } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { confirmed } from './lib/tx.js';

export interface InvestOptions {
  /** Ether per investor (wei). Default $INVEST_AMOUNTS, else 100, 50, 25 ETH. */
  amounts?: bigint[];
  /** Shares the first investor gives to the last one, to show a transfer (fraction of their shares, bps). */
  transferBps?: bigint;
  log?: (line: string) => void;
}

export interface InvestResult {
  investments: { name: string; address: Address; amount: bigint; sharesMinted: bigint }[];
  transfer: { from: Address; to: Address; shares: bigint } | null;
  /** Share balance of each investor at the end. */
  balances: Record<Address, bigint>;
}

export function defaultAmounts(): bigint[] {
  if (process.env.INVEST_AMOUNTS) return process.env.INVEST_AMOUNTS.split(',').map((a) => parseEther(a.trim()));
  return [parseEther('100'), parseEther('50'), parseEther('25')];
}

export async function main(ctx: VppContext, options: InvestOptions = {}): Promise<InvestResult> {
  const log = options.log ?? console.log;
  const amounts = options.amounts ?? defaultAmounts();
  const investments: InvestResult['investments'] = [];

  // 1. Each investor invests from their own wallet: `invest` sends ether to fund.invest(). Every SDK write
  //    returns { hash, wait }; `confirmed` waits for the receipt like `wait()` does (see lib/tx.ts).
  for (const [i, investor] of ctx.investors.entries()) {
    const amount = amounts[i] ?? amounts[amounts.length - 1]!;
    const receipt = await confirmed(invest(investor.client, { amount }), investor.client);
    // The fund's Invested event says how many shares were minted, at which NAV.
    const [event] = parseEventLogs({ abi: energyInvestmentFundAbi, eventName: 'Invested', logs: receipt.logs });
    const sharesMinted = event?.args.sharesMinted ?? 0n;
    investments.push({ name: investor.name, address: investor.address, amount, sharesMinted });
    log(`${investor.name.padEnd(6)} invested ${ethAud(amount, ctx.config.audCentsPerEth)} -> ${formatEther(sharesMinted)} shares`);
  }

  // 2. Shares are ERC-20 tokens: the first investor gives some to the last one.
  let transfer: InvestResult['transfer'] = null;
  const from = ctx.investors[0];
  const to = ctx.investors[ctx.investors.length - 1];
  if (from && to && from !== to) {
    const held = await getShareBalance(from.client, { investor: from.address });
    const shares = (held * (options.transferBps ?? 1000n)) / 10_000n;
    if (shares > 0n) {
      await confirmed(transferShares(from.client, { to: to.address, amount: shares }), from.client);
      transfer = { from: from.address, to: to.address, shares };
      log(`${from.name} transferred ${formatEther(shares)} shares to ${to.name}`);
    }
  }

  // 3. Balances now (read from the chain).
  const balances: Record<Address, bigint> = {};
  for (const investor of ctx.investors) {
    balances[investor.address] = await getShareBalance(investor.client, { investor: investor.address });
    log(`  ${investor.name.padEnd(6)} holds ${eth(balances[investor.address]!).replace(' ETH', '')} shares`);
  }
  return { investments, transfer, balances };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx));
