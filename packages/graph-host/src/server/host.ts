/** startGraphHost: the whole local graph host (indexing + query, admin and IPFS APIs) in-process. */
import type { Server } from 'node:http';
import { createIndexNodeServer } from './index-node.js';
import path from 'node:path';
import { IpfsFileStore, ipfsLimitsFromEnv, type IpfsStoreLimits } from '../ipfs/store.js';
import { fileSourceSettingsFromEnv } from '../ingest/file-data-sources.js';
import { DeploymentManager, DEFAULT_MAX_DEPLOYMENTS, type IndexerTuning } from './deployments.js';
import { closeServer, createAdminServer, createIpfsServer, createQueryServer, listen } from './http.js';
import { isLoopbackAddress } from './guards.js';
import { limitsFromEnv, type QueryLimits } from '../graphql/limits.js';
import { logStoreConfigFromEnv, type LogStoreConfig } from '../logs/log-store.js';
import type { IndexerProgress } from '../ingest/indexer.js';
import type { SubgraphLogger, SubgraphSource } from '../types.js';
import { warmUpPglite } from '../store/pglite-cluster.js';
import { pgliteThread } from '../store/db.js';
import { prestartPgliteWorker, stopSparePgliteWorker } from '../store/pglite-worker.js';

export interface GraphHostOptions {
  /** Any Ethereum JSON-RPC endpoint (anvil, a node, a provider). */
  rpcUrl: string;
  /** Subgraph to deploy at start: a build dir (with subgraph.yaml), a manifest path or in-memory files. */
  subgraph?: SubgraphSource;
  /** Name the subgraph is served under: /subgraphs/name/<name>. Default "vpp". */
  name?: string;
  /** Directory for the store, IPFS files and the name registry; null/undefined keeps everything in memory. */
  dataDir?: string | null;
  /** Query API port (graph-node 8000); 0 picks a free port. Default 0. */
  port?: number;
  /** Admin JSON-RPC port (graph-node 8020); 0 picks a free port. Default 0. */
  adminPort?: number;
  /** IPFS API port (kubo 5001); 0 picks a free port. Default 0. */
  ipfsPort?: number;
  /** Index-node status API port (graph-node 8030, path /graphql); 0 picks a free port. Default 0. */
  indexNodePort?: number;
  /** Interface to bind. Default 127.0.0.1. */
  hostname?: string;
  /** Chain head polling interval. Default 500 ms. */
  pollIntervalMs?: number;
  /** Receives the host's and the mappings' logs. Default: warnings and errors on stderr. */
  logger?: SubgraphLogger;
  /** Advanced ingestion tuning (block ranges, flush policy, batch sizes). */
  indexer?: Omit<IndexerTuning, 'pollIntervalMs'>;
  /** Store every deployment in this PostgreSQL database instead of PGlite (one schema per deployment). */
  postgresUrl?: string | null;
  /** Query protections over the defaults; unset fields come from graph-node's environment variables (GRAPH_GRAPHQL_*). */
  queryLimits?: Partial<QueryLimits>;
  /** Required as `Authorization: Bearer <token>` on the admin API (GRAPH_HOST_ADMIN_TOKEN); default none. */
  adminToken?: string | null;
  /** Host names accepted in Host/Origin of admin and IPFS requests besides loopback (GRAPH_HOST_ALLOWED_HOSTS, comma separated); `*` accepts any. */
  allowedHosts?: string[];
  /** Deployments open at once (GRAPH_HOST_MAX_DEPLOYMENTS); default 8. */
  maxDeployments?: number;
  /** IPFS store caps over the defaults (GRAPH_MAX_IPFS_FILE_BYTES, GRAPH_HOST_IPFS_MAX_STORE_BYTES, GRAPH_HOST_IPFS_CACHE_BYTES). */
  ipfsLimits?: Partial<IpfsStoreLimits>;
  /**
   * Mappings may call `ipfs.cat` / `ipfs.map` on this host's IPFS store (graph-node's
   * GRAPH_ALLOW_NON_DETERMINISTIC_IPFS); otherwise those calls fail the handler, as in graph-node. Default false.
   */
  allowNonDeterministicIpfs?: boolean;
  /**
   * Where deployments' indexing logs are kept for graph-node's `_logs` query. Default from graph-node's
   * settings (GRAPH_LOG_STORE_BACKEND, GRAPH_LOG_STORE_FILE_DIR, GRAPH_LOG_STORE_FILE_MAX_SIZE), else a
   * JSON-lines file per deployment under `<dataDir>/logs`, or memory without a data dir.
   */
  logStore?: LogStoreConfig;
  /**
   * A remote IPFS HTTP API (kubo's `/api/v0/cat`) file data sources also fetch from, besides this host's
   * IPFS store: graph-node's `--ipfs`. Requests time out after GRAPH_IPFS_TIMEOUT seconds (default 60);
   * files over GRAPH_MAX_IPFS_FILE_BYTES are not processed. Default none.
   */
  remoteIpfsUrl?: string | null;
}

