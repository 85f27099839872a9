/**
 * Ingestion: feeds a subgraph runtime with blocks from any Ethereum JSON-RPC node and persists the
 * results through the store, as graph-node's block stream + subgraph runner do:
 *  - backfill with eth_getLogs over bounded, adaptive block ranges (one filter set for all data sources)
 *  - per block: store.beginBlock -> runtime.processBlock -> same-block pass for created data sources
 *    -> store.endBlock; flush every N blocks / interval and at the chain head
 *  - follow the head by polling eth_blockNumber; detect reorgs by block hash and revert to the
 *    common ancestor; a deterministic handler error marks the deployment failed and stops it.
 */
import type {
  BlockData,
  BlockEntityCache,
  BlockHeader,
  BlockPtr,
  CallFilter,
  CreatedDataSource,
  DataSourceInstance,
  EntityTrigger,
  LoadedSubgraph,
  LogFilter,
  MappingRuntime,
  RpcCall,
  RpcLog,
  RpcReceipt,
  RpcTransaction,
  SubgraphErrorInfo,
  SubgraphLogger,
  SubgraphStore,
  Value,
} from '../types.js';
import { POI_ENTITY_TYPE, ProofOfIndexing, proofOfIndexingComputed, proofOfIndexingVersion, type PoiEvent, type PoiVersion } from '../poi/poi.js';
import { JsonRpcClient, RpcError, hexToNumber, numberToHex } from './rpc.js';
import { FileDataSources, type FileSourceOptions } from './file-data-sources.js';
import { DuplicateEntityHandlerError, SourceUnavailableError, SubgraphSources, type SourceResolver } from './subgraph-sources.js';

export interface IndexerOptions {
  rpcUrl: string;
  subgraph: LoadedSubgraph;
  runtime: MappingRuntime;
  store: SubgraphStore;
  deploymentId: string;
  logger?: SubgraphLogger;
  /** Head polling interval (graph-node polls every 500 ms by default). Default 500. */
  pollIntervalMs?: number;
  /** First eth_getLogs range; halved on errors, grown back on success. Default 2000. */
  initialBlockRange?: number;
  maxBlockRange?: number;
  /** Flush after this many processed blocks… Default 500. */
  flushEveryBlocks?: number;
  /** …or after this much time. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Blocks fetched per JSON-RPC batch. Default 100. */
  blockBatchSize?: number;
  /** How far back a reorg is searched for a common ancestor before re-indexing from scratch. */
  reorgThreshold?: number;
  /** JSON-RPC client to use (e.g. one primed by primeBackfill); default: a new one for rpcUrl. */
  rpc?: JsonRpcClient;
  /** Where file data sources' files come from (used only by subgraphs with file templates). */
  files?: Omit<FileSourceOptions, 'logger'>;
  /** Source deployments of `kind: subgraph` data sources (used only by composed subgraphs). */
  subgraphSources?: SourceResolver;
}

export type IndexerState = 'starting' | 'syncing' | 'synced' | 'failed' | 'stopped';

export interface IndexerProgress {
  deploymentId: string;
  state: IndexerState;
  /** Latest block persisted and visible to queries. */
  latestBlock: (BlockPtr & { timestamp: number | null }) | null;
  /** Latest block processed (may still be pending a flush). */
  processedBlock: number | null;
  chainHead: number | null;
  blocksProcessed: number;
  eventsProcessed: number;
  handlerCalls: number;
  reorgs: number;
  /** Where time went (ms): running handlers (WASM + entity cache), store flushes, everything else is RPC/waiting. */
  timings: { handlersMs: number; flushMs: number };
  startedAt: number;
  /** The fatal error, or (deterministic: false) the error a step is being retried after. */
  error?: SubgraphErrorInfo;
}

interface RpcBlock {
  number: `0x${string}`;
  hash: `0x${string}`;
  parentHash: `0x${string}`;
  timestamp: `0x${string}`;
  transactions: (RpcTransaction | `0x${string}`)[];
  [key: string]: unknown;
}

/** Thrown when the chain changed under a range being processed; the loop re-checks for a reorg. */
class ChainMovedError extends Error {}

/**
 * The node has no `trace_filter`, which call handlers and `filter: call` block handlers need (as
 * graph-node needs a `traces` provider for them): deterministic, the subgraph fails with this.
 */
export class TracesUnsupportedError extends Error {
  override name = 'TracesUnsupportedError';
  constructor(detail: string) {
    super(`this subgraph has call handlers or call-filtered block handlers, which need the node's trace_filter (Parity-style traces): ${detail}`);
  }
}

interface HandlerErrorShape extends Error {
  deterministic: boolean;
  blockNumber: number;
}
function isHandlerError(error: unknown): error is HandlerErrorShape {
  return error instanceof Error && typeof (error as Partial<HandlerErrorShape>).deterministic === 'boolean';
}

/** Longest run of handlers (ms) before the indexer lets queries and node answers through (yieldIfBusy). */
const MAX_BUSY_MS = 20;
/** Ranges this short are treated as following the head: every block and its logs by hash. */
const HEAD_MODE_BLOCKS = 10;
/**
 * Logs asked for per eth_getLogs during a backfill. One answer for a whole range (50k logs, 54 MB
 * on anvil) took 2.4 s to serve and 0.4 s to parse; in answers of ~2,000 logs the same logs took
 * 0.9 s and 0.06 s, and the node serves the next one while the host runs the handlers.
 */
const LOGS_PER_REQUEST = 2000;
/** Blocks in the first eth_getLogs of a range, before the log density is known; grows ×8 at most per request. */
const FIRST_LOGS_SPAN = 10;

/** Blocks of the next eth_getLogs after one over `blocks` blocks answered `logs` logs. */
function nextLogsSpan(blocks: number, logs: number, limit: number): number {
  const byDensity = logs === 0 ? Number.POSITIVE_INFINITY : Math.floor((LOGS_PER_REQUEST * blocks) / logs);
  return Math.max(1, Math.min(limit, blocks * 8, byDensity));
}

/**
 * The blocks a backfill processes in [from, to] of a range ending at `rangeEnd`: those with logs or
 * calls, all of them with block handlers, and the range's last block (so the pointer, `_meta.block` and
 * `number_gte` queries follow the chain as in graph-node).
 */
function blocksToProcess(
  logsByBlock: Map<number, RpcLog[]>,
  from: number,
  to: number,
  rangeEnd: number,
  blockHandlers: boolean,
  callsByBlock?: Map<number, RpcCall[]>,
): number[] {
  const numbers = new Set<number>(logsByBlock.keys());
  for (const n of callsByBlock?.keys() ?? []) numbers.add(n);
  if (blockHandlers) for (let n = from; n <= to; n++) numbers.add(n);
  if (to === rangeEnd) numbers.add(to);
  return [...numbers].sort((a, b) => a - b);
}

