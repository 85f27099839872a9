/**
 * Configuration of the examples, from environment variables. With nothing set, everything points at the local
 * stack (`pnpm dev`): anvil on 127.0.0.1:8545, the graph host on 127.0.0.1:8000 and the deployments file that
 * `pnpm dev` / `01-deploy.ts` write. Point the same scripts at any network by setting:
 *
 *   RPC_URL              JSON-RPC endpoint                         (default http://127.0.0.1:8545)
 *   DEPLOYMENT           deployments JSON file                     (default packages/contracts/deployments/<chainId>.json,
 *                                                                   31337 on the local stack)
 *   SUBGRAPH_URL         GraphQL endpoint of the vpp subgraph      (default http://127.0.0.1:8000/subgraphs/name/vpp)
 *   PRIVATE_KEY          owner / deployer key                      (default anvil account 0, local chains only)
 *   ADMIN_PRIVATE_KEY    fleet admin key                           (default anvil account 1)
 *   OPERATOR_PRIVATE_KEY price reporter and dispatcher             (default anvil account 2)
 *   VENDOR_PRIVATE_KEY   battery vendor                            (default anvil account 3)
 *   INVESTOR_PRIVATE_KEYS comma-separated investor keys            (default anvil accounts 4, 5, 6)
 *   AUD_PER_ETH          fixed exchange rate for the AEMO prices   (default 4000; decimals allowed, e.g. 4012.35)
 *   AEMO_DAY             AEMO day JSON file                        (default data/aemo-vic1/2024-02-13.json)
 *   INTERVALS            how many 5-minute intervals 04 trades      (default: the whole day, 288)
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';

/** Root of the monorepo (apps/examples/src/lib -> ../../../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const examplesRoot = join(repoRoot, 'apps', 'examples');

/** The chain id of anvil (and hardhat): the examples treat it as a local chain they may time-travel on. */
export const LOCAL_CHAIN_ID = 31337;

/**
 * Anvil's well-known default accounts ("test test … junk" mnemonic). Public knowledge: never use them on a real
 * network. The examples give them names so that the story reads well.
 */
export const ANVIL_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
] as const satisfies readonly Hex[];

export const INVESTOR_NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank'] as const;

export interface ExampleKeys {
  owner: Hex;
  admin: Hex;
  operator: Hex;
  vendor: Hex;
  investors: Hex[];
}

export interface ExampleConfig {
  rpcUrl: string;
  /** Explicit deployments file, or null: packages/contracts/deployments/<chainId>.json. */
  deploymentPath: string | null;
  subgraphUrl: string;
  /** Keys given in the environment; missing ones fall back to anvil's on local chains only. */
  keys: Partial<Omit<ExampleKeys, 'investors'>> & { investors?: Hex[] };
  /** AUD cents per ether: the fixed rate the AEMO prices are converted with (integer maths). */
  audCentsPerEth: bigint;
  aemoDayPath: string;
  /** Number of intervals 04 trades (null: all). */
  intervals: number | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function key(value: string | undefined, name: string): Hex | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.startsWith('0x') ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(v)) throw new ConfigError(`${name} must be a 32-byte hex private key`);
  return v as Hex;
}

/** Parses "4000" or "4012.35" (AUD per ETH) into integer AUD cents per ETH. */
export function parseAudPerEth(text: string): bigint {
  const m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) throw new ConfigError(`AUD_PER_ETH must be a positive number with at most 2 decimals, got "${text}"`);
  const cents = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
  if (cents <= 0n) throw new ConfigError('AUD_PER_ETH must be positive');
  return cents;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const investors = env.INVESTOR_PRIVATE_KEYS
    ? env.INVESTOR_PRIVATE_KEYS.split(',').map((k, i) => key(k.trim(), `INVESTOR_PRIVATE_KEYS[${i}]`)!)
    : undefined;
  const intervals = env.INTERVALS ? Number(env.INTERVALS) : null;
  if (intervals !== null && (!Number.isInteger(intervals) || intervals <= 0)) {
    throw new ConfigError('INTERVALS must be a positive integer');
  }
  return {
    rpcUrl: env.RPC_URL || 'http://127.0.0.1:8545',
    deploymentPath: env.DEPLOYMENT ? resolve(env.DEPLOYMENT) : null,
    subgraphUrl: env.SUBGRAPH_URL || 'http://127.0.0.1:8000/subgraphs/name/vpp',
    keys: {
      owner: key(env.PRIVATE_KEY, 'PRIVATE_KEY'),
      admin: key(env.ADMIN_PRIVATE_KEY, 'ADMIN_PRIVATE_KEY'),
      operator: key(env.OPERATOR_PRIVATE_KEY, 'OPERATOR_PRIVATE_KEY'),
      vendor: key(env.VENDOR_PRIVATE_KEY, 'VENDOR_PRIVATE_KEY'),
      ...(investors ? { investors } : {}),
    },
    audCentsPerEth: parseAudPerEth(env.AUD_PER_ETH || '4000'),
    aemoDayPath: env.AEMO_DAY ? resolve(env.AEMO_DAY) : join(repoRoot, 'data', 'aemo-vic1', '2024-02-13.json'),
    intervals,
  };
}

/** The keys to use on `chainId`: the configured ones, completed with anvil's on a local chain. */
export function resolveKeys(config: ExampleConfig, chainId: number): ExampleKeys {
  const local = chainId === LOCAL_CHAIN_ID;
  const pick = (k: Hex | undefined, fallback: Hex, name: string): Hex => {
    if (k) return k;
    if (local) return fallback;
    throw new ConfigError(`${name} is required on chain ${chainId} (anvil's keys are only used on local chains)`);
  };
  return {
    owner: pick(config.keys.owner, ANVIL_KEYS[0], 'PRIVATE_KEY'),
    admin: pick(config.keys.admin, ANVIL_KEYS[1], 'ADMIN_PRIVATE_KEY'),
    operator: pick(config.keys.operator, ANVIL_KEYS[2], 'OPERATOR_PRIVATE_KEY'),
    vendor: pick(config.keys.vendor, ANVIL_KEYS[3], 'VENDOR_PRIVATE_KEY'),
    investors:
      config.keys.investors ??
      (local
        ? [ANVIL_KEYS[4], ANVIL_KEYS[5], ANVIL_KEYS[6]]
        : (() => {
            throw new ConfigError(`INVESTOR_PRIVATE_KEYS is required on chain ${chainId}`);
          })()),
  };
}

/** The deployments file for `chainId`: $DEPLOYMENT, else packages/contracts/deployments/<chainId>.json. */
export function deploymentPathFor(config: ExampleConfig, chainId: number): string {
  return config.deploymentPath ?? join(repoRoot, 'packages', 'contracts', 'deployments', `${chainId}.json`);
}

export function requireFile(path: string, hint: string): string {
  if (!existsSync(path)) throw new ConfigError(`${path} not found: ${hint}`);
  return path;
}
