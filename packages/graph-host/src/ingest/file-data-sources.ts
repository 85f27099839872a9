/**
 * File data sources (`kind: file/ipfs` templates) of one deployment, as graph-node's subgraph instance
 * and offchain monitor keep them (core/src/subgraph/context/mod.rs, context/instance/mod.rs,
 * core/src/polling_monitor/ipfs_service.rs):
 *  - every created file data source takes the next causality region (graph-node's
 *    `causality_region_next_value`, called before the duplicate check, so a duplicate uses one up);
 *  - a duplicate (same template, source and context: `offchain::DataSource::is_duplicate_of`, whatever
 *    its done status or creation block) is dropped;
 *  - pending sources are looked up in the host's IPFS store at every processed block, and fetched from
 *    a remote IPFS API (graph-node's `--ipfs`) in the background with retries, a timeout
 *    (`GRAPH_IPFS_TIMEOUT`) and a size cap (`GRAPH_MAX_IPFS_FILE_BYTES`), never blocking chain indexing.
 * Only deployments with file templates create one; the indexer asks it once per processed block.
 */
import { envNumber } from '../env.js';
import { DEFAULT_IPFS_LIMITS } from '../ipfs/store.js';
import type { CreatedDataSource, DataSourceInstance, Entity, SubgraphLogger, Value } from '../types.js';

export interface FileSourceOptions {
  /** The host's own IPFS store. */
  local: { has(ref: string): boolean; get(ref: string): Uint8Array | null } | null;
  /** Base URL of a remote IPFS HTTP API (kubo's `/api/v0/cat`), graph-node's `--ipfs`. */
  remoteUrl?: string | null;
  /** graph-node's GRAPH_IPFS_TIMEOUT (default 60 s): one remote request. */
  timeoutMs?: number;
  /** graph-node's GRAPH_MAX_IPFS_FILE_BYTES (default 25 MiB): larger files are never processed. */
  maxFileBytes?: number;
  logger?: SubgraphLogger;
}

/** graph-node's defaults (graph/src/env/mappings.rs). */
export const DEFAULT_IPFS_TIMEOUT_MS = 60_000;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
const REMOTE_CONCURRENCY = 4;

/** graph-node's environment settings for file fetching (seconds and bytes, as it reads them). */
export function fileSourceSettingsFromEnv(env: Record<string, string | undefined> = process.env): { timeoutMs: number; maxFileBytes: number } {
  return {
    timeoutMs: envNumber(env, 'GRAPH_IPFS_TIMEOUT', DEFAULT_IPFS_TIMEOUT_MS / 1000) * 1000,
    maxFileBytes: envNumber(env, 'GRAPH_MAX_IPFS_FILE_BYTES', DEFAULT_IPFS_LIMITS.maxFileBytes),
  };
}

function valueKey(value: Value): unknown {
  switch (value.kind) {
    case 'Null':
      return [value.kind];
    case 'Array':
      return [value.kind, value.value.map(valueKey)];
    case 'Bytes':
      return [value.kind, Buffer.from(value.value).toString('hex')];
    default:
      return [value.kind, String(value.value)];
  }
}

/** A context as a comparable string (graph-node compares `DataSourceContext` values). */
function contextKey(context: Entity | undefined): string {
  if (!context) return '';
  return JSON.stringify([...context].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, valueKey(value)]));
}

function identity(ds: DataSourceInstance): string {
  return JSON.stringify([ds.templateName ?? ds.name, ds.source ?? '', contextKey(ds.context)]);
}

export class FileDataSources {
  private readonly local: FileSourceOptions['local'];
  private readonly remoteUrl: string | null;
  private readonly timeoutMs: number;
  private readonly maxFileBytes: number;
  private readonly logger: SubgraphLogger | undefined;
  /** Every file data source (processed or not), for the duplicate check. */
  private identities = new Set<string>();
  /** Not processed yet, in creation order. */
  private pending: DataSourceInstance[] = [];
  private regionSeq = 0;
  /**
   * What the block being processed added (its data sources only grow `pending` and `identities`
   * until the block ends), undone when the block is discarded: no copy per block.
   */
  private journal: { pendingLength: number; regionSeq: number; identities: string[] } | null = null;
  /** Files fetched from the remote API, by source, until their data sources are processed. */
  private readonly fetched = new Map<string, Uint8Array>();
  private readonly attempts = new Map<string, { next: number; delay: number; running: boolean }>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(opts: FileSourceOptions) {
    this.local = opts.local;
    this.remoteUrl = opts.remoteUrl ? opts.remoteUrl.replace(/\/+$/, '') : null;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_IPFS_TIMEOUT_MS;
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULT_IPFS_LIMITS.maxFileBytes;
    this.logger = opts.logger;
  }

