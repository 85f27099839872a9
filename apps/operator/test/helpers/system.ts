/**
 * A real local system for the operator's tests: anvil (its clock before the replayed day), the contracts
 * deployed from their artifacts, ether in the fund and the market, a small fleet, and the operator account
 * (anvil account 2) made a reporter of the oracle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseAbi,
  parseAbiItem,
  type AbiFunction,
  type Account,
  type Chain,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseEther,
  stringToHex,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { energyPriceOracleAbi, virtualPowerPlantAbi, type Deployment } from '@vpp/contracts';
import { codeHasFunction } from '../../src/chain.js';
import { Action, quote } from '@vpp/strategy';
import { ANVIL_PRIVATE_KEY_0, deploySystem, startAnvil, type AnvilInstance } from '@vpp/contracts/node';

export const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const DAY_CSV = join(repoRoot, 'data', 'aemo-vic1', 'PRICE_AND_DEMAND_20240213_VIC1.csv');
/** 2024-02-13 00:00 market time (UTC+10). */
export const DAY_START = Date.UTC(2024, 1, 13) / 1000 - 36_000;
export const OPERATOR_KEY: Hex = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
export const OPERATOR = privateKeyToAccount(OPERATOR_KEY).address;

export interface TestSystem {
  anvil: AnvilInstance;
  rpcUrl: string;
  deployment: Deployment;
  deploymentPath: string;
  dir: string;
  client: PublicClient;
  batteryIds: bigint[];
  /** The batteries as added (static thresholds), in id order. */
  fleet: BatteryInput[];
  stop(): Promise<void>;
}

export interface BatteryInput {
  capacityWh: bigint;
  powerW: bigint;
  efficiencyBps: number;
  chargeBelowWei: bigint;
  dischargeAboveWei: bigint;
}

/** 4000 AUD/ETH: 1 AUD/MWh = 0.00025 ETH/MWh. */
export const audWei = (aud: number) => (BigInt(Math.round(aud * 100)) * 10n ** 18n) / 400_000n;

export const DEFAULT_FLEET: BatteryInput[] = [
  { capacityWh: 13_500n, powerW: 5_000n, efficiencyBps: 9_000, chargeBelowWei: audWei(20), dischargeAboveWei: audWei(150) },
  { capacityWh: 500_000n, powerW: 250_000n, efficiencyBps: 8_800, chargeBelowWei: audWei(10), dischargeAboveWei: audWei(200) },
  { capacityWh: 2_000_000n, powerW: 1_000_000n, efficiencyBps: 8_500, chargeBelowWei: audWei(0), dischargeAboveWei: audWei(1000) },
];

/** Fund epoch length the test systems are deployed with, seconds. */
export const EPOCH_SECONDS = 3_600n;

const epochFundAbi = parseAbi([
  'function requestDeposit(uint256 assets, address controller, address owner) payable returns (uint256)',
  'function deposit(uint256 assets, address receiver, address controller) returns (uint256)',
  'function settleEpoch() returns (uint256)',
  'function nextEpochAt() view returns (uint256)',
  'function claimableDepositRequest(uint256 requestId, address controller) view returns (uint256)',
]);

/**
 * Puts ether into the fund: `invest()` on the original fund; on the epoch fund (ERC-7540 shape) a deposit
 * request, a jump to the epoch's end, its settlement and the claim.
 */
async function fundTheFund(client: PublicClient, owner: WalletClient<Transport, Chain, Account>, fund: Address, amount: bigint, ok: (h: Hex) => Promise<unknown>) {
  const code = (await client.getCode({ address: fund })) ?? '0x';
  if (codeHasFunction(code, parseAbiItem('function invest() payable returns (uint256)') as AbiFunction)) {
    await ok(await owner.writeContract({ address: fund, abi: parseAbi(['function invest() payable returns (uint256)']), functionName: 'invest', value: amount }));
    return;
  }
  const me = owner.account.address;
  await ok(await owner.writeContract({ address: fund, abi: epochFundAbi, functionName: 'requestDeposit', args: [amount, me, me], value: amount }));
  const due = await client.readContract({ address: fund, abi: epochFundAbi, functionName: 'nextEpochAt' });
  await client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [Number(due)] as never });
  await ok(await owner.writeContract({ address: fund, abi: epochFundAbi, functionName: 'settleEpoch' }));
  await ok(await owner.writeContract({ address: fund, abi: epochFundAbi, functionName: 'deposit', args: [amount, me, me] }));
}

