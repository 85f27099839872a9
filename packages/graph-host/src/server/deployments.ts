/**
 * Deployments hosted by one graph host: subgraph names -> deployment ids (IPFS hashes, like
 * graph-node), each deployment with its runtime, store, indexer and query executor. The name
 * registry is persisted in the data dir so admin-deployed subgraphs come back after a restart.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSubgraph, SubgraphRuntime } from '../runtime/index.js';
import { StoreError, openStore } from '../store/index.js';
import { createQueryExecutor } from '../graphql/index.js';
import { Indexer, primeBackfill, type IndexerOptions, type IndexerProgress } from '../ingest/indexer.js';
import { JsonRpcClient } from '../ingest/rpc.js';
import { cidV0 } from '../ipfs/cid.js';
import type { IpfsFileStore } from '../ipfs/store.js';
import type { QueryLimits } from '../graphql/limits.js';
import { DeploymentLogStore, logStoreConfigFromEnv, type LogStoreConfig } from '../logs/log-store.js';
import { CompositionError, validateComposition } from './composition.js';
import type { LoadedSubgraph, QueryExecutor, SubgraphLogger, SubgraphSource, SubgraphStore } from '../types.js';

export type IndexerTuning = Pick<
  IndexerOptions,
  'pollIntervalMs' | 'initialBlockRange' | 'maxBlockRange' | 'flushEveryBlocks' | 'flushIntervalMs' | 'blockBatchSize' | 'reorgThreshold'
>;

export interface Deployment {
  id: string;
  subgraph: LoadedSubgraph;
  runtime: SubgraphRuntime;
  store: SubgraphStore;
  indexer: Indexer;
  executor: QueryExecutor;
  versionLabel: string | null;
  /** Its indexing logs, queried with `_logs`. */
  logs: DeploymentLogStore;
}

/** How a deployment was obtained, persisted so it can be reopened after a restart. */
type DeploymentSource = { ipfs: string } | { path: string };

/** Maps, not plain objects: names like `constructor` or `__proto__` must be ordinary keys. */
interface Registry {
  names: Map<string, string | null>;
  deployments: Map<string, { source: DeploymentSource; versionLabel: string | null }>;
}

/** The registry file's JSON shape. */
interface RegistryFile {
  names?: Record<string, string | null>;
  deployments?: Record<string, { source: DeploymentSource; versionLabel: string | null }>;
}

