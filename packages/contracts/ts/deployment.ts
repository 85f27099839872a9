import { getAddress, type Address } from 'viem';

/** Addresses of one deployed system, as written by script/Deploy.s.sol. */
export interface DeploymentContracts {
  virtualPowerPlant: Address;
  energyInvestmentFund: Address;
  energyTrader: Address;
  energyPriceOracle: Address;
  gridMarket: Address;
}

/** The deployments file: what the subgraph manifest and the SDK are configured from. */
export interface Deployment {
  chainId: number;
  /** First block to index (the block before the deployment transactions). */
  startBlock: number;
  deployer: Address;
  owner: Address;
  contracts: DeploymentContracts;
}

/** Validates and normalises (checksums) a parsed deployments file. */
export function parseDeployment(json: unknown): Deployment {
  const d = json as Record<string, unknown>;
  const c = (d?.contracts ?? {}) as Record<string, unknown>;
  const keys = ['virtualPowerPlant', 'energyInvestmentFund', 'energyTrader', 'energyPriceOracle', 'gridMarket'] as const;
  for (const k of keys) {
    if (typeof c[k] !== 'string') throw new Error(`deployment is missing contracts.${k}`);
  }
  if (typeof d.chainId !== 'number' || typeof d.startBlock !== 'number') {
    throw new Error('deployment needs numeric chainId and startBlock');
  }
  return {
    chainId: d.chainId,
    startBlock: d.startBlock,
    deployer: getAddress(d.deployer as string),
    owner: getAddress(d.owner as string),
    contracts: Object.fromEntries(keys.map((k) => [k, getAddress(c[k] as string)])) as unknown as DeploymentContracts,
  };
}
