/**
 * The subgraph's portfolios equal what the chain says, for 8 investors, after interleaved deposit and redeem
 * requests, claims, share transfers, trading, scheduled dividends and capital returns, settlements and withdrawals.
 * Checked after every round, at the block the subgraph answered for (chain reads pinned to the same block).
 */
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  declareDividend,
  getDepositRequest,
  getDividendBalances,
  getFundState,
  getPortfolio,
  getRedeemRequest,
  getWithdrawableDividends,
  mint,
  read,
  requestDeposit,
  requestRedeem,
  returnCapital,
  transferShares,
  waitForIndexedBlock,
  withdraw,
  withdrawDividends,
} from './helpers/sdk.js';
import { addBatteries, settle, tradeCycle } from './helpers/scenario.js';
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
  let held = 0n;
  let escrowed = 0n;
  let redeeming = 0n;
  for (const i of INVESTORS) {
    const investor = stack.accounts[i]!.address;
    const at = { blockNumber: head };
    const p = await getPortfolio(stack.publicClient, { investor, ...at });
    const [shares, dividends, deposits, redemptions] = await Promise.all([
      read(stack, 'balanceOf', investor, head),
      getDividendBalances(stack.publicClient, { investor, ...at }),
      getDepositRequest(stack.publicClient, { controller: investor, ...at }),
      getRedeemRequest(stack.publicClient, { controller: investor, ...at }),
    ]);
    const who = `#${i}`;
    expect(p.blockNumber).toBe(head);
    expect(p.shares, `shares of ${who}`).toBe(shares);
    expect(p.dividendsWithdrawable, `withdrawable of ${who}`).toBe(dividends.withdrawable);
    expect(p.dividendsEscrowed, `escrowed dividends of ${who}`).toBe(dividends.escrowed);
    expect(p.pendingDepositAssets, `pending deposit of ${who}`).toBe(deposits.pendingAssets);
    expect(p.claimableDepositAssets, `claimable deposit of ${who}`).toBe(deposits.claimableAssets);
    expect(p.claimableDepositShares, `claimable deposit shares of ${who}`).toBe(deposits.claimableShares);
    expect(p.pendingRedeemShares, `pending redemption of ${who}`).toBe(redemptions.pendingShares);
    expect(p.claimableRedeemShares, `claimable redemption of ${who}`).toBe(redemptions.claimableShares);
    expect(p.claimableRedeemAssets, `claimable redemption ether of ${who}`).toBe(redemptions.claimableAssets);
    expect(p.totalSupply).toBe(fund.totalSupply);
    expect(p.value).toBe(fund.totalSupply === 0n || fund.nav <= 0n ? 0n : (p.ownedShares * fund.nav) / fund.totalSupply);
    expect(p.claims.reduce((s, c) => s + c.amount, 0n), `claims of ${who}`).toBe(p.dividendsClaimed);
    expect(p.dividendsEarned).toBe(p.dividendsClaimed + p.dividendsWithdrawable + p.dividendsEscrowed);
    // the share history adds up: claimed deposit shares + transfers − shares put up for redemption
    const moved = p.transfers.reduce((s, t) => s + (t.direction === 'in' ? t.value : -t.value), 0n);
    const claimed = p.depositClaims.reduce((s, c) => s + c.shares, 0n);
    const redeemed = p.redeemRequests.reduce((s, r) => s + r.shares, 0n);
    expect(claimed + moved - redeemed, `share history of ${who}`).toBe(shares);
    held += shares;
    escrowed += p.claimableDepositShares;
    redeeming += p.pendingRedeemShares;
  }
  // The fund holds the escrowed deposit shares and the shares put up for redemption; the escrow can exceed what
  // the controllers can claim by the settlements' rounding remainders (burnt when an epoch's last claim folds it).
  const fundShares = await read(stack, 'balanceOf', stack.deployment.contracts.energyInvestmentFund, head);
  expect(held + fundShares).toBe(fund.totalSupply);
  expect(fundShares).toBe(fund.escrowedDepositShares + redeeming);
  expect(fund.escrowedDepositShares - escrowed).toBeGreaterThanOrEqual(0n);
  expect(fund.escrowedDepositShares - escrowed).toBeLessThan(BigInt(INVESTORS.length * 4));
}

describe('portfolio (subgraph) = chain, 8 investors', () => {
  it('agrees after every round of interleaved operations', async () => {
    const next = rng(20260525);
    for (let round = 0; round < 4; round++) {
      for (const i of INVESTORS) {
        const wallet = stack.walletFor(i);
        const me = stack.accounts[i]!.address;
        const op = next(5);
        if (op === 0 || round === 0) {
          await (await requestDeposit(wallet, { assets: parseEther(String(1 + next(5))) / BigInt(1 + next(3)) })).wait();
        } else if (op === 1) {
          const bal = await read(stack, 'balanceOf', me);
          if (bal > 0n) {
            const to = stack.accounts[INVESTORS[next(INVESTORS.length)]!]!.address;
            await (await transferShares(wallet, { to, amount: bal / BigInt(2 + next(3)) || 1n })).wait();
          }
        } else if (op === 2) {
          const owed = await getWithdrawableDividends(stack.publicClient, { investor: me });
          if (owed > 0n) await (await withdrawDividends(wallet)).wait();
        } else if (op === 3) {
          // claim settled deposit shares (sometimes only part), then maybe put some up for redemption
          const { claimableShares } = await getDepositRequest(stack.publicClient, { controller: me });
          if (claimableShares > 0n) await (await mint(wallet, { shares: claimableShares / BigInt(1 + next(2)) || claimableShares })).wait();
          const { claimableAssets } = await getRedeemRequest(stack.publicClient, { controller: me });
          if (claimableAssets > 0n) await (await withdraw(wallet, { assets: claimableAssets })).wait();
          const bal = await read(stack, 'balanceOf', me);
          const { pendingShares } = await getRedeemRequest(stack.publicClient, { controller: me });
          if (bal > 0n && pendingShares === 0n && claimableAssets === 0n) {
            await (await requestRedeem(wallet, { shares: bal / BigInt(3 + next(3)) || bal })).wait();
          }
        }
      }
      await tradeCycle(stack, batteries);
      await (await declareDividend(stack.walletFor(0), { basisPoints: 2_500 + next(7_500) }).catch(() => null))?.wait();
      if (round === 2) await (await returnCapital(stack.walletFor(0), { amount: parseEther('0.3') })).wait();
      await settle(stack);
      await checkAll();
    }
  });
});