export async function startSystem(options: { fleet?: BatteryInput[]; timestamp?: number } = {}): Promise<TestSystem> {
  // the epoch fund's VPP deploys fund and trader from its constructor: over the 48 KB initcode limit anvil enforces
  const anvil = await startAnvil({ timestamp: options.timestamp ?? DAY_START - 7_200 });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'vpp-operator-test-'));
    const deploymentPath = join(dir, 'deployment.json');
    // short fund epochs (the fund lane's option; ignored by older deployers) so tests see settlements
    const deployment = await deploySystem({ rpcUrl: anvil.rpcUrl, marketFundingWei: parseEther('1000'), ...({ epochSeconds: EPOCH_SECONDS } as object) });
    writeFileSync(deploymentPath, JSON.stringify(deployment, null, 2));
    const chain = defineChain({
      id: deployment.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    });
    const client = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 }) as PublicClient;
    const owner = createWalletClient({ account: privateKeyToAccount(ANVIL_PRIVATE_KEY_0), chain, transport: http(anvil.rpcUrl) }) as WalletClient<Transport, Chain, Account>;
    const ok = async (hash: Hex) => {
      const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (r.status !== 'success') throw new Error(`setup transaction ${hash} reverted`);
      return r;
    };
    const c = deployment.contracts;
    await ok(await owner.writeContract({ address: c.energyPriceOracle, abi: energyPriceOracleAbi, functionName: 'setReporter', args: [OPERATOR, true] }));
    await fundTheFund(client, owner, c.energyInvestmentFund, parseEther('100'), ok);
    const batteryIds: bigint[] = [];
    for (const [k, b] of (options.fleet ?? DEFAULT_FLEET).entries()) {
      const receipt = await ok(
        await owner.writeContract({
          address: c.virtualPowerPlant,
          abi: virtualPowerPlantAbi,
          functionName: 'addBattery',
          args: [
            {
              capacityWh: b.capacityWh,
              maxChargeW: b.powerW,
              maxDischargeW: b.powerW,
              roundTripEfficiencyBps: b.efficiencyBps,
              chargeBelowPrice: b.chargeBelowWei,
              dischargeAbovePrice: b.dischargeAboveWei,
              active: true,
              serial: stringToHex(`TEST-${k}`, { size: 32 }),
              metadataURI: '',
            },
          ],
        }),
      );
      if (receipt.logs.length === 0) throw new Error("addBattery emitted nothing");
      batteryIds.push(BigInt(k + 1));
    }
    return {
      anvil,
      rpcUrl: anvil.rpcUrl,
      deployment,
      deploymentPath,
      dir,
      client,
      batteryIds,
      fleet: options.fleet ?? DEFAULT_FLEET,
      stop: async () => {
        await anvil.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

/** The oracle's rounds (NewRound + AnswerUpdated) and the trader's Trade/DispatchSkipped events, from block 0. */
export async function chainEvents(system: TestSystem) {
  const { client, deployment } = system;
  const c = deployment.contracts;
  const { energyTraderAbi } = await import('@vpp/contracts');
  const rounds = await client.getContractEvents({ address: c.energyPriceOracle, abi: energyPriceOracleAbi, eventName: 'AnswerUpdated', fromBlock: 0n });
  const trades = await client.getContractEvents({ address: c.energyTrader, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n });
  const skipped = await client.getContractEvents({ address: c.energyTrader, abi: energyTraderAbi, eventName: 'DispatchSkipped', fromBlock: 0n });
  return {
    rounds: rounds.map((e) => ({ roundId: e.args.roundId!, price: e.args.current!, updatedAt: e.args.updatedAt!, interval: e.args.updatedAt! / 300n })),
    dispatches: [...trades, ...skipped].map((e) => ({ batteryId: e.args.batteryId!, interval: e.args.interval! })),
    /** Energy each Trade moved, Wh (the operator sends no dispatch that would move none). */
    tradedWh: trades.map((e) => e.args.energyWh!),
  };
}

/**
 * The (battery, interval) pairs whose decision moves energy when the fleet's static thresholds meet these rounds,
 * each battery replayed from empty with the chain's exact rule (@vpp/strategy's `quote`): exactly the dispatches
 * the operator must send, as `${batteryId}:${interval}`.
 */
export function movingDispatches(system: TestSystem, rounds: { interval: bigint; price: bigint }[]): Set<string> {
  const out = new Set<string>();
  for (const [k, b] of system.fleet.entries()) {
    let stateOfChargeWh = 0n;
    for (const r of rounds) {
      const q = quote(
        { capacityWh: b.capacityWh, maxChargeW: b.powerW, maxDischargeW: b.powerW, roundTripEfficiencyBps: BigInt(b.efficiencyBps), chargeBelowPrice: b.chargeBelowWei, dischargeAbovePrice: b.dischargeAboveWei, stateOfChargeWh },
        r.price,
        300,
      );
      if (q.action === Action.Idle || q.energyWh === 0n) continue;
      out.add(`${system.batteryIds[k]}:${r.interval}`);
      stateOfChargeWh = q.stateOfChargeAfterWh;
    }
  }
  return out;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

export type { Address };

const bookAbi = parseAbi([
  'function createProfile(address strategist, uint16 durationMinutes, uint16 roundTripEfficiencyBps) returns (uint32)',
  'function setBatteryProfile(uint256 batteryId, uint32 profileId)',
]);

/**
 * The owner creates strategy profile 1 (strategist: the operator) for batteries of one kind (hours of storage and
 * efficiency, as the trader checks) and puts the test batteries of that kind on it; returns the trader.
 */
export async function setUpProfile(system: TestSystem, durationMinutes = 120, efficiencyBps = 8_500): Promise<Address> {
  const book = system.deployment.contracts.energyTrader;
  const owner = createWalletClient({ account: privateKeyToAccount(ANVIL_PRIVATE_KEY_0), transport: http(system.rpcUrl) });
  const ok = async (hash: Hex) => {
    const r = await system.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (r.status !== 'success') throw new Error(`profile set-up transaction ${hash} reverted`);
  };
  await ok(await owner.writeContract({ chain: null, address: book, abi: bookAbi, functionName: 'createProfile', args: [OPERATOR, durationMinutes, efficiencyBps] }));
  for (const id of system.batteryIds) {
    const s = await system.client.readContract({ address: system.deployment.contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'dispatchState', args: [id] });
    if ((s.capacityWh * 60n) / s.maxDischargeW !== BigInt(durationMinutes) || s.roundTripEfficiencyBps !== efficiencyBps) continue;
    await ok(await owner.writeContract({ chain: null, address: book, abi: bookAbi, functionName: 'setBatteryProfile', args: [id, 1] }));
  }
  return book;
}
