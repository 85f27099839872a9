/**
 * The chain side: viem clients for one sender account, RPC calls wrapped in retries, the contracts of one
 * deployment, and feature detection for the functions other lanes are adding (table publishing on the trader or
 * a StrategyBook, epoch settlement on the fund): a job is enabled when the deployed bytecode has the function's
 * selector, with the ABI taken from @vpp/contracts' generated ABIs when they have it.
 */
import { readFileSync } from 'node:fs';
import * as contractAbis from '@vpp/contracts';
import {
  createPublicClient,
  getAddress,
  http,
  parseAbi,
  parseAbiItem,
  toFunctionSelector,
  type Abi,
  type AbiFunction,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { ConfigError, errorMessage } from './errors.js';
import { withRetry, type BackoffOptions } from './retry.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

export const { energyPriceOracleAbi, energyTraderAbi, virtualPowerPlantAbi, energyInvestmentFundAbi } = contractAbis;

export interface OperatorContracts {
  virtualPowerPlant: Address;
  energyTrader: Address;
  energyPriceOracle: Address;
  energyInvestmentFund: Address;
  /** Where publishTable/updateBlocks live (a StrategyBook, or the trader itself); default: the trader. */
  strategyBook: Address | null;
}

/** Reads a deployments file (script/Deploy.s.sol's shape; extra contract keys such as strategyBook are kept). */
export function readDeployment(path: string): { chainId: number; contracts: OperatorContracts } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`deployment file ${path}: ${errorMessage(error)}`);
  }
  return deploymentFromJson(json, path);
}

export function deploymentFromJson(json: Record<string, unknown>, where = 'deployment'): { chainId: number; contracts: OperatorContracts } {
  const c = (json.contracts ?? {}) as Record<string, unknown>;
  const addr = (k: string, required: boolean): Address | null => {
    const v = c[k];
    if (v === undefined || v === null) {
      if (required) throw new ConfigError(`${where}: contracts.${k} is missing`);
      return null;
    }
    try {
      return getAddress(String(v));
    } catch {
      throw new ConfigError(`${where}: contracts.${k} is not an address`);
    }
  };
  if (typeof json.chainId !== 'number') throw new ConfigError(`${where}: chainId must be a number`);
  return {
    chainId: json.chainId,
    contracts: {
      virtualPowerPlant: addr('virtualPowerPlant', true)!,
      energyTrader: addr('energyTrader', true)!,
      energyPriceOracle: addr('energyPriceOracle', true)!,
      energyInvestmentFund: addr('energyInvestmentFund', true)!,
      strategyBook: addr('strategyBook', false),
    },
  };
}

export interface ChainOptions {
  rpcUrl: string;
  privateKey: Hex;
  contracts: OperatorContracts;
  expectedChainId?: number;
  rpcTimeoutMs: number;
  backoff: BackoffOptions;
  log: Logger;
  metrics: Metrics;
  signal: AbortSignal;
}

export class Chain {
  readonly client: PublicClient;
  readonly account: PrivateKeyAccount;
  readonly contracts: OperatorContracts;
  chainId = 0;
  /** anvil or hardhat: the chain accepts evm_setNextBlockTimestamp / evm_mine (time travel). */
  local = false;
  private readonly o: ChainOptions;

  constructor(o: ChainOptions) {
    this.o = o;
    this.account = privateKeyToAccount(o.privateKey);
    this.contracts = o.contracts;
    // retries are ours (logged, counted, bounded by the interval), not the transport's
    this.client = createPublicClient({ transport: http(o.rpcUrl, { retryCount: 0, timeout: o.rpcTimeoutMs }), pollingInterval: 100 });
  }

  /** Runs an RPC call with retries (transport errors only), until `shouldStop` or shutdown. */
  rpc<T>(label: string, fn: () => Promise<T>, shouldStop?: () => boolean | Promise<boolean>): Promise<T> {
    return withRetry(() => fn(), {
      ...this.o.backoff,
      signal: this.o.signal,
      ...(shouldStop ? { shouldStop } : {}),
      onRetry: (error, attempt, delayMs) => {
        this.o.metrics.inc('rpc_retries_total');
        this.o.log.warn({ event: 'rpc_retry', call: label, attempt, delayMs, err: errorMessage(error) }, `RPC ${label} failed, retrying`);
      },
    });
  }

