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
import { energyInvestmentFundAbi, energyPriceOracleAbi, virtualPowerPlantAbi, type Deployment } from '@vpp/contracts';
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

export async function startSystem(options: { fleet?: BatteryInput[]; timestamp?: number } = {}): Promise<TestSystem> {
  const anvil = await startAnvil({ timestamp: options.timestamp ?? DAY_START - 7_200 });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'vpp-operator-test-'));
    const deploymentPath = join(dir, 'deployment.json');
    const deployment = await deploySystem({ rpcUrl: anvil.rpcUrl, marketFundingWei: parseEther('1000') });
    writeFileSync(deploymentPath, JSON.stringify(deployment, null, 2));
    const chain = defineChain({
      id: deployment.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    });
    const client = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 }) as PublicClient;
    const owner = createWalletClient({ account: privateKeyToAccount(ANVIL_PRIVATE_KEY_0), chain, transport: http(anvil.rpcUrl) });
    const ok = async (hash: Hex) => {
      const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (r.status !== 'success') throw new Error(`setup transaction ${hash} reverted`);
      return r;
    };
    const c = deployment.contracts;
    await ok(await owner.writeContract({ address: c.energyPriceOracle, abi: energyPriceOracleAbi, functionName: 'setReporter', args: [OPERATOR, true] }));
    await ok(await owner.writeContract({ address: c.energyInvestmentFund, abi: energyInvestmentFundAbi, functionName: 'invest', value: parseEther('100') }));
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
  };
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

export type { Address };
