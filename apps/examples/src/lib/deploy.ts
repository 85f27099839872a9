import { resolve } from 'node:path';
import type { Hex } from 'viem';
import { energyPriceOracleAbi, type Deployment } from '@vpp/contracts';
import { deploySystem, type DeploySystemOptions } from '@vpp/contracts/node';
import { setReporter } from '@vpp/sdk';
import type { VppContext } from './context.js';
import { confirmed } from './tx.js';

/**
 * The fund's timing on local chains: hourly epochs (deposits, redemptions and dividends settle on the hour) and a
 * 3-hour timelock on purchases (the contracts require at least an epoch plus 2 hours). Live networks keep the
 * deployment defaults (daily epochs, a 2-day timelock). The examples travel in time on local chains.
 */
export const LOCAL_FUND_TIMING = { epochSeconds: 3_600n, timelockSeconds: 10_800n } as const;

/**
 * Deploys the whole system (oracle, grid market, VirtualPowerPlant with its fund and trader) with
 * `deploySystem` of `@vpp/contracts/node` — the same steps and defaults as the contracts' forge script
 * `script/Deploy.s.sol` — and writes the deployments file to `path`.
 */
export async function deployTo(path: string, options: Omit<DeploySystemOptions, 'deploymentsPath'>): Promise<Deployment> {
  return deploySystem({ ...options, deploymentsPath: resolve(path) });
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
  const receipt = await confirmed(setReporter(ctx.owner.client, { reporter: ctx.operator.address, allowed: true }), ctx.owner.client);
  return receipt.transactionHash;
}
