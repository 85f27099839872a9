import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { energyInvestmentFundAbi } from '@vpp/contracts';
import { getBatteryState, getFundState, getRoles, getShareBalance } from '@vpp/sdk';
import { main as invest, type InvestResult } from '../src/02-invest.js';
import { main as manageFleet } from '../src/03-manage-fleet.js';
import { audPerMWhToWeiPerMWh } from '../src/lib/aemo.js';
import type { LocalStack } from '../src/lib/stack.js';
import { collector, graphql, startTestStack } from './helpers.js';

describe('02-invest and 03-manage-fleet on a fresh local stack', () => {
  let stack: LocalStack;
  let invested: InvestResult;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('02: three investors buy shares at NAV and one transfers shares', async () => {
    const { ctx } = stack;
    const out = collector();
    invested = await invest(ctx, { log: out.log });

    expect(invested.investments.map((i) => i.amount)).toEqual([parseEther('100'), parseEther('50'), parseEther('25')]);
    // First investment: one share per wei; no earnings yet, so the others too.
    for (const i of invested.investments) expect(i.sharesMinted).toBe(i.amount);
    const fund = await getFundState(ctx.owner.client);
    expect(fund.totalInvested).toBe(parseEther('175'));
    expect(fund.totalSupply).toBe(parseEther('175'));
    expect(await ctx.publicClient.getBalance({ address: ctx.deployment.contracts.energyInvestmentFund })).toBe(parseEther('175'));

    // Alice gave 10 % of her shares to Carol.
    const [alice, , carol] = ctx.investors;
    expect(invested.transfer).toEqual({ from: alice!.address, to: carol!.address, shares: parseEther('10') });
    expect(await getShareBalance(ctx.owner.client, { investor: alice!.address })).toBe(parseEther('90'));
    expect(await getShareBalance(ctx.owner.client, { investor: carol!.address })).toBe(parseEther('35'));

    // The subgraph saw the same.
    await ctx.waitForIndexing();
    const data = await graphql<{ investors: { id: string; shares: string; totalInvested: string }[] }>(
      stack.subgraphUrl,
      '{ investors(orderBy: totalInvested, orderDirection: desc) { id shares totalInvested } }',
    );
    expect(data.investors.map((i) => [i.id, BigInt(i.shares), BigInt(i.totalInvested)])).toEqual([
      [alice!.address.toLowerCase(), parseEther('90'), parseEther('100')],
      [ctx.investors[1]!.address.toLowerCase(), parseEther('50'), parseEther('50')],
      [carol!.address.toLowerCase(), parseEther('35'), parseEther('25')],
    ]);
  });

  it('03: the owner appoints an admin who adds, alters, buys and decommissions batteries', async () => {
    const { ctx } = stack;
    const rate = ctx.config.audCentsPerEth;
    const fleet = await manageFleet(ctx, { log: collector().log });

    expect(fleet.activeIds).toEqual([fleet.ids.brunswick, fleet.ids.footscray, fleet.ids.yarraville, fleet.ids.moorabool]);
    const roles = await getRoles(ctx.owner.client);
    expect(roles.admins).toEqual([ctx.admin.address]); // the temporary admin is gone again

    const footscray = await getBatteryState(ctx.owner.client, { batteryId: fleet.ids.footscray });
    expect(footscray.config.dischargeAbovePrice).toBe(audPerMWhToWeiPerMWh(1000, rate));
    const geelong = await getBatteryState(ctx.owner.client, { batteryId: fleet.ids.geelong });
    expect(geelong.status).toBe('Decommissioned');

    // The purchase: fund ether spent, credited to the vendor (pull payment).
    const fund = await getFundState(ctx.owner.client);
    expect(fund.totalSpentOnBatteries).toBe(parseEther('30'));
    const vendorBalance = await ctx.publicClient.readContract({
      address: ctx.deployment.contracts.energyInvestmentFund,
      abi: energyInvestmentFundAbi,
      functionName: 'vendorBalanceOf',
      args: [ctx.vendor.address],
    });
    expect(vendorBalance).toBe(parseEther('30'));

    await ctx.waitForIndexing();
    const data = await graphql<{ plant: { fleetSize: string; decommissionedBatteryCount: string; purchasedBatteryCount: string } }>(
      stack.subgraphUrl,
      '{ plant(id: "plant") { fleetSize decommissionedBatteryCount purchasedBatteryCount } }',
    );
    expect(data.plant).toEqual({ fleetSize: '4', decommissionedBatteryCount: '1', purchasedBatteryCount: '1' });
  });
});