  /** Connects: chain id (checked against the expected one), local-chain detection, contract code present. */
  async connect(): Promise<void> {
    this.chainId = await this.rpc('eth_chainId', () => this.client.getChainId());
    if (this.o.expectedChainId !== undefined && this.o.expectedChainId !== this.chainId) {
      throw new ConfigError(`RPC is chain ${this.chainId}, the deployment is for chain ${this.o.expectedChainId}`);
    }
    const version = await this.rpc('web3_clientVersion', () =>
      this.client.request({ method: 'web3_clientVersion' }).catch(() => ''),
    );
    this.local = /anvil|hardhat|ganache/i.test(String(version));
    for (const [name, address] of Object.entries(this.contracts)) {
      if (!address) continue;
      const code = await this.rpc('eth_getCode', () => this.client.getCode({ address }));
      if (!code || code === '0x') throw new ConfigError(`no contract at ${name} ${address} on chain ${this.chainId}`);
    }
  }

  async latestBlock() {
    return this.rpc('eth_getBlockByNumber', () => this.client.getBlock({ blockTag: 'latest' }));
  }

  /** Chain time: the latest block's timestamp. */
  async chainTime(): Promise<number> {
    return Number((await this.latestBlock()).timestamp);
  }

  async tradingParams() {
    return this.rpc('tradingParams', () =>
      this.client.readContract({ address: this.contracts.energyTrader, abi: energyTraderAbi, functionName: 'tradingParams' }),
    );
  }

  async latestRound(): Promise<{ roundId: bigint; answer: bigint; updatedAt: bigint }> {
    const [roundId, answer, , updatedAt] = await this.rpc('latestRoundData', () =>
      this.client.readContract({ address: this.contracts.energyPriceOracle, abi: energyPriceOracleAbi, functionName: 'latestRoundData' }),
    );
    return { roundId, answer, updatedAt };
  }

  async isReporter(): Promise<boolean> {
    return this.rpc('isReporter', () =>
      this.client.readContract({
        address: this.contracts.energyPriceOracle,
        abi: energyPriceOracleAbi,
        functionName: 'isReporter',
        args: [this.account.address],
      }),
    );
  }

  /** Active battery ids (paged). */
  async activeFleet(): Promise<bigint[]> {
    const vpp = this.contracts.virtualPowerPlant;
    const size = await this.rpc('activeFleetSize', () =>
      this.client.readContract({ address: vpp, abi: virtualPowerPlantAbi, functionName: 'activeFleetSize' }),
    );
    const ids: bigint[] = [];
    for (let offset = 0n; offset < size; offset += 500n) {
      const page = await this.rpc('activeFleetBatteries', () =>
        this.client.readContract({ address: vpp, abi: virtualPowerPlantAbi, functionName: 'activeFleetBatteries', args: [offset, 500n] }),
      );
      ids.push(...page);
    }
    return ids;
  }

  async lastDispatchedInterval(batteryId: bigint): Promise<bigint> {
    return this.rpc('lastDispatchedInterval', () =>
      this.client.readContract({
        address: this.contracts.energyTrader,
        abi: energyTraderAbi,
        functionName: 'lastDispatchedInterval',
        args: [batteryId],
      }),
    );
  }

  async dispatchState(batteryId: bigint) {
    return this.rpc('dispatchState', () =>
      this.client.readContract({ address: this.contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'dispatchState', args: [batteryId] }),
    );
  }

  async paused(): Promise<boolean> {
    return this.rpc('paused', () =>
      this.client.readContract({ address: this.contracts.virtualPowerPlant, abi: virtualPowerPlantAbi, functionName: 'paused' }),
    );
  }

  /** Local chains: the next block's timestamp (never going backwards), then optionally mine it. */
  async travelTo(timestamp: number, mine: boolean): Promise<number> {
    const latest = await this.chainTime();
    const ts = Math.max(timestamp, latest + 1);
    await this.rpc('evm_setNextBlockTimestamp', () =>
      this.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [ts] as never }),
    );
    if (mine) await this.rpc('evm_mine', () => this.client.request({ method: 'evm_mine' as never, params: [] as never }));
    return ts;
  }

  /** One attempt, no retry (inside a caller's own retry loop): stamp the next block, never going backwards. */
  async stampNextBlock(timestamp: number): Promise<void> {
    const latest = Number((await this.client.getBlock({ blockTag: 'latest' })).timestamp);
    await this.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [Math.max(timestamp, latest + 1)] as never });
  }

  async code(address: Address): Promise<Hex> {
    return (await this.rpc('eth_getCode', () => this.client.getCode({ address }))) ?? '0x';
  }
}

// ------------------------------------------------------------------------------------------ feature detection

/**
 * Signatures the operator expects for the functions being added by other lanes (design note, issue 7 and 8 §1).
 * Used only until @vpp/contracts' generated ABIs contain the functions (then those win, with their exact types).
 */