export type DeploymentStatus = IndexerProgress & { names: string[]; versionLabel: string | null };

export interface GraphHost {
  /** GraphQL endpoint of the named subgraph: http://host:port/subgraphs/name/<name>. */
  url: string;
  port: number;
  adminUrl: string;
  adminPort: number;
  ipfsUrl: string;
  ipfsPort: number;
  /** graph-node's index-node status API: http://host:port/graphql. */
  indexNodeUrl: string;
  indexNodePort: number;
  /** Deployment id (IPFS hash) of the subgraph given in the options, if any. */
  deploymentId: string | null;
  /** Resolves when block `n` is indexed and queryable for `name` (default: the host's name). */
  waitForBlock(n: number, timeoutMs?: number, name?: string): Promise<void>;
  status(): DeploymentStatus[];
  /** Stops indexing (flushing what was processed), closes stores and servers. */
  stop(): Promise<void>;
}

/** Warnings and errors to stderr; info/debug only with GRAPH_HOST_LOG=debug|info. */
export function consoleLogger(minLevel: 'critical' | 'error' | 'warning' | 'info' | 'debug' = 'warning'): SubgraphLogger {
  const order = ['debug', 'info', 'warning', 'error', 'critical'];
  const min = order.indexOf((process.env.GRAPH_HOST_LOG as typeof minLevel | undefined) ?? minLevel);
  return {
    log(level, message, extra) {
      if (order.indexOf(level) < min) return;
      const suffix = extra && Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}` : '';
      process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${suffix}\n`);
    },
  };
}

