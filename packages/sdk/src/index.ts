/**
 * @vpp/sdk — a typed TypeScript SDK for the Virtual Power Plant protocol, in viem's style: tree-shakable actions
 * `action(client, params)`, client decorators `client.extend(vppPublicActions(config))` /
 * `client.extend(vppWalletActions(config))` (or `vppActions` for both, typed by the client), and `createVppClient`
 * for everything at once. Addresses and the subgraph URL are configuration on the chain (`addVppContracts`).
 * @module
 */
export {
  addVppContracts,
  chainFromDeployment,
  getSubgraphUrl,
  getVppAddress,
  parseDeployment,
  withVppConfig,
  type ChainWithVpp,
  type Deployment,
  type DeploymentContracts,
  type VppChainContracts,
  type VppClient,
  type VppConfig,
} from './config.js';
export {
  vppActions,
  vppPublicActions,
  vppWalletActions,
  type Bound,
  type CanSend,
  type VppActionsFor,
  type VppPublicActions,
  type VppWalletActions,
} from './clients/vppActions.js';
export { createVppClient, type CreateVppClientParameters, type VppFullClient } from './clients/createVppClient.js';
// ABIs: import them from @vpp/contracts (the SDK bundles only the parts it calls).
export * from './public.js';
export * from './wallet.js';
export * from './subgraph.js';
export * from './errors.js';
export type { BatteryConfig, BatteryConfigInput, BatteryStatus, SkipReason, ThresholdSource, TradeAction, TradingParams } from './types.js';
export { batteryStatuses, skipReasons, thresholdSources, tradeActions } from './types.js';
