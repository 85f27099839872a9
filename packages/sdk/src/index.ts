/**
 * @vpp/sdk — a typed TypeScript SDK for the Virtual Power Plant protocol, in viem's style: tree-shakable actions
 * `action(client, params)`, a client decorator `client.extend(vppActions(config))`, and `createVppClient` for
 * everything at once. Addresses and the subgraph URL are configuration on the chain (`addVppContracts`).
 * @module
 */
export {
  addVppContracts,
  chainFromDeployment,
  getSubgraphUrl,
  getVppAddress,
  withVppConfig,
  type ChainWithVpp,
  type Deployment,
  type VppChainContracts,
  type VppClient,
  type VppConfig,
} from './config.js';
export { localDeployment } from './local-deployment.js';
export { vppActions, type VppActions } from './clients/vppActions.js';
export { createVppClient, type CreateVppClientParameters, type VppFullClient } from './clients/createVppClient.js';
// ABIs: import them from @vpp/contracts (the SDK bundles only the parts it calls).
export * from './public.js';
export * from './wallet.js';
export * from './subgraph.js';
export * from './errors.js';
export type {
  BatteryConfig,
  BatteryConfigInput,
  BatteryStatus,
  TradeAction,
  TradingParams,
  WaitOptions,
  WriteParameters,
  WriteResult,
} from './types.js';
export { batteryStatuses, tradeActions } from './types.js';