export async function startGraphHost(opts: GraphHostOptions): Promise<GraphHost> {
  const logger = opts.logger ?? consoleLogger();
  const hostname = opts.hostname ?? '127.0.0.1';
  const name = opts.name ?? 'vpp';
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : null;
  // PGlite's thread, WASM compile and file reads start now, in the background, while servers bind.
  if (!opts.postgresUrl) {
    if (pgliteThread() === 'worker') prestartPgliteWorker();
    else warmUpPglite();
  }
  const env = process.env;
  const queryLimits = { ...limitsFromEnv(env), ...opts.queryLimits };
  const envHosts = (env.GRAPH_HOST_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const access = {
    allowedHosts: [...(opts.allowedHosts ?? envHosts), ...(isWildcard(hostname) || isLoopbackAddress(hostname) ? [] : [hostname])],
    token: opts.adminToken ?? (env.GRAPH_HOST_ADMIN_TOKEN || null),
  };
  const maxDeployments = opts.maxDeployments ?? (env.GRAPH_HOST_MAX_DEPLOYMENTS ? Number(env.GRAPH_HOST_MAX_DEPLOYMENTS) : DEFAULT_MAX_DEPLOYMENTS);
  if (!Number.isInteger(maxDeployments) || maxDeployments < 1) throw new Error(`GRAPH_HOST_MAX_DEPLOYMENTS / maxDeployments must be a positive integer, not ${maxDeployments}`);
  if (!isLoopbackAddress(hostname)) warnExposed(logger, hostname, access.token !== null);
  const ipfs = new IpfsFileStore(dataDir ? path.join(dataDir, 'ipfs') : null, { ...ipfsLimitsFromEnv(env), ...opts.ipfsLimits });
  const deployments = new DeploymentManager({
    rpcUrl: opts.rpcUrl,
    dataDir,
    ipfs,
    logger,
    indexer: { ...opts.indexer, ...(opts.pollIntervalMs !== undefined ? { pollIntervalMs: opts.pollIntervalMs } : {}) },
    maxDeployments,
    queryLimits,
    allowNonDeterministicIpfs: opts.allowNonDeterministicIpfs ?? envFlag(env.GRAPH_ALLOW_NON_DETERMINISTIC_IPFS),
    logStore: opts.logStore ?? logStoreConfigFromEnv(env, dataDir),
    fileSources: { remoteUrl: opts.remoteIpfsUrl ?? null, ...fileSourceSettingsFromEnv(env) },
    ...(opts.postgresUrl ? { postgresUrl: opts.postgresUrl } : {}),
  });

  const servers: Server[] = [];
  let queryPort = 0;
  try {
    const queryServer = createQueryServer(deployments, logger, { maxBodyBytes: queryLimits.maxBodyBytes });
    servers.push(queryServer);
    queryPort = await listen(queryServer, opts.port ?? 0, hostname);
    const adminServer = createAdminServer(deployments, { queryPort: () => queryPort }, logger, access);
    servers.push(adminServer);
    const adminPort = await listen(adminServer, opts.adminPort ?? 0, hostname);
    const ipfsServer = createIpfsServer(ipfs, logger, access);
    servers.push(ipfsServer);
    const ipfsPort = await listen(ipfsServer, opts.ipfsPort ?? 0, hostname);

    const indexNodeServer = createIndexNodeServer(deployments, { rpcUrl: opts.rpcUrl, logger });
    servers.push(indexNodeServer);
    const indexNodePort = await listen(indexNodeServer, opts.indexNodePort ?? 0, hostname);

    await deployments.restore(opts.subgraph !== undefined ? [name] : []);
    let deploymentId: string | null = null;
    if (opts.subgraph !== undefined) deploymentId = (await deployments.deployLocal(name, opts.subgraph)).id;

    const base = `http://${hostname}`;
    let stopped = false;
    return {
      url: `${base}:${queryPort}/subgraphs/name/${name}`,
      port: queryPort,
      adminUrl: `${base}:${adminPort}/`,
      adminPort,
      ipfsUrl: `${base}:${ipfsPort}`,
      ipfsPort,
      indexNodeUrl: `${base}:${indexNodePort}/graphql`,
      indexNodePort,
      deploymentId,
      async waitForBlock(n, timeoutMs = 30_000, subgraphName = name) {
        const deadline = Date.now() + timeoutMs;
        // The name may be deployed later through the admin API.
        for (;;) {
          const deployment = deployments.byName(subgraphName);
          if (deployment) return deployment.indexer.waitForBlock(n, Math.max(1, deadline - Date.now()));
          if (Date.now() >= deadline) throw new Error(`timed out waiting for a deployment of ${subgraphName}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      status: () => deployments.status(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(servers.map((server) => closeServer(server)));
        await deployments.closeAll();
        await stopSparePgliteWorker();
        ipfs.close();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => closeServer(server).catch(() => undefined)));
    await deployments.closeAll().catch(() => undefined);
    await stopSparePgliteWorker();
    ipfs.close();
    throw error;
  }
}

function isWildcard(hostname: string): boolean {
  return hostname === '0.0.0.0' || hostname === '::' || hostname === '';
}

/** Binding beyond loopback exposes the admin API (deploy/remove) and IPFS API to the network: say so loudly. */
function warnExposed(logger: SubgraphLogger, hostname: string, hasToken: boolean): void {
  const lines = [
    '!'.repeat(78),
    `graph-host is binding to ${hostname}, which is reachable from other machines.`,
    'The query API is public by design; the admin API can create, deploy and REMOVE subgraphs.',
    hasToken
      ? 'The admin API requires the configured access token (Authorization: Bearer …).'
      : 'The admin API has NO access token: anyone who can reach this port can replace your subgraphs. Set --admin-token or GRAPH_HOST_ADMIN_TOKEN.',
    'Admin and IPFS requests are accepted only with a loopback Host header or one listed in --allowed-host / GRAPH_HOST_ALLOWED_HOSTS.',
    '!'.repeat(78),
  ];
  for (const line of lines) logger.log('warning', line);
}

/** A graph-node boolean environment variable: `true` or `1` (any case) turns it on. */
function envFlag(value: string | undefined): boolean {
  return value !== undefined && ['true', '1'].includes(value.trim().toLowerCase());
}
