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

  it('02: three investors request deposits, one settlement prices them, they claim their shares and one transfers shares', async () => {
    const { ctx } = stack;
    const out = collector();
    invested = await invest(ctx, { log: out.log });

    expect(invested.investments.map((i) => i.amount)).toEqual([parseEther('100'), parseEther('50'), parseEther('25')]);
    // One settlement priced every request: shares in proportion to the ether (rounded down), nothing dilutes.
    expect(invested.settlement).not.toBeNull();
    const [first] = invested.investments;
    for (const i of invested.investments) {
      expect(i.sharesMinted).toBeGreaterThan(0n);
      const exact = (first!.sharesMinted * i.amount) / first!.amount;
      expect(i.sharesMinted <= exact + 1n && i.sharesMinted + 1n >= exact).toBe(true);
    }
    const minted = invested.investments.reduce((sum, i) => sum + i.sharesMinted, 0n);
    const fund = await getFundState(ctx.owner.client);
    expect(fund.totalSupply).toBe(minted); // every share claimed, the epoch's rounding remainder burnt
    expect(fund.escrowedDepositShares).toBe(0n);
    expect(fund.freeCash).toBe(parseEther('175'));
    expect(await ctx.publicClient.getBalance({ address: ctx.deployment.contracts.energyInvestmentFund })).toBe(parseEther('175'));

    // Alice gave 10 % of her shares to Carol.
    const [alice, , carol] = ctx.investors;
    const [aliceMinted, , carolMinted] = invested.investments.map((i) => i.sharesMinted);
    const given = aliceMinted! / 10n;
    expect(invested.transfer).toEqual({ from: alice!.address, to: carol!.address, shares: given });
    expect(await getShareBalance(ctx.owner.client, { investor: alice!.address })).toBe(aliceMinted! - given);
    expect(await getShareBalance(ctx.owner.client, { investor: carol!.address })).toBe(carolMinted! + given);

    // The subgraph saw the same.
    await ctx.waitForIndexing();
    const data = await graphql<{ investors: { id: string; shares: string; totalDepositRequested: string }[] }>(
      stack.subgraphUrl,
      '{ investors(where: { totalDepositRequested_gt: 0 }, orderBy: totalDepositRequested, orderDirection: desc) { id shares totalDepositRequested } }',
    );
    expect(data.investors.map((i) => [i.id, BigInt(i.shares), BigInt(i.totalDepositRequested)])).toEqual([
      [alice!.address.toLowerCase(), aliceMinted! - given, parseEther('100')],
      [ctx.investors[1]!.address.toLowerCase(), invested.investments[1]!.sharesMinted, parseEther('50')],
      [carol!.address.toLowerCase(), carolMinted! + given, parseEther('25')],
    ]);
  });

  it('03: the owner appoints an admin who adds, alters and decommissions batteries; the owner buys one behind the timelock', async () => {
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

    // The purchase: fund ether spent (now the battery's book value), credited to the vendor (pull payment).
    expect(fleet.ids.moorabool).not.toBeNull();
    const fund = await getFundState(ctx.owner.client);
    expect(fund.batteryBookValue).toBe(parseEther('30')); // no epoch settled since: no depreciation yet
    expect(fund.freeCash).toBe(parseEther('145'));
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