  /**
   * The file data sources persisted so far (at start, after a revert): the causality region sequence
   * continues from the highest one, as graph-node's `CausalityRegionSeq::from_current` does.
   */
  reset(dataSources: DataSourceInstance[]): void {
    this.identities = new Set(dataSources.map(identity));
    this.pending = dataSources.filter((ds) => ds.doneAt === null || ds.doneAt === undefined);
    this.regionSeq = dataSources.reduce((max, ds) => Math.max(max, ds.causalityRegion ?? 0), 0);
    this.journal = null;
    this.schedule();
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Called before a block's handlers run: what `rollback` returns to. */
  begin(): void {
    this.journal = { pendingLength: this.pending.length, regionSeq: this.regionSeq, identities: [] };
  }

  /** The block was discarded (handler failure): forget the data sources it created. */
  rollback(): void {
    const journal = this.journal;
    if (!journal) return;
    this.pending.length = journal.pendingLength;
    this.regionSeq = journal.regionSeq;
    for (const key of journal.identities) this.identities.delete(key);
    this.journal = null;
  }

  /** Gives created file data sources their causality region; returns those that are not duplicates. */
  admit(created: CreatedDataSource[]): CreatedDataSource[] {
    const kept: CreatedDataSource[] = [];
    for (const ds of created) {
      const region = ++this.regionSeq;
      const key = identity(ds);
      if (this.identities.has(key)) {
        this.logger?.log('warning', 'no runtime host created, there is already a runtime host instantiated for this data source', { name: ds.name, source: ds.source });
        continue;
      }
      this.identities.add(key);
      this.journal?.identities.push(key);
      const admitted = { ...ds, causalityRegion: region, doneAt: null };
      kept.push(admitted);
      this.pending.push(admitted);
    }
    if (kept.length > 0) this.schedule();
    return kept;
  }

  /**
   * Pending data sources whose file is available now, in creation order, with the file's bytes. The
   * host's store is read here (a local lookup); remote files arrive through the background fetches.
   */
  ready(): { dataSource: DataSourceInstance; content: Uint8Array }[] {
    const out: { dataSource: DataSourceInstance; content: Uint8Array }[] = [];
    for (const dataSource of this.pending) {
      const content = this.content(dataSource.source ?? '');
      if (content) out.push({ dataSource, content });
    }
    return out;
  }

  /** These data sources' handlers ran in a block that was ended: they are done. */
  markProcessed(regions: number[]): void {
    this.journal = null;
    if (regions.length === 0) return;
    const done = new Set(regions);
    this.pending = this.pending.filter((ds) => !done.has(ds.causalityRegion ?? 0));
    const sources = new Set(this.pending.map((ds) => ds.source));
    for (const source of [...this.fetched.keys()]) if (!sources.has(source)) this.fetched.delete(source);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private content(source: string): Uint8Array | null {
    const fetched = this.fetched.get(source);
    if (fetched) return fetched;
    // The host's store holds single files by CID: a `CID/path` source is only found remotely.
    if (this.local && !source.includes('/') && this.local.has(source)) {
      const content = this.local.get(source);
      if (content && content.length <= this.maxFileBytes) return content;
    }
    return null;
  }

  /** Background fetching from the remote API, each source retried with backoff until found. */
  private schedule(): void {
    if (!this.remoteUrl || this.closed || this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.poll();
    }, MIN_RETRY_MS);
    this.timer.unref();
  }

  private poll(): void {
    if (this.closed) return;
    const now = Date.now();
    let running = [...this.attempts.values()].filter((a) => a.running).length;
    for (const source of new Set(this.pending.map((ds) => ds.source ?? ''))) {
      if (running >= REMOTE_CONCURRENCY) break;
      if (this.fetched.has(source) || this.content(source)) continue;
      const attempt = this.attempts.get(source) ?? { next: 0, delay: MIN_RETRY_MS, running: false };
      this.attempts.set(source, attempt);
      if (attempt.running || attempt.next > now) continue;
      attempt.running = true;
      running++;
      void this.fetchRemote(source).then(
        (content) => {
          attempt.running = false;
          if (content) {
            this.fetched.set(source, content);
            this.attempts.delete(source);
          } else {
            attempt.next = Date.now() + attempt.delay;
            attempt.delay = Math.min(attempt.delay * 2, MAX_RETRY_MS);
          }
        },
        () => undefined,
      );
    }
    this.schedule();
  }

  /** One `POST /api/v0/cat?arg=<source>` (kubo's RPC, as graph-node's IPFS client calls it); null to retry. */
  private async fetchRemote(source: string): Promise<Uint8Array | null> {
    try {
      const response = await fetch(`${this.remoteUrl}/api/v0/cat?arg=${encodeURIComponent(source)}`, {
        method: 'POST',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        this.logger?.log('debug', `IPFS file ${source} not available yet (HTTP ${response.status})`);
        return null;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      // A reader rather than `for await`: the stream's async iterator is missing from DOM typings that
      // packages compiling this source (the SDK's type tests) use.
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > this.maxFileBytes) {
          await reader.cancel();
          // graph-node's ipfs_service refuses it the same way; it is retried, never processed.
          this.logger?.log('warning', `IPFS file ${source} is too large. It can be at most ${this.maxFileBytes} bytes`);
          return null;
        }
        chunks.push(value);
      }
      return Buffer.concat(chunks);
    } catch (error) {
      this.logger?.log('debug', `fetching IPFS file ${source} failed, retrying: ${(error as Error).message}`);
      return null;
    }
  }
}
