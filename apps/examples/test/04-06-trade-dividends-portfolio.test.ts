import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { energyTraderAbi } from '@vpp/contracts';
import { getEpochInfo, getFundState, getNavComponents, getRedeemRequest, getShareBalance, getWithdrawableDividends } from '@vpp/sdk';
import { main as invest } from '../src/02-invest.js';
import { main as manageFleet, type FleetResult } from '../src/03-manage-fleet.js';
import { main as tradeDay, type TradeDayResult } from '../src/04-trade-a-day.js';
import { main as dividends } from '../src/05-dividends.js';
import { main as portfolio } from '../src/06-portfolio.js';
import { centsPerMWhToWeiPerMWh } from '../src/lib/aemo.js';
import type { LocalStack } from '../src/lib/stack.js';
import { collector, graphql, startTestStack } from './helpers.js';

// Intervals 96..167 of the day: near-zero and negative prices (charging), then the climb to the
// 16,600 AUD/MWh spike (discharging).
const FROM = 96;
const INTERVALS = 72;

describe('04-trade-a-day, 05-dividends and 06-portfolio on a fresh local stack', () => {
  let stack: LocalStack;
  let fleet: FleetResult;
  let trading: TradeDayResult;
  beforeAll(async () => {
    stack = await startTestStack();
    await invest(stack.ctx, { log: () => undefined });
    fleet = await manageFleet(stack.ctx, { log: () => undefined });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('04: pushes the real prices at the real interval timestamps and dispatches every battery each interval', async () => {
    const { ctx } = stack;
    const out = collector();
    trading = await tradeDay(ctx, { from: FROM, intervals: INTERVALS, progress: false, log: out.log });

    expect(trading.intervalsDispatched).toBe(INTERVALS);
    expect(trading.intervalsSkipped).toBe(0);
    expect(trading.batteryIds).toEqual(fleet.activeIds);

    // Independent of the script: the Trade events on chain = batteries × intervals.
    const events = await ctx.publicClient.getContractEvents({
      address: ctx.deployment.contracts.energyTrader,
      abi: energyTraderAbi,
      eventName: 'Trade',
      fromBlock: trading.fromBlock,
      toBlock: trading.toBlock,
    });
    expect(events).toHaveLength(fleet.activeIds.length * INTERVALS);
    expect(trading.trades).toHaveLength(events.length);

    // The trader's interval is the real AEMO interval (block.timestamp / 300), with the real price.
    const day = ctx.day.intervals.slice(FROM, FROM + INTERVALS);
    const expectedIntervals = day.map((i) => BigInt(i.start / 300));
    expect([...new Set(events.map((e) => e.args.interval!))]).toEqual(expectedIntervals);
    for (const e of events) {
      const i = day[expectedIntervals.indexOf(e.args.interval!)]!;
      expect(e.args.price).toBe(centsPerMWhToWeiPerMWh(i.rrpCentsPerMWh, ctx.config.audCentsPerEth));
    }

    // Cheap and negative prices charged the batteries, the spike discharged them, and the fund earned.
    expect(trading.byAction.Charge.count).toBeGreaterThan(0);
    expect(trading.byAction.Discharge.count).toBeGreaterThan(0);
    // Energy sold above its cost: realised profit (the fund books stored energy at cost until it is sold).
    const fund = await getFundState(ctx.owner.client);
    expect(trading.netValue).toBeGreaterThan(0n);
    expect(fund.realisedProfit).toBeGreaterThan(0n);

    // The subgraph indexed every trade: their cash flow is the script's net result.
    await ctx.waitForIndexing();
    const data = await graphql<{ fund: { tradeCount: string; tradeCashFlow: string; realisedProfit: string } }>(
      stack.subgraphUrl,
      '{ fund(id: "fund") { tradeCount tradeCashFlow realisedProfit } }',
    );
    expect(BigInt(data.fund.tradeCount)).toBe(BigInt(events.length));
    expect(BigInt(data.fund.tradeCashFlow)).toBe(trading.netValue);
    expect(BigInt(data.fund.realisedProfit)).toBe(fund.realisedProfit);
    expect(out.lines.join('\n')).toContain('net trading result');

    // A second run skips what the trader already dispatched instead of failing.
    const again = await tradeDay(ctx, { from: FROM, intervals: INTERVALS, progress: false, log: () => undefined });
    expect(again.intervalsDispatched).toBe(0);
    expect(again.intervalsSkipped).toBe(INTERVALS);
  });

  it('05: a dividend and a redemption wait for the settlement, which fills the redemption at its NAV and pays the dividend; everyone claims', async () => {
    const { ctx } = stack;
    const before = await getFundState(ctx.owner.client);
    const bob = ctx.investors[1]!;
    const bobShares = await getShareBalance(ctx.owner.client, { investor: bob.address });
    const bobBalance = await ctx.publicClient.getBalance({ address: bob.address });
    const result = await dividends(ctx, { basisPoints: 8000, redeemBps: 2500, log: () => undefined });

    // Bob's quarter was filled in full (free cash suffices) at the settlement's price, and he claimed the ether.
    const r = result.redemption!;
    expect(r).toMatchObject({ name: bob.name, address: bob.address, shares: bobShares / 4n, filledShares: bobShares / 4n, epoch: before.currentEpoch });
    expect(r.assets).toBe((r.shares * (r.nav + 1n)) / (r.supply + 1n));
    const info = await getEpochInfo(ctx.owner.client, { epoch: r.epoch });
    expect(info).toMatchObject({ redeemShares: r.shares, redeemFilled: r.shares, redeemAssets: r.assets });
    expect(await getRedeemRequest(ctx.owner.client, { controller: bob.address })).toMatchObject({ pendingShares: 0n, claimableAssets: 0n });
    expect(await getShareBalance(ctx.owner.client, { investor: bob.address })).toBe(bobShares - r.shares);
    const bobWithdrawal = result.withdrawals.find((w) => w.address === bob.address)!;
    // his wallet got the redemption ether and his dividend, less the gas of the four transactions he sent
    expect(await ctx.publicClient.getBalance({ address: bob.address })).toBeGreaterThan(bobBalance + r.assets + bobWithdrawal.amount - 10n ** 16n);

    // 80 % of the earnings cash held at the settlement (no trade since: what it held at the declaration), paid by
    // the epoch open at the declaration.
    expect(result.dividend).not.toBeNull();
    expect(result.dividend!.epoch).toBe(before.currentEpoch);
    // The fund pays what its per-share accumulator can represent: at most a few wei under 80 %.
    const declared = (before.earningsCash * 8000n) / 10_000n;
    expect(result.dividend!.amount).toBeLessThanOrEqual(declared);
    expect(declared - result.dividend!.amount).toBeLessThan(1_000n);
    expect(result.withdrawals).toHaveLength(ctx.investors.length);
    let total = 0n;
    for (const w of result.withdrawals) {
      expect(w.amount).toBeGreaterThan(0n);
      // The wallet rose by what was withdrawn, less the gas of the withdrawal.
      expect(w.balanceAfter - w.balanceBefore + w.gasCost).toBe(w.amount);
      expect(await getWithdrawableDividends(ctx.owner.client, { investor: w.address })).toBe(0n);
      total += w.amount;
    }
    // Pro-rata by shares, rounded down: at most a few wei of dust stay in the fund.
    expect(total).toBeLessThanOrEqual(result.dividend!.amount);
    expect(result.dividend!.amount - total).toBeLessThan(10n);
    const shares = await Promise.all(ctx.investors.map((i) => getShareBalance(ctx.owner.client, { investor: i.address })));
    const supply = shares.reduce((a, b) => a + b, 0n);
    for (const [n, w] of result.withdrawals.entries()) {
      const exact = (result.dividend!.amount * shares[n]!) / supply;
      expect(w.amount <= exact + 1n && w.amount + 1n >= exact).toBe(true); // the per-share accumulator rounds
    }
  });

  it("06: reads every investor's portfolio and the fund's history from the subgraph through the SDK", async () => {
    const { ctx } = stack;
    await ctx.waitForIndexing();
    const out = collector();
    const result = await portfolio(ctx, { log: out.log });

    expect(result.portfolios).toHaveLength(ctx.investors.length);
    for (const p of result.portfolios) {
      const investor = ctx.investors.find((i) => i.address === p.address)!;
      expect(p.shares).toBe(await getShareBalance(ctx.owner.client, { investor: investor.address }));
      expect(p.dividendsWithdrawable).toBe(0n);
      expect(p.dividendsClaimed).toBeGreaterThan(0n);
    }
    expect(result.tradeCount).toBe(BigInt(trading.trades.length));
    // The NAV components agree between the chain and the subgraph, and add up.
    expect(result.nav.subgraph).toEqual(result.nav.chain);
    const nav = result.nav.chain;
    expect(nav.nav).toBe(nav.freeCash + nav.storedEnergyValue + nav.batteryBookValue);
    expect(nav.freeCash).toBe(nav.earningsCash + nav.capitalCash);
    expect(nav.batteryBookValue).toBeGreaterThan(0n); // the battery bought in 03
    expect((await getNavComponents(ctx.owner.client)).nav).toBe(nav.nav);
    // The settlements that did something: the deposits of 02, the redemption and the dividend of 05.
    expect(result.epochs.length).toBeGreaterThanOrEqual(2);
    expect(result.epochs[0]!.deposited).toBeGreaterThan(0n);
    expect(result.epochs.at(-1)!.redeemed).toBeGreaterThan(0n);
    expect(result.epochs.at(-1)!.distributed).toBeGreaterThan(0n);
    expect(out.lines.join('\n')).toContain('NAV components');
    expect(result.realisedProfit).toBe((await getFundState(ctx.owner.client)).realisedProfit);
    expect(out.lines.join('\n')).toContain('Source: AEMO');
  });
});
