/**
 * 02 · Invest in the Energy Investment Fund
 *
 * The fund takes money in epochs (ERC-7540's asynchronous deposits): an investor requests a deposit with ether,
 * the epoch's settlement (anyone may send it once the epoch closes) prices every request of the epoch at the same
 * net asset value (NAV) per share, and each investor then claims the shares. Nobody dilutes anybody, and nobody can
 * race a price. Shares are ordinary ERC-20 tokens: they can be transferred, and dividends follow them.
 *
 *   pnpm example:02                       # Alice, Bob and Carol invest 100, 50 and 25 ETH on the local stack
 *   INVEST_AMOUNTS=0.02,0.01 pnpm example:02   # other amounts (ETH, one per investor key)
 */
import { formatEther, parseEther, type Address } from 'viem';
import { deposit, getShareBalance, requestDeposit, transferShares } from '@vpp/sdk';
import type { VppContext } from './lib/context.js';
import { eth, ethAud } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { settleOpenEpoch } from './lib/time.js';
import { confirmed } from './lib/tx.js';

export interface InvestOptions {
  /** Ether per investor (wei). Default $INVEST_AMOUNTS, else 100, 50, 25 ETH. */
  amounts?: bigint[];
  /** Shares the first investor gives to the last one, to show a transfer (fraction of their shares, bps). */
  transferBps?: bigint;
  log?: (line: string) => void;
}

export interface InvestResult {
  /** Per investor: ether deposited and shares claimed (0 while the epoch has not settled, on a live network). */
  investments: { name: string; address: Address; amount: bigint; sharesMinted: bigint }[];
  /** The epoch that priced the deposits and the price per whole share (wei), null while it has not settled. */
  settlement: { epoch: bigint; navPerShare: bigint } | null;
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

  // 1. Each investor requests a deposit from their own wallet: the ether goes to the fund with the request. Every SDK
  //    write returns { hash, wait }; wait() resolves to the receipt plus the decoded outcome.
  const requests: { investor: VppContext['investors'][number]; amount: bigint }[] = [];
  for (const [i, investor] of ctx.investors.entries()) {
    const amount = amounts[i] ?? amounts[amounts.length - 1]!;
    const { outcome } = await (await requestDeposit(investor.client, { assets: amount })).wait();
    requests.push({ investor, amount });
    log(`${investor.name.padEnd(6)} requested a deposit of ${ethAud(amount, ctx.config.audCentsPerEth)} (epoch ${outcome.requestId})`);
  }

  // 2. The epoch closes and is settled: one NAV per share prices every request of the epoch.
  const settled = await settleOpenEpoch(ctx, log);
  // The price the deposits got: ether in per share out (wei per whole share).
  const settlement =
    settled && settled.depositShares > 0n ? { epoch: settled.epoch, navPerShare: (settled.depositAssets * 10n ** 18n) / settled.depositShares } : null;
  if (settled) log(`epoch ${settled.epoch} settled: ${formatEther(settled.depositAssets)} ETH of deposits -> ${formatEther(settled.depositShares)} shares`);

  // 3. Each investor claims their shares (held in escrow by the fund until then).
  for (const { investor, amount } of requests) {
    let sharesMinted = 0n;
    if (settled) {
      ({ outcome: { shares: sharesMinted } } = await (await deposit(investor.client, { assets: amount })).wait());
      log(`${investor.name.padEnd(6)} claimed ${formatEther(sharesMinted)} shares`);
    }
    investments.push({ name: investor.name, address: investor.address, amount, sharesMinted });
  }

  // 4. Shares are ERC-20 tokens: the first investor gives some to the last one.
  let transfer: InvestResult['transfer'] = null;
  const from = ctx.investors[0];
  const to = ctx.investors[ctx.investors.length - 1];
  if (settled && from && to && from !== to) {
    const held = await getShareBalance(from.client, { investor: from.address });
    const shares = (held * (options.transferBps ?? 1000n)) / 10_000n;
    if (shares > 0n) {
      await confirmed(transferShares(from.client, { to: to.address, amount: shares }), from.client);
      transfer = { from: from.address, to: to.address, shares };
      log(`${from.name} transferred ${formatEther(shares)} shares to ${to.name}`);
    }
  }

  // 5. Balances now (read from the chain).
  const balances: Record<Address, bigint> = {};
  for (const investor of ctx.investors) {
    balances[investor.address] = await getShareBalance(investor.client, { investor: investor.address });
    log(`  ${investor.name.padEnd(6)} holds ${eth(balances[investor.address]!).replace(' ETH', '')} shares`);
  }
  return { investments, settlement, transfer, balances };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx));
