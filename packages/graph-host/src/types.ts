import type { ProofOfIndexing } from './poi/poi.js';
/**
 * Contracts between the modules of the local graph host. Three parts are built side by side:
 *  - runtime/  : loads a built subgraph, runs its WASM handlers with graph-ts 0.38 host functions
 *  - store/ and graphql/ : block-ranged entity store (PGlite) and graph-node's query API
 *  - ingest/, server/, cli.ts, index.ts : JSON-RPC ingestion, HTTP server, admin/IPFS API, CLI
 * Change a type here only together with every module that uses it.
 */

/** An entity field value, mirroring graph-node's `store::Value` (and graph-ts `ValueKind`). */
export type Value =
  | { kind: 'String'; value: string }
  | { kind: 'Int'; value: number }
  | { kind: 'Int8'; value: bigint }
  | { kind: 'BigDecimal'; value: string } // canonical decimal string, graph-node's normalisation
  | { kind: 'Bool'; value: boolean }
  | { kind: 'Array'; value: Value[] }
  | { kind: 'Null' }
  | { kind: 'Bytes'; value: Uint8Array }
  | { kind: 'BigInt'; value: bigint }
  | { kind: 'Timestamp'; value: bigint }; // microseconds since epoch, as graph-node stores it

/** Field name -> value. The `id` field is always present. */
export type Entity = Map<string, Value>;

export interface BlockPtr {
  number: number;
  hash: `0x${string}`;
}

export interface BlockHeader extends BlockPtr {
  parentHash: `0x${string}`;
  timestamp: bigint;
  /** Full header fields, as returned by eth_getBlockByNumber(…, false). */
  raw: Record<string, unknown>;
}

/**
 * Synchronous entity access for one block being processed. WASM host functions are
 * synchronous, so the store keeps the current (latest) state in memory and buffers writes;
 * `StoreWriter.commitBlock` persists them.
 */
export interface BlockEntityCache {
  /** Latest version, including writes made earlier in this block. */
  get(entityType: string, id: string): Entity | null;
  /** Only entities written (set) in the current block, like graph-node's `store.get_in_block`. */
  getInBlock(entityType: string, id: string): Entity | null;
  /** Full replacement of the entity (the runtime already merged with the previous value as graph-node does). */
  set(entityType: string, id: string, entity: Entity): void;
  remove(entityType: string, id: string): void;
  /** Entities of the `@derivedFrom` field `field` on `entityType` with id `id` (store.loadRelated). */
  loadRelated(entityType: string, id: string, field: string): Entity[];
  /**
   * Marks the start of one handler's writes so they can be dropped alone (graph-node's
   * `nonFatalErrors`: a failing handler's changes are discarded, the block goes on).
   */
  savepoint?(): { rollback(): void; release(): void };
  /**
   * The same block's entities as seen from causality region `region` (a file data source's handler):
   * only that region's entities of the types that have a region (graph-node's `causality_region`
   * column); writes go to that region.
   */
  inRegion?(region: number): BlockEntityCache;
}

/** An indexing error as graph-node records it (subgraph_error): with its block and handler. */
export interface SubgraphErrorInfo {
  message: string;
  blockNumber: number;
  blockHash?: `0x${string}`;
  handler?: string;
  deterministic: boolean;
}

/** A data source as the runtime and ingestion see it (static or created from a template). */
export interface DataSourceInstance {
  kind: 'ethereum/contract' | 'ethereum' | 'file/ipfs' | 'subgraph';
  name: string;
  network: string;
  address: `0x${string}` | null;
  startBlock: number;
  /** The manifest's `source.endBlock`: no triggers after it (graph-node's `has_expired`). */
  endBlock?: number;
  /** Set for data sources created from templates at runtime. */
  templateName?: string;
  creationBlock?: number;
  /** Serialised DataSourceContext entity (the `context` of createWithContext). */
  context?: Entity;
  /**
   * File data sources (`kind: file/ipfs`) only: the source string given to `dataSource.create`
   * (a CID or `CID/path`, graph-node's `CidFile`).
   */
  source?: string;
  /**
   * graph-node's causality region: 0 (ONCHAIN) for chain data sources, a new number per created
   * file data source (its entities live in that region).
   */
  causalityRegion?: number;
  /** File data sources: the block whose processing ran the handler (graph-node's `done_at`); null while pending. */
  doneAt?: number | null;  /** `kind: subgraph` data sources: the source deployment id (graph-node's `source.address`). */
  sourceDeployment?: string;
}