export class AdminError extends Error {
  constructor(
    message: string,
    readonly code: number = -32000,
    /** A composed subgraph's source deployment is not open (yet). */
    readonly sourceMissing = false,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface DeploymentManagerOptions {
  rpcUrl: string;
  dataDir: string | null;
  ipfs: IpfsFileStore;
  logger: SubgraphLogger;
  indexer?: IndexerTuning;
  /** Deployments open at once (each holds a database and a WASM runtime); default 8. */
  maxDeployments?: number;
  /** Subgraph names the registry may hold; default 1000. */
  maxNames?: number;
  /** Query protections passed to every deployment's executor. */
  queryLimits?: QueryLimits;
  /** Every deployment's store in this PostgreSQL database (a schema each) instead of PGlite. */
  postgresUrl?: string;
  /** graph-node's GRAPH_ALLOW_NON_DETERMINISTIC_IPFS: mappings may read the IPFS store with `ipfs.cat` / `ipfs.map`. */
  allowNonDeterministicIpfs?: boolean;
  /** Where deployments' indexing logs go (`_logs`); default: in memory. */
  logStore?: LogStoreConfig;
  /** File data sources: a remote IPFS API besides the host's store (graph-node's `--ipfs`), timeout and size cap. */
  fileSources?: { remoteUrl?: string | null; timeoutMs?: number; maxFileBytes?: number };
}

export const DEFAULT_MAX_DEPLOYMENTS = 8;
export const DEFAULT_MAX_NAMES = 1000;

/** graph-node's `SubgraphName::new` rules (graph/src/data/subgraph/mod.rs). */
export function isValidSubgraphName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (!/^[A-Za-z0-9_/-]+$/.test(name)) return false;
  return name.split('/').every(
    (part) => part.length > 0 && part !== 'graphql' && /^[A-Za-z0-9]/.test(part) && /[A-Za-z0-9]$/.test(part) && /[A-Za-z]/.test(part),
  );
}

/** What graph-node's JSON-RPC answers for a name its deserializer refuses. */
function invalidName(name: string): AdminError {
  return new AdminError(`Invalid params: invalid value: string ${JSON.stringify(name)}, expected valid subgraph name`, -32602);
}

export class DeploymentManager {
  private readonly registry: Registry = { names: new Map(), deployments: new Map() };
  private readonly deployments = new Map<string, Deployment>();
  /** Serialises admin operations (deploys open databases; avoid racing ones). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DeploymentManagerOptions) {
    const file = this.registryFile();
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
      for (const [name, id] of Object.entries(saved.names ?? {})) if (isValidSubgraphName(name)) this.registry.names.set(name, id);
      for (const [id, entry] of Object.entries(saved.deployments ?? {})) this.registry.deployments.set(id, entry);
    }
  }

  private registryFile(): string | null {
    return this.opts.dataDir ? path.join(this.opts.dataDir, 'registry.json') : null;
  }

  private saveRegistry(): void {
    const file = this.registryFile();
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const saved: RegistryFile = { names: Object.fromEntries(this.registry.names), deployments: Object.fromEntries(this.registry.deployments) };
    writeFileSync(`${file}.tmp`, JSON.stringify(saved, null, 2));
    renameSync(`${file}.tmp`, file);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reopens every named deployment recorded in the data dir, except names about to be redeployed. */
  restore(except: string[] = []): Promise<void> {
    return this.serial(async () => {
      // A composed deployment needs its sources open: those refused for it are tried again after the others.
      let waiting: [string, string][] = [];
      for (let pass = 0; pass < 2; pass++) {
        const names = pass === 0 ? [...this.registry.names] : waiting;
        waiting = [];
        for (const [name, id] of names) {
          if (!id || this.deployments.has(id) || except.includes(name)) continue;
          const entry = this.registry.deployments.get(id);
          if (!entry) continue;
          try {
            this.assertRoomForDeployment(null);
            const source = 'ipfs' in entry.source ? this.ipfsSource(entry.source.ipfs) : entry.source.path;
            await this.open(id, source, entry.versionLabel);
          } catch (error) {
            if (pass === 0 && error instanceof AdminError && error.sourceMissing) waiting.push([name, id]);
            else this.opts.logger.log('error', `could not restore deployment ${id} of ${name}: ${(error as Error).message}`);
          }
        }
      }
    });
  }

