/**
 * End to end: a real anvil, the real contracts (deployed with deploySystem), the real subgraph WASM built by
 * graph-cli, indexed by the local graph host and queried over its GraphQL endpoint. Every user story is played
 * with viem (anvil time travel for epochs and timelocks), then the subgraph is checked against the chain's own view
 * functions and logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
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
const SOURCES = ['Static', 'TableBuffer0', 'TableBuffer1', 'StaticFallback'] as const;
const SKIPS = ['None', 'InsufficientFundBalance', 'InsufficientMarketBalance', 'AlreadyDispatched', 'NotActive', 'SettlementFailed'] as const;
const ETH_PER_MWH = 10n ** 18n;
const V = virtualPowerPlantAbi as Abi;
const F = energyInvestmentFundAbi as Abi;
const T = energyTraderAbi as Abi;
const O = energyPriceOracleAbi as Abi;
const M = gridMarketAbi as Abi;

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
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  expect(receipt.status, `${functionName} reverted`).toBe('success');
  return receipt;
}

async function read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = [], blockNumber?: bigint): Promise<T> {
  return (await pub.readContract({ address, abi, functionName, args, blockNumber } as never)) as T;
}

async function sendReverts(from: Address, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = [], value?: bigint) {
  await expect(pub.simulateContract({ account: from, address, abi, functionName, args, value } as never)).rejects.toThrow();
}

async function rpc(method: string, params: unknown[]): Promise<void> {
  await pub.request({ method: method as never, params: params as never });
}

async function now(): Promise<bigint> {
  return (await pub.getBlock()).timestamp;
}

/** The next block is mined at `timestamp` (if it is in the future). */
async function travelTo(timestamp: bigint): Promise<void> {
  if (timestamp > (await now())) await rpc('evm_setNextBlockTimestamp', [Number(timestamp)]);
}

/** Moves to 5 s into the next dispatch interval (the trader's own schedule, length changes included). */
async function nextInterval(): Promise<void> {
  const current = await read<bigint>(c().energyTrader, T, 'currentInterval');
  const start = await read<bigint>(c().energyTrader, T, 'intervalStart', [current + 1n]);
  await rpc('evm_setNextBlockTimestamp', [Number(start + 5n)]);
  await rpc('evm_mine', []);
}

