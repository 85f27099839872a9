/**
 * Subgraph reads against the real stack: anvil + the real contracts + the real subgraph WASM served by the local
 * graph host. Everything is played with the SDK's own writes (wait({ indexed: true }) for read-after-write) and the
 * indexed figures are checked against the chain's view functions at the same block.
 */
import { parseAbiItem, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  addVppContracts,
  BatteryNotFoundError,
  decommissionBattery,
  declareDividend,
  getAllTrades,
  getBatteries,
  getBatteryHistory,
  getBatteryState,
  getDepositRequest,
  getDividendBalances,
  getDividends,
  getEpochInfo,
  getEpochs,
  getFundDailySeries,
  getFundState,
  getFundStatistics,
  getNavPerShareHistory,
  getPortfolio,
  getPriceHistory,
  getRedeemRequest,
  getShareBalance,
  getTrades,
  getWithdrawableDividends,
  InvalidParameterError,
  requestDeposit,
  requestRedeem,
  returnCapital,
  SubgraphBehindError,
  SubgraphUnavailableError,
  transferShares,
  updateBattery,
  waitForIndexedBlock,
  withdrawDividends,
  type FundStatistics,
  type Portfolio,
  type Trade,
  type TradesPage,
} from '../src/index.js';
import { createPublicClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { expectError } from './helpers/expect-error.js';
import { addBatteries, depositAndClaim, settle, tradeCycle } from './helpers/scenario.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
const w = (i: number) => stack.walletFor(i);
const addr = (i: number) => stack.accounts[i]!.address;
let ids: bigint[];

beforeAll(async () => {
  stack = await startStack({ graph: true });
  await depositAndClaim(stack, [
    [1, parseEther('6')],
    [2, parseEther('4')],
  ]); // epoch 1
  ids = await addBatteries(stack, 3);
  await (await updateBattery(w(0), { batteryId: ids[1]!, config: batteryConfig({ metadataURI: 'ipfs://v2' }) })).wait();
  await (await decommissionBattery(w(0), { batteryId: ids[2]! })).wait();
  await tradeCycle(stack, ids.slice(0, 2));
  await (await transferShares(w(1), { to: addr(3), amount: parseEther('1') })).wait();
  // epoch 2: a dividend and a capital return scheduled, a redemption and a deposit left unclaimed after settling
  await (await declareDividend(w(0), { basisPoints: 5_000 })).wait();
  await (await returnCapital(w(0), { amount: parseEther('0.5') })).wait();
  await (await requestRedeem(w(3), { shares: parseEther('0.5') })).wait();
  await (await requestDeposit(w(5), { assets: parseEther('2') })).wait();
  await settle(stack);
  await (await withdrawDividends(w(2))).wait({ indexed: true });
});
afterAll(async () => {
  await stack?.stop();
});

describe('read-after-write', () => {
  it('wait({ indexed: true }) returns once the subgraph has the block', async () => {
    const receipt = await (await requestDeposit(w(4), { assets: parseEther('1') })).wait({ indexed: true, timeoutMs: 30_000 });
    const p = await getPortfolio(stack.publicClient, { investor: addr(4) });
    expect(p.blockNumber).toBeGreaterThanOrEqual(receipt.blockNumber);
    expect(p.pendingDepositAssets).toBe(parseEther('1'));
    expect(p.depositRequests).toEqual([expect.objectContaining({ requestId: 3n, status: 'Pending', assets: parseEther('1') })]);
  });

  it('waitForIndexedBlock resolves with the indexed block, or throws SubgraphBehindError', async () => {
    const head = await stack.publicClient.getBlockNumber();
    expect(await waitForIndexedBlock(stack.publicClient, { blockNumber: head, timeoutMs: 30_000 })).toBeGreaterThanOrEqual(head);
    const behind = await expectError(
      waitForIndexedBlock(stack.publicClient, { blockNumber: head + 1000n, timeoutMs: 2_000 }),
      SubgraphBehindError,
    );
    expect(behind.requiredBlock).toBe(head + 1000n);
    expect(behind.indexedBlock).toBeGreaterThanOrEqual(head);
  });
});

describe('fund', () => {
  it('statistics equal the chain at the same block', async () => {
    const stats = await getFundStatistics(stack.publicClient);
    expectTypeOf(stats).toEqualTypeOf<FundStatistics>();
    const chain = await getFundState(stack.publicClient, { blockNumber: stats.blockNumber });
    for (const k of [
      'totalSupply',
      'escrowedDepositShares',
      'freeCash',
      'earningsCash',
      'capitalCash',
      'storedEnergyValue',
      'batteryBookValue',
      'owed',
      'nav',
      'navPerShare',
      'realisedProfit',
      'totalDividendsDeclared',
      'totalCapitalReturned',
      'totalDividendsWithdrawn',
      'totalDustSwept',
      'magnifiedDividendPerShare',
      'dividendCount',
      'currentEpoch',
      'nextEpochAt',
      'epochDuration',
      'timelockDelay',
      'maxPurchaseWei',
      'proposedPurchaseValue',
      'scheduledDividendBps',
      'etherBalance',
    ] as const) {
      expect(stats[k], k).toBe(chain[k]);
    }
    expect(stats.plant?.fleetSize).toBe(2n);
    expect(stats.plant?.batteryCount).toBe(3n);
    expect(stats.tradeCount).toBe(4n);
    expect(stats.epochCount).toBe(2n);
    expect(stats.totalDeposited).toBe(parseEther('12'));
  });

  it('reads a past block', async () => {
    const now = await getFundStatistics(stack.publicClient);
    // the block that deployed the plant (SystemDeployed): the fund is indexed from there, before any deposit
    const [deployed] = await stack.publicClient.getLogs({
      address: stack.deployment.contracts.virtualPowerPlant,
      event: parseAbiItem('event SystemDeployed(address indexed fund, address indexed trader, address indexed priceOracle, address gridMarket, address owner)'),
      fromBlock: 0n,
    });
    const before = await getFundStatistics(stack.publicClient, { blockNumber: deployed!.blockNumber });
    expect(before.blockNumber).toBe(deployed!.blockNumber);
    expect(before.totalDeposited).toBe(0n);
    expect(now.totalDeposited).toBeGreaterThan(0n);
    await expectError(getFundStatistics(stack.publicClient, { blockNumber: now.blockNumber + 10_000n }), SubgraphBehindError);
  });

  it('lists the epochs with their settlement figures', async () => {
    const { epochs } = await getEpochs(stack.publicClient, { open: false });
    expect(epochs.map((e) => e.epoch)).toEqual([1n, 2n]);
    for (const e of epochs) {
      const chain = await getEpochInfo(stack.publicClient, { epoch: e.epoch });
      expect(e.depositAssets, `deposits of ${e.epoch}`).toBe(chain.depositAssets);
      expect(e.depositShares).toBe(chain.depositShares);
      expect(e.redeemFilled).toBe(chain.redeemFilled);
      expect(e.redeemAssets).toBe(chain.redeemAssets);
      expect(e.settlementTransaction).toMatch(/^0x[0-9a-f]{64}$/);
    }
    expect(epochs[0]!).toMatchObject({ depositAssets: parseEther('10'), nav: 0n, supply: 0n, navAfter: parseEther('10') });
    expect(epochs[1]!.depositAssets).toBe(parseEther('2'));
    expect(epochs[1]!.redeemFilled).toBe(parseEther('0.5'));
    expect(epochs[1]!.dividends.map((d) => d.capitalReturn)).toEqual([false, true]);
    const open = await getEpochs(stack.publicClient, { open: true });
    expect(open.epochs.map((e) => e.epoch)).toEqual([3n]);
  });

  it('lists dividends and capital returns, each with the epoch that paid it', async () => {
    const { dividends } = await getDividends(stack.publicClient);
    expect(dividends.map((d) => d.capitalReturn)).toEqual([false, true]);
    expect(dividends.map((d) => d.epoch)).toEqual([2n, 2n]);
    expect(dividends[0]!.basisPoints).toBe(5_000);
    expect(parseEther('0.5') - dividends[1]!.amount).toBeLessThan(100n);
    expect((await getDividends(stack.publicClient, { capitalReturn: true })).dividends).toHaveLength(1);
    const chain = await getFundState(stack.publicClient);
    expect(dividends[0]!.amount).toBe(chain.totalDividendsDeclared);
    expect(dividends[0]!.amountPerShare).toBe((dividends[0]!.amount * 10n ** 18n) / dividends[0]!.eligibleShares);
  });

  it('has a daily series and a NAV history with its components', async () => {
    const { days } = await getFundDailySeries(stack.publicClient);
    expect(days.length).toBeGreaterThanOrEqual(2); // the settlement travelled a day
    const last = days[days.length - 1]!;
    const stats = await getFundStatistics(stack.publicClient);
    expect(last.nav).toBe(stats.nav);
    expect(last.freeCash).toBe(stats.freeCash);
    expect(days.reduce((s, d) => s + d.depositedDay, 0n)).toBe(stats.totalDeposited);
    expect(days.reduce((s, d) => s + d.epochsSettledDay, 0n)).toBe(stats.epochCount);
    const { points } = await getNavPerShareHistory(stack.publicClient);
    expect(points.at(-1)).toMatchObject({ nav: stats.nav, navPerShare: stats.navPerShare, freeCash: stats.freeCash });
  });
});

describe('portfolio', () => {
  it('matches the chain and carries the history', async () => {
    const p = await getPortfolio(stack.publicClient, { investor: addr(1) });
    expectTypeOf(p).toEqualTypeOf<Portfolio>();
    const at = { blockNumber: p.blockNumber };
    expect(p.shares).toBe(await getShareBalance(stack.publicClient, { investor: addr(1), ...at }));
    expect(p.dividendsWithdrawable).toBe(await getWithdrawableDividends(stack.publicClient, { investor: addr(1), ...at }));
    expect(p.netDeposited).toBe(parseEther('6'));
    expect(p.depositRequests).toEqual([expect.objectContaining({ requestId: 1n, status: 'Claimed', shares: parseEther('6') })]);
    expect(p.depositClaims).toHaveLength(1);
    expect(p.depositClaims[0]!.shares).toBe(parseEther('6'));
    expect(p.transfers).toEqual([
      expect.objectContaining({ direction: 'out', from: addr(1).toLowerCase(), to: addr(3).toLowerCase(), value: parseEther('1') }),
    ]);
    expect(p.history.length).toBeGreaterThanOrEqual(1);
    const today = p.history[p.history.length - 1]!;
    expect(today.shares).toBe(p.ownedShares);
    expect(today.value).toBe(p.value);
    const chain = await getFundState(stack.publicClient, at);
    expect(p.totalSupply).toBe(chain.totalSupply);
    expect(p.nav).toBe(chain.nav);
    expect(p.value).toBe((p.ownedShares * chain.nav) / chain.totalSupply);
    expect(p.shareOfFundBps).toBe((p.ownedShares * 10_000n) / chain.totalSupply);

    const claimer = await getPortfolio(stack.publicClient, { investor: addr(2) });
    expect(claimer.claims).toHaveLength(1);
    expect(claimer.claims[0]!.amount).toBe(claimer.dividendsClaimed);
  });

  it('shows a filled redemption and unclaimed deposit shares as the chain does', async () => {
    const redeemer = await getPortfolio(stack.publicClient, { investor: addr(3) });
    const at = { blockNumber: redeemer.blockNumber };
    const r = await getRedeemRequest(stack.publicClient, { controller: addr(3), ...at });
    expect(redeemer.redeemRequests).toEqual([expect.objectContaining({ requestId: 2n, status: 'Filled', filledShares: parseEther('0.5') })]);
    expect(redeemer.claimableRedeemAssets).toBe(r.claimableAssets);
    expect(redeemer.claimableRedeemShares).toBe(r.claimableShares);
    expect(redeemer.pendingRedeemShares).toBe(0n);

    const escrowed = await getPortfolio(stack.publicClient, { investor: addr(5), ...at });
    const d = await getDepositRequest(stack.publicClient, { controller: addr(5), ...at });
    const balances = await getDividendBalances(stack.publicClient, { investor: addr(5), ...at });
    expect(escrowed.shares).toBe(0n);
    expect(escrowed.claimableDepositShares).toBe(d.claimableShares);
    expect(escrowed.claimableDepositAssets).toBe(parseEther('2'));
    expect(escrowed.ownedShares).toBe(d.claimableShares);
    expect(escrowed.dividendsEscrowed).toBe(balances.escrowed);
    expect(escrowed.depositRequests).toEqual([expect.objectContaining({ requestId: 2n, status: 'Claimable' })]);
  });

  it('is empty for an address the subgraph never saw', async () => {
    const p = await getPortfolio(stack.publicClient, { investor: addr(9) });
    expect(p).toMatchObject({ shares: 0n, ownedShares: 0n, value: 0n, depositRequests: [], history: [] });
    await expectError(getPortfolio(stack.publicClient, { investor: '0xnope' as `0x${string}` }), InvalidParameterError);
  });
});

describe('fleet and trades', () => {
  it('lists batteries with their change history', async () => {
    const { batteries } = await getBatteries(stack.publicClient);
    expect(batteries.map((b) => b.batteryId)).toEqual(ids);
    expect(batteries[0]).toMatchObject({ profileId: 0, bookValue: 0n, writtenOff: false, purchase: null });
    expect(batteries[1]!.changes.map((c) => c.kind)).toEqual(['Added', 'Updated']);
    expect(batteries[1]!.metadataURI).toBe('ipfs://v2');
    expect(batteries[2]!.status).toBe('Decommissioned');
    expect(batteries[0]!.serial, 'serial').toMatch(/^0x534e2d30/);
    expect(batteries[0]!.serialText).toBe('SN-0');
    const chain = await getBatteryState(stack.publicClient, { batteryId: ids[0]! });
    expect(batteries[0]!.stateOfChargeWh).toBe(chain.stateOfChargeWh);
    expect((await getBatteries(stack.publicClient, { status: 'Decommissioned' })).batteries).toHaveLength(1);
  });

  it('reads one battery\'s history', async () => {
    const h = await getBatteryHistory(stack.publicClient, { batteryId: ids[0]! });
    expect(h.tradeCount).toBe(2n);
    expect(h.chargeCount).toBe(1n);
    expect(h.dischargeCount).toBe(1n);
    expect(h.days.length).toBeGreaterThanOrEqual(1);
    expect(h.netRevenue).toBe(h.revenue - h.cost);
    await expectError(getBatteryHistory(stack.publicClient, { batteryId: 99n }), BatteryNotFoundError);
  });

  it('pages trades by cursor and filters them', async () => {
    const all = await getAllTrades(stack.publicClient);
    expect(all.trades).toHaveLength(4);
    const paged: Trade[] = [];
    let page: TradesPage = await getTrades(stack.publicClient, { first: 1 });
    for (;;) {
      paged.push(...page.trades);
      if (!page.nextCursor) break;
      page = await getTrades(stack.publicClient, { first: 1, after: page.nextCursor, blockNumber: page.blockNumber });
    }
    expect(paged.map((t) => t.id).sort()).toEqual(all.trades.map((t) => t.id).sort());
    const charges = await getTrades(stack.publicClient, { action: 'Charge' });
    expect(charges.trades.every((t) => t.action === 'Charge')).toBe(true);
    expect(charges.trades).toHaveLength(2);
    const one = await getAllTrades(stack.publicClient, { batteryId: ids[1]! });
    expect(one.trades.map((t) => t.action)).toEqual(['Charge', 'Discharge']);
    expect(one.trades.map((t) => t.thresholds)).toEqual(['Static', 'Static']);
    // the discharge sells the whole inventory: its realised profit is its value less the charge's cost
    expect(one.trades[1]!.realisedProfit).toBe(one.trades[1]!.value + one.trades[1]!.inventoryCostDelta);
    expect(one.trades[1]!.inventoryCostDelta).toBe(one.trades[0]!.value);
    const [first] = one.trades;
    expect(first!.value).toBeLessThan(0n);
    const later = await getAllTrades(stack.publicClient, { fromTimestamp: first!.timestamp + 1n });
    expect(later.trades.every((t) => t.action === 'Discharge')).toBe(true);
    await expectError(getTrades(stack.publicClient, { first: 1001 }), InvalidParameterError);
  });

  it('has the price history', async () => {
    const { rounds } = await getPriceHistory(stack.publicClient);
    expect(rounds.map((r) => r.price)).toEqual([parseEther('0.001'), parseEther('0.1')]);
    expect(rounds[0]!.reporter).toBe(addr(0).toLowerCase());
  });
});

describe('subgraph errors', () => {
  it('SubgraphUnavailableError when nothing listens', async () => {
    const client = createPublicClient({
      chain: addVppContracts(foundry, { deployment: stack.deployment, subgraphUrl: 'http://127.0.0.1:9/subgraphs/name/vpp' }),
      transport: http(stack.rpcUrl),
    });
    await expectError(getFundStatistics(client), SubgraphUnavailableError);
    await expectError(waitForIndexedBlock(client, { blockNumber: 1n, timeoutMs: 200 }), SubgraphUnavailableError);
  });

  it('SubgraphUnavailableError for a subgraph name the host does not serve', async () => {
    const client = createPublicClient({
      chain: addVppContracts(foundry, {
        deployment: stack.deployment,
        subgraphUrl: stack.subgraphUrl!.replace(/vpp$/, 'nope'),
      }),
      transport: http(stack.rpcUrl),
    });
    await expectError(getFundStatistics(client), SubgraphUnavailableError);
  });
});