const FALLBACK_FRAGMENTS: Record<OptionalFunction, string> = {
  publishTable: 'function publishTable(uint32 profileId, uint32 effectiveFrom, uint32 validUntil, uint64 unitWei, bytes32[48] blocks) returns (uint8)',
  updateBlocks: 'function updateBlocks(uint32 profileId, uint8 firstBlock, bytes32[] blocks, uint32 validUntil) returns (uint8)',
  batteryProfile: 'function batteryProfile(uint256 batteryId) view returns (uint32)',
  tableBuffer: 'function tableBuffer(uint32 profileId, uint8 buffer) view returns ((uint32 effectiveFrom, uint32 validUntil, uint64 unitWei))',
  tableBlock: 'function tableBlock(uint32 profileId, uint8 buffer, uint8 blockIndex) view returns (bytes32)',
  settleEpoch: 'function settleEpoch()',
  nextEpochAt: 'function nextEpochAt() view returns (uint256)',
  currentEpoch: 'function currentEpoch() view returns (uint256)',
};

export type OptionalFunction = 'publishTable' | 'updateBlocks' | 'batteryProfile' | 'tableBuffer' | 'tableBlock' | 'settleEpoch' | 'nextEpochAt' | 'currentEpoch';

/** The ABI item of `name` from @vpp/contracts' generated ABIs (any contract), else the fallback fragment. */
export function optionalAbiItem(name: OptionalFunction): AbiFunction {
  for (const [exportName, value] of Object.entries(contractAbis)) {
    if (!exportName.endsWith('Abi') || !Array.isArray(value)) continue;
    const item = (value as Abi).find((x): x is AbiFunction => x.type === 'function' && x.name === name);
    if (item) return item;
  }
  return parseAbiItem(FALLBACK_FRAGMENTS[name]) as AbiFunction;
}

const FALLBACK_TABLE_ERRORS = parseAbi([
  'error UnknownProfile(uint32 profileId)',
  'error NotStrategist(uint32 profileId, address account)',
  'error ZeroUnitWei()',
  'error EffectiveFromInPast(uint32 effectiveFrom, uint256 currentInterval)',
  'error EffectiveFromTaken(uint32 effectiveFrom)',
  'error ValidUntilBeforeEffectiveFrom(uint32 validUntil, uint32 effectiveFrom)',
  'error InvertedThresholds(uint256 blockIndex, uint256 band)',
  'error BlockRangeInvalid(uint256 firstBlock, uint256 count)',
  'error NoActiveTable(uint32 profileId)',
]);

/** Custom errors of the contract that has publishTable (from the generated ABIs), else the expected ones. */
export function tableErrorsAbi(): Abi {
  for (const [exportName, value] of Object.entries(contractAbis)) {
    if (!exportName.endsWith('Abi') || !Array.isArray(value)) continue;
    const abi = value as Abi;
    if (abi.some((x) => x.type === 'function' && x.name === 'publishTable')) return abi.filter((x) => x.type === 'error');
  }
  return FALLBACK_TABLE_ERRORS;
}

/** Whether @vpp/contracts' generated ABIs have a function `name` (on any contract). */
export function generatedAbisHave(name: string): boolean {
  return Object.entries(contractAbis).some(
    ([exportName, value]) => exportName.endsWith('Abi') && Array.isArray(value) && (value as Abi).some((x) => x.type === 'function' && x.name === name),
  );
}

/** Whether deployed code dispatches `item`'s selector (its 4 bytes appear in the dispatcher's PUSH4s). */
export function codeHasFunction(code: Hex, item: AbiFunction): boolean {
  return code.toLowerCase().includes(toFunctionSelector(item).slice(2).toLowerCase());
}

export interface Feature {
  address: Address;
  abiItem: AbiFunction;
}

export interface Features {
  publishTable: Feature | null;
  updateBlocks: Feature | null;
  batteryProfile: Feature | null;
  tableBuffer: Feature | null;
  tableBlock: Feature | null;
  settleEpoch: Feature | null;
  nextEpochAt: Feature | null;
}

export async function detectFeatures(chain: Chain): Promise<Features> {
  const c = chain.contracts;
  const tableHost = c.strategyBook ?? c.energyTrader;
  const [tableCode, fundCode] = await Promise.all([chain.code(tableHost), chain.code(c.energyInvestmentFund)]);
  const find = (name: OptionalFunction, address: Address, code: Hex): Feature | null => {
    const abiItem = optionalAbiItem(name);
    return codeHasFunction(code, abiItem) ? { address, abiItem } : null;
  };
  return {
    publishTable: find('publishTable', tableHost, tableCode),
    updateBlocks: find('updateBlocks', tableHost, tableCode),
    batteryProfile: find('batteryProfile', tableHost, tableCode),
    tableBuffer: find('tableBuffer', tableHost, tableCode),
    tableBlock: find('tableBlock', tableHost, tableCode),
    settleEpoch: find('settleEpoch', c.energyInvestmentFund, fundCode),
    nextEpochAt: find('nextEpochAt', c.energyInvestmentFund, fundCode),
  };
}