/** Settles the open epoch (travelling to its close time first). */
async function settle(by: Address): Promise<TransactionReceipt> {
  await travelTo(await read<bigint>(c().energyInvestmentFund, F, 'nextEpochAt'));
  return send(by, c().energyInvestmentFund, F, 'settleEpoch');
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

/** One table block: every state-of-charge band gets (chargeBelow, dischargeAbove) in units (int16). */
function tableBlock(lo: number, hi: number): Hex {
  let word = 0n;
  const pair = (BigInt.asUintN(16, BigInt(hi)) << 16n) | BigInt.asUintN(16, BigInt(lo));
  for (let band = 0n; band < 8n; band++) word |= pair << (32n * band);
  return toHex(word, { size: 32 });
}

/** The fund's views of an account, named as the Investor entity's fields. */
async function investorViews(a: Address, at: bigint): Promise<Record<string, string>> {
  const fund = c().energyInvestmentFund;
  const v = (name: string, args: readonly unknown[]) => read<bigint>(fund, F, name, args, at).then(String);
  return {
    shares: await v('balanceOf', [a]),
    pendingDepositAssets: await v('pendingDepositRequest', [0n, a]),
    claimableDepositAssets: await v('claimableDepositRequest', [0n, a]),
    claimableDepositShares: await v('claimableDepositShares', [a]),
    pendingRedeemShares: await v('pendingRedeemRequest', [0n, a]),
    claimableRedeemShares: await v('claimableRedeemRequest', [0n, a]),
    claimableRedeemAssets: await v('claimableRedeemAssets', [a]),
    dividendsWithdrawable: await v('withdrawableDividendOf', [a]),
    dividendsEscrowed: await v('escrowedDividendOf', [a]),
  };
}
const INVESTOR_FIELDS = `shares pendingDepositAssets claimableDepositAssets claimableDepositShares pendingRedeemShares
  claimableRedeemShares claimableRedeemAssets dividendsWithdrawable dividendsEscrowed`;

/** navComponents() and the fund views the Fund entity mirrors. */
async function fundViews(at: bigint): Promise<Record<string, string>> {
  const fund = c().energyInvestmentFund;
  const v = (name: string, args: readonly unknown[] = []) => read<bigint>(fund, F, name, args, at).then(String);
  const [freeCash, earningsCash, capitalCash, storedEnergyValue, batteryBookValue, owed, nav] = await read<bigint[]>(fund, F, 'navComponents', [], at);
  const [dividendBps, capitalAmount] = await read<[number, bigint]>(fund, F, 'scheduledDistributions', [], at);
  return {
    freeCash: String(freeCash),
    earningsCash: String(earningsCash),
    capitalCash: String(capitalCash),
    storedEnergyValue: String(storedEnergyValue),
    batteryBookValue: String(batteryBookValue),
    owed: String(owed),
    nav: String(nav),
    totalAssets: await v('totalAssets'),
    sharePrice: await v('convertToAssets', [10n ** 18n]),
    totalSupply: await v('totalSupply'),
    escrowedDepositShares: await v('escrowedDepositShares'),
    realisedProfit: await v('realisedProfit'),
    totalDividendsDeclared: await v('totalDividendsDeclared'),
    totalCapitalReturned: await v('totalCapitalReturned'),
    totalDividendsWithdrawn: await v('totalDividendsWithdrawn'),
    totalDustSwept: await v('totalDustSwept'),
    magnifiedDividendPerShare: await v('magnifiedDividendPerShare'),
    dividendCount: await v('dividendCount'),
    currentEpoch: await v('currentEpoch'),
    nextEpochAt: await v('nextEpochAt'),
    epochDuration: await v('epochDuration'),
    timelockDelay: await v('timelockDelay'),
    maxPurchaseWei: await v('maxPurchaseWei'),
    proposedPurchaseValue: await v('proposedPurchaseValue'),
    scheduledDividendBps: String(dividendBps),
    scheduledCapitalAmount: String(capitalAmount),
    etherBalance: String(await pub.getBalance({ address: fund, blockNumber: at })),
  };
}
const FUND_FIELDS = `freeCash earningsCash capitalCash storedEnergyValue batteryBookValue owed nav totalAssets sharePrice
  totalSupply escrowedDepositShares realisedProfit totalDividendsDeclared totalCapitalReturned totalDividendsWithdrawn
  totalDustSwept magnifiedDividendPerShare dividendCount currentEpoch nextEpochAt epochDuration timelockDelay
  maxPurchaseWei proposedPurchaseValue scheduledDividendBps scheduledCapitalAmount etherBalance`;

function stringify(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
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
  const build = await buildSubgraphForDeployment(d, { dir: tmp, log: (m) => console.log(m) });
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
    const [owner, admin, strategist, alice, bob, carol, dave, vendor, erin, newOwner] = accounts as [
      Address, Address, Address, Address, Address, Address, Address, Address, Address, Address,
    ];
    const { virtualPowerPlant: vpp, energyInvestmentFund: fund, energyTrader: trader, energyPriceOracle: oracle, gridMarket: market } = c();
    const price = async (p: bigint) => send(owner, oracle, O, 'submitPrice', [p]);
    const dispatch = async (ids: bigint[]) => send(erin, trader, T, 'dispatch', [ids]);

    // Roles, reporters.
    await send(owner, vpp, V, 'addAdmin', [admin]);
    await send(owner, vpp, V, 'addAdmin', [strategist]);
    await send(owner, vpp, V, 'removeAdmin', [strategist]);
    await send(owner, oracle, O, 'setReporter', [admin, true]);
    await send(owner, oracle, O, 'setReporter', [admin, false]);
    // Timelocked grants: a vendor and a purchaser (effective after the timelock); a grant revoked at once by a guardian.
    await send(owner, fund, F, 'setVendorAllowed', [vendor, true]);
    await send(owner, fund, F, 'setVendorAllowed', [dave, true]);
    await send(admin, fund, F, 'setVendorAllowed', [dave, false]);
    await send(owner, fund, F, 'setPurchaser', [admin, true]);
    // Timelocked trader changes: an oracle swap proposed then canceled by an admin; a market swap executed later.
    await send(owner, trader, T, 'proposePriceOracle', [oracle]);
    await send(admin, trader, T, 'cancelPendingChange', [true]);
    await send(owner, trader, T, 'proposeGridMarket', [market]);

    // ---------------------------------------------------------------- epoch 1: deposit requests
    await send(alice, fund, F, 'requestDeposit', [parseEther('10'), alice, alice], parseEther('10'));
    await send(bob, fund, F, 'requestDeposit', [parseEther('5'), bob, bob], parseEther('5'));
    await send(carol, fund, F, 'requestDeposit', [parseEther('1'), carol, carol], parseEther('1'));
    await send(carol, fund, F, 'requestDeposit', [parseEther('1'), carol, carol], parseEther('1'));
    await send(dave, fund, F, 'requestDeposit', [parseEther('2'), dave, dave], parseEther('2'));
    await send(dave, fund, F, 'cancelDepositRequest', [dave, dave]);
    await send(carol, fund, F, 'setOperator', [erin, true]);
    // Fleet: active; inactive then activated; added then decommissioned (empty).
    await send(admin, vpp, V, 'addBattery', [battery()]);
    await send(admin, vpp, V, 'addBattery', [battery({ active: false, serial: toHex('SERIAL-B', { size: 32 }), capacityWh: 200_000n })]);
    await send(admin, vpp, V, 'updateBattery', [2n, battery({ serial: toHex('SERIAL-B', { size: 32 }), capacityWh: 150_000n, chargeBelowPrice: 0n })]); // limits may only be lowered
    await send(admin, vpp, V, 'addBattery', [battery({ serial: toHex('SERIAL-C', { size: 32 }) })]);
    await send(admin, vpp, V, 'decommissionBattery', [3n]);
    await settle(erin);

    // ---------------------------------------------------------------- epoch 2: claims, trading, distributions
    await send(alice, fund, F, 'deposit', [await read<bigint>(fund, F, 'claimableDepositRequest', [0n, alice]), alice, alice]);
    const bobShares = await read<bigint>(fund, F, 'claimableDepositShares', [bob]);
    await send(bob, fund, F, 'mint', [bobShares / 2n, bob, bob]);
    await send(alice, fund, F, 'transfer', [dave, parseEther('1')]);
    // Negative price: both charge and are paid; low price: battery 1 charges; mid: idle via Automation; high: discharge.
    await nextInterval();
    await price(-(ETH_PER_MWH / 100n));
    await dispatch([1n, 2n]);
    await nextInterval();
    await price(ETH_PER_MWH / 100n);
    await dispatch([1n, 2n]);
    await nextInterval();
    await price((5n * ETH_PER_MWH) / 100n);
    const [needed, performData] = await read<[boolean, Hex]>(trader, T, 'checkUpkeep', ['0x']);
    expect(needed).toBe(true);
    await send(erin, trader, T, 'performUpkeep', [performData]);
    await nextInterval();
    await price(2n * ETH_PER_MWH);
    // a duplicate id (AlreadyDispatched) and a decommissioned battery (NotActive) are skipped, not reverted
    await dispatch([1n, 2n, 2n, 3n]);
    expect(await read<bigint>(fund, F, 'distributableEarnings')).toBeGreaterThan(0n);
    // A deposit too small for one share at a share price above 1 wei: the epoch's deposits are refused.
    expect(await read<bigint>(fund, F, 'convertToShares', [1n])).toBe(0n);
    await send(erin, fund, F, 'requestDeposit', [1n, erin, erin], 1n);
    // Distributions scheduled (a dividend re-scheduled replaces the first), executed at the settlement.
    await send(admin, fund, F, 'declareDividend', [5_000]);
    await send(admin, fund, F, 'declareDividend', [4_000]);
    await send(admin, fund, F, 'returnCapital', [parseEther('0.5')]);
    // A small redemption (filled whole), and one canceled in its open epoch.
    await send(bob, fund, F, 'requestRedeem', [parseEther('1'), bob, bob]);
    await send(alice, fund, F, 'requestRedeem', [parseEther('1'), alice, alice]);
    await send(alice, fund, F, 'cancelRedeemRequest', [alice, alice]);
    const settled2 = await settle(erin);
    marks.afterSettle2 = settled2.blockNumber;

    // ---------------------------------------------------------------- epoch 3: refunds, claims, the strategy book
    await send(erin, fund, F, 'cancelDepositRequest', [erin, erin]);
    const bobAssets = await read<bigint>(fund, F, 'claimableRedeemAssets', [bob]);
    await send(bob, fund, F, 'withdraw', [bobAssets / 3n, bob, bob]);
    await send(bob, fund, F, 'redeem', [await read<bigint>(fund, F, 'claimableRedeemRequest', [0n, bob]), bob, bob]);
    await send(alice, fund, F, 'withdrawDividends');
    // Carol never claimed: her escrowed shares earned the distributions; a new request folds and credits them.
    expect(await read<bigint>(fund, F, 'escrowedDividendOf', [carol])).toBeGreaterThan(0n);
    await send(carol, fund, F, 'requestDeposit', [parseEther('1'), carol, carol], parseEther('1'));
    await send(carol, fund, F, 'withdrawDividendsTo', [erin]);
    await send(dave, fund, F, 'requestDeposit', [parseEther('3'), dave, dave], parseEther('3'));
    await send(erin, fund, F, 'requestDeposit', [333_333_333_333_333_333n, erin, erin], 333_333_333_333_333_333n);
    // Erin, Carol's operator, claims half of Carol's settled shares for her.
    await send(erin, fund, F, 'mint', [(await read<bigint>(fund, F, 'claimableDepositShares', [carol])) / 2n, carol, carol]);
    await send(bob, fund, F, 'deposit', [await read<bigint>(fund, F, 'claimableDepositRequest', [0n, bob]), bob, bob]);
    // A dividend scheduled then canceled.
    await send(admin, fund, F, 'declareDividend', [1_000]);
    await send(admin, fund, F, 'cancelDistributions');
    // Strategy profiles: battery 1's kind (120 min, 90 %) with a table; battery 2's kind (18 min) without one.
    await send(owner, trader, T, 'createProfile', [strategist, 120, 9_000]);
    await send(owner, trader, T, 'createProfile', [owner, 18, 9_000]);
    await send(owner, trader, T, 'setStrategist', [2, strategist]);
    await send(admin, trader, T, 'setBatteryProfile', [1n, 1]);
    await send(admin, trader, T, 'setBatteryProfile', [2n, 2]);
    const interval = await read<bigint>(trader, T, 'currentInterval');
    const blocks = Array.from({ length: 48 }, () => tableBlock(2, 40)); // charge up to 0.02, discharge from 0.4 ETH/MWh
    await send(strategist, trader, T, 'publishTable', [1, Number(interval), Number(interval) + 100_000, 10n ** 16n, blocks]);
    await nextInterval();
    await price(ETH_PER_MWH / 2n);
    await dispatch([1n, 2n]);
    await send(strategist, trader, T, 'updateBlocks', [1, 0, [tableBlock(2, 30), tableBlock(2, 30)], Number(interval) + 200_000]);
    // A second table goes to the other buffer and takes over from the next interval.
    const next = Number(await read<bigint>(trader, T, 'currentInterval')) + 1;
    await send(strategist, trader, T, 'publishTable', [1, next, next + 100_000, 10n ** 16n, Array.from({ length: 48 }, () => tableBlock(2, 30))]);
    await nextInterval();
    await price(ETH_PER_MWH / 100n);
    await dispatch([1n, 2n]);
    await settle(erin);

    // ---------------------------------------------------------------- purchases (timelocked), queued redemptions
    await travelTo(BigInt(Math.max(Number(await read<bigint>(fund, F, 'vendorAllowedAt', [vendor])), Number(await read<bigint>(fund, F, 'purchaserAt', [admin])))));
    const config = battery({ active: false, serial: toHex('SERIAL-P', { size: 32 }), metadataURI: 'ipfs://bought' });
    await send(admin, fund, F, 'proposePurchase', [vendor, parseEther('5'), 4, config]);
    await send(admin, fund, F, 'proposePurchase', [vendor, parseEther('0.5'), 2, config]);
    await send(owner, fund, F, 'cancelPurchase', [2n]);
    await travelTo(await read<bigint>(fund, F, 'purchaseEta', [1n]));
    await send(owner, trader, T, 'executeGridMarket');
    while ((await read<bigint>(fund, F, 'nextEpochAt')) <= (await now()) + 1n) await settle(erin);
    await send(admin, fund, F, 'executePurchase', [1n, vendor, parseEther('5'), 4, config]);
    await send(vendor, fund, F, 'withdrawVendorPayment', [vendor]);
    await send(dave, fund, F, 'deposit', [await read<bigint>(fund, F, 'claimableDepositRequest', [0n, dave]), dave, dave]);
    await send(erin, fund, F, 'deposit', [await read<bigint>(fund, F, 'claimableDepositRequest', [0n, erin]), erin, erin]);
    // More trading for earnings.
    await nextInterval();
    await price(ETH_PER_MWH / 100n);
    await dispatch([1n, 2n]);
    await nextInterval();
    await price(ETH_PER_MWH);
    await dispatch([1n, 2n]);
    // Trader settings: a longer interval from the next boundary (numbering continues).
    await send(admin, trader, T, 'setTradingParams', [
      { intervalSeconds: 600, maxPriceAge: 900, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 20 },
    ]);
    await nextInterval();
    await nextInterval();
    await price(ETH_PER_MWH / 100n);
    await dispatch([1n, 2n]);
    // Pause: requests are blocked, dividend withdrawals still work; only the owner unpauses.
    await send(admin, vpp, V, 'pause');
    await sendReverts(alice, fund, F, 'requestDeposit', [1n, alice, alice], 1n);
    await send(bob, fund, F, 'withdrawDividends');
    await sendReverts(admin, vpp, V, 'unpause');
    await send(owner, vpp, V, 'unpause');
    // The market runs dry: discharges are skipped (InsufficientMarketBalance); then it is funded again.
    await send(owner, market, M, 'withdraw', [owner, await pub.getBalance({ address: market })]);
    await nextInterval();
    await price(3n * ETH_PER_MWH);
    await dispatch([1n, 2n]);
    await send(owner, market, M, 'deposit', [], parseEther('1'));
    // Ownership transfer in two steps; the new owner adds an admin back.
    await send(owner, vpp, V, 'transferOwnership', [newOwner]);
    marks.pendingOwner = await pub.getBlockNumber();
    await send(newOwner, vpp, V, 'acceptOwnership');
    await send(newOwner, vpp, V, 'addAdmin', [strategist]);

    // Redemptions worth more than the free cash (the battery took 5 ETH): filled pro-rata, the rest queued, and the
    // dividend scheduled for that settlement is skipped.
    let wanted = 0n;
    for (const who of [alice, bob, dave]) {
      const shares = await read<bigint>(fund, F, 'balanceOf', [who]);
      wanted += await read<bigint>(fund, F, 'convertToAssets', [shares]);
      await send(who, fund, F, 'requestRedeem', [shares, who, who]);
    }
    expect(wanted).toBeGreaterThan(await read<bigint>(fund, F, 'freeBalance'));
    await send(admin, fund, F, 'declareDividend', [10_000]);
    marks.afterFill = (await settle(erin)).blockNumber;
    expect(await read<bigint>(fund, F, 'pendingRedeemRequest', [0n, alice])).toBeGreaterThan(0n);
    expect(await read<bigint>(fund, F, 'claimableRedeemRequest', [0n, alice])).toBeGreaterThan(0n);
    await send(alice, fund, F, 'redeem', [await read<bigint>(fund, F, 'claimableRedeemRequest', [0n, alice]), alice, alice]);
    // New money in the next epoch fills more of the queue.
    await send(carol, fund, F, 'requestDeposit', [parseEther('2'), carol, carol], parseEther('2'));
    await settle(erin);
    // The bought battery (never charged) is decommissioned: its remaining book value is written off.
    await send(admin, vpp, V, 'decommissionBattery', [4n]);
    // Last: a fund event (the books are compared at the final block).
    await send(dave, fund, F, 'redeem', [await read<bigint>(fund, F, 'claimableRedeemRequest', [0n, dave]), dave, dave]);
  });

  it('keeps the NAV components and the fund views exactly, now and at a past block', async () => {
    const at = await indexed();
    for (const status of host!.status()) expect(status.error).toBeUndefined();
    const { fund } = await gql<{ fund: Record<string, unknown> }>(`{ fund(id: "fund") { address ${FUND_FIELDS} } }`);
    expect(fund.address).toBe(c().energyInvestmentFund.toLowerCase());
    const { address: _a, ...rest } = fund;
    expect(stringify(rest)).toEqual(await fundViews(at));

    // time travel: just after the settlement that ran the distributions
    const n = marks.afterSettle2!;
    const { fund: then } = await gql<{ fund: Record<string, unknown> }>(
      `query($n: Int!) { fund(id: "fund", block: { number: $n }) { ${FUND_FIELDS} } }`,
      { n: Number(n) },
    );
    expect(stringify(then)).toEqual(await fundViews(n));
    expect(BigInt(then.totalDividendsDeclared as string)).toBeGreaterThan(0n);
    // and just after the settlement that filled redemptions pro-rata with a depreciated battery on the book
    const m = marks.afterFill!;
    const { fund: filled } = await gql<{ fund: Record<string, unknown> }>(
      `query($n: Int!) { fund(id: "fund", block: { number: $n }) { ${FUND_FIELDS} } }`,
      { n: Number(m) },
    );
    expect(stringify(filled)).toEqual(await fundViews(m));
    expect(BigInt(filled.batteryBookValue as string)).toBeGreaterThan(0n);
    expect(BigInt(filled.batteryBookValue as string)).toBeLessThan(parseEther('5'));
  });

  it('mirrors every account: balances, requests, claimable amounts and dividend balances', async () => {
    const at = await indexed();
    const fund = c().energyInvestmentFund;
    const { investors } = await gql<{ investors: Record<string, string>[] }>(`{ investors(first: 1000) { id ${INVESTOR_FIELDS} } }`);
    const transfers = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'Transfer', fromBlock: 0n, toBlock: at });
    const requests = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'DepositRequest', fromBlock: 0n, toBlock: at });
    const accountsSeen = new Set(
      [...transfers.flatMap((t) => [t.args.from!, t.args.to!]), ...requests.map((r) => r.args.controller!)]
        .filter((a) => BigInt(a) !== 0n && a.toLowerCase() !== fund.toLowerCase())
        .map((a) => a.toLowerCase()),
    );
    const ids = new Set(investors.map((i) => i.id));
    for (const a of accountsSeen) expect(ids.has(a), `investor ${a}`).toBe(true);
    for (const inv of investors) {
      const { id, ...fields } = inv;
      expect(fields, `account ${id}`).toEqual(await investorViews(id as Address, at));
    }

    // the same at the block right after the distributions ran
    const n = marks.afterSettle2!;
    const { investors: then } = await gql<{ investors: Record<string, string>[] }>(
      `query($n: Int!) { investors(first: 1000, block: { number: $n }) { id ${INVESTOR_FIELDS} } }`,
      { n: Number(n) },
    );
    let paid = 0;
    let escrowed = 0;
    for (const inv of then) {
      const { id, ...fields } = inv;
      expect(fields, `account ${id} at ${n}`).toEqual(await investorViews(id as Address, n));
      if (BigInt(fields.dividendsWithdrawable!) > 0n) paid++;
      if (BigInt(fields.dividendsEscrowed!) > 0n) escrowed++;
    }
    expect(paid).toBeGreaterThanOrEqual(3);
    expect(escrowed).toBe(2); // Carol's and half of Bob's unclaimed deposit shares earned their part

    const { fund: counts } = await gql<{ fund: { holderCount: string; investorCount: string } }>(`{ fund(id: "fund") { holderCount investorCount } }`);
    expect(counts.holderCount).toBe(String(investors.filter((i) => BigInt(i.shares!) > 0n).length));
    expect(counts.investorCount).toBe(String(new Set(requests.map((r) => r.args.controller!.toLowerCase())).size));
  });

  it('records epochs, requests and their lifecycles like epochInfo and the logs', async () => {
    const at = await indexed();
    const fund = c().energyInvestmentFund;
    const [alice, bob, carol, dave, erin] = [3, 4, 5, 6, 8].map((i) => accounts[i]!.toLowerCase()) as [string, string, string, string, string];
    const { epoches: epochs } = await gql<{ epoches: Record<string, unknown>[] }>(`{ epoches(first: 100, orderBy: epoch) {
      epoch open closesAt nav supply sharePrice depositAssets depositShares depositsRefused refusedAssets depositMdps
      depositAssetsLeft depositSharesLeft
      redeemRequested redeemFilled redeemAssets redeemQueued settledRedeemSharesFilled settledRedeemAssetsPaid
      settledRedeemSharesQueued navAfter distributions { status capitalReturn } } }`);
    const settledLogs = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'EpochSettled', fromBlock: 0n, toBlock: at });
    const current = await read<bigint>(fund, F, 'currentEpoch', [], at);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: Number(current) }, (_, i) => String(i + 1)));
    const genesis = (await read<bigint>(fund, F, 'nextEpochAt', [], at)) - current * DEPLOY_OPTIONS.epochSeconds;
    for (const e of epochs) {
      const n = BigInt(e.epoch as string);
      const info = await read<Record<string, bigint | boolean>>(fund, F, 'epochInfo', [n], at);
      expect(e.closesAt).toBe(String(genesis + n * DEPLOY_OPTIONS.epochSeconds));
      expect(e).toMatchObject({
        depositAssets: String(info.depositAssets),
        depositShares: String(info.depositShares),
        depositsRefused: info.depositsRefused,
        depositMdps: String(info.mdps),
        depositAssetsLeft: String(info.depositAssetsLeft),
        depositSharesLeft: String(info.depositSharesLeft),
        redeemRequested: String(info.redeemShares),
        redeemFilled: String(info.redeemFilled),
        redeemAssets: String(info.redeemAssets),
        redeemQueued: String((info.redeemShares as bigint) - (info.redeemFilled as bigint)),
      });
      const log = settledLogs.find((l) => l.args.epoch === n);
      expect(e.open).toBe(log === undefined);
      if (log) {
        const a = log.args;
        expect(e).toMatchObject({
          nav: String(a.nav), supply: String(a.supply),
          sharePrice: String((10n ** 18n * (a.nav! + 1n)) / (a.supply! + 1n)),
          settledRedeemSharesFilled: String(a.redeemSharesFilled), settledRedeemAssetsPaid: String(a.redeemAssetsPaid),
          settledRedeemSharesQueued: String(a.redeemSharesQueued),
        });
        expect(e.navAfter).not.toBeNull();
      }
    }
    const refused = epochs.filter((e) => e.depositsRefused);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.refusedAssets).toBe('1');
    expect(epochs[1]!.distributions).toEqual(expect.arrayContaining([
      { status: 'Executed', capitalReturn: false }, { status: 'Executed', capitalReturn: true },
    ]));
    expect(epochs[2]!.distributions).toEqual([{ status: 'Canceled', capitalReturn: false }]);
    expect(epochs.flatMap((e) => e.distributions as { status: string }[]).filter((x) => x.status === 'Skipped')).toHaveLength(1);

    const { depositRequests, redeemRequests } = await gql<{
      depositRequests: { id: string; status: string; assets: string; shares: string; claimedShares: string; canceledAssets: string; entries: unknown[] }[];
      redeemRequests: { id: string; status: string; shares: string; filledShares: string; claimedShares: string; queuedShares: string; canceledShares: string }[];
    }>(`{ depositRequests(first: 100) { id status assets shares claimedShares canceledAssets entries { assets } }
          redeemRequests(first: 100) { id status shares filledShares claimedShares queuedShares canceledShares } }`);
    const dr = (who: string, e: number) => depositRequests.find((r) => r.id === `${who}-${e}`)!;
    const rr = (who: string, e: number) => redeemRequests.find((r) => r.id === `${who}-${e}`)!;
    expect(dr(alice, 1)).toMatchObject({ status: 'Claimed', assets: String(parseEther('10')), shares: String(parseEther('10')) });
    expect(dr(bob, 1)).toMatchObject({ status: 'Claimed' });
    expect(dr(carol, 1)).toMatchObject({ status: 'Claimable', assets: String(parseEther('2')) });
    expect(dr(carol, 1).entries).toHaveLength(2);
    expect(dr(dave, 1)).toMatchObject({ status: 'Canceled', assets: '0', canceledAssets: String(parseEther('2')) });
    expect(dr(erin, 2)).toMatchObject({ status: 'Canceled', canceledAssets: '1' });
    expect(dr(dave, 3)).toMatchObject({ status: 'Claimed' });
    // Claimable shares left across a controller's requests = its claimableDepositShares.
    const carolLeft = depositRequests.filter((r) => r.id.startsWith(carol) && r.status === 'Claimable')
      .reduce((s, r) => s + BigInt(r.shares) - BigInt(r.claimedShares), 0n);
    expect(carolLeft).toBe(await read<bigint>(fund, F, 'claimableDepositShares', [carol], at));
    // Each controller gets floor(assets * shares / assets) of its epoch; the rounding remainder of an epoch is burnt
    // when its last request is folded (Fund.escrowedDepositShares above follows it): the story has one.
    const remainders = epochs.filter((e) => BigInt(e.depositAssets as string) > 0n && e.depositAssetsLeft === '0').map((e) => {
      const mine = depositRequests.filter((r) => r.id.endsWith(`-${e.epoch}`) && r.status !== 'Canceled');
      return BigInt(e.depositShares as string) - mine.reduce((sum, r) => sum + BigInt(r.shares), 0n);
    });
    expect(remainders.some((x) => x > 0n)).toBe(true);
    expect(rr(bob, 2)).toMatchObject({ status: 'Claimed', shares: String(parseEther('1')), filledShares: String(parseEther('1')) });
    expect(rr(alice, 2)).toMatchObject({ status: 'Canceled', shares: '0', canceledShares: String(parseEther('1')) });
    for (const r of redeemRequests.filter((x) => x.status !== 'Canceled' && x.status !== 'Claimed')) {
      const who = r.id.split('-')[0] as Address;
      expect(r.queuedShares, r.id).toBe(String(await read<bigint>(fund, F, 'pendingRedeemRequest', [0n, who], at)));
    }
    // Right after the settlement that could not pay every redemption: filled pro-rata, the rest queued.
    const m = marks.afterFill!;
    const { redeemRequests: then } = await gql<{ redeemRequests: { id: string; status: string; filledShares: string; queuedShares: string }[] }>(
      `query($n: Int!) { redeemRequests(first: 100, block: { number: $n }, where: { status_in: [PartiallyFilled, Queued] }) { id status filledShares queuedShares } }`,
      { n: Number(m) },
    );
    expect(then.map((r) => r.id.split('-')[0]).sort()).toEqual([alice, bob, dave].sort());
    for (const r of then) {
      const who = r.id.split('-')[0] as Address;
      expect(r.status).toBe('PartiallyFilled');
      expect(r.queuedShares).toBe(String(await read<bigint>(fund, F, 'pendingRedeemRequest', [0n, who], m)));
      expect(BigInt(r.queuedShares)).toBeGreaterThan(0n);
      // the next settlement filled more of it
      expect(BigInt(redeemRequests.find((x) => x.id === r.id)!.filledShares)).toBeGreaterThan(BigInt(r.filledShares));
    }
  });

  it('records distributions, dividends and claims like the logs', async () => {
    const at = await indexed();
    const fund = c().energyInvestmentFund;
    const declared = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'DividendDeclared', fromBlock: 0n, toBlock: at });
    const { dividends, dividendClaims } = await gql<{ dividends: Record<string, unknown>[]; dividendClaims: { amount: string }[] }>(`{
      dividends(orderBy: dividendId) { dividendId amount capitalReturn basisPoints eligibleShares magnifiedDividendPerShare declaredBy
        epoch { epoch settlementTransaction } distribution { status } }
      dividendClaims(first: 100) { amount } }`);
    expect(dividends).toHaveLength(declared.length);
    for (const [i, log] of declared.entries()) {
      const a = log.args;
      expect(dividends[i]).toMatchObject({
        dividendId: String(a.dividendId), amount: String(a.amount), capitalReturn: a.capitalReturn, basisPoints: a.basisPoints,
        eligibleShares: String(a.eligibleShares), magnifiedDividendPerShare: String(a.magnifiedDividendPerShare),
        declaredBy: a.declaredBy!.toLowerCase(), distribution: { status: 'Executed' },
        epoch: { settlementTransaction: log.transactionHash },
      });
    }
    expect(dividends.find((x) => !x.capitalReturn)!.basisPoints).toBe(4_000);
    const withdrawn = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'DividendWithdrawn', fromBlock: 0n, toBlock: at });
    expect(dividendClaims.map((x) => x.amount).sort()).toEqual(withdrawn.map((w) => String(w.args.amount)).sort());
  });

  it('tracks purchases, grants and batteries with their book, inventory and profile', async () => {
    const at = await indexed();
    const fund = c().energyInvestmentFund;
    const trader = c().energyTrader;
    const vendorAddress = accounts[7]!.toLowerCase();
    const { purchaseProposals, vendors, purchasers, batteries, batteryWriteOffs } = await gql<{
      purchaseProposals: Record<string, unknown>[];
      vendors: Record<string, unknown>[];
      purchasers: Record<string, unknown>[];
      batteries: Record<string, unknown>[];
      batteryWriteOffs: { battery: { id: string }; remainingBookValue: string }[];
    }>(`{
      purchaseProposals(orderBy: proposalId) { proposalId status price lifeEpochs eta battery { id } purchase { price } canceledBy }
      vendors { id granted allowedFrom balance totalSold totalWithdrawn changes(orderBy: blockNumber) { allowed } }
      purchasers { id granted effectiveFrom }
      batteries(first: 100, orderBy: batteryId) { id batteryId status stateOfChargeWh inventoryCost capacityWh active metadataURI
        tradeCount realisedProfit bookCost bookValue writtenOff writtenOffValue depreciationPerEpoch profile { id } purchase { price } }
      batteryWriteOffs { battery { id } remainingBookValue } }`);
    expect(purchaseProposals).toMatchObject([
      { proposalId: '1', status: 'Executed', price: String(parseEther('5')), lifeEpochs: '4', battery: { id: '4' }, purchase: { price: String(parseEther('5')) } },
      { proposalId: '2', status: 'Canceled', canceledBy: accounts[0]!.toLowerCase() },
    ]);
    for (const v of vendors) {
      expect(v.allowedFrom ?? '0', `vendor ${v.id}`).toBe(String(await read<bigint>(fund, F, 'vendorAllowedAt', [v.id], at)));
      expect(v.balance).toBe(String(await read<bigint>(fund, F, 'vendorBalanceOf', [v.id], at)));
    }
    expect(vendors.find((v) => v.id === vendorAddress)).toMatchObject({ granted: true, totalSold: String(parseEther('5')), totalWithdrawn: String(parseEther('5')) });
    expect(vendors.find((v) => v.id === accounts[6]!.toLowerCase())).toMatchObject({ granted: false, allowedFrom: null, changes: [{ allowed: true }, { allowed: false }] });
    for (const p of purchasers) expect(p.effectiveFrom).toBe(String(await read<bigint>(fund, F, 'purchaserAt', [p.id], at)));

    const trades = await pub.getContractEvents({ address: trader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n, toBlock: at });
    expect(batteries).toHaveLength(4);
    let sumInventory = 0n;
    let sumRealised = 0n;
    for (const b of batteries) {
      const id = BigInt(b.batteryId as string);
      const chain = await read<{ capacityWh: bigint; status: number }>(c().virtualPowerPlant, V, 'battery', [id], at);
      const state = await read<{ stateOfChargeWh: bigint; inventoryCost: bigint; profileId: number }>(trader, T, 'batteryState', [id], at);
      expect(b.status).toBe(STATUS[chain.status]);
      expect(b.capacityWh).toBe(String(chain.capacityWh));
      expect(b.stateOfChargeWh, `SoC of ${id}`).toBe(String(state.stateOfChargeWh));
      expect(b.inventoryCost, `inventory of ${id}`).toBe(String(state.inventoryCost));
      expect(b.profile ? Number((b.profile as { id: string }).id) : 0).toBe(Number(await read<number>(trader, T, 'batteryProfile', [id], at)));
      expect(b.bookValue, `book of ${id}`).toBe(String(await read<bigint>(fund, F, 'batteryBookValue', [id], at)));
      expect(b.tradeCount).toBe(String(trades.filter((t) => t.args.batteryId === id).length));
      sumInventory += BigInt(b.inventoryCost as string);
      sumRealised += BigInt(b.realisedProfit as string);
    }
    expect(sumInventory).toBe(await read<bigint>(fund, F, 'storedEnergyValue', [], at));
    expect(sumRealised).toBe(await read<bigint>(fund, F, 'realisedProfit', [], at));
    expect(batteries.some((b) => BigInt(b.inventoryCost as string) !== 0n)).toBe(true);
    // the bought battery: depreciated for at least one epoch period, then the rest written off
    const bought = batteries[3]!;
    const writtenOff = await pub.getContractEvents({ address: fund, abi: energyInvestmentFundAbi, eventName: 'BatteryWrittenOff', fromBlock: 0n, toBlock: at });
    expect(writtenOff).toHaveLength(1);
    expect(bought).toMatchObject({ status: 'Decommissioned', writtenOff: true, bookValue: '0', bookCost: String(parseEther('5')),
      depreciationPerEpoch: String(parseEther('5') / 4n), writtenOffValue: String(writtenOff[0]!.args.remainingBookValue) });
    expect(writtenOff[0]!.args.remainingBookValue!).toBeLessThan(parseEther('5'));
    expect(batteryWriteOffs).toEqual([{ battery: { id: '4' }, remainingBookValue: String(writtenOff[0]!.args.remainingBookValue) }]);
  });

  it('records every trade (paging with id_gt) with ThresholdSource, and skips with their reasons', async () => {
    const at = await indexed();
    const logs = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n, toBlock: at });
    const byId = new Map(logs.map((l) => [logId(l.transactionHash, l.logIndex), l]));
    const seen: Record<string, unknown>[] = [];
    let last = '0x';
    for (;;) {
      const { trades } = await gql<{ trades: Record<string, unknown>[] }>(
        `query($last: Bytes!) { trades(first: 5, orderBy: id, where: { id_gt: $last }) {
          id battery { id } interval action energyWh storedDeltaWh price value stateOfChargeWh roundId thresholdSource
          inventoryCostDelta realisedProfit priceRound { price } } }`,
        { last },
      );
      seen.push(...trades);
      if (trades.length < 5) break;
      last = trades[trades.length - 1]!.id as string;
    }
    expect(seen).toHaveLength(logs.length);
    for (const t of seen) {
      const log = byId.get(t.id as string);
      expect(log, `trade ${t.id}`).toBeDefined();
      const a = log!.args;
      expect(t).toMatchObject({
        battery: { id: String(a.batteryId) }, interval: String(a.interval), action: ACTIONS[a.action!],
        energyWh: String(a.energyWh), storedDeltaWh: String(a.storedDeltaWh), price: String(a.price), value: String(a.value),
        stateOfChargeWh: String(a.stateOfChargeWh), roundId: String(a.roundId), thresholdSource: SOURCES[a.thresholds!],
        priceRound: { price: String(a.price) },
      });
    }
    const sources = new Set(seen.map((t) => t.thresholdSource));
    expect(sources).toEqual(new Set(['Static', 'TableBuffer0', 'TableBuffer1', 'StaticFallback']));
    expect(seen.some((t) => BigInt(t.price as string) < 0n && t.action === 'Charge' && BigInt(t.value as string) > 0n)).toBe(true);

    const skipLogs = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'DispatchSkipped', fromBlock: 0n, toBlock: at });
    const { dispatchSkips, fund } = await gql<{ dispatchSkips: { reason: string; battery: { id: string } }[]; fund: Record<string, string> }>(
      `{ dispatchSkips(first: 100, orderBy: blockNumber) { reason battery { id } }
         fund(id: "fund") { tradeCount skipCount chargeCount dischargeCount idleCount tradeRevenue tradeCost } }`,
    );
    expect(dispatchSkips.map((s) => s.reason).sort()).toEqual(skipLogs.map((s) => SKIPS[s.args.reason!]).sort());
    expect(new Set(dispatchSkips.map((s) => s.reason))).toEqual(new Set(['AlreadyDispatched', 'NotActive', 'InsufficientMarketBalance']));
    expect(fund.tradeCount).toBe(String(logs.length));
    expect(fund.skipCount).toBe(String(skipLogs.length));
    for (const [i, action] of ACTIONS.entries()) {
      const n = logs.filter((t) => t.args.action === i).length;
      expect(n, action).toBeGreaterThan(0);
      expect(fund[`${action.toLowerCase()}Count`]).toBe(String(n));
    }
    const batches = await pub.getContractEvents({ address: c().energyInvestmentFund, abi: energyInvestmentFundAbi, eventName: 'BatchSettled', fromBlock: 0n, toBlock: at });
    const net = logs.reduce((s, l) => s + l.args.value!, 0n);
    expect(BigInt(fund.tradeRevenue!) - BigInt(fund.tradeCost!)).toBe(net);
    expect(batches.reduce((s, b) => s + b.args.cash!, 0n)).toBe(net);
  });

  it('indexes the strategy book: profiles, table buffers, publications, block updates and assignments', async () => {
    const at = await indexed();
    const trader = c().energyTrader;
    const { strategyProfiles, tablePublications, blocksUpdates, batteryProfileAssignments } = await gql<{
      strategyProfiles: Record<string, unknown>[];
      tablePublications: Record<string, unknown>[];
      blocksUpdates: Record<string, unknown>[];
      batteryProfileAssignments: Record<string, unknown>[];
    }>(`{
      strategyProfiles(orderBy: profileId) { profileId strategist durationMinutes roundTripEfficiencyBps batteryCount
        tablePublicationCount blocksUpdateCount batteries { id } strategistChanges { strategist }
        buffer0 { effectiveFrom validUntil unitWei blocksHash blocksUpdatedSincePublication }
        buffer1 { effectiveFrom validUntil unitWei blocksHash blocksUpdatedSincePublication } }
      tablePublications(orderBy: blockNumber) { id profile { id } buffer effectiveFrom validUntil unitWei blocksHash by }
      blocksUpdates { profile { id } buffer firstBlock count validUntil blocksHash }
      batteryProfileAssignments(orderBy: blockNumber) { battery { id } profileId previousProfileId } }`);
    expect(await read<number>(trader, T, 'profileCount', [], at)).toBe(2);
    expect(strategyProfiles).toHaveLength(2);
    const strategist = accounts[2]!.toLowerCase();
    for (const p of strategyProfiles) {
      const id = Number(p.profileId);
      const chain = await read<{ strategist: Address; durationMinutes: number; roundTripEfficiencyBps: number }>(trader, T, 'profile', [id], at);
      expect(p).toMatchObject({ strategist: chain.strategist.toLowerCase(), durationMinutes: chain.durationMinutes, roundTripEfficiencyBps: chain.roundTripEfficiencyBps, batteryCount: '1' });
      expect(p.strategist).toBe(strategist);
    }
    expect(strategyProfiles[1]!.strategistChanges).toEqual([{ strategist }]);
    const published = await pub.getContractEvents({ address: trader, abi: energyTraderAbi, eventName: 'TablePublished', fromBlock: 0n, toBlock: at });
    const updated = await pub.getContractEvents({ address: trader, abi: energyTraderAbi, eventName: 'BlocksUpdated', fromBlock: 0n, toBlock: at });
    expect(published.map((l) => l.args.buffer)).toEqual([0, 1]);
    expect(strategyProfiles[0]).toMatchObject({ tablePublicationCount: '2', blocksUpdateCount: '1' });
    for (const b of [0, 1]) {
      const view = await read<{ effectiveFrom: number; validUntil: number; unitWei: bigint }>(trader, T, 'tableBuffer', [1, b], at);
      expect(strategyProfiles[0]![`buffer${b}`]).toEqual({
        effectiveFrom: String(view.effectiveFrom), validUntil: String(view.validUntil), unitWei: String(view.unitWei),
        blocksHash: published[b]!.args.blocksHash, blocksUpdatedSincePublication: b === 0 ? '2' : '0',
      });
    }
    expect(strategyProfiles[1]).toMatchObject({ tablePublicationCount: '0', buffer0: null, buffer1: null });
    expect(tablePublications).toEqual(published.map((l) => ({ id: logId(l.transactionHash, l.logIndex), profile: { id: '1' }, buffer: l.args.buffer,
      effectiveFrom: String(l.args.effectiveFrom), validUntil: String(l.args.validUntil), unitWei: String(l.args.unitWei),
      blocksHash: l.args.blocksHash, by: strategist })));
    expect(blocksUpdates).toEqual([{ profile: { id: '1' }, buffer: 0, firstBlock: 0, count: 2,
      validUntil: String(updated[0]!.args.validUntil), blocksHash: updated[0]!.args.blocksHash }]);
    expect(batteryProfileAssignments).toEqual([
      { battery: { id: '1' }, profileId: '1', previousProfileId: '0' },
      { battery: { id: '2' }, profileId: '2', previousProfileId: '0' },
    ]);
  });

  it('tracks the plant, timelocked trader changes, admins and ownership', async () => {
    const at = await indexed();
    const vpp = c().virtualPowerPlant;
    const { plant, admins, traderChangeProposals, traderAddressChanges, intervalScheduleChanges } = await gql<{
      plant: Record<string, unknown>;
      admins: { id: string }[];
      traderChangeProposals: { kind: string; status: string; target: string; canceledBy: string | null }[];
      traderAddressChanges: { kind: string; proposal: { status: string } | null }[];
      intervalScheduleChanges: { intervalSeconds: string; effectiveAt: string; firstInterval: string }[];
    }>(`{
      plant(id: "plant") { address owner pendingOwner paused adminCount batteryCount fleetSize activeBatteryCount
        decommissionedBatteryCount purchasedBatteryCount fundAddress traderAddress priceOracleAddress gridMarketAddress
        intervalSeconds maxBatchSize intervalScheduleSeconds latestPrice priceRoundCount profileCount
        pendingPriceOracle { id } pendingGridMarket { id } }
      admins(first: 100, where: { active: true }) { id }
      traderChangeProposals(orderBy: proposedAtBlock) { kind status target canceledBy }
      traderAddressChanges(orderBy: blockNumber) { kind proposal { status } }
      intervalScheduleChanges { intervalSeconds effectiveAt firstInterval } }`);
    expect(plant).toMatchObject({
      address: vpp.toLowerCase(), owner: accounts[9]!.toLowerCase(), pendingOwner: null, paused: false,
      adminCount: String(await read<bigint>(vpp, V, 'adminCount', [], at)),
      batteryCount: '4', fleetSize: String(await read<bigint>(vpp, V, 'fleetSize', [], at)), activeBatteryCount: '2',
      decommissionedBatteryCount: '2', purchasedBatteryCount: '1', fundAddress: c().energyInvestmentFund.toLowerCase(),
      traderAddress: c().energyTrader.toLowerCase(), gridMarketAddress: c().gridMarket.toLowerCase(),
      intervalSeconds: '600', intervalScheduleSeconds: '600', maxBatchSize: '20', profileCount: '2',
      latestPrice: String(3n * ETH_PER_MWH), pendingPriceOracle: null, pendingGridMarket: null,
      priceRoundCount: String(await read<bigint>(c().energyPriceOracle, O, 'latestRound', [], at)),
    });
    expect(admins.map((a) => a.id).sort()).toEqual((await read<Address[]>(vpp, V, 'admins', [], at)).map((a) => a.toLowerCase()).sort());
    expect(traderChangeProposals).toEqual([
      { kind: 'PriceOracle', status: 'Canceled', target: c().energyPriceOracle.toLowerCase(), canceledBy: accounts[1]!.toLowerCase() },
      { kind: 'GridMarket', status: 'Executed', target: c().gridMarket.toLowerCase(), canceledBy: null },
    ]);
    // deployment (both addresses, no proposal), then the executed market proposal
    expect(traderAddressChanges).toHaveLength(3);
    expect(traderAddressChanges.slice(0, 2).map((x) => x.kind).sort()).toEqual(['GridMarket', 'PriceOracle']);
    expect(traderAddressChanges[2]).toEqual({ kind: 'GridMarket', proposal: { status: 'Executed' } });
    const schedule = await pub.getContractEvents({ address: c().energyTrader, abi: energyTraderAbi, eventName: 'IntervalScheduleChanged', fromBlock: 0n, toBlock: at });
    expect(intervalScheduleChanges).toEqual(schedule.map((s) => ({ intervalSeconds: String(s.args.intervalSeconds), effectiveAt: String(s.args.effectiveAt), firstInterval: String(s.args.firstInterval) })));
    expect(schedule).toHaveLength(1);
    const { plant: then } = await gql<{ plant: { pendingOwner: string | null } }>(
      `query($n: Int!) { plant(id: "plant", block: { number: $n }) { pendingOwner } }`,
      { n: Number(marks.pendingOwner!) },
    );
    expect(then.pendingOwner).toBe(accounts[9]!.toLowerCase());
  });

  it('keeps daily snapshots of the fund, batteries and investors', async () => {
    const at = await indexed();
    const fund = c().energyInvestmentFund;
    const { fundDaySnapshots, batteryDaySnapshots, investorDaySnapshots, fund: f } = await gql<{
      fundDaySnapshots: Record<string, string>[];
      batteryDaySnapshots: Record<string, string>[];
      investorDaySnapshots: Record<string, string>[];
      fund: { tradeCount: string; epochCount: string };
    }>(`{
      fundDaySnapshots(orderBy: dayIndex, orderDirection: desc) { dayIndex totalSupply nav freeCash storedEnergyValue
        batteryBookValue owed realisedProfit currentEpoch tradeCountDay epochsSettledDay depositRequestedDay priceHigh priceLow }
      batteryDaySnapshots(where: { battery: "1" }, orderBy: dayIndex, orderDirection: desc) { stateOfChargeWh inventoryCost }
      investorDaySnapshots(where: { investor: "${accounts[5]!.toLowerCase()}" }, orderBy: dayIndex, orderDirection: desc) { dividendsEscrowed claimableDepositShares }
      fund(id: "fund") { tradeCount epochCount } }`);
    const views = await fundViews(at);
    expect(fundDaySnapshots[0]).toMatchObject({
      totalSupply: views.totalSupply, nav: views.nav, freeCash: views.freeCash, storedEnergyValue: views.storedEnergyValue,
      batteryBookValue: views.batteryBookValue, owed: views.owed, realisedProfit: views.realisedProfit, currentEpoch: views.currentEpoch,
    });
    expect(String(fundDaySnapshots.reduce((s, x) => s + BigInt(x.tradeCountDay!), 0n))).toBe(f.tradeCount);
    expect(String(fundDaySnapshots.reduce((s, x) => s + BigInt(x.epochsSettledDay!), 0n))).toBe(f.epochCount);
    const state = await read<{ stateOfChargeWh: bigint; inventoryCost: bigint }>(c().energyTrader, T, 'batteryState', [1n], at);
    expect(batteryDaySnapshots[0]).toEqual({ stateOfChargeWh: String(state.stateOfChargeWh), inventoryCost: String(state.inventoryCost) });
    expect(investorDaySnapshots[0]).toEqual({
      dividendsEscrowed: String(await read<bigint>(fund, F, 'escrowedDividendOf', [accounts[5]!], at)),
      claimableDepositShares: String(await read<bigint>(fund, F, 'claimableDepositShares', [accounts[5]!], at)),
    });
  });
});
