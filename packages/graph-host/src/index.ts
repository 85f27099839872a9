/**
 * @vpp/graph-host — runs a built subgraph's WASM against any Ethereum JSON-RPC node and serves
 * graph-node's GraphQL API, without Docker. Public programmatic API.
 */
export { startGraphHost, consoleLogger } from './server/host.js';
export type { GraphHost, GraphHostOptions, DeploymentStatus } from './server/host.js';
export { DeploymentManager, AdminError, localDeploymentId } from './server/deployments.js';
export type { Deployment, IndexerTuning } from './server/deployments.js';
export { createQueryServer, createAdminServer, createIpfsServer } from './server/http.js';
export { GRAPH_HOST_NODE_FLAGS, GRAPH_HOST_RUNTIME_V8_FLAGS, limitV8BackgroundWork } from './node-flags.js';
export { Indexer } from './ingest/indexer.js';
export type { IndexerOptions, IndexerProgress, IndexerState } from './ingest/indexer.js';
export { JsonRpcClient, RpcError } from './ingest/rpc.js';
export { IpfsFileStore } from './ipfs/store.js';
export { DeploymentLogStore, logStoreConfigFromEnv, LogStoreConfigError } from './logs/log-store.js';
export type { LogEntry, LogQuery, LogStoreConfig, LogLevelName } from './logs/log-store.js';
export { cidV0, unixfsDag, isCidV0 } from './ipfs/cid.js';
export * from './runtime/index.js';
export * from './store/index.js';
export * from './graphql/index.js';
export type * from './types.js';
