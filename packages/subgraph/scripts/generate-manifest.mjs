#!/usr/bin/env node
// Generates the subgraph manifest (subgraph.yaml) for one network from a deployments file written by
// packages/contracts/script/Deploy.s.sol, and copies the contracts' plain JSON ABIs into ./abis so the package is
// self-contained. Never edit subgraph.yaml by hand.
//
//   node scripts/generate-manifest.mjs [--deployment <file>] [--network <name>] [--out <manifest path>]
//                                      [--abis <dir of <Contract>.json ABIs>]
//
// Defaults: --deployment ../contracts/deployments/31337.json, --network from the chain id (31337 -> anvil),
// --out ./subgraph.yaml, --abis ../contracts/abis. Without a default deployments file (fresh clone, nothing
// deployed yet) it writes a manifest with placeholder (zero) addresses so that `build` still checks the mappings.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contractsRoot = resolve(root, '..', 'contracts');

export const CONTRACTS = {
  virtualPowerPlant: 'VirtualPowerPlant',
  energyInvestmentFund: 'EnergyInvestmentFund',
  energyTrader: 'EnergyTrader',
  energyPriceOracle: 'EnergyPriceOracle',
  gridMarket: 'GridMarket',
};

/** Network names graph-node uses for well-known chain ids; local chains are "anvil". */
const NETWORKS = {
  1: 'mainnet',
  10: 'optimism',
  100: 'gnosis',
  137: 'matic',
  8453: 'base',
  42161: 'arbitrum-one',
  17000: 'holesky',
  11155111: 'sepolia',
  84532: 'base-sepolia',
  421614: 'arbitrum-sepolia',
  31337: 'anvil',
};

const ZERO = '0x0000000000000000000000000000000000000000';

// Events the interfaces inherit from OpenZeppelin (ERC20, Ownable2Step), used only by the interface fallback.
const inheritedEvents = {
  EnergyInvestmentFund: [
    event('Transfer', [['from', 'address', true], ['to', 'address', true], ['value', 'uint256', false]]),
    event('Approval', [['owner', 'address', true], ['spender', 'address', true], ['value', 'uint256', false]]),
  ],
  VirtualPowerPlant: [
    event('OwnershipTransferStarted', [['previousOwner', 'address', true], ['newOwner', 'address', true]]),
    event('OwnershipTransferred', [['previousOwner', 'address', true], ['newOwner', 'address', true]]),
  ],
};

function event(name, inputs) {
  return {
    type: 'event',
    name,
    anonymous: false,
    inputs: inputs.map(([n, type, indexed]) => ({ name: n, type, internalType: type, indexed })),
  };
}

/** Reads the ABI of `name`: the generated plain JSON ABI, or (before the implementations compile) the interface. */
function readAbi(abisDir, name) {
  const file = join(abisDir, `${name}.json`);
  if (existsSync(file)) return { abi: JSON.parse(readFileSync(file, 'utf8')), from: file };
  const iface = join(contractsRoot, 'out', `I${name}.sol`, `I${name}.json`);
  if (existsSync(iface)) {
    const abi = [...JSON.parse(readFileSync(iface, 'utf8')).abi, ...(inheritedEvents[name] ?? [])];
    return { abi, from: `${iface} (interface fallback)` };
  }
  throw new Error(`no ABI for ${name}: build the contracts first (pnpm --filter @vpp/contracts build)`);
}

export function generateManifest({ deployment, network, out, abis }) {
  const outPath = resolve(out ?? join(root, 'subgraph.yaml'));
  const abisDir = resolve(abis ?? join(contractsRoot, 'abis'));

  let dep;
  const deploymentPath = deployment ? resolve(deployment) : join(contractsRoot, 'deployments', '31337.json');
  if (existsSync(deploymentPath)) {
    dep = JSON.parse(readFileSync(deploymentPath, 'utf8'));
  } else if (!deployment) {
    console.warn(`generate-manifest: ${deploymentPath} not found; using placeholder addresses (anvil, block 0)`);
    dep = { chainId: 31337, startBlock: 0, contracts: Object.fromEntries(Object.keys(CONTRACTS).map((k) => [k, ZERO])) };
  } else {
    throw new Error(`deployments file ${deploymentPath} not found`);
  }
  for (const key of Object.keys(CONTRACTS)) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(dep.contracts?.[key] ?? '')) throw new Error(`deployment: bad contracts.${key}`);
  }
  if (!Number.isInteger(dep.startBlock) || dep.startBlock < 0) throw new Error('deployment: bad startBlock');
  const net = network ?? NETWORKS[dep.chainId];
  if (!net) throw new Error(`no network name known for chain id ${dep.chainId}: pass --network`);

  // ABIs into the package (identical content for every deployment of the same build).
  mkdirSync(join(root, 'abis'), { recursive: true });
  for (const name of Object.values(CONTRACTS)) {
    const { abi, from } = readAbi(abisDir, name);
    const target = join(root, 'abis', `${name}.json`);
    const text = JSON.stringify(abi, null, 2) + '\n';
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
    if (from.includes('fallback')) console.warn(`generate-manifest: ${name} ABI from ${from}`);
  }

  let rel = relative(dirname(outPath), root).split('\\').join('/');
  rel = rel === '' ? './' : `${rel}/`;
  const values = { network: net, startBlock: String(dep.startBlock), root: rel };
  for (const key of Object.keys(CONTRACTS)) values[`${key}.address`] = dep.contracts[key].toLowerCase();
  const template = readFileSync(join(root, 'subgraph.template.yaml'), 'utf8');
  const text = template
    .replace(/^#.*\n/gm, '')
    .replace(/\{\{([\w.]+)\}\}/g, (_, key) => {
      if (!(key in values)) throw new Error(`template placeholder {{${key}}} has no value`);
      return values[key];
    });
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(
    outPath,
    `# Generated by scripts/generate-manifest.mjs from ${relative(root, deploymentPath) || deploymentPath}` +
      ` (network ${net}). Do not edit.\n` +
      text,
  );
  return { manifest: outPath, network: net, startBlock: dep.startBlock };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      deployment: { type: 'string' },
      network: { type: 'string' },
      out: { type: 'string' },
      abis: { type: 'string' },
    },
  });
  try {
    const result = generateManifest(values);
    console.log(`generated ${relative(process.cwd(), result.manifest) || result.manifest} (${result.network}, startBlock ${result.startBlock})`);
  } catch (error) {
    console.error(`generate-manifest: ${error.message}`);
    process.exit(1);
  }
}
