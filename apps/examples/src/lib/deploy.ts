/**
 * Deploys the system with the contracts' forge script (via `deploySystem` of `@vpp/contracts/node`) and writes
 * the deployments file to `path`. Forge scripts may only write under packages/contracts/deployments
 * (foundry.toml `fs_permissions`), so other destinations go through a uniquely named file there.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { deploySystem, type DeploySystemOptions } from '@vpp/contracts/node';
import { energyPriceOracleAbi, type Deployment } from '@vpp/contracts';
import { setReporter } from '@vpp/sdk';
import type { Hex } from 'viem';
import type { VppContext } from './context.js';
import { confirmed } from './tx.js';
import { repoRoot } from './config.js';

const deploymentsDir = join(repoRoot, 'packages', 'contracts', 'deployments');
let counter = 0;

export async function deployTo(path: string, options: Omit<DeploySystemOptions, 'deploymentsPath'>): Promise<Deployment> {
  const target = resolve(path);
  const rel = relative(deploymentsDir, target);
  if (!rel.startsWith('..') && !rel.startsWith('/')) {
    mkdirSync(dirname(target), { recursive: true });
    return deploySystem({ ...options, deploymentsPath: target });
  }
  const scratch = join(deploymentsDir, `.examples-${process.pid}-${Date.now()}-${counter++}.json`);
  try {
    const deployment = await deploySystem({ ...options, deploymentsPath: scratch });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(deployment, null, 2) + '\n');
    return deployment;
  } finally {
    rmSync(scratch, { force: true });
  }
}

/**
 * Makes the operator a price reporter of the oracle (the oracle's owner signs), unless it already is.
 * Returns the transaction hash, or null when nothing had to be done.
 */
export async function ensureOperatorIsReporter(ctx: VppContext): Promise<Hex | null> {
  const allowed = await ctx.publicClient.readContract({
    address: ctx.deployment.contracts.energyPriceOracle,
    abi: energyPriceOracleAbi,
    functionName: 'isReporter',
    args: [ctx.operator.address],
  });
  if (allowed) return null;
  const receipt = await confirmed(setReporter(ctx.owner.client, { reporter: ctx.operator.address, allowed: true }));
  return receipt.transactionHash;
}