function logsByBlockOf(logs: RpcLog[]): Map<number, RpcLog[]> {
  const logsByBlock = new Map<number, RpcLog[]>();
  for (const log of logs) {
    const n = hexToNumber(log.blockNumber);
    let list = logsByBlock.get(n);
    if (!list) logsByBlock.set(n, (list = []));
    list.push(log);
  }
  return logsByBlock;
}

/** Blocks with triggers (logs or calls) come with their transactions: handlers read them. */
const blockCalls = (numbers: number[], withTriggers: { has(n: number): boolean }, calls?: { has(n: number): boolean }) =>
  numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [numberToHex(n), withTriggers.has(n) || (calls?.has(n) ?? false)] }));

/** A `trace_filter` trace as graph-node's `EthereumCall::try_from_trace` keeps it: successful CALLs with a selector. */
type RpcTrace = {
  type?: string;
  error?: unknown;
  action?: { from?: string; to?: string; input?: string };
  result?: { output?: string } | null;
  blockNumber?: number | string;
  blockHash?: string;
  transactionHash?: string;
  transactionPosition?: number | null;
};

function callFromTrace(trace: RpcTrace): RpcCall | null {
  if (trace.error !== undefined && trace.error !== null) return null;
  const { action, result } = trace;
  // Value transfers have no input: call handlers are for method calls (at least a selector).
  if (trace.type !== 'call' || !action || typeof action.input !== 'string' || action.input.length < 10) return null;
  if (typeof action.to !== 'string' || typeof action.from !== 'string') return null;
  if (!result || typeof result.output !== 'string') return null;
  // Only block reward traces lack a transaction; they trigger nothing.
  if (typeof trace.transactionPosition !== 'number' || typeof trace.transactionHash !== 'string' || typeof trace.blockHash !== 'string') return null;
  return {
    from: action.from as `0x${string}`,
    to: action.to as `0x${string}`,
    input: action.input as `0x${string}`,
    output: result.output as `0x${string}`,
    blockNumber: typeof trace.blockNumber === 'string' ? hexToNumber(trace.blockNumber) : Number(trace.blockNumber),
    blockHash: trace.blockHash as `0x${string}`,
    transactionHash: trace.transactionHash as `0x${string}`,
    transactionPosition: trace.transactionPosition,
  };
}

/** A predicate for calls matching any of `filters` (to address, selector). */
function callMatcher(filters: CallFilter[]): (call: RpcCall) => boolean {
  return (call) => {
    const to = call.to.toLowerCase();
    const selector = call.input.slice(0, 10).toLowerCase();
    return filters.some((f) => (f.address === null || f.address.toLowerCase() === to) && (f.selectors === null || f.selectors.has(selector)));
  };
}

function callsByBlockOf(calls: RpcCall[]): Map<number, RpcCall[]> {
  const byBlock = new Map<number, RpcCall[]>();
  for (const call of calls) {
    let list = byBlock.get(call.blockNumber);
    if (!list) byBlock.set(call.blockNumber, (list = []));
    list.push(call);
  }
  return byBlock;
}

/** Whether a receipt says its transaction failed (graph-node: no status field, pre-Byzantium, counts as success). */
function failedTransaction(receipt: RpcReceipt | undefined): boolean {
  const status = receipt?.status;
  return status !== undefined && status !== null && BigInt(status as string) === 0n;
}

/** `calls`, those whose transaction reverted later marked (see RpcCall.transactionFailed). */
function markUndoneCalls(calls: RpcCall[], receipts: Map<string, RpcReceipt> | undefined): RpcCall[] {
  return calls.map((call) => (failedTransaction(receipts?.get(call.transactionHash)) ? { ...call, transactionFailed: true } : call));
}

function toHeader(block: RpcBlock): BlockHeader {
  const { transactions: _transactions, ...raw } = block;
  return {
    number: hexToNumber(block.number),
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp: BigInt(block.timestamp),
    raw,
  };
}

/** A predicate for logs matching any of `filters` (address + topic0), with lookups instead of scans. */
function logMatcher(filters: LogFilter[]): (log: RpcLog) => boolean {
  const byAddress = new Map<string, Set<string>>();
  const anyAddress = new Set<string>();
  for (const f of filters) {
    let topics = anyAddress;
    if (f.address !== null) {
      const address = f.address.toLowerCase();
      topics = byAddress.get(address) ?? new Set();
      byAddress.set(address, topics);
    }
    for (const t of f.topic0) topics.add(t.toLowerCase());
  }
  return (log) => {
    const topic0 = log.topics[0]?.toLowerCase();
    if (!topic0) return false;
    return anyAddress.has(topic0) || (byAddress.get(log.address.toLowerCase())?.has(topic0) ?? false);
  };
}

/** The eth_getLogs requests for `filters` over `range` (addressed filters batched by 500 addresses, wildcard ones apart). */
function logsCalls(
  filters: LogFilter[],
  range: { fromBlock: string; toBlock: string } | { blockHash: string },
): { method: string; params: unknown[] }[] {
  const calls: { method: string; params: unknown[] }[] = [];
  const addressed = filters.filter((f) => f.address !== null && f.topic0.length > 0);
  const addresses = [...new Set(addressed.map((f) => f.address!.toLowerCase()))];
  const addressedTopics = [...new Set(addressed.flatMap((f) => f.topic0.map((t) => t.toLowerCase())))];
  for (let i = 0; i < addresses.length; i += 500) {
    calls.push({ method: 'eth_getLogs', params: [{ ...range, address: addresses.slice(i, i + 500), topics: [addressedTopics] }] });
  }
  const wildcardTopics = [...new Set(filters.filter((f) => f.address === null).flatMap((f) => f.topic0.map((t) => t.toLowerCase())))];
  if (wildcardTopics.length > 0) calls.push({ method: 'eth_getLogs', params: [{ ...range, topics: [wildcardTopics] }] });
  return calls;
}

/** Logs primeBackfill asks for at most before the indexer runs (memory, and parsing beside start-up). */
const MAX_PRIMED_LOGS = 10_000;

/**
 * Sends the first JSON-RPC requests of a new store's backfill ahead of the indexer (head, then the
 * eth_getLogs requests and block batches of the first range, request after request as the indexer
 * will make them, up to MAX_PRIMED_LOGS), so they overlap the store's start-up; the indexer's
 * identical requests take the answers (JsonRpcClient.prime). Stops once the indexer has claimed
 * an answer: from then on it asks for the rest itself. For a store without a block pointer.
 */
