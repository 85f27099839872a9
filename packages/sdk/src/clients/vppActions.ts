import type { Client } from 'viem';
import { getVppAddress, withVppConfig, type VppClient, type VppConfig } from '../config.js';
import { VppConfigError } from '../errors.js';
import { localDeployment } from '../local-deployment.js';
import type { WriteParameters, WriteResult } from '../types.js';
import * as pub from '../public.js';
import * as wal from '../wallet.js';
import * as sub from '../subgraph.js';

type Params<F> = F extends (client: never, params: infer P) => unknown ? P : never;
type Bound<F> = F extends (client: never, params: infer P) => infer R
  ? undefined extends P
    ? (params?: P) => R
    : (params: P) => R
  : never;

/** Every action bound to one client and configuration (what `client.extend(vppActions(config))` adds). */
export type VppActions = {
  [K in keyof typeof pub | keyof typeof wal | keyof typeof sub as K extends string ? K : never]: Bound<
    K extends keyof typeof pub ? (typeof pub)[K] : K extends keyof typeof wal ? (typeof wal)[K] : K extends keyof typeof sub ? (typeof sub)[K] : never
  >;
};

/** Resolves the configuration of a client: explicit config, the chain's own, or the local deployment. */
function configure<TClient extends VppClient>(client: TClient, config: Partial<VppConfig>): TClient {
  if (config.deployment) return withVppConfig(client, { deployment: config.deployment, subgraphUrl: config.subgraphUrl });
  let hasContracts = true;
  try {
    getVppAddress(client, 'vppFund');
  } catch {
    hasContracts = false;
  }
  if (hasContracts) {
    if (!config.subgraphUrl) return client;
    const chain = client.chain!;
    return { ...client, chain: { ...chain, subgraphs: { ...(chain as { subgraphs?: object }).subgraphs, vpp: { url: config.subgraphUrl } } } };
  }
  if (localDeployment) return withVppConfig(client, { deployment: localDeployment, subgraphUrl: config.subgraphUrl });
  throw new VppConfigError(
    'vppActions: no deployment. Pass { deployment } (see @vpp/contracts parseDeployment) or use a chain from addVppContracts.',
  );
}

/**
 * Client decorator adding every VPP action bound to `config` — works with a plain chain (or none) too.
 *
 * @example
 * const client = createWalletClient({ account, chain: foundry, transport: http() })
 *   .extend(publicActions)
 *   .extend(vppActions({ deployment, subgraphUrl }));
 * await client.invest({ amount: parseEther('1') });
 */
export function vppActions(config: Partial<VppConfig> = {}) {
  return (client: Client): VppActions => {
    const c = configure(client as VppClient, config);
    const actions: Record<string, (params?: unknown) => unknown> = {};
    for (const group of [pub, wal, sub] as Record<string, unknown>[]) {
      for (const [name, fn] of Object.entries(group)) {
        if (typeof fn === 'function') actions[name] = (params?: unknown) => (fn as (c: unknown, p: unknown) => unknown)(c, params);
      }
    }
    return actions as VppActions;
  };
}

export type { Params as ActionParameters, WriteParameters, WriteResult };