/** Dynamic data sources created while processing a block; the ingestion persists them. */
export interface CreatedDataSource extends DataSourceInstance {
  templateName: string;
  creationBlock: number;
}

// ---------------------------------------------------------------------------------------------
// Module APIs. runtime/index.ts, store/index.ts and graphql/index.ts export exactly these names;
// ingest/ and server/ use only these.
// ---------------------------------------------------------------------------------------------

/** Raw JSON-RPC objects (hex-encoded quantities), as returned by the node. */
export type RpcLog = {
  address: `0x${string}`;
  topics: `0x${string}`[];
  data: `0x${string}`;
  blockNumber: `0x${string}`;
  blockHash: `0x${string}`;
  transactionHash: `0x${string}`;
  transactionIndex: `0x${string}`;
  logIndex: `0x${string}`;
  removed?: boolean;
};
export type RpcTransaction = Record<string, unknown> & { hash: `0x${string}` };
export type RpcReceipt = Record<string, unknown> & { transactionHash: `0x${string}`; logs: RpcLog[] };

/** A successful message call from a `trace_filter` answer, as graph-node's `EthereumCall::try_from_trace` keeps it. */
export type RpcCall = {
  from: `0x${string}`;
  to: `0x${string}`;
  input: `0x${string}`;
  output: `0x${string}`;
  blockNumber: number;
  blockHash: `0x${string}`;
  transactionHash: `0x${string}`;
  transactionPosition: number;
  /**
   * The call itself succeeded but its transaction reverted later: graph-node runs no call handler for
   * it (`transaction_for_call_succeeded`), while `filter: call` block handlers still see it.
   */
  transactionFailed?: boolean;
};

/** Everything the runtime needs to process one block. */
export interface BlockData {
  header: BlockHeader;
  /** Logs of this block matching the filters of the data sources being processed, any order. */
  logs: RpcLog[];
  /** Transactions of this block by hash (eth_getBlockByNumber(n, true)). */
  transactions: Map<string, RpcTransaction>;
  /** Receipts by tx hash; present only when `runtime.needsReceipts(dataSources)`. */
  receipts?: Map<string, RpcReceipt>;
  /** Calls of this block matching `runtime.callFilters`, in trace order. */
  calls?: RpcCall[];
  /** `kind: subgraph` data sources: the source entities of this block to hand to handlers, in graph-node's trigger order. */
  entityTriggers?: EntityTrigger[];
  /** The block's proof-of-indexing events (graph-node's SharedProofOfIndexing); absent: not recorded (file data sources). */
  proofOfIndexing?: ProofOfIndexing;
}

/** A source deployment's entity written at a block, for one `kind: subgraph` data source's handler. */
export interface EntityTrigger {
  dataSource: DataSourceInstance;
  handler: string;
  entityType: string;
  entity: Entity;
}

/** An entity a deployment wrote at `block` (onchain region), as source deployments serve them. */
export interface WrittenEntity {
  block: number;
  type: string;
  entity: Entity;
}

/** One trace_filter filter: calls to `address` (null: any) whose selector is one of `selectors` (null: any function). */
export interface CallFilter {
  address: `0x${string}` | null;
  selectors: Set<string> | null;
}

/** One eth_getLogs filter the ingestion must run for a set of data sources. */
export interface LogFilter {
  address: `0x${string}` | null;
  /** topic0 values (event signatures) of the data source's handlers. */
  topic0: `0x${string}`[];
}

/** Where a subgraph is loaded from: a local build dir / manifest path, or IPFS-resolved files. */
export type SubgraphSource =
  | string // path of build dir (containing subgraph.yaml) or of a manifest file
  | { manifestText: string; resolveFile: (ref: string) => Promise<Uint8Array> }; // ref: relative path or /ipfs/<cid>

export interface SubgraphLogger {
  log(level: 'critical' | 'error' | 'warning' | 'info' | 'debug', message: string, extra?: Record<string, unknown>): void;
}