export async function primeBackfill(
  rpc: JsonRpcClient,
  subgraph: LoadedSubgraph,
  runtime: MappingRuntime,
  tuning: { initialBlockRange?: number; blockBatchSize?: number } = {},
): Promise<void> {
  const claimsBefore = rpc.claims;
  const head = hexToNumber(await rpc.prime<string>('eth_blockNumber', []));
  const from = subgraph.startBlock;
  const blockRange = tuning.initialBlockRange ?? 2000;
  const batchSize = tuning.blockBatchSize ?? 100;
  const rangeEnd = Math.min(head, from + blockRange - 1);
  if (rangeEnd - from + 1 <= HEAD_MODE_BLOCKS) return;
  const dataSources = subgraph.dataSources;
  // Blocks with calls only are known from traces, which the primer does not ask for.
  if ((runtime.callFilters?.(dataSources) ?? []).length > 0) return;
  const filters = runtime.logFilters(dataSources);
  const matches = logMatcher(filters);
  const blockHandlers = runtime.hasBlockHandlers(dataSources);
  let span = Math.min(blockRange, FIRST_LOGS_SPAN);
  let primedLogs = 0;
  for (let chunkFrom = from; chunkFrom <= rangeEnd && primedLogs < MAX_PRIMED_LOGS && rpc.claims === claimsBefore; ) {
    const to = Math.min(rangeEnd, chunkFrom + span - 1);
    const calls = logsCalls(filters, { fromBlock: numberToHex(chunkFrom), toBlock: numberToHex(to) });
    const results = await Promise.all(calls.map((call) => rpc.prime<RpcLog[]>(call.method, call.params)));
    // The block batches backfillBatches asks for over this request's logs.
    const logs = results.flat().filter((log) => !log.removed && matches(log));
    const logsByBlock = logsByBlockOf(logs);
    const numbers = blocksToProcess(logsByBlock, chunkFrom, to, rangeEnd, blockHandlers);
    for (let i = 0; i < numbers.length; i += batchSize) rpc.primeBatch(blockCalls(numbers.slice(i, i + batchSize), logsByBlock));
    primedLogs += logs.length;
    span = nextLogsSpan(to - chunkFrom + 1, logs.length, blockRange);
    chunkFrom = to + 1;
  }
}

export class Indexer {
  private readonly rpc: JsonRpcClient;
  private readonly logger: SubgraphLogger;
  private readonly pollIntervalMs: number;
  private readonly maxBlockRange: number;
  private readonly flushEveryBlocks: number;
  private readonly flushIntervalMs: number;
  private readonly blockBatchSize: number;
  private readonly reorgThreshold: number;
  /** Whether the PoI is computed (GRAPH_HOST_PROOF_OF_INDEXING), and which: Fast (spec version >= 0.0.6) or Legacy. */
  private readonly poiEnabled: boolean;
  private readonly poiVersion: PoiVersion;
  /** graph-node's GRAPH_LOG_POI_EVENTS: every PoI event as a debug log line. */
  private readonly logPoiEvents = process.env.GRAPH_LOG_POI_EVENTS === 'true';

  private blockRange: number;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private state: IndexerState = 'starting';
  /** Last processed block (pending or flushed). */
  private lastPtr: (BlockPtr & { timestamp: number }) | null = null;
  private flushedPtr: (BlockPtr & { timestamp: number | null }) | null = null;
  private pendingBlocks = 0;
  /** The flush running in the background during a backfill, and the failure of the last one. */
  private backgroundFlush: Promise<void> | null = null;
  private flushFailure: unknown = null;
  private lastFlushAt = Date.now();
  /** Hashes of recently processed blocks (also kept by the store), for reorg detection. */
  private readonly recentHashes = new Map<number, `0x${string}`>();
  private dynamicDataSources: DataSourceInstance[] = [];
  /** File data sources and their files; null for subgraphs without file templates (they pay nothing). */
  private readonly files: FileDataSources | null;
  /** The source deployments of a composed subgraph; null for chain subgraphs. */
  private readonly sources: SubgraphSources | null;
  /** Why a composed subgraph last waited for a source (logged once). */
  private waitingFor: string | null = null;
  private chainHead: number | null = null;
  private counters = { blocksProcessed: 0, eventsProcessed: 0, handlerCalls: 0, reorgs: 0 };
  /** See revertSequence. */
  private reverts = 0;
  private timings = { handlersMs: 0, flushMs: 0 };
  private readonly startedAt = Date.now();
  private failure: IndexerProgress['error'];
  /** Set while a non-deterministic error is retried with backoff (graph-node reports it as failed meanwhile). */
  private retryError: SubgraphErrorInfo | undefined;
  private postponedIndexesStarted = false;
  /** When the indexer last let the event loop run (see yieldIfBusy). */
  private busySince = performance.now();
  private waiters = new Set<() => void>();

  constructor(private readonly opts: IndexerOptions) {
    this.rpc = opts.rpc ?? new JsonRpcClient(opts.rpcUrl);
    this.logger = opts.logger ?? { log: () => {} };
    this.files = opts.subgraph.fileTemplates.length > 0 ? new FileDataSources({ local: null, ...opts.files, logger: this.logger }) : null;
    this.sources =
      opts.subgraph.subgraphSources.length > 0
        ? new SubgraphSources(opts.subgraph, (ds) => opts.runtime.entityHandlers?.(ds) ?? [], opts.subgraphSources ?? (() => null))
        : null;
    this.pollIntervalMs = opts.pollIntervalMs ?? 500;
    this.blockRange = opts.initialBlockRange ?? 2000;
    this.maxBlockRange = opts.maxBlockRange ?? Math.max(this.blockRange, 2000);
    this.flushEveryBlocks = opts.flushEveryBlocks ?? 500;
    this.flushIntervalMs = opts.flushIntervalMs ?? 1000;
    this.blockBatchSize = opts.blockBatchSize ?? 100;
    this.reorgThreshold = opts.reorgThreshold ?? 1000;
    this.poiEnabled = proofOfIndexingComputed();
    this.poiVersion = proofOfIndexingVersion(opts.subgraph.specVersion);
  }

  /** Starts indexing in the background. */
  start(): void {
    if (this.loop) return;
    this.loop = this.run().catch((error: unknown) => {
      // run() handles its own errors; this is a last resort so a bug never becomes an unhandled rejection.
      this.logger.log('critical', `indexer stopped unexpectedly: ${(error as Error).stack ?? String(error)}`);
      this.state = 'failed';
      this.notify();
    });
  }

