/**
 * Subgraph composition, ingestion side (graph-node's `TriggersAdapterWrapper::blocks_with_subgraph_triggers`):
 * the triggers of `kind: subgraph` data sources are the entities their source deployments wrote,
 * read from the sources' persisted stores block range by block range. A composed subgraph never
 * indexes past the lowest block its sources have persisted.
 */
import type { BlockPtr, DataSourceInstance, EntityTrigger, LoadedSubgraph, SubgraphStore } from '../types.js';

/** What a composed deployment needs of a source deployment running on the same host. */
export interface SourceDeployment {
  /** Latest block the source has persisted (null before its first). */
  latestBlock(): BlockPtr | null;
  /**
   * Counts the source's reverts of blocks (a reorg) twice: once when one begins, once when it has
   * ended and `latestBlock` is the ancestor. Odd while a revert runs: the database may already be
   * reverted while `latestBlock` still gives the reverted head.
   */
  revertSequence(): number;
  store: Pick<SubgraphStore, 'blockHash' | 'entitiesInRange'>;
}

/** Looks a source deployment up by id; null when this host does not run it. */
export type SourceResolver = (deploymentId: string) => SourceDeployment | null;

/** Thrown while a source is missing or behind; non-deterministic, the indexer retries. */
export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
}

interface Filter {
  dataSource: DataSourceInstance;
  source: string;
  /** entity type -> handler (graph-node allows one handler per entity type). */
  handlers: Map<string, string>;
}

/** graph-node's `match_and_decode` refuses a second handler for one entity type when the trigger comes. */
export class DuplicateEntityHandlerError extends Error {
  readonly deterministic = true;
  constructor(
    entity: string,
    readonly blockNumber: number,
  ) {
    super(`Multiple handlers defined for entity \`${entity}\`, only one is supported`);
  }
}

export class SubgraphSources {
  private readonly filters: Filter[];
  private readonly duplicates: Map<DataSourceInstance, Set<string>>;
  /** Each source's store and revert sequence when `latestBlock` was read: what the following reads rely on. */
  private seen = new Map<string, { store: unknown; revertSequence: number }>();

  constructor(
    subgraph: LoadedSubgraph,
    handlersOf: (dataSource: DataSourceInstance) => { handler: string; entity: string }[],
    private readonly resolve: SourceResolver,
  ) {
    this.duplicates = new Map();
    // Manifest order is graph-node's `source_idx` (manifest_idx), the first sort key of the triggers.
    this.filters = subgraph.dataSources
      .filter((ds) => ds.kind === 'subgraph' && ds.sourceDeployment)
      .map((dataSource) => {
        const handlers = new Map<string, string>();
        const duplicate = new Set<string>();
        for (const { handler, entity } of handlersOf(dataSource)) {
          if (handlers.has(entity)) duplicate.add(entity);
          handlers.set(entity, handler);
        }
        this.duplicates.set(dataSource, duplicate);
        return { dataSource, source: dataSource.sourceDeployment!, handlers };
      });
  }

  private source(id: string): SourceDeployment {
    const source = this.resolve(id);
    if (!source) throw new SourceUnavailableError(`source subgraph [${id}] is not deployed on this host; waiting for it`);
    return source;
  }

  /** The highest block every source has persisted (-1 when one has none yet); `unchanged` checks against this moment. */
  latestBlock(): number {
    let latest = Number.POSITIVE_INFINITY;
    this.seen = new Map();
    for (const id of new Set(this.filters.map((f) => f.source))) {
      const source = this.source(id);
      const revertSequence = source.revertSequence();
      if (revertSequence % 2 === 1) throw new SourceUnavailableError(`source subgraph [${id}] is reverting blocks; waiting for it`);
      this.seen.set(id, { store: source.store, revertSequence });
      latest = Math.min(latest, source.latestBlock()?.number ?? -1);
    }
    return latest;
  }

  /**
   * Throws (to retry) when a source began or ended a revert of blocks, or was reopened, since
   * `latestBlock`: the entities read since then may belong to blocks it no longer has.
   */
  assertUnchanged(): void {
    for (const [id, seen] of this.seen) {
      const source = this.source(id);
      if (source.store !== seen.store || source.revertSequence() !== seen.revertSequence) {
        throw new SourceUnavailableError(`source subgraph [${id}] reverted blocks; reading it again`);
      }
    }
  }

  /** The hash a source recorded for block `n` differs from `hash` (it indexed another chain there). */
  disagrees(n: number, hash: `0x${string}`): boolean {
    for (const id of new Set(this.filters.map((f) => f.source))) {
      const known = this.source(id).store.blockHash(n);
      if (known !== null && known !== hash) return true;
    }
    return false;
  }

  /**
   * The triggers of [from, to] by block: per block, by data source (manifest order), then the
   * source's entities of the handled types by vid, the source's write order (graph-node's
   * `TriggerData` order: `source_idx`, then `vid`).
   */
  async triggers(from: number, to: number): Promise<Map<number, EntityTrigger[]>> {
    const byBlock = new Map<number, EntityTrigger[]>();
    for (const filter of this.filters) {
      const start = Math.max(from, filter.dataSource.startBlock);
      if (start > to) continue;
      const store = this.source(filter.source).store;
      if (!store.entitiesInRange) throw new Error(`the store of source subgraph [${filter.source}] cannot serve entity ranges`);
      const written = await store.entitiesInRange([...filter.handlers.keys()], start, to);
      for (const { block, type, entity } of written) {
        if (this.duplicates.get(filter.dataSource)!.has(type)) throw new DuplicateEntityHandlerError(type, block);
        let list = byBlock.get(block);
        if (!list) byBlock.set(block, (list = []));
        list.push({ dataSource: filter.dataSource, handler: filter.handlers.get(type)!, entityType: type, entity });
      }
    }
    return byBlock;
  }
}