  create(name: string): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!isValidSubgraphName(name)) throw invalidName(name);
      if (this.registry.names.has(name)) throw new AdminError(`subgraph already exists: ${name}`);
      const maxNames = this.opts.maxNames ?? DEFAULT_MAX_NAMES;
      if (this.registry.names.size >= maxNames) throw new AdminError(`this host holds at most ${maxNames} subgraph names; remove one first`);
      this.registry.names.set(name, null);
      this.saveRegistry();
      return { id: name };
    });
  }

  /** Deploys the manifest stored in the local IPFS store under `name` (which must exist). */
  deployIpfs(name: string, ipfsHash: string, versionLabel: string | null): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!isValidSubgraphName(name)) throw invalidName(name);
      if (!this.registry.names.has(name)) throw new AdminError(`subgraph name not found: ${name}`);
      if (!this.opts.ipfs.has(ipfsHash)) throw new AdminError(`IPFS file not found: ${ipfsHash} (add it to this host's IPFS API first)`);
      await this.assign(name, ipfsHash, this.ipfsSource(ipfsHash), { ipfs: ipfsHash }, versionLabel);
      return { id: ipfsHash };
    });
  }

  /** Deploys a local build dir or manifest path (or in-memory source) under `name`, creating it if needed. */
  deployLocal(name: string, source: SubgraphSource, versionLabel: string | null = null): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!isValidSubgraphName(name)) throw invalidName(name);
      let id: string;
      let persisted: DeploymentSource | null = null;
      if (typeof source === 'string') {
        id = await localDeploymentId(source);
        persisted = { path: path.resolve(source) };
      } else {
        // Content-address the manifest and store it so the deployment id is a real IPFS hash.
        id = this.opts.ipfs.add(new TextEncoder().encode(source.manifestText)).cid;
      }
      await this.assign(name, id, source, persisted, versionLabel);
      return { id };
    });
  }

  remove(name: string): Promise<void> {
    return this.serial(async () => {
      if (!isValidSubgraphName(name)) throw invalidName(name);
      if (!this.registry.names.has(name)) throw new AdminError(`subgraph name not found: ${name}`);
      const id = this.registry.names.get(name) ?? null;
      this.registry.names.delete(name);
      this.saveRegistry();
      if (id && !this.nameUses(id)) await this.close(id);
    });
  }

  private async assign(
    name: string,
    id: string,
    source: SubgraphSource,
    persisted: DeploymentSource | null,
    versionLabel: string | null,
  ): Promise<void> {
    const previous = this.registry.names.get(name) ?? null;
    if (!this.deployments.has(id)) {
      // The previous version stops below if only this name uses it, so it does not count.
      this.assertRoomForDeployment(previous && previous !== id && this.nameUses(previous) === 1 ? previous : null);
      await this.open(id, source, versionLabel);
    }
    this.registry.names.set(name, id);
    if (persisted) this.registry.deployments.set(id, { source: persisted, versionLabel });
    this.saveRegistry();
    // graph-node switches the name to the new version; the old one stops when nothing uses it.
    if (previous && previous !== id && !this.nameUses(previous)) await this.close(previous);
    this.opts.logger.log('info', `deployed ${id} as ${name}${versionLabel ? ` (${versionLabel})` : ''}`);
  }

  /** How many names point at deployment `id`. */
  private nameUses(id: string): number {
    let uses = 0;
    for (const target of this.registry.names.values()) if (target === id) uses += 1;
    return uses;
  }

  private assertRoomForDeployment(replacing: string | null): void {
    const max = this.opts.maxDeployments ?? DEFAULT_MAX_DEPLOYMENTS;
    const open = this.deployments.size - (replacing && this.deployments.has(replacing) ? 1 : 0);
    if (open >= max) {
      throw new AdminError(`this host runs at most ${max} deployments at once (GRAPH_HOST_MAX_DEPLOYMENTS); remove a subgraph first`);
    }
  }

  private ipfsSource(manifestHash: string): SubgraphSource {
    const ipfs = this.opts.ipfs;
    const manifest = ipfs.get(manifestHash);
    if (!manifest) throw new AdminError(`IPFS file not found: ${manifestHash}`);
    return {
      manifestText: new TextDecoder().decode(manifest),
      resolveFile: async (ref: string) => {
        const content = ipfs.get(ref);
        if (!content) throw new Error(`IPFS file not found: ${ref}`);
        return content;
      },
    };
  }

  private async open(id: string, source: SubgraphSource, versionLabel: string | null): Promise<Deployment> {
    const { logger } = this.opts;
    const logs = await DeploymentLogStore.open(id, this.opts.logStore ?? logStoreConfigFromEnv({}, null));
    const deploymentLogger: SubgraphLogger = {
      log: (level, message, extra) => {
        logger.log(level, message, { deployment: id, ...extra });
        // Mapping logs name their data source; the rest come from the host (indexer, store, runtime).
        logs.append(level, message, extra, typeof extra?.dataSource === 'string' ? extra.dataSource : 'graph-host');
      },
    };
    const subgraph = await loadSubgraph(source);
    if (subgraph.subgraphSources.length > 0) {
      try {
        validateComposition(subgraph, (sourceId) => {
          const open = this.deployments.get(sourceId);
          if (open) return { subgraph: open.subgraph };
          return this.opts.ipfs.has(sourceId) || this.registry.deployments.has(sourceId) ? { manifestOnly: true } : null;
        });
      } catch (error) {
        await logs.close();
        if (error instanceof CompositionError) throw new AdminError(error.message, -32000, !subgraph.subgraphSources.every((s) => this.deployments.has(s)));
        throw error;
      }
    }
    const postgresUrl = this.opts.postgresUrl;
    const storeDir = this.opts.dataDir && !postgresUrl ? path.join(this.opts.dataDir, 'deployments', id) : null;
    if (storeDir) mkdirSync(path.dirname(storeDir), { recursive: true });
    const runtime = new SubgraphRuntime(subgraph, {
      rpcUrl: this.opts.rpcUrl,
      logger: deploymentLogger,
      ipfs: this.opts.ipfs,
      allowNonDeterministicIpfs: this.opts.allowNonDeterministicIpfs ?? false,
    });
    // A new store starts at the start block: its first JSON-RPC requests go out while the store opens.
    const rpc = new JsonRpcClient(this.opts.rpcUrl);
    // (A graft starts after its graft block: priming from the start block would fetch for nothing.)
    if (!postgresUrl && !subgraph.graft && subgraph.subgraphSources.length === 0 && (!storeDir || !existsSync(storeDir) || readdirSync(storeDir).length === 0)) {
      primeBackfill(rpc, subgraph, runtime, this.opts.indexer ?? {}).catch(() => undefined);
    }
    const storeOptions = {
      schemaText: subgraph.schemaText,
      dataDir: storeDir,
      ...(postgresUrl ? { postgresUrl } : {}),
      deploymentId: id,
      immutableEntities: subgraph.immutableEntities,
      causalityRegionEntities: subgraph.causalityRegionEntities,
    };
    let store: SubgraphStore;
    try {
      store = await openStore(storeOptions);
      if (subgraph.graft && store.blockPtr() === null) {
        try {
          await this.graft(subgraph.graft, store, rpc);
        } finally {
          await store.close();
        }
        // Reopened: the store loads the copied state like any restart.
        store = await openStore(storeOptions);
      }
    } catch (error) {
      runtime.close();
      await logs.close();
      throw error;
    }
    const indexer = new Indexer({
      ...this.opts.indexer,
      rpc,
      rpcUrl: this.opts.rpcUrl,
      subgraph,
      runtime,
      store,
      deploymentId: id,
      logger: deploymentLogger,
      files: { local: this.opts.ipfs, ...this.opts.fileSources },
      subgraphSources: (sourceId) => {
        const open = this.deployments.get(sourceId);
        return open ? { latestBlock: () => open.indexer.latestBlock(), revertSequence: () => open.indexer.revertSequence(), store: open.store } : null;
      },
    });
    const executor = createQueryExecutor(store, subgraph.schemaText, () => {
      const latest = indexer.latestBlock();
      return {
        deployment: id,
        block: latest ? { number: latest.number, hash: latest.hash, timestamp: latest.timestamp } : null,
        hasIndexingErrors: store.status().failed,
      };
    }, { ...(this.opts.queryLimits ? { limits: this.opts.queryLimits } : {}), logger: deploymentLogger, logs: logs.enabled ? logs : null });
    const deployment: Deployment = { id, subgraph, runtime, store, indexer, executor, versionLabel, logs };
    this.deployments.set(id, deployment);
    indexer.start();
    return deployment;
  }

  /**
   * Starts a new deployment from a base deployment of this host, as graph-node grafts: the base's
   * entity versions and data sources as of `graft.block`, the pointer at that block; indexing goes on
   * from the next one. The base must have processed the block (and be healthy, or be grafted below
   * the block it failed at), with graph-node's messages otherwise.
   */
  private async graft(graft: { base: string; block: number }, store: SubgraphStore, rpc: JsonRpcClient): Promise<void> {
    const invalid = (message: string) => new AdminError(`the graft base is invalid: ${message}`);
    const base = this.deployments.get(graft.base);
    if (!base) throw invalid(`deployment \`${graft.base}\` does not exist on this host`);
    // The snapshot carries no causality regions: file data source entities would become chain ones.
    if (base.subgraph.fileTemplates.length > 0) throw invalid(`grafting onto \`${graft.base}\`, which has file data source templates, is not supported by this host`);
    const ptr = base.store.blockPtr();
    if (!ptr) throw invalid(`failed to graft onto \`${graft.base}\` since it has not processed any blocks`);
    const healthy = !base.store.status().failed;
    if (healthy && ptr.number < graft.block) {
      throw invalid(`failed to graft onto \`${graft.base}\` at block ${graft.block} since it has only processed block ${ptr.number}`);
    }
    if (!healthy && graft.block >= ptr.number) {
      throw invalid(
        `failed to graft onto \`${graft.base}\` at block ${graft.block} since it's not healthy. You can graft it starting at block ${ptr.number - 1} backwards`,
      );
    }
    if (!base.store.graftSnapshot || !store.importGraft) throw invalid('this store cannot copy deployments');
    const block = await rpc.request<{ hash: `0x${string}`; timestamp: `0x${string}` } | null>('eth_getBlockByNumber', [`0x${graft.block.toString(16)}`, false]);
    if (!block) throw invalid(`the specified block must exist on the Ethereum network: ${graft.block}`);
    const snapshot = await base.store.graftSnapshot(graft.block);
    try {
      await store.importGraft(snapshot, { hash: block.hash, timestamp: BigInt(block.timestamp) }, graft.base);
    } catch (error) {
      // The schemas do not fit (a required field the base lacks, another type): the deployer's error.
      if (error instanceof StoreError) throw new AdminError(error.message);
      throw error;
    }
    this.opts.logger.log('info', `grafted onto ${graft.base} at block ${graft.block}`);
  }

  private async close(id: string): Promise<void> {
    const deployment = this.deployments.get(id);
    if (!deployment) return;
    this.deployments.delete(id);
    await deployment.indexer.stop();
    deployment.runtime.close();
    await deployment.store.close();
    await deployment.logs.close();
  }

  byName(name: string): Deployment | null {
    const id = this.registry.names.get(name);
    return id ? (this.deployments.get(id) ?? null) : null;
  }

  byId(id: string): Deployment | null {
    return this.deployments.get(id) ?? null;
  }

  nameExists(name: string): boolean {
    return this.registry.names.has(name);
  }

  status(): (IndexerProgress & { names: string[]; versionLabel: string | null })[] {
    return [...this.deployments.values()].map((d) => ({
      ...d.indexer.progress(),
      names: [...this.registry.names].filter(([, id]) => id === d.id).map(([name]) => name),
      versionLabel: d.versionLabel,
    }));
  }

  async closeAll(): Promise<void> {
    await this.serial(async () => {
      for (const id of [...this.deployments.keys()]) await this.close(id);
    });
  }
}

/**
 * Deployment id of a local subgraph: a CIDv0 over the manifest and every file it references, so a
 * rebuilt mapping gets a new id (and a fresh store) while an unchanged build resumes.
 */
export async function localDeploymentId(source: string): Promise<string> {
  const manifestPath = existsSync(source) && statSync(source).isDirectory() ? path.join(source, 'subgraph.yaml') : source;
  const dir = path.dirname(manifestPath);
  const manifestText = await readFile(manifestPath, 'utf8');
  const refs = new Set<string>();
  const collect = (node: unknown, key: string | null): void => {
    if (typeof node === 'string') {
      if (key === 'file') refs.add(node);
    } else if (Array.isArray(node)) {
      for (const item of node) collect(item, null);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) collect(v, k);
    }
  };
  collect(parseYaml(manifestText), null);
  const files: Record<string, string> = {};
  for (const ref of [...refs].sort()) {
    const file = path.resolve(dir, ref);
    files[ref] = existsSync(file) ? cidV0(await readFile(file)) : 'missing';
  }
  return cidV0(new TextEncoder().encode(JSON.stringify({ manifest: manifestText, files })));
}