  /** Stops after the current step; flushes what was processed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.files?.close();
    this.state = 'stopped';
    this.notify();
  }

  progress(): IndexerProgress {
    return {
      deploymentId: this.opts.deploymentId,
      state: this.state,
      latestBlock: this.flushedPtr,
      processedBlock: this.lastPtr?.number ?? null,
      chainHead: this.chainHead,
      ...this.counters,
      timings: { handlersMs: Math.round(this.timings.handlersMs), flushMs: Math.round(this.timings.flushMs) },
      startedAt: this.startedAt,
      ...(this.failure ? { error: this.failure } : this.retryError ? { error: this.retryError } : {}),
    };
  }

  /** Latest persisted block, for `_meta`. */
  latestBlock(): (BlockPtr & { timestamp: number | null }) | null {
    return this.flushedPtr;
  }

  /**
   * Incremented when a revert of blocks (a reorg) begins and again when it has ended and
   * `latestBlock` is the ancestor: odd while the store reverts. Composed subgraphs reading this
   * deployment's entities wait while it is odd and read again when it moved (SubgraphSources).
   */
  revertSequence(): number {
    return this.reverts;
  }

  /** Resolves once block `n` (or a later one) is persisted and queryable; rejects if indexing failed first. */
  waitForBlock(n: number, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.flushedPtr && this.flushedPtr.number >= n) {
          resolve();
          return true;
        }
        if (this.state === 'failed') {
          reject(new Error(`indexing failed before block ${n}: ${this.failure?.message ?? 'unknown error'}`));
          return true;
        }
        if (this.state === 'stopped') {
          reject(new Error(`indexer stopped before block ${n}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for block ${n} (at ${this.flushedPtr?.number ?? 'none'})`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters.delete(waiter);
        }
      };
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async idle(ms: number): Promise<void> {
    if (this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const { store } = this.opts;
    const status = store.status();
    if (status.failed) {
      this.failure = status.error;
      this.state = 'failed';
      this.logger.log('error', `deployment ${this.opts.deploymentId} is failed; not indexing`, { error: status.error });
      this.notify();
      return;
    }
    this.loadDynamicDataSources();
    let backoffMs = 250;
    while (!this.stopping) {
      try {
        if (this.lastPtr === null) await this.initialisePointer();
        const head = hexToNumber(await this.rpc.request<string>('eth_blockNumber', []));
        this.chainHead = head;
        if (this.lastPtr) await this.checkForReorg();
        const next = this.lastPtr ? this.lastPtr.number + 1 : this.opts.subgraph.startBlock;
        // graph-node stops a subgraph whose every data source has an endBlock at the highest one.
        const maxEndBlock = this.opts.subgraph.maxEndBlock ?? null;
        let target = maxEndBlock === null ? head : Math.min(head, maxEndBlock);
        // A composed subgraph waits for its sources (graph-node never goes past their latest block).
        if (this.sources) target = Math.min(target, this.sources.latestBlock());
        if (next > target) {
          await this.flush();
          if (this.state !== 'synced') {
            this.logger.log(
              'info',
              target === maxEndBlock ? `stopped at the maximum endBlock ${maxEndBlock}` : target < head ? `caught up with the source subgraphs at block ${target}` : `synced to chain head ${head}`,
            );
            if (!this.postponedIndexesStarted) this.createPostponedIndexes();
          }
          this.state = 'synced';
          this.notify();
          await this.idle(this.pollIntervalMs);
          continue;
        }
        this.state = 'syncing';
        const stopped = await this.processRange(next, Math.min(target, next + this.blockRange - 1));
        if (stopped) return;
        backoffMs = 250;
        this.retryError = undefined;
        this.waitingFor = null;
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof ChainMovedError) continue;
        if (error instanceof SourceUnavailableError) {
          // A source not (yet) deployed, or behind on another chain: wait for it, not an error of this
          // subgraph; said once per reason, not at every poll.
          if (error.message !== this.waitingFor) this.logger.log('info', error.message);
          this.waitingFor = error.message;
          await this.idle(this.pollIntervalMs);
          continue;
        }
        if (error instanceof TracesUnsupportedError) {
          // A node without traces can never serve this subgraph (graph-node refuses it at deployment).
          const at = this.lastPtr ? this.lastPtr.number + 1 : this.opts.subgraph.startBlock;
          const block = await this.getBlock(at, false).catch(() => null);
          await this.fail(error, at, block?.hash ?? this.lastPtr?.hash ?? `0x${'0'.repeat(64)}`);
          return;
        }
        // Non-deterministic (RPC failure, node behind, possible reorg): retried with backoff, the
        // reorg check runs again before the retry.
        const blockNumber = isHandlerError(error) && error.blockNumber >= 0 ? error.blockNumber : (this.lastPtr?.number ?? -1) + 1;
        this.retryError = { message: (error as Error).message, blockNumber, deterministic: false };
        this.logger.log('warning', `indexing step failed, retrying in ${backoffMs} ms: ${(error as Error).message}`);
        await this.idle(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
    try {
      await this.flush();
    } catch (error) {
      this.logger.log('error', `final flush failed: ${(error as Error).message}`);
    }
  }

  /** Once per run, at the first sync: the store's postponed indexes, built beside indexing. */
  private createPostponedIndexes(): void {
    this.postponedIndexesStarted = true;
    this.opts.store.createPostponedIndexes?.().then(
      (skipped) => {
        if (skipped.length > 0) this.logger.log('warning', `no attribute index on ${skipped.join(', ')}: a value is too large for one; sorting by it scans the table`);
      },
      (error: unknown) => this.logger.log('warning', 'building postponed attribute indexes failed; queries stay correct, sorting may be slower', { error: String(error) }),
    );
  }

  /** Resumes from the store's persisted pointer (after a restart). */
  private async initialisePointer(): Promise<void> {
    const ptr = this.opts.store.blockPtr();
    if (!ptr) return;
    const block = await this.getBlock(ptr.number, false);
    const timestamp = block && block.hash === ptr.hash ? Number(BigInt(block.timestamp)) : 0;
    this.lastPtr = { ...ptr, timestamp };
    this.flushedPtr = { ...ptr, timestamp: block && block.hash === ptr.hash ? timestamp : null };
    this.recentHashes.set(ptr.number, ptr.hash);
    this.logger.log('info', `resuming from block ${ptr.number}`);
  }

  private async getBlock(number: number, withTransactions: boolean): Promise<RpcBlock | null> {
    return this.rpc.request<RpcBlock | null>('eth_getBlockByNumber', [numberToHex(number), withTransactions]);
  }

  private knownHash(number: number): `0x${string}` | null {
    return this.recentHashes.get(number) ?? this.opts.store.blockHash(number);
  }

  /** Compares the last processed block with the chain; on mismatch reverts to the common ancestor. */
  private async checkForReorg(): Promise<void> {
    const last = this.lastPtr!;
    const onChain = await this.getBlock(last.number, false);
    if (onChain && onChain.hash === last.hash) return;
    await this.handleReorg(last.number);
  }

  private async handleReorg(fromNumber: number): Promise<void> {
    // Persist what is pending first so the store reverts one consistent state.
    await this.flush();
    let ancestor: (BlockPtr & { timestamp: number }) | null = null;
    const lowest = Math.max(this.opts.subgraph.startBlock, fromNumber - this.reorgThreshold);
    for (let n = fromNumber - 1; n >= lowest; n--) {
      const known = this.knownHash(n);
      if (!known) continue;
      const onChain = await this.getBlock(n, false);
      if (onChain && onChain.hash === known) {
        ancestor = { number: n, hash: known, timestamp: Number(BigInt(onChain.timestamp)) };
        break;
      }
    }
    this.counters.reorgs++;
    this.logger.log(
      'warning',
      ancestor
        ? `reorg detected at block ${fromNumber}; reverting to common ancestor ${ancestor.number} (${ancestor.hash})`
        : `reorg detected at block ${fromNumber} with no common ancestor within ${this.reorgThreshold} blocks; re-indexing from the start`,
    );
    this.reverts++;
    try {
      await this.opts.store.revertTo(ancestor ? { number: ancestor.number, hash: ancestor.hash } : null);
      for (const n of [...this.recentHashes.keys()]) if (!ancestor || n > ancestor.number) this.recentHashes.delete(n);
      this.lastPtr = ancestor;
      this.flushedPtr = ancestor;
    } finally {
      // Even again, also when the revert failed (its transaction rolled back; the reorg is handled again).
      this.reverts++;
    }
    this.loadDynamicDataSources();
    this.notify();
  }

  /** The store's dynamic data sources: chain ones for the triggers, file ones for their monitor. */
  private loadDynamicDataSources(): void {
    const all = this.opts.store.dynamicDataSources();
    if (!this.files) {
      this.dynamicDataSources = all;
      return;
    }
    this.dynamicDataSources = all.filter((ds) => ds.kind !== 'file/ipfs');
    this.files.reset(all.filter((ds) => ds.kind === 'file/ipfs'));
  }

  private dataSources(): DataSourceInstance[] {
    return [...this.opts.subgraph.dataSources, ...this.dynamicDataSources];
  }

  /** eth_getLogs for `filters` over [from, to]; shrinks the range on errors. Returns the range covered. */
  private async fetchLogs(filters: LogFilter[], from: number, to: number, adaptive: boolean): Promise<{ logs: RpcLog[]; to: number }> {
    let end = to;
    for (;;) {
      try {
        const logs = await this.getLogs(filters, from, end);
        if (adaptive && end - from + 1 >= this.blockRange && this.blockRange < this.maxBlockRange) {
          this.blockRange = Math.min(this.maxBlockRange, this.blockRange * 2);
        }
        return { logs, to: end };
      } catch (error) {
        if (!adaptive || end === from || !(error instanceof RpcError)) throw error;
        const span = Math.max(1, Math.floor((end - from + 1) / 2));
        this.blockRange = Math.max(1, Math.min(this.blockRange, span));
        this.logger.log('debug', `eth_getLogs ${from}-${end} failed (${error.message}); retrying with ${span} blocks`);
        end = from + span - 1;
      }
    }
  }

  private async getLogs(filters: LogFilter[], from: number, to: number): Promise<RpcLog[]> {
    return this.getLogsFor(filters, { fromBlock: numberToHex(from), toBlock: numberToHex(to) });
  }

  /** eth_getLogs for a block range or one block hash (EIP-234), merged and matched locally. */
  private async getLogsFor(filters: LogFilter[], range: { fromBlock: string; toBlock: string } | { blockHash: string }): Promise<RpcLog[]> {
    const calls = logsCalls(filters, range);
    if (calls.length === 0) return [];
    const results = await Promise.all(calls.map((call) => this.rpc.request<RpcLog[]>(call.method, call.params)));
    const matches = logMatcher(filters);
    // Only several calls can return the same log twice.
    const seen = calls.length > 1 ? new Set<string>() : null;
    const logs: RpcLog[] = [];
    for (const list of results) {
      for (const log of list) {
        if (log.removed || !matches(log)) continue;
        if (seen) {
          const key = `${log.blockHash}:${log.logIndex}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        logs.push(log);
      }
    }
    return logs;
  }

  /**
   * Calls matching `filters` in [from, to] through `trace_filter` (graph-node's call triggers need a
   * node with Parity-style traces: anvil, Erigon, Nethermind, Reth). Addressed filters ask for calls
   * to their addresses (500 a request); a filter without address asks for every trace of the range.
   */
  private async getCalls(filters: CallFilter[], from: number, to: number): Promise<RpcCall[]> {
    if (filters.length === 0) return [];
    const range = { fromBlock: numberToHex(from), toBlock: numberToHex(to) };
    const addresses = [...new Set(filters.filter((f) => f.address !== null).map((f) => f.address!.toLowerCase()))];
    const requests: Record<string, unknown>[] = [];
    if (filters.some((f) => f.address === null)) requests.push(range);
    else for (let i = 0; i < addresses.length; i += 500) requests.push({ ...range, toAddress: addresses.slice(i, i + 500) });
    let traces: RpcTrace[][];
    try {
      traces = await Promise.all(requests.map((request) => this.rpc.request<RpcTrace[]>('trace_filter', [request])));
    } catch (error) {
      // -32601 is JSON-RPC's "method not found"; some nodes say it only in words.
      if (error instanceof RpcError && (error.code === -32601 || /method not found|method .*not (supported|available|enabled)|does not exist/i.test(error.message))) {
        throw new TracesUnsupportedError(error.message);
      }
      throw error;
    }
    const matches = callMatcher(filters);
    const calls: RpcCall[] = [];
    for (const list of traces) {
      for (const trace of list) {
        const call = callFromTrace(trace);
        if (call && matches(call)) calls.push(call);
      }
    }
    return calls;
  }

  private async fetchReceipts(block: RpcBlock): Promise<Map<string, RpcReceipt>> {
    const receipts = new Map<string, RpcReceipt>();
    let list: RpcReceipt[] | null = null;
    try {
      list = await this.rpc.request<RpcReceipt[] | null>('eth_getBlockReceipts', [block.hash]);
    } catch {
      list = null; // not every node has eth_getBlockReceipts; fall back to one call per transaction
    }
    if (!list) {
      const hashes = block.transactions.map((tx) => (typeof tx === 'string' ? tx : tx.hash));
      list = await this.rpc.batch<RpcReceipt>(hashes.map((hash) => ({ method: 'eth_getTransactionReceipt', params: [hash] })));
    }
    for (const receipt of list) receipts.set(receipt.transactionHash, receipt);
    return receipts;
  }

  /**
   * Indexes [from, to]. Returns true when indexing must stop (deterministic failure).
   * Stops early after a block that created data sources, so the next range uses the new filters.
   */
  private async processRange(from: number, requestedTo: number): Promise<boolean> {
    if (this.sources) return this.processSourceRange(this.sources, from, requestedTo);
    const { runtime } = this.opts;
    const allDataSources = this.dataSources();
    const filters = runtime.logFilters(allDataSources);
    const callFilters = runtime.callFilters?.(allDataSources) ?? [];
    const blockHandlers = runtime.hasBlockHandlers(allDataSources);
    if (requestedTo - from + 1 <= HEAD_MODE_BLOCKS) return this.processHeadBlocks(from, requestedTo, filters, callFilters);
    for await (const batch of this.backfillBatches(filters, callFilters, blockHandlers, from, requestedTo)) {
      for (const { n, block, logs: blockLogs, calls: blockCalls } of batch) {
        if (this.stopping) return false;
        if (!block) throw new ChainMovedError(`block ${n} disappeared`);
        if (blockLogs.some((log) => log.blockHash !== block.hash) || blockCalls.some((call) => call.blockHash !== block.hash)) {
          throw new ChainMovedError(`block ${n} changed while fetching`);
        }
        const outcome = await this.processBlock(block, blockLogs, blockCalls);
        if (outcome === 'failed') return true;
        await this.maybeFlush();
        if (outcome === 'created') return false;
        await this.yieldIfBusy();
      }
    }
    return false;
  }

  /**
   * A composed subgraph's range (graph-node's `blocks_with_subgraph_triggers`): the blocks where a
   * source wrote a handled entity, and the range's last block, each checked against the sources'
   * block hashes (a source that indexed another chain there is waited for).
   */
  private async processSourceRange(sources: SubgraphSources, from: number, to: number): Promise<boolean> {
    let triggers: Map<number, EntityTrigger[]>;
    try {
      triggers = await sources.triggers(from, to);
    } catch (error) {
      if (!(error instanceof DuplicateEntityHandlerError)) throw error;
      const block = await this.getBlock(error.blockNumber, false);
      await this.fail(error, error.blockNumber, block?.hash ?? `0x${'0'.repeat(64)}`);
      return true;
    }
    const numbers = [...triggers.keys()].sort((a, b) => a - b);
    if (numbers.at(-1) !== to) numbers.push(to);
    for (let i = 0; i < numbers.length; i += this.blockBatchSize) {
      const slice = numbers.slice(i, i + this.blockBatchSize);
      const blocks = await this.rpc.batch<RpcBlock | null>(slice.map((n) => ({ method: 'eth_getBlockByNumber', params: [numberToHex(n), false] })));
      for (const block of blocks) {
        if (this.stopping) return false;
        if (!block) throw new ChainMovedError('block disappeared');
        const n = hexToNumber(block.number);
        if (sources.disagrees(n, block.hash)) throw new SourceUnavailableError(`a source subgraph indexed another block ${n} than the chain's ${block.hash}; waiting for it`);
        sources.assertUnchanged();
        const outcome = await this.processBlock(block, [], [], triggers.get(n) ?? []);
        if (outcome === 'failed') return true;
        await this.maybeFlush();
        await this.yieldIfBusy();
      }
    }
    return false;
  }

  /**
   * Lets the event loop run (HTTP queries, answers from the node) after MAX_BUSY_MS of handlers:
   * awaiting work that is already done only runs microtasks, so a batch of prefetched blocks would
   * otherwise hold every query until its end.
   */
  private async yieldIfBusy(): Promise<void> {
    const now = performance.now();
    if (now - this.busySince < MAX_BUSY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.busySince = performance.now();
  }

  /**
   * The blocks to process in [from, rangeEnd] with their logs, one block batch at a time. Logs come
   * in eth_getLogs requests of about LOGS_PER_REQUEST logs; the next batch (and, at the end of a
   * request's blocks, the next eth_getLogs) is requested before the current one is handed out, so
   * the node serves it while the handlers run. A consumer that stops early drops the request in flight.
   */
  private async *backfillBatches(
    filters: LogFilter[],
    callFilters: CallFilter[],
    blockHandlers: boolean,
    from: number,
    rangeEnd: number,
  ): AsyncGenerator<{ n: number; block: RpcBlock | null; logs: RpcLog[]; calls: RpcCall[] }[]> {
    let nextFrom = from;
    let span = Math.min(this.blockRange, FIRST_LOGS_SPAN);
    let numbers: number[] = [];
    let logsByBlock = new Map<number, RpcLog[]>();
    let callsByBlock = new Map<number, RpcCall[]>();
    const fetchBatch = async (): Promise<{ n: number; block: RpcBlock | null; logs: RpcLog[]; calls: RpcCall[] }[] | null> => {
      while (numbers.length === 0) {
        if (nextFrom > rangeEnd) return null;
        const chunkFrom = nextFrom;
        const { logs, to } = await this.fetchLogs(filters, chunkFrom, Math.min(rangeEnd, chunkFrom + Math.min(span, this.blockRange) - 1), true);
        // Calls over the same blocks as the logs (graph-node: trace_filter by `to` address).
        const calls = await this.getCalls(callFilters, chunkFrom, to);
        span = nextLogsSpan(to - chunkFrom + 1, logs.length, this.blockRange);
        nextFrom = to + 1;
        logsByBlock = logsByBlockOf(logs);
        callsByBlock = callsByBlockOf(calls);
        numbers = blocksToProcess(logsByBlock, chunkFrom, to, rangeEnd, blockHandlers, callsByBlock);
      }
      const slice = numbers.slice(0, this.blockBatchSize);
      numbers = numbers.slice(slice.length);
      const chunkLogs = logsByBlock;
      const chunkCalls = callsByBlock;
      const blocks = await this.rpc.batch<RpcBlock | null>(blockCalls(slice, chunkLogs, chunkCalls));
      return slice.map((n, i) => ({ n, block: blocks[i] ?? null, logs: chunkLogs.get(n) ?? [], calls: chunkCalls.get(n) ?? [] }));
    };
    let next = fetchBatch();
    for (;;) {
      const batch = await next;
      if (!batch) return;
      next = fetchBatch();
      next.catch(() => undefined); // observed when awaited; dropped if the consumer stops early
      yield batch;
    }
  }

  /**
   * Near the head, blocks are fetched first and their logs by block hash (as graph-node's polling
   * block stream does): the logs then belong to exactly that block, and a node that answers
   * eth_blockNumber before its log index is updated cannot make us skip events.
   */
  private async processHeadBlocks(from: number, to: number, filters: LogFilter[], callFilters: CallFilter[]): Promise<boolean> {
    const numbers: number[] = [];
    for (let n = from; n <= to; n++) numbers.push(n);
    const blocks = await this.rpc.batch<RpcBlock | null>(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [numberToHex(n), false] })));
    for (const block of blocks) {
      if (this.stopping) return false;
      if (!block) throw new ChainMovedError('block disappeared');
      const logs = filters.length > 0 ? await this.getLogsFor(filters, { blockHash: block.hash }) : [];
      const number = hexToNumber(block.number);
      // trace_filter has no block hash filter: the traces must name this block.
      const calls = await this.getCalls(callFilters, number, number);
      if (calls.some((call) => call.blockHash !== block.hash)) throw new ChainMovedError(`block ${number} changed while fetching`);
      const outcome = await this.processBlock(block, logs, calls);
      if (outcome === 'failed') return true;
      await this.maybeFlush();
      if (outcome === 'created') return false;
    }
    return false;
  }

  private async processBlock(block: RpcBlock, blockLogs: RpcLog[], blockCalls: RpcCall[] = [], entityTriggers: EntityTrigger[] = []): Promise<'ok' | 'created' | 'failed'> {
    const { runtime, store } = this.opts;
    const header = toHeader(block);
    const n = header.number;
    // Reorg check against the previous block we know (graph-node compares parent pointers).
    const expectedParent = this.lastPtr && this.lastPtr.number === n - 1 ? this.lastPtr.hash : this.knownHash(n - 1);
    if (expectedParent && expectedParent !== header.parentHash) {
      await this.handleReorg(n - 1);
      throw new ChainMovedError(`parent of block ${n} changed`);
    }

    const dataSources = this.dataSources().filter((ds) => ds.startBlock <= n);
    const activeFilters = runtime.logFilters(dataSources);
    const matches = logMatcher(activeFilters);
    const logs = blockLogs.filter(matches);
    const activeCallFilters = runtime.callFilters?.(dataSources) ?? [];
    let calls = activeCallFilters.length > 0 ? blockCalls.filter(callMatcher(activeCallFilters)) : [];
    const needsTriggers = logs.length > 0 || calls.length > 0 || entityTriggers.length > 0 || (dataSources.length > 0 && runtime.hasBlockHandlers(dataSources));

    let transactions = new Map<string, RpcTransaction>();
    let receipts: Map<string, RpcReceipt> | undefined;
    if (needsTriggers) {
      if ((logs.length > 0 || calls.length > 0) && block.transactions.some((tx) => typeof tx === 'string')) {
        const full = await this.getBlock(n, true);
        if (!full || full.hash !== block.hash) throw new ChainMovedError(`block ${n} changed while fetching`);
        block = full;
      }
      transactions = new Map(
        block.transactions.filter((tx): tx is RpcTransaction => typeof tx !== 'string').map((tx) => [tx.hash, tx]),
      );
      // Receipts are only read by event handlers (`receipt: true`), so only blocks with logs need them.
      const needsReceipts = runtime.needsReceiptsFor ? runtime.needsReceiptsFor(logs, dataSources) : runtime.needsReceipts(dataSources);
      if ((logs.length > 0 && needsReceipts) || calls.length > 0) receipts = await this.fetchReceipts(block);
      // A call that did not revert itself may still be undone by its transaction (see RpcCall).
      if (calls.length > 0) calls = markUndoneCalls(calls, receipts);
    }
    // Logs for data sources created in this block are fetched before the store is touched,
    // so every await happens outside the synchronous beginBlock..endBlock section.
    const cache = store.beginBlock(header);
    const poi = this.poiEnabled ? new ProofOfIndexing(n, this.logPoiEvents ? (region, event) => this.logPoiEvent(n, region, event) : undefined, this.poiVersion) : undefined;
    const created: CreatedDataSource[] = [];
    const errors: SubgraphErrorInfo[] = [];
    const processedFiles: number[] = [];
    let handlerCalls = 0;
    let events = 0;
    const files = this.files;
    files?.begin();
    try {
      if (needsTriggers) {
        const data: BlockData = {
          header,
          logs,
          transactions,
          ...(receipts ? { receipts } : {}),
          ...(calls.length > 0 ? { calls } : {}),
          ...(entityTriggers.length > 0 ? { entityTriggers } : {}),
          ...(poi ? { proofOfIndexing: poi } : {}),
        };
        const handlersStart = performance.now();
        let result = runtime.processBlock(data, dataSources, cache);
        this.timings.handlersMs += performance.now() - handlersStart;
        handlerCalls += result.handlerCalls;
        errors.push(...(result.errors ?? []));
        events += logs.length + entityTriggers.length;
        for (let newSources = chainCreated(files, result.created, created); newSources.length > 0; newSources = chainCreated(files, result.created, created)) {
          created.push(...newSources);
          // Same-block pass for the new data sources only, as graph-node does.
          const newFilters = runtime.logFilters(newSources);
          const newLogs = (await this.syncFetchBlockLogs(newFilters, n)).filter((log) => log.blockHash === header.hash);
          const newCallFilters = runtime.callFilters?.(newSources) ?? [];
          let newCalls = (newCallFilters.length > 0 ? await this.getCalls(newCallFilters, n, n) : []).filter((call) => call.blockHash === header.hash);
          const newData: BlockData = { ...data, logs: newLogs };
          delete newData.calls;
          if ((runtime.needsReceipts(newSources) || newCalls.length > 0) && !newData.receipts) newData.receipts = await this.fetchReceipts(block);
          newCalls = markUndoneCalls(newCalls, newData.receipts);
          if (newCalls.length > 0) newData.calls = newCalls;
          result = runtime.processBlock(newData, newSources, cache);
          handlerCalls += result.handlerCalls;
          errors.push(...(result.errors ?? []));
          events += newLogs.length;
        }
      }
      if (files?.hasPending()) handlerCalls += this.processFiles(files, header, cache, created, processedFiles);
    } catch (error) {
      files?.rollback();
      store.discardBlock();
      if (isHandlerError(error) && !error.deterministic) throw error; // retried by the loop, like graph-node
      // graph-node transacts the failing block without its entity changes (but with its PoI, which
      // records the error), then stops.
      const failedBlock = store.beginBlock(header);
      if (poi) storeProofOfIndexing(poi, failedBlock);
      store.endBlock([]);
      this.lastPtr = { number: n, hash: header.hash, timestamp: Number(header.timestamp) };
      this.recentHashes.set(n, header.hash);
      this.pendingBlocks++;
      await this.fail(error as Error, n, header.hash);
      return 'failed';
    }
    if (poi) storeProofOfIndexing(poi, cache);
    store.endBlock(created, errors, processedFiles);
    const createdOnChain = files ? created.filter((ds) => ds.kind !== 'file/ipfs') : created;
    this.dynamicDataSources.push(...createdOnChain);
    files?.markProcessed(processedFiles);
    this.lastPtr = { number: n, hash: header.hash, timestamp: Number(header.timestamp) };
    this.recentHashes.set(n, header.hash);
    if (this.recentHashes.size > this.reorgThreshold + 100) {
      const oldest = this.recentHashes.keys().next().value;
      if (oldest !== undefined) this.recentHashes.delete(oldest);
    }
    this.pendingBlocks++;
    this.counters.blocksProcessed++;
    this.counters.eventsProcessed += events;
    this.counters.handlerCalls += handlerCalls;
    return createdOnChain.length > 0 ? 'created' : 'ok';
  }

  /**
   * The handlers of the file data sources whose file is available, after the block's chain triggers,
   * each in its own causality region (graph-node's `handle_offchain_triggers`: found files are
   * processed with the next block it processes). File data sources they create are processed from
   * the next block on. Returns the handler calls.
   */
  private processFiles(files: FileDataSources, header: BlockHeader, cache: BlockEntityCache, created: CreatedDataSource[], processed: number[]): number {
    const ready = files.ready();
    if (ready.length === 0) return 0;
    const { runtime } = this.opts;
    if (!runtime.processFile || !cache.inRegion) throw new Error('file data sources need a runtime and a store with causality regions');
    const data: BlockData = { header, logs: [], transactions: new Map() };
    const handlersStart = performance.now();
    for (const { dataSource, content } of ready) {
      const result = runtime.processFile(data, dataSource, content, cache.inRegion(dataSource.causalityRegion!));
      processed.push(dataSource.causalityRegion!);
      created.push(...files.admit(result.created));
    }
    this.timings.handlersMs += performance.now() - handlersStart;
    return ready.length;
  }

  /**
   * eth_getLogs for one block while a block is open in the store. The store's block section is
   * synchronous by contract, but awaiting here is safe: nothing else touches this store meanwhile.
   */
  private async syncFetchBlockLogs(filters: LogFilter[], n: number): Promise<RpcLog[]> {
    return (await this.fetchLogs(filters, n, n, false)).logs;
  }

  /** graph-node's GRAPH_LOG_POI_EVENTS debug line; the entity data is copied (the runtime goes on changing its map). */
  private logPoiEvent(block: number, causalityRegion: string, event: PoiEvent): void {
    const copy = event.kind === 'SetEntity' ? { ...event, data: [...event.data] } : event;
    this.logger.log('debug', 'Proof of indexing event', { block, causalityRegion, event: copy, deployment: this.opts.deploymentId });
  }

  private async fail(error: Error, blockNumber: number, blockHash: `0x${string}`): Promise<void> {
    const deterministic = isHandlerError(error) ? error.deterministic : true;
    const handler = (error as Partial<{ handler: string }>).handler;
    this.failure = { message: error.message, blockNumber, blockHash, ...(handler ? { handler } : {}), deterministic };
    this.retryError = undefined;
    const failedAt = blockNumber;
    this.logger.log('error', `subgraph failed with a handler error at block ${failedAt}: ${error.message}`, {
      deployment: this.opts.deploymentId,
    });
    // Blocks before the failing one are kept and the pointer moves to it, as graph-node does.
    await this.flush();
    await this.opts.store.setStatus({ failed: true, error: this.failure });
    this.state = 'failed';
    this.notify();
  }

  private async maybeFlush(): Promise<void> {
    // Nothing persisted yet: the first block is flushed at once, so queries answer with data early.
    const first = this.flushedPtr === null && this.backgroundFlush === null;
    if (first || this.pendingBlocks >= this.flushEveryBlocks || Date.now() - this.lastFlushAt >= this.flushIntervalMs) {
      await this.flush(false);
    }
  }

  /**
   * Persists the processed blocks. During a backfill (`wait` false) the flush runs in the background
   * while the next blocks are processed (the store's database works in its own thread or server);
   * one flush at a time: the next one waits for it. Everywhere else it is awaited.
   */
  private async flush(wait = true): Promise<void> {
    this.lastFlushAt = Date.now();
    if (this.backgroundFlush) await this.backgroundFlush;
    if (this.flushFailure) {
      const failure = this.flushFailure;
      this.flushFailure = null;
      throw failure;
    }
    if (this.pendingBlocks === 0) return;
    const flushStart = performance.now();
    const ptr = this.lastPtr;
    const blocks = this.pendingBlocks;
    this.pendingBlocks = 0;
    const flushed = this.opts.store.flush().then(
      () => {
        this.timings.flushMs += performance.now() - flushStart;
        this.flushedPtr = ptr;
        this.notify();
      },
      (error: unknown) => {
        // The store keeps the batch; it goes with the next flush, after the loop's retry.
        this.pendingBlocks += blocks;
        this.flushFailure = error;
      },
    );
    this.backgroundFlush = flushed.finally(() => {
      this.backgroundFlush = null;
    });
    if (wait) await this.flush(true);
  }
}

/**
 * graph-node's `update_proof_of_indexing`: each region the block touched gets its new digest (the
 * block's events mixed with the previous digest) as the `Poi$` entity, versioned with the block.
 */
function storeProofOfIndexing(poi: ProofOfIndexing, cache: BlockEntityCache): void {
  const previous = (region: string): Uint8Array | null => {
    const digest = cache.get(POI_ENTITY_TYPE, region)?.get('digest');
    return digest?.kind === 'Bytes' ? digest.value : null;
  };
  for (const [region, digest] of poi.digests(previous)) {
    cache.set(POI_ENTITY_TYPE, region, new Map<string, Value>([['id', { kind: 'String', value: region }], ['digest', { kind: 'Bytes', value: digest }]]));
  }
}

/**
 * The chain data sources among those handlers created (they get a same-block pass); file ones get
 * their causality region (duplicates dropped), join `created` and wait for their file.
 */
function chainCreated(files: FileDataSources | null, list: CreatedDataSource[], created: CreatedDataSource[]): CreatedDataSource[] {
  if (!files || list.length === 0 || !list.some((ds) => ds.kind === 'file/ipfs')) return list;
  created.push(...files.admit(list.filter((ds) => ds.kind === 'file/ipfs')));
  return list.filter((ds) => ds.kind !== 'file/ipfs');
}