/**
 * runtime/index.ts:
 *   loadSubgraph(source: SubgraphSource): Promise<LoadedSubgraph>   // throws UnsupportedHostFunctionsError
 *   class SubgraphRuntime implements MappingRuntime { constructor(subgraph: LoadedSubgraph, opts: { rpcUrl: string; logger?: SubgraphLogger }) }
 *   class UnsupportedHostFunctionsError extends Error { missing: string[] }
 *   class HandlerError extends Error { deterministic: boolean; blockNumber: number; handler: string; dataSource: string }
 */
export interface LoadedSubgraph {
  /** Parsed manifest (YAML object). */
  manifest: Record<string, unknown>;
  schemaText: string;
  specVersion: string;
  apiVersion: string;
  network: string;
  /** Static data sources. */
  dataSources: DataSourceInstance[];
  templateNames: string[];
  /** Lowest startBlock over data sources. */
  startBlock: number;
  /**
   * graph-node's `max_end_block`: the highest `endBlock` when every data source has one and there are
   * no templates; indexing stops there. Null otherwise.
   */
  maxEndBlock: number | null;
  /** The manifest's `graft`: start from a base deployment's data as of `block` (DeploymentManager copies it). */
  graft: { base: string; block: number } | null;
  /** Names of every entity type declared immutable in the schema. */
  immutableEntities: Set<string>;
  /** Manifest `features` (e.g. `nonFatalErrors`). */
  features: string[];
  /** Entity types of file data source templates' `entities` (they get a causality region). */
  causalityRegionEntities: Set<string>;
  /** Names of the `kind: file/ipfs` templates (empty: the indexer keeps no file data source state). */
  fileTemplates: string[];
  /** Deployment ids the `kind: subgraph` data sources read (empty for chain subgraphs). */
  subgraphSources: string[];
}

export interface MappingRuntime {
  logFilters(dataSources: DataSourceInstance[]): LogFilter[];
  /** Calls the data sources' call handlers and `filter: call` block handlers need (empty: no traces). */
  callFilters?(dataSources: DataSourceInstance[]): CallFilter[];
  /** Block handlers that run on every (or every n-th, or the first) block; `filter: call` ones are not counted. */
  hasBlockHandlers(dataSources: DataSourceInstance[]): boolean;
  needsReceipts(dataSources: DataSourceInstance[]): boolean;
  /** Finer: whether these logs trigger a handler with `receipt: true` (absent: `needsReceipts`). */
  needsReceiptsFor?(logs: RpcLog[], dataSources: DataSourceInstance[]): boolean;
  /**
   * Runs every trigger of `block` for `dataSources` in graph-node's order (event and call handlers by
   * transaction, a transaction's events before its calls, events by log index; then block handlers),
   * one fresh WASM instance per trigger. Returns the data sources created by
   * handlers; the caller fetches their logs for the same block and calls again with only those.
   * Throws HandlerError on a handler failure (the caller discards the block's writes).
   */
  processBlock(
    block: BlockData,
    dataSources: DataSourceInstance[],
    cache: BlockEntityCache,
  ): { created: CreatedDataSource[]; handlerCalls: number; errors?: SubgraphErrorInfo[] };
  /**
   * Runs a file data source's handler with the file's bytes, at `block`, against `cache` (the data
   * source's causality region). Returns the file data sources it created. Throws HandlerError.
   */
  processFile?(block: BlockData, dataSource: DataSourceInstance, content: Uint8Array, cache: BlockEntityCache): { created: CreatedDataSource[] };
  /** A `kind: subgraph` data source's handlers (`{handler, entity}`); absent or empty for other kinds. */
  entityHandlers?(dataSource: DataSourceInstance): { handler: string; entity: string }[];
  close(): void;
}

/**
 * store/index.ts:
 *   openStore(opts: StoreOptions): Promise<SubgraphStore>
 */
export interface StoreOptions {
  schemaText: string;
  /** Directory for the embedded PGlite database; null/undefined keeps it in memory. */
  dataDir?: string | null;
  /** Use a real PostgreSQL server instead of PGlite. */
  postgresUrl?: string;
  deploymentId: string;
  immutableEntities: Set<string>;
  /**
   * Entity types listed in the `entities` of file data source templates: their tables get graph-node's
   * `causality_region` column (absent for every other type, so they pay nothing).
   */
  causalityRegionEntities?: Set<string>;
}

