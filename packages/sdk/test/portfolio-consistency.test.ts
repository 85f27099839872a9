/**
 * The subgraph's portfolios equal what the chain says, for 8 investors, after interleaved investments, share
 * transfers, trading, dividends, capital returns and withdrawals. Checked after every round, at the block the
 * subgraph answered for (chain reads pinned to the same block).
 */
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  declareDividend,
  getFundState,
  getPortfolio,
  getWithdrawableDividends,
  invest,
  read,
  returnCapital,
  transferShares,
  waitForIndexedBlock,
  withdrawDividends,
} from './helpers/sdk.js';
import { addBatteries, tradeCycle } from './helpers/scenario.js';
import { startStack, type Stack } from './helpers/stack.js';

const INVESTORS = [1, 2, 3, 4, 5, 6, 7, 8];
let stack: Stack;
let batteries: bigint[];

beforeAll(async () => {
  stack = await startStack({ graph: true });
  batteries = await addBatteries(stack, 2);
});
afterAll(async () => {
  await stack?.stop();
});

/** Deterministic pseudo-random numbers (xorshift) so a failure reproduces. */
function rng(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return Math.abs(x) % n;
  };
}

async function checkAll() {
  const head = await stack.publicClient.getBlockNumber();
  await waitForIndexedBlock(stack.publicClient, { blockNumber: head, timeoutMs: 60_000 });
  const fund = await getFundState(stack.publicClient, { blockNumber: head });
  let sumShares = 0n;
  for (const i of INVESTORS) {
    const investor = stack.accounts[i]!.address;
    const p = await getPortfolio(stack.publicClient, { investor, blockNumber: head });
    const at = head;
    const [shares, withdrawable, withdrawn, earned] = await Promise.all([
      read(stack, 'balanceOf', investor, at),
      getWithdrawableDividends(stack.publicClient, { investor, blockNumber: at }),
      read(stack, 'withdrawnDividendOf', investor, at),
      read(stack, 'accumulativeDividendOf', investor, at),
    ]);
    expect(p.blockNumber).toBe(head);
    expect(p.shares, `shares of #${i}`).toBe(shares);
    expect(p.dividendsWithdrawable, `withdrawable of #${i}`).toBe(withdrawable);
    expect(p.dividendsClaimed, `claimed of #${i}`).toBe(withdrawn);
    expect(p.dividendsEarned, `earned of #${i}`).toBe(earned);
    expect(p.totalSupply).toBe(fund.totalSupply);
    expect(p.value).toBe(fund.totalSupply === 0n ? 0n : (shares * fund.netAssetValue) / fund.totalSupply);
    expect(p.claims.reduce((s, c) => s + c.amount, 0n)).toBe(withdrawn);
    const moved = p.transfers.reduce((s, t) => s + (t.direction === 'in' ? t.value : -t.value), 0n);
    expect(p.investments.reduce((s, x) => s + x.sharesMinted, 0n) + moved, `share history of #${i}`).toBe(shares);
    sumShares += shares;
  }
  expect(sumShares).toBe(fund.totalSupply);
}

describe('portfolio (subgraph) = chain, 8 investors', () => {
  it('agrees after every round of interleaved operations', async () => {
    const next = rng(20260525);
    for (let round = 0; round < 4; round++) {
      for (const i of INVESTORS) {
        const wallet = stack.walletFor(i);
        const op = next(4);
        if (op === 0 || round === 0) {
          await (await invest(wallet, { amount: parseEther(String(1 + next(5))) / BigInt(1 + next(3)) })).wait();
        } else if (op === 1) {
          const bal = await read(stack, 'balanceOf', stack.accounts[i]!.address);
          if (bal > 0n) {
            const to = stack.accounts[INVESTORS[next(INVESTORS.length)]!]!.address;
            await (await transferShares(wallet, { to, amount: bal / BigInt(2 + next(3)) || 1n })).wait();
          }
        } else if (op === 2) {
          const owed = await getWithdrawableDividends(stack.publicClient, { investor: stack.accounts[i]!.address });
          if (owed > 0n) await (await withdrawDividends(wallet)).wait();
        }
      }
      await tradeCycle(stack, batteries);
      await (await declareDividend(stack.walletFor(0), { basisPoints: 2_500 + next(7_500) })).wait();
      if (round === 2) await (await returnCapital(stack.walletFor(0), { amount: parseEther('0.3') })).wait();
      await checkAll();
    }
  });
});
