/**
 * 01 · Deploy the system
 *
 * Deploys the Virtual Power Plant — price oracle, grid market, and the VirtualPowerPlant root, which creates its
 * Energy Investment Fund and Energy Trader — with the same steps as the contracts' forge script (script/Deploy.s.sol), writes the deployments file
 * the SDK and the subgraph are configured from, makes the operator account a price reporter, and builds the
 * subgraph for the new addresses.
 *
 *   pnpm dev            # terminal 1: anvil + graph host (it already deploys a system)
 *   pnpm example:01     # terminal 2: nothing to do if that system is there; FORCE_DEPLOY=1 deploys a new one
 *
 * Against another network: RPC_URL=… PRIVATE_KEY=… OPERATOR_PRIVATE_KEY=… DEPLOYMENT=deployments/<chain>.json
 * pnpm example:01 — then deploy the subgraph built in the printed directory to your graph node
 * (`graph deploy --node <admin url> --ipfs <ipfs url> vpp <dir>/subgraph.yaml`).
 */
import { existsSync } from 'node:fs';
import { createPublicClient, http, parseEther, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Deployment } from '@vpp/contracts';
import { loadConfig, deploymentPathFor, resolveKeys, type ExampleConfig } from './lib/config.js';
import { chainIdOf, connect, readDeployment, type VppContext } from './lib/context.js';
import { deployTo, ensureOperatorIsReporter, LOCAL_FUND_TIMING } from './lib/deploy.js';
import { buildSubgraphForDeployment } from '@vpp/subgraph/build';
import { isMain } from './lib/run.js';

export interface DeployOptions {
  config?: ExampleConfig;
  /** Deploy even if the deployments file points at a live system. Default: $FORCE_DEPLOY. */
  force?: boolean;
  /** Ether for the reference GridMarket (local chains only). Default 1000 ETH. */
  marketFundingWei?: bigint;
  /** Build the subgraph for the new deployment. Default true. */
  buildSubgraph?: boolean;
  log?: (line: string) => void;
}

export interface DeployResult {
  deployment: Deployment;
  deploymentPath: string;
  /** False when an existing live deployment was reused. */
  deployed: boolean;
  operator: Address;
  subgraphBuildDir: string | null;
  ctx: VppContext;
}

export async function main(options: DeployOptions = {}): Promise<DeployResult> {
  const log = options.log ?? console.log;
  const config = options.config ?? loadConfig();
  const force = options.force ?? process.env.FORCE_DEPLOY === '1';

  // Which chain are we on? Keys default to anvil's only on a local chain (31337).
  const publicClient = createPublicClient({ transport: http(config.rpcUrl) });
  const chainId = await chainIdOf(config.rpcUrl);
  const keys = resolveKeys(config, chainId);
  const deploymentPath = deploymentPathFor(config, chainId);

  // 1. Reuse a live deployment (the contracts exist at the addresses of the file), unless forced.
  let deployed = false;
  let deployment: Deployment | null = null;
  if (!force && existsSync(deploymentPath)) {
    const existing = readDeployment(deploymentPath);
    const code = await publicClient.getCode({ address: existing.contracts.virtualPowerPlant });
    if (existing.chainId === chainId && code && code !== '0x') {
      deployment = existing;
      log(`A system is already deployed on chain ${chainId} (${deploymentPath}); FORCE_DEPLOY=1 deploys a new one.`);
    }
  }

  // 2. Otherwise deploy: the same steps as `forge script script/Deploy.s.sol` (from the compiled artifacts). The deployer becomes
  //    the owner and a price reporter; on local chains it also funds the grid market that buys discharged energy.
  if (!deployment) {
    log(`Deploying to chain ${chainId} from ${privateKeyToAccount(keys.owner).address} …`);
    deployment = await deployTo(deploymentPath, {
      rpcUrl: config.rpcUrl,
      privateKey: keys.owner,
      intervalSeconds: 300, // AEMO's dispatch interval: 5 minutes
      // Local chains: hourly fund epochs and a 3-hour purchase timelock (the examples move the clock past them).
      ...(chainId === 31337 ? { marketFundingWei: options.marketFundingWei ?? parseEther('1000'), ...LOCAL_FUND_TIMING } : {}),
    });
    deployed = true;
    log(`Deployments written to ${deploymentPath}`);
  }
  for (const [name, address] of Object.entries(deployment.contracts)) log(`  ${name.padEnd(22)} ${address}`);
  log(`  start block ${deployment.startBlock}, owner ${deployment.owner}`);

  // 3. The operator pushes prices and triggers dispatch: the owner makes it a reporter of the oracle.
  const ctx = await connect({ ...config, deploymentPath });
  const operator = ctx.operator.address;
  const hash = await ensureOperatorIsReporter(ctx);
  log(hash ? `Operator ${operator} is now a price reporter (tx ${hash})` : `Operator ${operator} is a price reporter`);

  // 4. The subgraph for these addresses (manifest generated from the deployments file, then graph build).
  let subgraphBuildDir: string | null = null;
  if (options.buildSubgraph ?? true) {
    const build = await buildSubgraphForDeployment(deploymentPath, { log });
    subgraphBuildDir = build.dir;
    log(`Subgraph for this deployment: ${build.dir}/subgraph.yaml`);
  }
  return { deployment, deploymentPath, deployed, operator, subgraphBuildDir, ctx };
}

if (isMain(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (error: Error & { shortMessage?: string }) => {
      console.error(`${error.name}: ${error.shortMessage ?? error.message}`);
      process.exit(1);
    },
  );
}
