/**
 * Deployments hosted by one graph host: subgraph names -> deployment ids (IPFS hashes, like
 * graph-node), each deployment with its runtime, store, indexer and query executor. The name
 * registry is persisted in the data dir so admin-deployed subgraphs come back after a restart.
 */
import { existsSync, mkdirSync, readFileSync, statSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSubgraph, SubgraphRuntime } from '../runtime/index.js';
import { openStore } from '../store/index.js';
import { createQueryExecutor } from '../graphql/index.js';
import { Indexer, type IndexerOptions, type IndexerProgress } from '../ingest/indexer.js';
import { cidV0 } from '../ipfs/cid.js';
import type { IpfsFileStore } from '../ipfs/store.js';
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
}

/** How a deployment was obtained, persisted so it can be reopened after a restart. */
type DeploymentSource = { ipfs: string } | { path: string };

interface Registry {
  names: Record<string, string | null>;
  deployments: Record<string, { source: DeploymentSource; versionLabel: string | null }>;
}

export class AdminError extends Error {
  constructor(
    message: string,
    readonly code: number = -32000,
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
}

/** Valid subgraph names, as graph-node's `SubgraphName::new` accepts them. */
const NAME_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export class DeploymentManager {
  private readonly registry: Registry = { names: {}, deployments: {} };
  private readonly deployments = new Map<string, Deployment>();
  /** Serialises admin operations (deploys open databases; avoid racing ones). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DeploymentManagerOptions) {
    const file = this.registryFile();
    if (file && existsSync(file)) Object.assign(this.registry, JSON.parse(readFileSync(file, 'utf8')) as Registry);
  }

  private registryFile(): string | null {
    return this.opts.dataDir ? path.join(this.opts.dataDir, 'registry.json') : null;
  }

  private saveRegistry(): void {
    const file = this.registryFile();
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(this.registry, null, 2));
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
      for (const [name, id] of Object.entries(this.registry.names)) {
        if (!id || this.deployments.has(id) || except.includes(name)) continue;
        const entry = this.registry.deployments[id];
        if (!entry) continue;
        try {
          const source = 'ipfs' in entry.source ? this.ipfsSource(entry.source.ipfs) : entry.source.path;
          await this.open(id, source, entry.versionLabel);
        } catch (error) {
          this.opts.logger.log('error', `could not restore deployment ${id} of ${name}: ${(error as Error).message}`);
        }
      }
    });
  }

  create(name: string): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!NAME_PATTERN.test(name)) throw new AdminError(`invalid subgraph name: ${JSON.stringify(name)}`);
      if (name in this.registry.names) throw new AdminError(`subgraph name already exists: ${name}`);
      this.registry.names[name] = null;
      this.saveRegistry();
      return { id: name };
    });
  }

  /** Deploys the manifest stored in the local IPFS store under `name` (which must exist). */
  deployIpfs(name: string, ipfsHash: string, versionLabel: string | null): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!(name in this.registry.names)) throw new AdminError(`subgraph name not found: ${name}`);
      if (!this.opts.ipfs.has(ipfsHash)) throw new AdminError(`IPFS file not found: ${ipfsHash} (add it to this host's IPFS API first)`);
      await this.assign(name, ipfsHash, this.ipfsSource(ipfsHash), { ipfs: ipfsHash }, versionLabel);
      return { id: ipfsHash };
    });
  }

  /** Deploys a local build dir or manifest path (or in-memory source) under `name`, creating it if needed. */
  deployLocal(name: string, source: SubgraphSource, versionLabel: string | null = null): Promise<{ id: string }> {
    return this.serial(async () => {
      if (!NAME_PATTERN.test(name)) throw new AdminError(`invalid subgraph name: ${JSON.stringify(name)}`);
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
      if (!(name in this.registry.names)) throw new AdminError(`subgraph name not found: ${name}`);
      const id = this.registry.names[name];
      delete this.registry.names[name];
      this.saveRegistry();
      if (id && !Object.values(this.registry.names).includes(id)) await this.close(id);
    });
  }

  private async assign(
    name: string,
    id: string,
    source: SubgraphSource,
    persisted: DeploymentSource | null,
    versionLabel: string | null,
  ): Promise<void> {
    const previous = this.registry.names[name] ?? null;
    if (!this.deployments.has(id)) await this.open(id, source, versionLabel);
    this.registry.names[name] = id;
    if (persisted) this.registry.deployments[id] = { source: persisted, versionLabel };
    this.saveRegistry();
    // graph-node switches the name to the new version; the old one stops when nothing uses it.
    if (previous && previous !== id && !Object.values(this.registry.names).includes(previous)) await this.close(previous);
    this.opts.logger.log('info', `deployed ${id} as ${name}${versionLabel ? ` (${versionLabel})` : ''}`);
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
    const deploymentLogger: SubgraphLogger = {
      log: (level, message, extra) => logger.log(level, message, { deployment: id, ...extra }),
    };
    const subgraph = await loadSubgraph(source);
    const storeDir = this.opts.dataDir ? path.join(this.opts.dataDir, 'deployments', id) : null;
    if (storeDir) mkdirSync(path.dirname(storeDir), { recursive: true });
    const store = await openStore({
      schemaText: subgraph.schemaText,
      dataDir: storeDir,
      deploymentId: id,
      immutableEntities: subgraph.immutableEntities,
    });
    let runtime: SubgraphRuntime;
    try {
      runtime = new SubgraphRuntime(subgraph, { rpcUrl: this.opts.rpcUrl, logger: deploymentLogger });
    } catch (error) {
      await store.close();
      throw error;
    }
    const indexer = new Indexer({
      ...this.opts.indexer,
      rpcUrl: this.opts.rpcUrl,
      subgraph,
      runtime,
      store,
      deploymentId: id,
      logger: deploymentLogger,
    });
    const executor = createQueryExecutor(store, subgraph.schemaText, () => {
      const latest = indexer.latestBlock();
      return {
        deployment: id,
        block: latest ? { number: latest.number, hash: latest.hash, timestamp: latest.timestamp } : null,
        hasIndexingErrors: store.status().failed,
      };
    });
    const deployment: Deployment = { id, subgraph, runtime, store, indexer, executor, versionLabel };
    this.deployments.set(id, deployment);
    indexer.start();
    return deployment;
  }

  private async close(id: string): Promise<void> {
    const deployment = this.deployments.get(id);
    if (!deployment) return;
    this.deployments.delete(id);
    await deployment.indexer.stop();
    deployment.runtime.close();
    await deployment.store.close();
  }

  byName(name: string): Deployment | null {
    const id = this.registry.names[name];
    return id ? (this.deployments.get(id) ?? null) : null;
  }

  byId(id: string): Deployment | null {
    return this.deployments.get(id) ?? null;
  }

  nameExists(name: string): boolean {
    return name in this.registry.names;
  }

  status(): (IndexerProgress & { names: string[]; versionLabel: string | null })[] {
    return [...this.deployments.values()].map((d) => ({
      ...d.indexer.progress(),
      names: Object.entries(this.registry.names)
        .filter(([, id]) => id === d.id)
        .map(([name]) => name),
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

