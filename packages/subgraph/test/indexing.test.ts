/**
 * End to end: a real anvil, the real contracts (deployed with deploySystem), the real subgraph WASM built by
 * graph-cli, indexed by the local graph host and queried over its GraphQL endpoint. Every user story is played
 * with viem, then the subgraph is checked against the chain's own view functions and logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEther,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { anvil as anvilChain } from 'viem/chains';
import {
  energyInvestmentFundAbi,
  energyPriceOracleAbi,
  energyTraderAbi,
  gridMarketAbi,
  virtualPowerPlantAbi,
  type Deployment,
} from '@vpp/contracts';
import { deploySystem, startAnvil, type AnvilInstance } from '@vpp/contracts/node';
import { startGraphHost, type GraphHost } from '@vpp/graph-host';
import { buildSubgraphForDeployment } from '@vpp/subgraph/build';
import { DEPLOY_OPTIONS } from './helpers/options.js';

const STATUS = ['None', 'Active', 'Inactive', 'Decommissioned'] as const;
const ACTIONS = ['Idle', 'Charge', 'Discharge'] as const;
const ETH_PER_MWH = 10n ** 18n;

let anvil: AnvilInstance | undefined;
let host: GraphHost | undefined;
let tmp: string | undefined;
let d: Deployment;
let pub: PublicClient;
let accounts: Address[];

const c = () => d.contracts;

async function send(
  from: Address,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
): Promise<TransactionReceipt> {
  const wallet = createWalletClient({ account: from, chain: anvilChain, transport: http(anvil!.rpcUrl) });
  const hash = await wallet.writeContract({ address, abi, functionName, args, value } as never);
  const receipt = await pub.waitForTransactionReceipt({ hash });
  expect(receipt.status, `${functionName} reverted`).toBe('success');
  return receipt;
}

async function read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = [], blockNumber?: bigint): Promise<T> {
  return (await pub.readContract({ address, abi, functionName, args, blockNumber } as never)) as T;
}

async function sendReverts(from: Address, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) {
  await expect(
    pub.simulateContract({ account: from, address, abi, functionName, args } as never),
  ).rejects.toThrow();
}

async function nextInterval(): Promise<void> {
  const test = createTestClient({ mode: 'anvil', chain: anvilChain, transport: http(anvil!.rpcUrl) });
  await test.increaseTime({ seconds: DEPLOY_OPTIONS.intervalSeconds });
  await test.mine({ blocks: 1 });
}

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(host!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

async function indexed(): Promise<bigint> {
  const n = await pub.getBlockNumber();
  await host!.waitForBlock(Number(n), 240_000);
  return n;
}

/** Immutable entity id: tx hash ++ log index as little-endian i32 (graph-ts concatI32). */
function logId(txHash: Hex, logIndex: number): string {
  const le = Buffer.alloc(4);
  le.writeInt32LE(logIndex);
  return (txHash + le.toString('hex')).toLowerCase();
}

function battery(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    capacityWh: 1_000_000n, // 1 MWh
    maxChargeW: 500_000n, // 500 kW -> 41 666 Wh per 5-minute interval
    maxDischargeW: 500_000n,
    roundTripEfficiencyBps: 9_000,
    chargeBelowPrice: 2n * 10n ** 16n, // 0.02 ETH/MWh
    dischargeAbovePrice: 8n * 10n ** 16n, // 0.08 ETH/MWh
    active: true,
    serial: toHex('SERIAL-A', { size: 32 }),
    metadataURI: 'ipfs://battery-a',
    ...overrides,
  };
}