export interface IndexingStatus {
  failed: boolean;
  error?: SubgraphErrorInfo;
}

/** A deployment's history as of a block, for grafting (graph-node copies the base's versions up to it). */
export interface GraftSnapshot {
  block: number;
  /** Entity versions by type: the entity and its block range, open (`to` null) when still current at `block`. */
  versions: Map<string, { entity: Entity; from: number; to: number | null }[]>;
  dataSources: DataSourceInstance[];
}

export interface SubgraphStore {
  /** Last block whose writes are persisted (null before the first block). */
  blockPtr(): BlockPtr | null;
  /** Dynamic data sources persisted so far (static ones come from the manifest). */
  dynamicDataSources(): DataSourceInstance[];
  beginBlock(header: BlockHeader): BlockEntityCache;
  /**
   * Ends the current block; its writes join the pending batch (visible to later blocks' caches).
   * `processed`: causality regions of file data sources whose handler ran in this block (their
   * `done_at` becomes this block).
   */
  endBlock(created: CreatedDataSource[], errors?: SubgraphErrorInfo[], processed?: number[]): void;
  /** Drops the current block's writes (handler failed). */
  discardBlock(): void;
  /** Persists every pending block atomically: entities, block pointer, block hashes, data sources. */
  flush(): Promise<void>;
  /** Hash recorded for an indexed block, for reorg detection (null if unknown). */
  blockHash(number: number): `0x${string}` | null;
  /** Rolls back every write above `ptr.number` (reorg); the in-memory state follows. */
  revertTo(ptr: BlockPtr | null): Promise<void>;
  setStatus(status: IndexingStatus): Promise<void>;
  status(): IndexingStatus;
  /** Non-fatal (deterministic) errors persisted so far, oldest first (`nonFatalErrors` subgraphs). */
  nonFatalErrors?(): SubgraphErrorInfo[];
  /**
   * Builds the indexes postponed until the deployment reaches the chain head; resolves with the
   * columns left without one (values too large to index).
   */
  createPostponedIndexes?(): Promise<string[]>;
  /** Grafting, base side: the versions as of `block` and the data sources created up to it. */
  graftSnapshot?(block: number): Promise<GraftSnapshot>;
  /**
   * Subgraph composition (graph-node's `SourceableStore::get_range`, onchain region): the persisted
   * entities of `types` whose version starts in [from, to], by block, then by vid (write order across types).
   */
  entitiesInRange?(types: string[], from: number, to: number): Promise<WrittenEntity[]>;
  /** graph-node's `entityChangesInBlock`: entity versions written at `block`, and ids deleted there. */
  entityChangesInBlock?(block: number): Promise<EntityChanges>;
  /** Grafting, new side: writes a base's snapshot into this empty store, pointer at the graft block; reopen to load it. */
  importGraft?(snapshot: GraftSnapshot, ptr: { hash: `0x${string}`; timestamp: bigint }, baseName: string): Promise<void>;
  /** The `Poi$` digest of each causality region as of `block`; null before the deployment reached it. */
  proofOfIndexingDigests?(block: number): Promise<Map<string, Uint8Array> | null>;
  close(): Promise<void>;
}

/** Per entity type, in schema order; types without changes are left out. */
export interface EntityChanges {
  updates: { type: string; entities: Entity[] }[];
  deletions: { type: string; ids: string[] }[];
}

/**
 * graphql/index.ts:
 *   createQueryExecutor(store: SubgraphStore, schemaText: string, meta: () => QueryMeta): QueryExecutor
 */
export interface QueryMeta {
  deployment: string;
  block: { number: number; hash: `0x${string}`; timestamp: number | null } | null;
  hasIndexingErrors: boolean;
}
export interface QueryExecutor {
  execute(request: {
    query: string;
    variables?: Record<string, unknown> | null;
    operationName?: string | null;
    /** Aborted when the client goes away: the query's database work stops. */
    signal?: AbortSignal | null;
  }): Promise<{
    data?: unknown;
    errors?: { message: string; locations?: unknown; path?: unknown }[];
  }>;
}