beforeAll(async () => {
  anvil = await startAnvil();
  d = await deploySystem({ rpcUrl: anvil.rpcUrl, ...DEPLOY_OPTIONS });
  // cacheTime 0: getBlockNumber must not answer from viem's 4 s cache (read-after-write).
  pub = createPublicClient({ chain: anvilChain, transport: http(anvil.rpcUrl), cacheTime: 0 }) as PublicClient;
  accounts = await createWalletClient({ chain: anvilChain, transport: http(anvil.rpcUrl) }).getAddresses();

  // The package's own build helper: the mappings compiled by graph-cli (once per version of the sources) with the
  // manifest generated for this deployment, written to a temporary directory.
  tmp = mkdtempSync(join(tmpdir(), 'vpp-subgraph-test-'));
  const build = await buildSubgraphForDeployment(d, { dir: tmp });
  host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: build.dir, name: 'vpp', dataDir: null, port: 0, pollIntervalMs: 100 });
});

afterAll(async () => {
  await host?.stop();
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('subgraph indexes every user story and agrees with the chain', () => {
  const marks: Record<string, bigint> = {};

  it('plays the user stories', async () => {
    const [owner, admin, admin2, alice, bob, carol, dave, vendor, payee, newOwner] = accounts as [
      Address, Address, Address, Address, Address, Address, Address, Address, Address, Address,
    ];
    const { virtualPowerPlant: vpp, energyInvestmentFund: fund, energyTrader: trader, energyPriceOracle: oracle, gridMarket: market } = c();
    const V = virtualPowerPlantAbi as Abi;
    const F = energyInvestmentFundAbi as Abi;
    const T = energyTraderAbi as Abi;
    const O = energyPriceOracleAbi as Abi;
    const M = gridMarketAbi as Abi;

    // Admins.
    await send(owner, vpp, V, 'addAdmin', [admin]);
    await send(owner, vpp, V, 'addAdmin', [admin2]);
    await send(owner, vpp, V, 'removeAdmin', [admin2]);
    // Reporters.
    await send(owner, oracle, O, 'setReporter', [admin, true]);
    await send(owner, oracle, O, 'setReporter', [admin, false]);

    // Investments from several accounts (the second at NAV).
    await send(alice, fund, F, 'invest', [], parseEther('10'));
    await send(bob, fund, F, 'invest', [], parseEther('5'));
    await send(carol, fund, F, 'invest', [], parseEther('1'));
    // Share transfer to an account that never invested.
    await send(alice, fund, F, 'transfer', [dave, parseEther('2')]);

    // Fleet: added active, added inactive then activated, bought through the fund, added then decommissioned.
    await send(admin, vpp, V, 'addBattery', [battery()]);
    await send(admin, vpp, V, 'addBattery', [battery({ active: false, serial: toHex('SERIAL-B', { size: 32 }), capacityWh: 200_000n })]);
    await send(admin, vpp, V, 'updateBattery', [2n, battery({ serial: toHex('SERIAL-B', { size: 32 }), capacityWh: 300_000n, chargeBelowPrice: 0n })]);
    await send(admin, fund, F, 'purchaseBattery', [vendor, parseEther('2'), battery({ serial: toHex('SERIAL-C', { size: 32 }), metadataURI: 'ipfs://c' })]);
    await send(vendor, fund, F, 'withdrawVendorPayment', [vendor]);
    await send(admin, vpp, V, 'addBattery', [battery({ serial: toHex('SERIAL-D', { size: 32 }) })]);
    await send(admin, vpp, V, 'decommissionBattery', [4n]);

    const fleet = [1n, 2n, 3n];
    // Negative price: charging earns money (battery 2 charges only at <= 0).
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [-(ETH_PER_MWH / 100n)]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    // Low positive price: batteries 1 and 3 charge (the fund pays), battery 2 idles.
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [ETH_PER_MWH / 100n]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    // Mid price: idle, through Chainlink Automation's checkUpkeep / performUpkeep.
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [5n * ETH_PER_MWH / 100n]);
    const [needed, performData] = await read<[boolean, Hex]>(trader, T, 'checkUpkeep', ['0x']);
    expect(needed).toBe(true);
    await send(payee, trader, T, 'performUpkeep', [performData]);
    // High price: discharge.
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [2n * ETH_PER_MWH / 10n]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    expect(await read<bigint>(fund, F, 'tradingProfit')).toBeGreaterThan(0n);

    // Dividends: declared, transfer after declaration, withdrawn (to self and to another address).
    marks.beforeDividend = await pub.getBlockNumber();
    await send(admin, fund, F, 'declareDividend', [5_000]);
    await send(bob, fund, F, 'transfer', [alice, parseEther('1')]);
    await send(alice, fund, F, 'withdrawDividends');
    await send(carol, fund, F, 'withdrawDividendsTo', [payee]);
    // Return of capital, then a later investor, then another dividend.
    await send(admin, fund, F, 'returnCapital', [parseEther('1')]);
    await send(payee, fund, F, 'invest', [], parseEther('3'));
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [3n * ETH_PER_MWH / 10n]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    await send(admin, fund, F, 'declareDividend', [10_000]);

    // Pause: dispatch and invest are blocked, withdrawals still work; only the owner unpauses.
    await send(admin, vpp, V, 'pause');
    await sendReverts(alice, fund, F, 'invest');
    await send(bob, fund, F, 'withdrawDividends');
    await sendReverts(admin, vpp, V, 'unpause');
    await send(owner, vpp, V, 'unpause');

    // Trading params.
    await send(admin, trader, T, 'setTradingParams', [
      { intervalSeconds: 300, maxPriceAge: 900, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 20 },
    ]);

    // Charge again (the fund pays), then the market runs dry: the next discharges are skipped; then it is funded again.
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [ETH_PER_MWH / 100n]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    const marketBalance = await pub.getBalance({ address: market });
    await send(owner, market, M, 'withdraw', [owner, marketBalance]);
    await nextInterval();
    await send(owner, oracle, O, 'submitPrice', [3n * ETH_PER_MWH / 10n]);
    await send(payee, trader, T, 'dispatch', [fleet]);
    await send(owner, market, M, 'deposit', [], parseEther('1'));

    // Ownership transfer (two steps), then the new owner adds an admin back.
    await send(owner, vpp, V, 'transferOwnership', [newOwner]);
    marks.pendingOwner = await pub.getBlockNumber();
    await send(newOwner, vpp, V, 'acceptOwnership');
    await send(newOwner, vpp, V, 'addAdmin', [admin2]);
  });

  it('indexes the fund exactly like the fund reports it', async () => {
    const at = await indexed();
    for (const status of host!.status()) expect(status.error).toBeUndefined();
    const F = energyInvestmentFundAbi as Abi;
    const fund = c().energyInvestmentFund;
    const { fund: f } = await gql<{ fund: Record<string, string> }>(`{
      fund(id: "fund") { address totalSupply totalInvested totalCapitalReturned totalSpentOnBatteries tradingProfit
        totalDividendsDeclared totalDividendsWithdrawn totalOwed freeBalance netAssetValue magnifiedDividendPerShare
        etherBalance dividendCount investorCount holderCount tradeCount chargeCount dischargeCount idleCount skipCount }
    }`);
    const view = async (name: string) => String(await read<bigint>(fund, F, name, [], at));
    expect(f.address).toBe(fund.toLowerCase());
    for (const name of [
      'totalSupply', 'totalInvested', 'totalCapitalReturned', 'totalSpentOnBatteries', 'tradingProfit',
      'totalDividendsDeclared', 'totalDividendsWithdrawn', 'totalOwed', 'freeBalance', 'netAssetValue',
      'magnifiedDividendPerShare', 'dividendCount',
    ]) {
      expect(f[name], name).toBe(await view(name));
    }
    expect(f.etherBalance).toBe(String(await pub.getBalance({ address: fund, blockNumber: at })));

    const trades = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n, toBlock: at });
    const skips = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'DispatchSkipped', fromBlock: 0n, toBlock: at });
    expect(f.tradeCount).toBe(String(trades.length));
    expect(f.skipCount).toBe(String(skips.length));
    expect(skips.length).toBeGreaterThan(0);
    for (const [i, action] of ACTIONS.entries()) {
      const n = trades.filter((t) => t.args.action === i).length;
      expect(n, action).toBeGreaterThan(0);
      expect(f[`${action.toLowerCase()}Count`]).toBe(String(n));
    }
  });

  it('mirrors every investor: shares and dividends equal balanceOf / withdrawableDividendOf', async () => {
    const at = await indexed();
    const F = energyInvestmentFundAbi as Abi;
    const fund = c().energyInvestmentFund;
    const { investors } = await gql<{ investors: Record<string, string>[] }>(`{
      investors(first: 1000) { id shares totalInvested dividendsEarned dividendsClaimed dividendsWithdrawable investmentCount }
    }`);
    const transfers = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'Transfer', fromBlock: 0n, toBlock: at });
    const invested = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'Invested', fromBlock: 0n, toBlock: at });
    const holders = new Set(
      transfers.flatMap((t) => [t.args.from!, t.args.to!]).filter((a) => BigInt(a) !== 0n).map((a) => a.toLowerCase()),
    );
    expect(new Set(investors.map((i) => i.id))).toEqual(holders);
    let withDividends = 0;
    for (const inv of investors) {
      const a = inv.id as Address;
      expect(inv.shares, `shares of ${a}`).toBe(String(await read<bigint>(fund, F, 'balanceOf', [a], at)));
      expect(inv.dividendsWithdrawable, `withdrawable of ${a}`).toBe(String(await read<bigint>(fund, F, 'withdrawableDividendOf', [a], at)));
      expect(inv.dividendsEarned, `accumulative of ${a}`).toBe(String(await read<bigint>(fund, F, 'accumulativeDividendOf', [a], at)));
      expect(inv.dividendsClaimed, `withdrawn of ${a}`).toBe(String(await read<bigint>(fund, F, 'withdrawnDividendOf', [a], at)));
      const mine = invested.filter((e) => e.args.investor!.toLowerCase() === a);
      expect(inv.totalInvested).toBe(String(mine.reduce((s, e) => s + e.args.amount!, 0n)));
      expect(inv.investmentCount).toBe(String(mine.length));
      if (BigInt(inv.dividendsEarned!) > 0n) withDividends++;
    }
    expect(withDividends).toBeGreaterThanOrEqual(4);
    const { fund: counts } = await gql<{ fund: { holderCount: string; investorCount: string; investmentCount: string } }>(
      `{ fund(id: "fund") { holderCount investorCount investmentCount } }`,
    );
    expect(counts.holderCount).toBe(String(investors.filter((i) => BigInt(i.shares!) > 0n).length));
    expect(counts.investorCount).toBe(String(new Set(invested.map((e) => e.args.investor!.toLowerCase())).size));
    expect(counts.investmentCount).toBe(String(invested.length));

    // The vendor's pull payment.
    const vendorAddress = accounts[7]!.toLowerCase();
    const { vendor } = await gql<{ vendor: { balance: string; totalSold: string; totalWithdrawn: string } }>(
      `query($id: ID!) { vendor(id: $id) { balance totalSold totalWithdrawn } }`,
      { id: vendorAddress },
    );
    expect(vendor.balance).toBe(String(await read<bigint>(fund, F, 'vendorBalanceOf', [vendorAddress], at)));
    expect(vendor).toMatchObject({ totalSold: String(parseEther('2')), totalWithdrawn: String(parseEther('2')) });

    // Portfolio query with the derived lists.
    const alice = accounts[3]!.toLowerCase();
    const { investor } = await gql<{ investor: { investments: unknown[]; claims: { amount: string }[]; transfersOut: unknown[]; daySnapshots: unknown[] } }>(
      `query($id: ID!) { investor(id: $id) { investments { amount } claims { amount } transfersOut { value } daySnapshots { dayIndex shares } } }`,
      { id: alice },
    );
    expect(investor.investments).toHaveLength(1);
    expect(investor.claims).toHaveLength(1);
    expect(investor.transfersOut).toHaveLength(1);
    expect(investor.daySnapshots.length).toBeGreaterThan(0);
  });

  it('tracks the plant, admins, batteries and their state of charge', async () => {
    const at = await indexed();
    const V = virtualPowerPlantAbi as Abi;
    const vpp = c().virtualPowerPlant;
    const { plant, admins, batteries } = await gql<{
      plant: Record<string, string | boolean | null>;
      admins: { id: string; active: boolean }[];
      batteries: Record<string, string>[];
    }>(`{
      plant(id: "plant") { address owner pendingOwner paused adminCount batteryCount fleetSize activeBatteryCount
        decommissionedBatteryCount purchasedBatteryCount fundAddress traderAddress priceOracleAddress gridMarketAddress
        intervalSeconds maxPriceAge maxBatchSize latestPrice priceRoundCount }
      admins(first: 100, where: { active: true }) { id active }
      batteries(first: 100, orderBy: batteryId) { id batteryId status stateOfChargeWh capacityWh active metadataURI tradeCount addedBy purchase { price } }
    }`);
    expect(plant.address).toBe(vpp.toLowerCase());
    expect(plant.owner).toBe(String(await read<Address>(vpp, V, 'owner', [], at)).toLowerCase());
    expect(plant.owner).toBe(accounts[9]!.toLowerCase());
    expect(plant.pendingOwner).toBeNull();
    expect(plant.paused).toBe(await read<boolean>(vpp, V, 'paused', [], at));
    expect(plant.adminCount).toBe(String(await read<bigint>(vpp, V, 'adminCount', [], at)));
    expect(plant.batteryCount).toBe(String(await read<bigint>(vpp, V, 'batteryCount', [], at)));
    expect(plant.fleetSize).toBe(String(await read<bigint>(vpp, V, 'fleetSize', [], at)));
    expect(plant.decommissionedBatteryCount).toBe('1');
    expect(plant.purchasedBatteryCount).toBe('1');
    expect(plant.fundAddress).toBe(c().energyInvestmentFund.toLowerCase());
    expect(plant.traderAddress).toBe(c().energyTrader.toLowerCase());
    expect(plant.priceOracleAddress).toBe(c().energyPriceOracle.toLowerCase());
    expect(plant.gridMarketAddress).toBe(c().gridMarket.toLowerCase());
    expect(plant.maxPriceAge).toBe('900');
    expect(plant.maxBatchSize).toBe('20');
    expect(plant.priceRoundCount).toBe(String(await read<bigint>(c().energyPriceOracle, energyPriceOracleAbi as Abi, 'latestRound', [], at)));
    expect(plant.latestPrice).toBe(String(3n * ETH_PER_MWH / 10n));

    const onChainAdmins = (await read<Address[]>(vpp, V, 'admins', [], at)).map((a) => a.toLowerCase()).sort();
    expect(admins.map((a) => a.id).sort()).toEqual(onChainAdmins);

    const trades = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n, toBlock: at });
    expect(batteries).toHaveLength(4);
    let active = 0;
    for (const b of batteries) {
      const chain = await read<{ config: { capacityWh: bigint; active: boolean; metadataURI: string }; status: number; stateOfChargeWh: bigint }>(
        vpp, V, 'battery', [BigInt(b.batteryId!)], at,
      );
      expect(b.stateOfChargeWh, `SoC of ${b.id}`).toBe(String(chain.stateOfChargeWh));
      expect(b.status).toBe(STATUS[chain.status]);
      expect(b.capacityWh).toBe(String(chain.config.capacityWh));
      expect(b.active).toBe(chain.config.active);
      expect(b.metadataURI).toBe(chain.config.metadataURI);
      expect(b.tradeCount).toBe(String(trades.filter((t) => t.args.batteryId === BigInt(b.batteryId!)).length));
      if (b.status === 'Active') active++;
    }
    expect(plant.activeBatteryCount).toBe(String(active));
    expect(batteries.some((b) => BigInt(b.stateOfChargeWh!) > 0n)).toBe(true);
    expect(batteries[2]!.purchase).toEqual({ price: String(parseEther('2')) });

    // Battery history with the configuration at each change.
    const { batteryChanges } = await gql<{ batteryChanges: { kind: string; capacityWh: string; active: boolean }[] }>(
      `{ batteryChanges(where: { battery: "2" }, orderBy: blockNumber) { kind capacityWh active } }`,
    );
    expect(batteryChanges).toEqual([
      { kind: 'Added', capacityWh: '200000', active: false },
      { kind: 'Updated', capacityWh: '300000', active: true },
    ]);
    const { ownershipChanges, pauseChanges, adminChanges } = await gql<{
      ownershipChanges: { contract: string; kind: string; newOwner: string }[];
      pauseChanges: { paused: boolean }[];
      adminChanges: unknown[];
    }>(
      `{ ownershipChanges(first: 100, orderBy: blockNumber) { contract kind newOwner }
         pauseChanges(orderBy: blockNumber) { paused } adminChanges(first: 100) { kind } }`,
    );
    // The VPP: deployment, started, accepted; the oracle and the market: deployment.
    expect(ownershipChanges.filter((o) => o.contract === vpp.toLowerCase()).map((o) => o.kind)).toEqual([
      'Transferred', 'TransferStarted', 'Transferred',
    ]);
    expect(ownershipChanges).toHaveLength(5);
    expect(pauseChanges).toEqual([{ paused: true }, { paused: false }]);
    expect(adminChanges).toHaveLength(4);
  });

  it('records every trade (paging with id_gt) with the values of the Trade logs', async () => {
    const at = await indexed();
    const logs = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n, toBlock: at });
    const byId = new Map(logs.map((l) => [logId(l.transactionHash, l.logIndex), l]));
    const seen: Record<string, string>[] = [];
    let last = '0x';
    for (;;) {
      const { trades } = await gql<{ trades: Record<string, string>[] }>(
        `query($last: Bytes!) { trades(first: 3, orderBy: id, where: { id_gt: $last }) {
          id battery { id } interval action energyWh storedDeltaWh price value stateOfChargeWh roundId priceRound { price } } }`,
        { last },
      );
      seen.push(...trades);
      if (trades.length < 3) break;
      last = trades[trades.length - 1]!.id!;
    }
    expect(seen).toHaveLength(logs.length);
    for (const t of seen) {
      const log = byId.get(t.id!);
      expect(log, `trade ${t.id}`).toBeDefined();
      const a = log!.args;
      expect(t).toMatchObject({
        battery: { id: String(a.batteryId) },
        interval: String(a.interval),
        action: ACTIONS[a.action!],
        energyWh: String(a.energyWh),
        storedDeltaWh: String(a.storedDeltaWh),
        price: String(a.price),
        value: String(a.value),
        stateOfChargeWh: String(a.stateOfChargeWh),
        roundId: String(a.roundId),
        priceRound: { price: String(a.price) },
      });
    }
    expect(seen.some((t) => BigInt(t.price!) < 0n && t.action === 'Charge' && BigInt(t.value!) > 0n)).toBe(true);
  });

  it('indexes oracle rounds, the grid market and daily snapshots', async () => {
    const at = await indexed();
    const { priceRounds, gridMarket, marketFlows, fundDaySnapshots, batteryDaySnapshots, reporters } = await gql<{
      priceRounds: { roundId: string; price: string; startedBy: { id: string } }[];
      gridMarket: { balance: string; authorizedFunds: string[] };
      marketFlows: { kind: string }[];
      fundDaySnapshots: Record<string, string>[];
      batteryDaySnapshots: Record<string, string>[];
      reporters: { id: string; allowed: boolean }[];
    }>(
      `query($market: ID!) {
        priceRounds(first: 1000, orderBy: roundId) { roundId price startedBy { id } }
        gridMarket(id: $market) { balance authorizedFunds }
        marketFlows(first: 1000) { kind }
        fundDaySnapshots(orderBy: dayIndex, orderDirection: desc) { dayIndex totalSupply tradingProfit tradeCountDay priceHigh priceLow }
        batteryDaySnapshots(where: { battery: "1" }, orderBy: dayIndex, orderDirection: desc) { stateOfChargeWh tradeCountDay }
        reporters(first: 10) { id allowed }
      }`,
      { market: c().gridMarket.toLowerCase() },
    );
    const latestRound = await read<bigint>(c().energyPriceOracle, energyPriceOracleAbi as Abi, 'latestRound', [], at);
    expect(priceRounds).toHaveLength(Number(latestRound));
    for (const r of priceRounds) {
      const [, answer] = await read<[bigint, bigint]>(c().energyPriceOracle, energyPriceOracleAbi as Abi, 'getRoundData', [BigInt(r.roundId)], at);
      expect(r.price).toBe(String(answer));
      expect(r.startedBy.id).toBe(accounts[0]!.toLowerCase());
    }
    expect(gridMarket.balance).toBe(String(await pub.getBalance({ address: c().gridMarket, blockNumber: at })));
    expect(gridMarket.authorizedFunds).toEqual([c().energyInvestmentFund.toLowerCase()]);
    expect(new Set(marketFlows.map((f) => f.kind))).toEqual(new Set(['Funded', 'Withdrawn', 'PaidFund', 'ReceivedFromFund']));
    expect(reporters.find((r) => r.id === accounts[1]!.toLowerCase())?.allowed).toBe(false);

    const F = energyInvestmentFundAbi as Abi;
    const latestDay = fundDaySnapshots[0]!;
    expect(latestDay.totalSupply).toBe(String(await read<bigint>(c().energyInvestmentFund, F, 'totalSupply', [], at)));
    expect(latestDay.tradingProfit).toBe(String(await read<bigint>(c().energyInvestmentFund, F, 'tradingProfit', [], at)));
    const tradesPerDay = fundDaySnapshots.reduce((s, x) => s + BigInt(x.tradeCountDay!), 0n);
    const { fund } = await gql<{ fund: { tradeCount: string } }>(`{ fund(id: "fund") { tradeCount } }`);
    expect(String(tradesPerDay)).toBe(fund.tradeCount);
    const chainBattery = await read<{ stateOfChargeWh: bigint }>(c().virtualPowerPlant, virtualPowerPlantAbi as Abi, 'battery', [1n], at);
    expect(batteryDaySnapshots[0]!.stateOfChargeWh).toBe(String(chainBattery.stateOfChargeWh));
  });

  it('answers time-travel queries (block: { number }) like the chain at that block', async () => {
    await indexed();
    const F = energyInvestmentFundAbi as Abi;
    const fund = c().energyInvestmentFund;
    const n = marks.beforeDividend!;
    const { fund: then } = await gql<{ fund: Record<string, string> }>(
      `query($n: Int!) { fund(id: "fund", block: { number: $n }) { totalDividendsDeclared tradingProfit totalSupply dividendCount } }`,
      { n: Number(n) },
    );
    expect(then.totalDividendsDeclared).toBe('0');
    expect(then.dividendCount).toBe('0');
    expect(then.tradingProfit).toBe(String(await read<bigint>(fund, F, 'tradingProfit', [], n)));
    expect(then.totalSupply).toBe(String(await read<bigint>(fund, F, 'totalSupply', [], n)));
    const { plant } = await gql<{ plant: { pendingOwner: string | null } }>(
      `query($n: Int!) { plant(id: "plant", block: { number: $n }) { pendingOwner } }`,
      { n: Number(marks.pendingOwner!) },
    );
    expect(plant.pendingOwner).toBe(accounts[9]!.toLowerCase());
  });
});
