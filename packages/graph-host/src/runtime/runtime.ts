/** Runs a loaded subgraph's WASM handlers for blocks, like graph-node's Ethereum runtime host. */
import {
  bytesToHex,
  decodeAbiParameters,
  encodeAbiParameters,
  concatHex,
  hexToBytes,
  keccak256,
  parseAbiParameters,
  toFunctionSelector,
  type AbiFunction,
  type AbiParameter,
} from 'viem';
import type {
  BlockData,
  BlockEntityCache,
  BlockHeader,
  CallFilter,
  CreatedDataSource,
  DataSourceInstance,
  Entity,
  LoadedSubgraph,
  LogFilter,
  MappingRuntime,
  RpcCall,
  RpcLog,
  RpcReceipt,
  RpcTransaction,
  SubgraphErrorInfo,
  SubgraphLogger,
  Value,
} from '../types.js';
import { AscHeap, TypeId, bigIntToSignedLe } from './asc.js';
import { eventDecoder } from './abi-decoder.js';
import * as decimal from './bigdecimal.js';
import { HandlerError, HostError } from './errors.js';
import { callArgument, readEthValue, writeEthValue } from './ethereum-values.js';
import { parseJsonPreservingNumbers, type JsonNode } from './json.js';
import { YamlTypeId, parseYamlValue, writeYamlResult, writeYamlValue, type YamlNode } from './yaml-value.js';
import { jsonLines } from './ipfs-json-lines.js';
import { ethereumCausalityRegion } from '../poi/poi.js';
import { subgraphInternals, type CallHandlerDef, type EventHandlerDef, type MappingDef, type SubgraphInternals } from './manifest.js';
import { RpcTransportError, SyncRpcClient } from './sync-rpc.js';

const StoreValueKind = {
  STRING: 0,
  INT: 1,
  BIGDECIMAL: 2,
  BOOL: 3,
  ARRAY: 4,
  NULL: 5,
  BYTES: 6,
  BIGINT: 7,
  INT8: 8,
  TIMESTAMP: 9,
} as const;

const LOG_LEVELS = ['critical', 'error', 'warning', 'info', 'debug'] as const;
/** graph-node's BigInt limit (num bits). */
const MAX_BIGINT_BITS = 435;
const ZERO_ADDRESS = new Uint8Array(20);
const ZERO_HASH = new Uint8Array(32);
const utf8Decoder = new TextDecoder('utf-8');
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

type Hex = `0x${string}`;

/** Above this memory size a used instance is replaced instead of being wiped. */
const MAX_RESET_MEMORY_BYTES = 1024 * 1024;

interface PooledInstance {
  exports: WebAssembly.Exports;
  memory: WebAssembly.Memory;
  heap: AscHeap;
  /** Memory right after `_start`; null when the module's globals could not be exported (no reuse). */
  snapshot: Uint8Array | null;
  globals: WebAssembly.Global[];
  globalValues: (number | bigint)[];
  used: boolean;
  /** The objects several triggers share (see TriggerShared), once a second trigger needed them. */
  shared: SharedSnapshot | null;
  /** The shared objects the last trigger wrote without a snapshot of them. */
  lastShared: { block: BlockData; key: string } | null;
}

/**
 * Objects a trigger's argument shares with the next triggers (an event's block, transaction and
 * receipt: a block's events often come from one transaction). They are written once after the
 * post-`_start` restore, and memory and globals are snapshotted right after; the next trigger with the
 * same objects restores that snapshot instead, so its instance is exactly the one of a fresh trigger
 * that wrote them, without writing ~50 objects again.
 */
interface TriggerShared {
  block: BlockData;
  /** What, besides the block, the objects are (e.g. the transaction hash and whether a receipt is included). */
  key: string;
  write(heap: AscHeap): number[];
}

interface SharedSnapshot {
  block: BlockData;
  key: string;
  memory: Uint8Array;
  length: number;
  globalValues: (number | bigint)[];
  pointers: number[];
}

/** State of the trigger being executed (handlers run one at a time). */
interface TriggerContext {
  def: MappingDef;
  dataSource: DataSourceInstance;
  handler: string;
  block: BlockData;
  cache: BlockEntityCache;
  created: CreatedDataSource[];
  heap: AscHeap;
}

function hexToBigInt(value: unknown, fallback = 0n): bigint {
  if (typeof value === 'string' && value.length > 0) return BigInt(value);
  if (typeof value === 'number' || typeof value === 'bigint') return BigInt(value);
  return fallback;
}

/** Fast hex decoding for trusted JSON-RPC data (viem's hexToBytes validates, which is slow here). */
function hexBytes(hex: string): Uint8Array {
  const digits = hex.startsWith('0x') ? hex.slice(2) : hex;
  return Buffer.from(digits.length % 2 === 0 ? digits : `0${digits}`, 'hex');
}

function hexBytesOr(value: unknown, fallback: Uint8Array): Uint8Array {
  return typeof value === 'string' && value.startsWith('0x') ? hexBytes(value) : fallback;
}

/**
 * A JSON-RPC quantity for AscHeap.newBigInt: a number when it is a safe integer (no BigInt and no
 * temporary bytes for log indexes and the like), else a BigInt as hexToBigInt gives.
 */
function quantity(value: unknown): number | bigint {
  if (typeof value === 'string' && value.length <= 15 && value.startsWith('0x')) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return hexToBigInt(value);
}

/** A JSON-RPC quantity as graph-ts BigInt bytes. */
function quantityBytes(value: unknown): Uint8Array {
  return bigIntToSignedLe(hexToBigInt(value));
}

type FieldBytes = Uint8Array | null;
const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_BLOOM = new Uint8Array(256);

function toBase58(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE58_ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = '1' + out;
  }
  return out;
}

/** The `id` value of an entity whose id argument is `id` (store.set gets it as a string). */
function idValue(idType: string, id: string): Value {
  if (idType === 'Bytes') return { kind: 'Bytes', value: hexBytes(id) };
  if (idType === 'Int8') return { kind: 'Int8', value: BigInt(id) };
  return { kind: 'String', value: id };
}

function idString(value: Value): string {
  if (value.kind === 'Bytes') return bytesToHex(value.value);
  if (value.kind === 'String') return value.value;
  if (value.kind === 'Int8' || value.kind === 'Int' || value.kind === 'BigInt') return String(value.value);
  return '';
}

function checkBigIntSize(value: bigint): bigint {
  const abs = value < 0n ? -value : value;
  if (abs > 0n && abs.toString(2).length > MAX_BIGINT_BITS) {
    throw new HostError(`BigInt is too big, total bits ${abs.toString(2).length} (max ${MAX_BIGINT_BITS})`);
  }
  return value;
}

/** Deterministic EVM failures of eth_call as graph-node recognises them (its Geth/Parity/Ganache list). */
const EXECUTION_ERRORS = [
  'revert',
  'invalid jump destination',
  'invalid opcode',
  'stack limit reached 1024',
  'out of gas',
  'stack underflow',
  'bad instruction',
  'bad jump',
  'out of stack',
  'vm execution error',
];

function isExecutionError(error: { code?: number; message: string; data?: unknown }): boolean {
  if (error.code === 3 || error.code === -32015) return true;
  const message = error.message.toLowerCase();
  return EXECUTION_ERRORS.some((text) => message.includes(text));
}

/**
 * Whether a handler's error can never go away on retry (graph-node's DeterministicHostError): host
 * errors say so, traps, malformed values and store validation failures come from the mapping;
 * anything else (a transport failure, a host problem) is retried.
 */
function isDeterministic(error: unknown): boolean {
  if (error instanceof HostError) return error.deterministic;
  if (error instanceof RpcTransportError) return false;
  return (
    error instanceof WebAssembly.RuntimeError ||
    error instanceof RangeError ||
    error instanceof SyntaxError ||
    error instanceof TypeError ||
    (error instanceof Error && error.name === 'EntityValidationError')
  );
}

/**
 * graph-node's entity type access (runtime/wasm/src/host_exports.rs `check_entity_type_access`): a file
 * data source's handler may only touch the types of its template's `entities`. Chain handlers may
 * touch any type (one property check).
 */
function checkEntityTypeAccess(context: TriggerContext, entityType: string): void {
  const { def } = context;
  if (def.fileHandler === null || def.entities.includes(entityType)) return;
  throw new HostError(
    `entity type \`${entityType}\` is not on the 'entities' list for data source \`${context.dataSource.name}\`. ` +
      `Hint: Add \`${entityType}\` to the 'entities' list, which currently is: \`${def.entities.join(', ')}\`.`,
  );
}

/** A CID (v0 `Qm…` or a base32 v1 `b…`) optionally followed by a path: graph-node's `CidFile` syntax. */
const CID_FILE = /^(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{50,})(\/.*)?$/;

/**
 * The file data source `dataSource.create(name, [source])` creates (graph-node's
 * `offchain::DataSource::from_template_info`): the first parameter is the source; a missing one is an
 * error, an invalid CID is ignored with a warning (DataSourceCreationError::Ignore).
 */
function fileDataSource(
  template: MappingDef,
  params: string[],
  network: string,
  blockNumber: number,
  context: Entity | undefined,
  logger: SubgraphLogger | undefined,
): CreatedDataSource | null {
  const source = params[0];
  if (source === undefined) {
    throw new HostError(`Failed to create data source from template \`${template.name}\`: source parameter is missing`, false);
  }
  if (!CID_FILE.test(source)) {
    logger?.log('warning', `Ignoring data source \`${template.name}\` created with source \`${source}\`: not a valid CID`, { block: blockNumber });
    return null;
  }
  return {
    kind: 'file/ipfs',
    name: template.name,
    network,
    address: null,
    startBlock: blockNumber,
    templateName: template.name,
    creationBlock: blockNumber,
    source,
    doneAt: null,
    ...(context ? { context } : {}),
  };
}

export interface SubgraphRuntimeOptions {
  rpcUrl: string;
  logger?: SubgraphLogger;
  /** Files `ipfs.cat` / `ipfs.map` read (the host's IPFS store); without it every file is missing. */
  ipfs?: { get(ref: string): Uint8Array | null };
  /**
   * graph-node's GRAPH_ALLOW_NON_DETERMINISTIC_IPFS: without it `ipfs.cat` and `ipfs.map` fail the
   * handler deterministically, as graph-node's do. Default false.
   */
  allowNonDeterministicIpfs?: boolean;
}

/** graph-node's GRAPH_MAX_IPFS_MAP_FILE_SIZE default: the largest file `ipfs.map` reads. */
const MAX_IPFS_MAP_FILE_BYTES = 256 * 1024 * 1024;

export class SubgraphRuntime implements MappingRuntime {
  private readonly internals: SubgraphInternals;
  private readonly rpc: SyncRpcClient;
  private readonly logger: SubgraphLogger | undefined;
  private readonly ipfs: SubgraphRuntimeOptions['ipfs'];
  private readonly allowNonDeterministicIpfs: boolean;
  private readonly importsByModule = new Map<WebAssembly.Module, WebAssembly.Imports>();
  private readonly callCache = new Map<string, Hex | null>();
  private current: TriggerContext | null = null;
  /** The block whose ids generateId counts (a reorged block comes with a new header object). */
  private idSequence: { header: BlockHeader | null; next: number } = { header: null, next: 0 };
  /** `features: [nonFatalErrors]`: a deterministic handler error drops that handler's changes only. */
  private readonly nonFatalErrors: boolean;
  /**
   * Without nonFatalErrors, the block's first deterministic handler error: graph-node skips the
   * failing handler and runs the block's remaining triggers (their events enter the PoI), then fails.
   */
  private failedHandler: HandlerError | null = null;
  private readonly instances = new Map<MappingDef, PooledInstance>();
  private readonly preparedBlocks = new WeakMap<BlockData, FieldBytes[]>();
  private readonly preparedTransactions = new WeakMap<BlockData, Map<string, FieldBytes[]>>();

  constructor(
    readonly subgraph: LoadedSubgraph,
    opts: SubgraphRuntimeOptions,
  ) {
    this.internals = subgraphInternals(subgraph);
    this.rpc = new SyncRpcClient(opts.rpcUrl);
    this.logger = opts.logger;
    this.ipfs = opts.ipfs;
    this.allowNonDeterministicIpfs = opts.allowNonDeterministicIpfs ?? false;
    this.nonFatalErrors = subgraph.features.includes('nonFatalErrors');
  }

  private definition(dataSource: DataSourceInstance): MappingDef {
    const def = dataSource.templateName
      ? this.internals.templates.get(dataSource.templateName)
      : this.internals.mappings.get(dataSource.name);
    if (!def) throw new Error(`unknown data source ${dataSource.templateName ?? dataSource.name}`);
    return def;
  }

  logFilters(dataSources: DataSourceInstance[]): LogFilter[] {
    const filters: LogFilter[] = [];
    for (const dataSource of dataSources) {
      const def = this.definition(dataSource);
      if (def.eventHandlers.length === 0) continue;
      filters.push({
        address: (dataSource.address?.toLowerCase() as Hex | undefined) ?? null,
        topic0: [...def.eventHandlersByTopic0.keys()] as Hex[],
      });
    }
    return filters;
  }

  entityHandlers(dataSource: DataSourceInstance): { handler: string; entity: string }[] {
    return this.definition(dataSource).entityHandlers;
  }

  hasBlockHandlers(dataSources: DataSourceInstance[]): boolean {
    return dataSources.some((dataSource) => this.definition(dataSource).blockHandlers.some((handler) => handler.filter.kind !== 'call'));
  }

  callFilters(dataSources: DataSourceInstance[]): CallFilter[] {
    const filters: CallFilter[] = [];
    for (const dataSource of dataSources) {
      const def = this.definition(dataSource);
      const anyCall = def.blockHandlers.some((handler) => handler.filter.kind === 'call');
      if (def.callHandlers.length === 0 && !anyCall) continue;
      filters.push({
        address: (dataSource.address?.toLowerCase() as Hex | undefined) ?? null,
        selectors: anyCall ? null : new Set(def.callHandlersBySelector.keys()),
      });
    }
    return filters;
  }

  needsReceipts(dataSources: DataSourceInstance[]): boolean {
    return dataSources.some((dataSource) => this.definition(dataSource).needsReceipts);
  }

  /**
   * Whether one of `logs` can trigger a handler declaring `receipt: true`, as graph-node fetches
   * receipts only for those triggers (a block of other events needs none). Errs on fetching.
   */
  needsReceiptsFor(logs: RpcLog[], dataSources: DataSourceInstance[]): boolean {
    for (const dataSource of dataSources) {
      const def = this.definition(dataSource);
      if (!def.needsReceipts) continue;
      const address = dataSource.address?.toLowerCase() ?? null;
      for (const log of logs) {
        if (address !== null && log.address.toLowerCase() !== address) continue;
        if (def.eventHandlersByTopic0.get(log.topics[0]?.toLowerCase() ?? '')?.some((handler) => handler.receipt)) return true;
      }
    }
    return false;
  }

  processBlock(
    block: BlockData,
    dataSources: DataSourceInstance[],
    cache: BlockEntityCache,
  ): { created: CreatedDataSource[]; handlerCalls: number; errors: SubgraphErrorInfo[] } {
    const blockNumber = block.header.number;
    const created: CreatedDataSource[] = [];
    const errors: SubgraphErrorInfo[] = [];
    let handlerCalls = 0;
    this.failedHandler = null;
    const active = dataSources
      .map((dataSource) => ({ dataSource, def: this.definition(dataSource), address: dataSource.address?.toLowerCase() ?? null }))
      .filter(({ dataSource }) => blockNumber >= (dataSource.creationBlock ?? dataSource.startBlock) && blockNumber <= (dataSource.endBlock ?? Infinity));

    // `kind: subgraph` data sources: each source entity as the handler's argument (graph-node's
    // `MappingEntityTrigger::to_asc_ptr`: the entity's fields sorted by name), in the indexer's order.
    for (const trigger of block.entityTriggers ?? []) {
      const sorted: Entity = new Map([...trigger.entity].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      this.runTrigger(this.definition(trigger.dataSource), trigger.dataSource, trigger.handler, block, cache, created, errors, (heap) => this.writeEntity(heap, sorted));
      handlerCalls++;
    }

    // Event and call triggers in graph-node's order: by transaction, a transaction's events (by log
    // index) before its calls (in trace order).
    const logs = block.logs
      .filter((log) => !log.removed && log.topics.length > 0)
      .map((log) => ({ log, index: Number(log.logIndex) }))
      .sort((a, b) => a.index - b.index);
    // Stable: a transaction's calls keep their trace order.
    const calls = [...(block.calls ?? [])].sort((a, b) => a.transactionPosition - b.transactionPosition);
    let nextCall = 0;
    const runCallsBefore = (transactionIndex: number) => {
      while (nextCall < calls.length && calls[nextCall]!.transactionPosition < transactionIndex) {
        handlerCalls += this.runCallTriggers(calls[nextCall++]!, active, block, cache, created, errors);
      }
    };
    for (const { log } of logs) {
      if (calls.length > 0) runCallsBefore(Number(log.transactionIndex));
      const topic0 = log.topics[0]!.toLowerCase();
      const logAddress = log.address.toLowerCase();
      for (const { dataSource, def, address } of active) {
        if (address !== null && address !== logAddress) continue;
        const handlers = def.eventHandlersByTopic0.get(topic0);
        if (!handlers) continue;
        for (const handler of handlers) {
          if (!this.topicsMatch(handler, log)) continue;
          const params = this.decodeEvent(handler, log);
          if (params === null) {
            this.logger?.log('warning', `could not decode log ${log.logIndex} of tx ${log.transactionHash} as ${handler.signature}; skipped`);
            continue;
          }
          this.runTrigger(
            def,
            dataSource,
            handler.handler,
            block,
            cache,
            created,
            errors,
            (heap, [blockPtr, transactionPtr, receiptPtr]) => this.writeEvent(heap, log, params, blockPtr!, transactionPtr!, receiptPtr!),
            this.eventShared(handler, log, block),
          );
          handlerCalls++;
        }
      }
    }
    runCallsBefore(Number.POSITIVE_INFINITY);

    // Block triggers come after every event trigger of the block.
    for (const { dataSource, def } of active) {
      const start = dataSource.creationBlock ?? dataSource.startBlock;
      for (const blockHandler of def.blockHandlers) {
        const filter = blockHandler.filter;
        if (filter.kind === 'polling' && (blockNumber - start) % filter.every !== 0) continue;
        if (filter.kind === 'once' && blockNumber !== start) continue;
        if (filter.kind === 'call' && !calls.some((call) => !dataSource.address || call.to.toLowerCase() === dataSource.address.toLowerCase())) continue;
        this.runTrigger(def, dataSource, blockHandler.handler, block, cache, created, errors, (heap) => this.writeBlock(heap, block));
        handlerCalls++;
      }
    }
    const failed = this.failedHandler;
    this.failedHandler = null;
    if (failed) throw failed;
    return { created, handlerCalls, errors };
  }

  /**
   * A file data source's handler with the file's bytes (graph-node's `handle_offchain_triggers`),
   * `cache` being the data source's causality region. graph-node reports every error of an offchain
   * handler as non-deterministic ("This propagates any deterministic error as a non-deterministic
   * one", core/src/subgraph/runner.rs), so a failure here is retried, never a `nonFatalErrors` entry.
   */
  processFile(block: BlockData, dataSource: DataSourceInstance, content: Uint8Array, cache: BlockEntityCache): { created: CreatedDataSource[] } {
    const def = this.definition(dataSource);
    if (def.fileHandler === null) throw new Error(`data source ${dataSource.name} is not a file data source`);
    const created: CreatedDataSource[] = [];
    const errors: SubgraphErrorInfo[] = [];
    try {
      this.runTrigger(def, dataSource, def.fileHandler, block, cache, created, errors, (heap) => heap.newBytes(content));
    } catch (error) {
      if (error instanceof HandlerError && error.deterministic) {
        throw new HandlerError(error.message, { deterministic: false, blockNumber: error.blockNumber, handler: error.handler, dataSource: error.dataSource, cause: error.cause });
      }
      throw error;
    }
    const failed = errors[0];
    if (failed) throw new HandlerError(failed.message, { deterministic: false, blockNumber: block.header.number, handler: def.fileHandler, dataSource: dataSource.name });
    return { created };
  }

  /**
   * The call handlers of `active` data sources for one call (graph-node's `EthereumTrigger::Call`):
   * data sources at the call's `to`, handlers by the input's selector. Inputs that do not decode are
   * skipped with a warning; outputs that do not decode fail the trigger, as in graph-node.
   */
  private runCallTriggers(
    call: RpcCall,
    active: { dataSource: DataSourceInstance; def: MappingDef; address: string | null }[],
    block: BlockData,
    cache: BlockEntityCache,
    created: CreatedDataSource[],
    errors: SubgraphErrorInfo[],
  ): number {
    if (call.transactionFailed) return 0;
    const to = call.to.toLowerCase();
    const selector = call.input.slice(0, 10).toLowerCase();
    let runs = 0;
    for (const { dataSource, def, address } of active) {
      if (address !== null && address !== to) continue;
      for (const handler of def.callHandlersBySelector.get(selector) ?? []) {
        let inputs: readonly unknown[];
        try {
          inputs = decodeAbiParameters(handler.abiFunction.inputs, `0x${call.input.slice(10)}`);
        } catch (error) {
          this.logger?.log('warning', `Failed parsing inputs, skipping: call to ${handler.signature} in tx ${call.transactionHash}: ${(error as Error).message}`);
          continue;
        }
        this.runTrigger(def, dataSource, handler.handler, block, cache, created, errors, (heap) => this.writeCall(heap, handler, call, inputs, block));
        runs++;
      }
    }
    return runs;
  }

  close(): void {
    this.instances.clear();
    this.rpc.close();
    this.callCache.clear();
  }

  // ---- trigger execution --------------------------------------------------------------------

  private topicsMatch(handler: EventHandlerDef, log: RpcLog): boolean {
    if (log.topics.length !== handler.indexedCount + 1) return false;
    for (let i = 0; i < 3; i++) {
      const filter = handler.topicFilters[i];
      if (filter && !filter.has((log.topics[i + 1] ?? '').toLowerCase())) return false;
    }
    return true;
  }

  /** Positional values of the event's inputs; indexed dynamic values stay as their topic hash. */
  private decodeEvent(handler: EventHandlerDef, log: RpcLog): { param: AbiParameter; value: unknown }[] | null {
    return eventDecoder(handler.abiEvent)(log);
  }

  private classIdsFor(def: MappingDef, instance: WebAssembly.Instance): Map<number, number> {
    if (def.classIds) return def.classIds;
    const idOfType = instance.exports.id_of_type as (typeId: number) => number;
    const ids = new Map<number, number>();
    for (const typeId of Object.values(TypeId)) ids.set(typeId, idOfType(typeId));
    for (const typeId of Object.values(YamlTypeId)) ids.set(typeId, idOfType(typeId));
    def.classIds = ids;
    return ids;
  }

  /** A fresh instance: instantiate, resolve class ids, run `_start`, snapshot memory and globals. */
  private instantiate(def: MappingDef, context: TriggerContext): PooledInstance {
    const instance = new WebAssembly.Instance(def.module, this.imports(def.module));
    const exports = instance.exports;
    const memory = exports.memory as WebAssembly.Memory;
    const heap = new AscHeap(memory, exports.__new as (size: number, classId: number) => number, this.classIdsFor(def, instance));
    context.heap = heap;
    if (typeof exports._start === 'function') (exports._start as () => void)();
    const globals = (def.globalExports ?? []).map((name) => exports[name] as WebAssembly.Global);
    return {
      exports,
      memory,
      heap,
      snapshot: def.globalExports ? new Uint8Array(memory.buffer).slice() : null,
      globals,
      globalValues: globals.map((global) => global.value as number | bigint),
      used: false,
      shared: null,
      lastShared: null,
    };
  }

  /**
   * The instance for the next trigger. Equivalent to a fresh instance per trigger (graph-node's
   * model; the AS stub runtime never frees memory): a used instance gets its post-`_start` memory
   * and mutable globals restored, which is much cheaper than instantiating again.
   */
  private acquireInstance(def: MappingDef, context: TriggerContext, shared?: TriggerShared): { pooled: PooledInstance; shared: number[] } {
    const pooled = this.instances.get(def);
    const snapshot = pooled?.shared;
    if (pooled && shared && snapshot && snapshot.block === shared.block && snapshot.key === shared.key && pooled.used) {
      if (this.restoreTo(pooled, snapshot.memory.subarray(0, snapshot.length), snapshot.globalValues)) {
        context.heap = pooled.heap;
        return { pooled, shared: snapshot.pointers };
      }
    } else if (pooled && this.restore(pooled)) {
      context.heap = pooled.heap;
      pooled.used = true;
      return { pooled, shared: shared ? this.writeShared(pooled, shared) : [] };
    }
    const fresh = this.instantiate(def, context);
    fresh.used = true;
    this.instances.set(def, fresh);
    return { pooled: fresh, shared: shared ? this.writeShared(fresh, shared) : [] };
  }

  /**
   * Writes a trigger's shared objects into an instance in its post-`_start` state; the second
   * trigger in a row that writes the same ones also snapshots the instance (a single trigger pays no copy).
   */
  private writeShared(pooled: PooledInstance, shared: TriggerShared): number[] {
    const pointers = shared.write(pooled.heap);
    const last = pooled.lastShared;
    if (!last || last.block !== shared.block || last.key !== shared.key) {
      pooled.lastShared = { block: shared.block, key: shared.key };
      return pointers;
    }
    const bytes = new Uint8Array(pooled.memory.buffer);
    let snapshot = pooled.shared;
    if (!snapshot || snapshot.memory.length < bytes.length) {
      snapshot = { block: shared.block, key: shared.key, memory: new Uint8Array(bytes.length), length: 0, globalValues: [], pointers };
    }
    snapshot.memory.set(bytes);
    snapshot.length = bytes.length;
    snapshot.block = shared.block;
    snapshot.key = shared.key;
    snapshot.pointers = pointers;
    snapshot.globalValues = pooled.globals.map((global) => global.value as number | bigint);
    pooled.shared = snapshot;
    return pointers;
  }

  /** Puts an instance back in its post-`_start` state; false when it cannot be (a fresh one is needed). */
  private restore(pooled: PooledInstance): boolean {
    if (!pooled.snapshot) return false;
    if (!pooled.used) return true;
    return this.restoreTo(pooled, pooled.snapshot, pooled.globalValues);
  }

  private restoreTo(pooled: PooledInstance, memory: Uint8Array, globalValues: (number | bigint)[]): boolean {
    const buffer = pooled.memory.buffer;
    if (buffer.byteLength > MAX_RESET_MEMORY_BYTES) return false;
    const bytes = new Uint8Array(buffer);
    bytes.set(memory, 0);
    if (bytes.length > memory.length) bytes.fill(0, memory.length);
    for (let i = 0; i < pooled.globals.length; i++) pooled.globals[i]!.value = globalValues[i]!;
    return true;
  }

  /**
   * `ipfs.map`: the file's JSON values (one a line), each passed with `userData` to the exported
   * `callback` in an instance of its own as it was right after `_start` (graph-node runs each in a
   * fresh instance); their entity changes and data sources join the calling handler's.
   */
  private ipfsMap(link: string, callback: string, userData: Value, flags: string[]): void {
    const context = this.ctx();
    if (!flags.includes('json')) throw new HostError("Flags must contain 'json'");
    const failure = `ipfs_map: callback '${callback}' failed when processing file '${link}'`;
    const content = this.ipfsFile(link);
    // graph-node retries a file it cannot fetch (non-deterministic): it may still appear.
    if (!content) throw new HostError(`${failure}: file not found in this host's IPFS store`, false);
    if (content.length > MAX_IPFS_MAP_FILE_BYTES) {
      throw new HostError(`${failure}: IPFS file ${link} is too large. It can be at most ${MAX_IPFS_MAP_FILE_BYTES} bytes`);
    }
    const nested: TriggerContext = { ...context, heap: null as unknown as AscHeap };
    this.current = nested;
    try {
      let instance: PooledInstance | null = null;
      for (const { value } of jsonLines(content)) {
        if (!instance || !this.restore(instance)) instance = this.instantiate(context.def, nested);
        instance.used = true;
        nested.heap = instance.heap;
        const fn = instance.exports[callback];
        if (typeof fn !== 'function') throw new HostError(`function '${callback}' is not exported by the mapping`);
        (fn as (value: number, userData: number) => void)(this.writeJson(instance.heap, value), this.writeStoreValue(instance.heap, userData));
      }
    } catch (error) {
      const message = error instanceof WebAssembly.RuntimeError ? `WASM trap: ${error.message}` : (error as Error).message;
      throw new HostError(`${failure}: ${message}`, isDeterministic(error));
    } finally {
      this.current = context;
    }
  }

  /** A file of the host's IPFS store by CID (`Qm…`, `/ipfs/Qm…`); null when absent or a path inside one. */
  private ipfsFile(link: string): Uint8Array | null {
    const path = link.replace(/^ipfs:\/\//, '').replace(/^\/?ipfs\//, '');
    // The store keeps single files: a path within a directory is never there.
    if (path.includes('/')) return null;
    return this.ipfs?.get(path) ?? null;
  }

  private runTrigger(
    def: MappingDef,
    dataSource: DataSourceInstance,
    handler: string,
    block: BlockData,
    cache: BlockEntityCache,
    created: CreatedDataSource[],
    errors: SubgraphErrorInfo[],
    writeArgument: (heap: AscHeap, shared: number[]) => number,
    shared?: TriggerShared,
  ): void {
    const context: TriggerContext = { def, dataSource, handler, block, cache, created, heap: null as unknown as AscHeap };
    this.current = context;
    block.proofOfIndexing?.startHandler(ethereumCausalityRegion(dataSource.network));
    // With a PoI the block goes on after a deterministic error (see failedHandler), so every handler can be undone.
    const savepoint = this.nonFatalErrors || block.proofOfIndexing ? cache.savepoint?.() : undefined;
    const createdBefore = created.length;
    try {
      const { pooled, shared: sharedPointers } = this.acquireInstance(def, context, shared);
      const argument = writeArgument(pooled.heap, sharedPointers);
      (pooled.exports[handler] as (ptr: number) => void)(argument);
      savepoint?.release();
    } catch (error) {
      // A trap can leave the instance mid-call; never reuse it.
      this.instances.delete(def);
      const handlerError = this.toHandlerError(error, context);
      // graph-node's PoI records a deterministic error with the count of the handler's events it drops.
      if (handlerError.deterministic) block.proofOfIndexing?.writeDeterministicError(ethereumCausalityRegion(dataSource.network));
      if (!savepoint || !handlerError.deterministic) throw handlerError;
      // graph-node: the handler's entity changes and data sources are dropped, the error is kept
      // with the block and the remaining triggers run.
      savepoint.rollback();
      created.length = createdBefore;
      if (!this.nonFatalErrors) {
        this.failedHandler ??= handlerError;
        this.logger?.log('error', `handler ${handler} skipped due to execution failure: ${handlerError.message}`, { block: block.header.number });
        return;
      }
      errors.push({
        message: handlerError.message,
        blockNumber: block.header.number,
        blockHash: block.header.hash,
        handler,
        deterministic: true,
      });
      this.logger?.log('error', `handler ${handler} failed (non-fatal): ${handlerError.message}`, { block: block.header.number });
    } finally {
      this.current = null;
    }
  }

  private toHandlerError(error: unknown, context: TriggerContext): HandlerError {
    const where = {
      blockNumber: context.block.header.number,
      handler: context.handler,
      dataSource: context.dataSource.name,
      cause: error,
    };
    const suffix = ` (handler ${context.handler}, data source ${context.dataSource.name}, block #${context.block.header.number})`;
    if (error instanceof HandlerError) {
      return new HandlerError(error.message, { ...where, deterministic: error.deterministic, cause: error.cause ?? error });
    }
    if (error instanceof WebAssembly.RuntimeError) {
      return new HandlerError(`WASM trap: ${error.message}${suffix}`, { ...where, deterministic: true });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new HandlerError(message + suffix, { ...where, deterministic: isDeterministic(error) });
  }

  /** graph-node's generated ids for a block: `(block << 32) | seq`, seq counting from 0 per block (all types). */
  private generateId(header: BlockHeader): bigint {
    if (this.idSequence.header !== header) this.idSequence = { header, next: 0 };
    return (BigInt(header.number) << 32n) | BigInt(this.idSequence.next++);
  }

  private ctx(): TriggerContext {
    if (!this.current) throw new HostError('host function called outside of a handler');
    return this.current;
  }

  // ---- trigger arguments --------------------------------------------------------------------

  /** Block fields as bytes, converted once per block and shared by all its triggers. */
  private blockFields(block: BlockData): FieldBytes[] {
    let fields = this.preparedBlocks.get(block);
    if (fields) return fields;
    const raw = block.header.raw;
    const nullableQuantity = (value: unknown): FieldBytes => (value === undefined || value === null ? null : quantityBytes(value));
    fields = [
      hexBytes(block.header.hash),
      hexBytes(block.header.parentHash),
      hexBytesOr(raw.sha3Uncles, ZERO_HASH),
      hexBytesOr(raw.miner, ZERO_ADDRESS),
      hexBytesOr(raw.stateRoot, ZERO_HASH),
      hexBytesOr(raw.transactionsRoot, ZERO_HASH),
      hexBytesOr(raw.receiptsRoot, ZERO_HASH),
      bigIntToSignedLe(BigInt(block.header.number)),
      quantityBytes(raw.gasUsed),
      quantityBytes(raw.gasLimit),
      bigIntToSignedLe(block.header.timestamp),
      quantityBytes(raw.difficulty),
      quantityBytes(raw.totalDifficulty),
      nullableQuantity(raw.size),
      nullableQuantity(raw.baseFeePerGas),
    ];
    this.preparedBlocks.set(block, fields);
    return fields;
  }

  private transactionFields(block: BlockData, hash: Hex, transactionIndex: unknown): FieldBytes[] {
    let byHash = this.preparedTransactions.get(block);
    if (!byHash) {
      byHash = new Map();
      this.preparedTransactions.set(block, byHash);
    }
    let fields = byHash.get(hash);
    if (fields) return fields;
    const tx: RpcTransaction | undefined = block.transactions.get(hash) ?? block.transactions.get(hash.toLowerCase());
    const get = (key: string): unknown => tx?.[key];
    const to = get('to');
    fields = [
      hexBytes(hash),
      quantityBytes(get('transactionIndex') ?? transactionIndex),
      hexBytesOr(get('from'), ZERO_ADDRESS),
      typeof to === 'string' ? hexBytes(to) : null,
      quantityBytes(get('value')),
      quantityBytes(get('gas')),
      quantityBytes(get('gasPrice')),
      hexBytesOr(get('input'), EMPTY_BYTES),
      quantityBytes(get('nonce')),
    ];
    byHash.set(hash, fields);
    return fields;
  }

  private writeFields(heap: AscHeap, typeId: number, fields: FieldBytes[]): number {
    const pointers = new Array<number>(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      pointers[i] = field ? heap.newBytes(field) : 0;
    }
    return heap.newObject(typeId, pointers);
  }

  private writeBlock(heap: AscHeap, block: BlockData): number {
    return this.writeFields(heap, TypeId.EthereumBlock, this.blockFields(block));
  }

  private writeLog(heap: AscHeap, log: RpcLog): number {
    return heap.newObject(TypeId.Log, [
      heap.newBytes(hexBytes(log.address)),
      heap.newPtrArray(TypeId.ArrayH256, log.topics.map((topic) => heap.newBytes(hexBytes(topic)))),
      heap.newBytes(hexBytes(log.data)),
      heap.newBytes(hexBytes(log.blockHash)),
      heap.newBigInt(quantity(log.blockNumber)),
      heap.newBytes(hexBytes(log.transactionHash)),
      heap.newBigInt(quantity(log.transactionIndex)),
      heap.newBigInt(quantity(log.logIndex)),
      heap.newBigInt(quantity(log.logIndex)),
      0,
      heap.newWrappedBool(log.removed === true),
    ]);
  }

  private writeReceipt(heap: AscHeap, receipt: RpcReceipt): number {
    const contractAddress = receipt.contractAddress;
    return heap.newObject(TypeId.TransactionReceipt, [
      heap.newBytes(hexBytes(receipt.transactionHash)),
      heap.newBigInt(quantity(receipt.transactionIndex)),
      heap.newBytes(hexBytesOr(receipt.blockHash, ZERO_HASH)),
      heap.newBigInt(quantity(receipt.blockNumber)),
      heap.newBigInt(quantity(receipt.cumulativeGasUsed)),
      heap.newBigInt(quantity(receipt.gasUsed)),
      heap.newBytes(typeof contractAddress === 'string' ? hexBytes(contractAddress) : ZERO_ADDRESS),
      heap.newPtrArray(TypeId.ArrayLog, receipt.logs.map((log) => this.writeLog(heap, log))),
      heap.newBigInt(quantity(receipt.status)),
      heap.newBytes(hexBytesOr(receipt.root, ZERO_HASH)),
      heap.newBytes(hexBytesOr(receipt.logsBloom, EMPTY_BLOOM)),
    ]);
  }

  /** An event's block, transaction and (if its handler asks) receipt: shared by the transaction's events. */
  private eventShared(handler: EventHandlerDef, log: RpcLog, block: BlockData): TriggerShared {
    const receipt = handler.receipt ? block.receipts?.get(log.transactionHash) : undefined;
    return {
      block,
      key: `${log.transactionHash}:${log.transactionIndex}:${receipt ? 'receipt' : ''}`,
      write: (heap) => [
        this.writeBlock(heap, block),
        this.writeFields(heap, TypeId.EthereumTransaction, this.transactionFields(block, log.transactionHash, log.transactionIndex)),
        receipt ? this.writeReceipt(heap, receipt) : 0,
      ],
    };
  }

  private writeEvent(
    heap: AscHeap,
    log: RpcLog,
    params: { param: AbiParameter; value: unknown }[],
    blockPtr: number,
    transactionPtr: number,
    receiptPtr: number,
  ): number {
    const parameters = params.map(({ param, value }) =>
      heap.newObject(TypeId.EventParam, [heap.newString(param.name ?? ''), writeEthValue(heap, param, value)]),
    );
    return heap.newObject(TypeId.EthereumEvent, [
      heap.newBytes(hexBytes(log.address)),
      heap.newBigInt(quantity(log.logIndex)),
      heap.newBigInt(quantity(log.logIndex)),
      0,
      blockPtr,
      transactionPtr,
      heap.newPtrArray(TypeId.ArrayEventParam, parameters),
      receiptPtr,
    ]);
  }

  /** graph-ts `ethereum.Call` (AscEthereumCall_0_0_3): to, from, block, transaction, inputs, outputs. */
  private writeCall(heap: AscHeap, handler: CallHandlerDef, call: RpcCall, inputs: readonly unknown[], block: BlockData): number {
    const fn = handler.abiFunction;
    let outputs: readonly unknown[];
    try {
      outputs = decodeAbiParameters(fn.outputs, call.output);
    } catch (error) {
      throw new HostError(`Decoding function outputs for the call ${handler.signature} failed, raw output: ${call.output}: ${(error as Error).message}`);
    }
    const params = (abi: readonly AbiParameter[], values: readonly unknown[]) =>
      heap.newPtrArray(
        TypeId.ArrayEventParam,
        abi.map((param, i) => heap.newObject(TypeId.EventParam, [heap.newString(param.name ?? ''), writeEthValue(heap, param, values[i])])),
      );
    return heap.newObject(TypeId.EthereumCall, [
      heap.newBytes(hexBytes(call.to)),
      heap.newBytes(hexBytes(call.from)),
      this.writeBlock(heap, block),
      this.writeFields(heap, TypeId.EthereumTransaction, this.transactionFields(block, call.transactionHash, `0x${call.transactionPosition.toString(16)}`)),
      params(fn.inputs, inputs),
      params(fn.outputs, outputs),
    ]);
  }

  // ---- store values -------------------------------------------------------------------------

  private readBigDecimal(heap: AscHeap, ptr: number): decimal.Decimal {
    const digits = heap.readBigInt(heap.u32(ptr));
    const exp = heap.readBigInt(heap.u32(ptr + 4));
    const value = decimal.fromDigitsExp(digits, exp);
    const normalizedExp = -value.scale;
    if (value.digits !== 0n && (normalizedExp < decimal.MIN_EXP || normalizedExp > decimal.MAX_EXP)) {
      throw new HostError(
        `big decimal exponent \`${normalizedExp}\` is outside the \`${decimal.MIN_EXP}\` to \`${decimal.MAX_EXP}\` range`,
      );
    }
    return value;
  }

  private writeBigDecimal(heap: AscHeap, value: decimal.Decimal): number {
    return heap.newObject(TypeId.BigDecimal, [heap.newBigInt(value.digits), heap.newBigInt(-value.scale)]);
  }

  private readStoreValue(heap: AscHeap, ptr: number): Value {
    const kind = heap.i32(ptr);
    const data = heap.u32(ptr + 8);
    switch (kind) {
      case StoreValueKind.STRING:
        return { kind: 'String', value: heap.readString(data) };
      case StoreValueKind.INT:
        return { kind: 'Int', value: heap.i32(ptr + 8) };
      case StoreValueKind.BIGDECIMAL:
        return { kind: 'BigDecimal', value: decimal.toString(this.readBigDecimal(heap, data)) };
      case StoreValueKind.BOOL:
        return { kind: 'Bool', value: heap.u8(ptr + 8) !== 0 };
      case StoreValueKind.ARRAY:
        return { kind: 'Array', value: this.readStoreValues(heap, data) };
      case StoreValueKind.NULL:
        return { kind: 'Null' };
      case StoreValueKind.BYTES:
        return { kind: 'Bytes', value: heap.readBytes(data) };
      case StoreValueKind.BIGINT:
        return { kind: 'BigInt', value: heap.readBigInt(data) };
      case StoreValueKind.INT8:
        return { kind: 'Int8', value: heap.i64(ptr + 8) };
      case StoreValueKind.TIMESTAMP:
        return { kind: 'Timestamp', value: heap.i64(ptr + 8) };
      default:
        throw new HostError(`invalid store value kind ${kind}`);
    }
  }

  private readStoreValues(heap: AscHeap, arrayPtr: number): Value[] {
    const items = heap.readPtrArray(arrayPtr);
    const values = new Array<Value>(items.length);
    for (let i = 0; i < items.length; i++) values[i] = this.readStoreValue(heap, items[i]!);
    return values;
  }

  private writeStoreValue(heap: AscHeap, value: Value): number {
    const id = TypeId.StoreValue;
    switch (value.kind) {
      case 'String':
        return heap.newKindData(id, StoreValueKind.STRING, heap.newString(value.value));
      case 'Int':
        return heap.newKindData(id, StoreValueKind.INT, BigInt(value.value));
      case 'Int8':
        return heap.newKindData(id, StoreValueKind.INT8, value.value);
      case 'Timestamp':
        return heap.newKindData(id, StoreValueKind.TIMESTAMP, value.value);
      case 'BigDecimal':
        return heap.newKindData(id, StoreValueKind.BIGDECIMAL, this.writeBigDecimal(heap, decimal.parse(value.value)));
      case 'Bool':
        return heap.newKindData(id, StoreValueKind.BOOL, value.value ? 1 : 0);
      case 'Array':
        return heap.newKindData(
          id,
          StoreValueKind.ARRAY,
          heap.newPtrArray(TypeId.ArrayStoreValue, value.value.map((item) => this.writeStoreValue(heap, item))),
        );
      case 'Null':
        return heap.newKindData(id, StoreValueKind.NULL, 0);
      case 'Bytes':
        return heap.newKindData(id, StoreValueKind.BYTES, heap.newBytes(value.value));
      case 'BigInt':
        return heap.newKindData(id, StoreValueKind.BIGINT, heap.newBigInt(value.value));
    }
  }

  private readEntity(heap: AscHeap, ptr: number): Entity {
    const entity: Entity = new Map();
    for (const entry of heap.readPtrArray(heap.u32(ptr))) {
      entity.set(heap.readString(heap.u32(entry)), this.readStoreValue(heap, heap.u32(entry + 4)));
    }
    return entity;
  }

  private writeEntity(heap: AscHeap, entity: Entity): number {
    const entries: number[] = [];
    for (const [key, value] of entity) {
      entries.push(heap.newObject(TypeId.TypedMapEntryStringStoreValue, [heap.newString(key), this.writeStoreValue(heap, value)]));
    }
    return heap.newObject(TypeId.TypedMapStringStoreValue, [heap.newPtrArray(TypeId.ArrayTypedMapEntryStringStoreValue, entries)]);
  }

  private writeJson(heap: AscHeap, node: JsonNode): number {
    const id = TypeId.JsonValue;
    switch (node.kind) {
      case 'null':
        return heap.newKindData(id, 0, 0);
      case 'bool':
        return heap.newKindData(id, 1, node.value ? 1 : 0);
      case 'number':
        return heap.newKindData(id, 2, heap.newString(node.text));
      case 'string':
        return heap.newKindData(id, 3, heap.newString(node.value));
      case 'array':
        return heap.newKindData(id, 4, heap.newPtrArray(TypeId.ArrayJsonValue, node.items.map((item) => this.writeJson(heap, item))));
      case 'object': {
        const entries = node.entries.map(([key, value]) =>
          heap.newObject(TypeId.TypedMapEntryStringJsonValue, [heap.newString(key), this.writeJson(heap, value)]),
        );
        const map = heap.newObject(TypeId.TypedMapStringJsonValue, [heap.newPtrArray(TypeId.ArrayTypedMapEntryStringJsonValue, entries)]);
        return heap.newKindData(id, 5, map);
      }
    }
  }

  // ---- JSON-RPC backed host functions -------------------------------------------------------

  private blockTag(): { blockHash: Hex } {
    return { blockHash: this.ctx().block.header.hash };
  }

  private rpcResult(method: string, params: unknown[]): unknown {
    const answer = this.rpc.request(method, params);
    if (answer.error) throw new HostError(`${method} failed: ${answer.error.message}`, false);
    return answer.result;
  }

  private ethCall(callPtr: number): number {
    const { heap, def } = this.ctx();
    const contractName = heap.readString(heap.u32(callPtr));
    const address = heap.readHex(heap.u32(callPtr + 4));
    const functionName = heap.readString(heap.u32(callPtr + 8));
    const signature = heap.readString(heap.u32(callPtr + 12));
    const tokens = heap.readPtrArray(heap.u32(callPtr + 16)).map((ptr) => readEthValue(heap, ptr));
    const functions = def.callFunctions.get(contractName);
    if (!functions) {
      throw new HostError(
        `Could not find ABI for contract "${contractName}", try adding it to the 'abis' section of the subgraph manifest`,
      );
    }
    const fn: AbiFunction | undefined = functions.get(signature);
    if (!fn) throw new HostError(`Unknown function "${contractName}::${functionName}" with signature \`${signature}\` called from WASM runtime`);
    // Arguments that do not fit the ABI can never succeed: a deterministic error, not a retry.
    let data: Hex;
    try {
      if (tokens.length !== fn.inputs.length) throw new HostError(`expected ${fn.inputs.length} arguments, got ${tokens.length}`);
      const args = fn.inputs.map((input, i) => callArgument(input, tokens[i]!));
      data = concatHex([
        toFunctionSelector(fn),
        encodeAbiParameters(
          args.map((arg) => arg.param),
          args.map((arg) => arg.value),
        ),
      ]);
    } catch (error) {
      throw new HostError(`Failed to call function "${functionName}" of contract "${contractName}": ${(error as Error).message}`);
    }
    const blockTag = this.blockTag();
    const key = `${blockTag.blockHash}:${address}:${data}`;
    let result = this.callCache.get(key);
    if (result === undefined) {
      const answer = this.rpc.request('eth_call', [{ to: address, data }, blockTag]);
      if (answer.error && !isExecutionError(answer.error)) {
        // Not a revert: the node may be behind or the block reorged away; retried like graph-node.
        throw new HostError(
          `Ethereum node returned an error when calling function "${functionName}" of contract "${contractName}": ${answer.error.message}`,
          false,
        );
      }
      // A revert (or another deterministic EVM failure): the mapping sees null.
      result = answer.error ? null : (answer.result as Hex);
      if (this.callCache.size > 10_000) this.callCache.clear();
      this.callCache.set(key, result);
    }
    if (result === null || (result === '0x' && fn.outputs.length > 0)) return 0;
    let decoded: readonly unknown[];
    try {
      decoded = decodeAbiParameters(fn.outputs, result);
    } catch {
      return 0;
    }
    const values = fn.outputs.map((output, index) => writeEthValue(heap, output, decoded[index]));
    return heap.newPtrArray(TypeId.ArrayEthereumValue, values);
  }

  // ---- the import object ----------------------------------------------------------------------

  private imports(module: WebAssembly.Module): WebAssembly.Imports {
    const cached = this.importsByModule.get(module);
    if (cached) return cached;
    const heap = (): AscHeap => this.ctx().heap;
    const bigIntResult = (value: bigint): number => heap().newBigInt(checkBigIntSize(value));
    const readInt = (ptr: number): bigint => heap().readBigInt(ptr);
    const readDecimal = (ptr: number): decimal.Decimal => this.readBigDecimal(heap(), ptr);
    const decimalResult = (fn: () => decimal.Decimal): number => {
      try {
        return this.writeBigDecimal(heap(), fn());
      } catch (error) {
        if (error instanceof RangeError || error instanceof SyntaxError) throw new HostError(error.message);
        throw error;
      }
    };
    const parseJsonText = (text: string, target: string): string => {
      const trimmed = text.trim();
      if (trimmed === '') throw new HostError(`JSON \`${text}\` cannot be parsed as ${target}`);
      return trimmed;
    };

    const entityTypeName = (ptr: number): string => {
      const name = heap().readString(ptr);
      if (!this.internals.entityTypes.has(name)) throw new HostError(`Entity type \`${name}\` is not defined in the schema`);
      checkEntityTypeAccess(this.ctx(), name);
      return name;
    };

    const store = {
      'store.get': (typePtr: number, idPtr: number): number => {
        const { cache } = this.ctx();
        const entity = cache.get(entityTypeName(typePtr), heap().readString(idPtr));
        return entity ? this.writeEntity(heap(), entity) : 0;
      },
      'store.get_in_block': (typePtr: number, idPtr: number): number => {
        const { cache } = this.ctx();
        const entity = cache.getInBlock(entityTypeName(typePtr), heap().readString(idPtr));
        return entity ? this.writeEntity(heap(), entity) : 0;
      },
      'store.loadRelated': (typePtr: number, idPtr: number, fieldPtr: number): number => {
        const { cache } = this.ctx();
        const entities = cache.loadRelated(entityTypeName(typePtr), heap().readString(idPtr), heap().readString(fieldPtr));
        return heap().newPtrArray(
          TypeId.ArrayTypedMapEntryStringStoreValue,
          entities.map((entity) => this.writeEntity(heap(), entity)),
        );
      },
      'store.set': (typePtr: number, idPtr: number, dataPtr: number): void => {
        const { cache, block } = this.ctx();
        const entityType = heap().readString(typePtr);
        let id = heap().readString(idPtr);
        const data = this.readEntity(heap(), dataPtr);
        const info = this.internals.entityTypes.get(entityType);
        if (!info) throw new HostError(`Entity type \`${entityType}\` is not defined in the schema`);
        checkEntityTypeAccess(this.ctx(), entityType);
        if (info.timeseries) {
          // graph-node sets a timeseries point's id and timestamp itself, whatever the mapping gave:
          // the id from the block and a sequence shared by the block's generated ids
          // (IdType::generate_id: block in the high 32 bits of the Int8), the block's timestamp.
          const generated = this.generateId(block.header);
          id = generated.toString();
          data.set('id', { kind: 'Int8', value: generated });
          data.set('timestamp', { kind: 'Timestamp', value: block.header.timestamp * 1_000_000n });
        }
        const givenId = data.get('id');
        if (givenId === undefined) data.set('id', idValue(info.idType, id));
        else if (givenId.kind !== 'Null' && idString(givenId) !== id.toLowerCase() && idString(givenId) !== id) {
          throw new HostError(`Conflicting 'id' value set by mapping for ${entityType} entity: ${idString(givenId)} != ${id}`);
        }
        // graph-node's PoI event: the mapping's data as given (Null values included), with its id.
        block.proofOfIndexing?.write(ethereumCausalityRegion(this.ctx().dataSource.network), {
          kind: 'SetEntity',
          entityType,
          id: info.idType === 'Bytes' ? idString(idValue('Bytes', id)) : id,
          data,
        });
        // graph-node merges the new fields into the existing entity; a Null value unsets a field.
        const previous = cache.get(entityType, id);
        // A new entity is the data itself (same fields, same order), without the unset ones.
        const merged: Entity = previous ? new Map(previous) : data;
        // forEach, not for…of: destructured entries were an array per field of every entity set.
        data.forEach((value, fieldName) => {
          if (value.kind === 'Null') merged.delete(fieldName);
          else if (previous) merged.set(fieldName, value);
        });
        for (const required of info.requiredFields) {
          if (!merged.has(required)) {
            throw new HostError(`Entity ${entityType}[${id}]: missing value for non-nullable field \`${required}\``);
          }
        }
        cache.set(entityType, id, merged);
      },
      'store.remove': (typePtr: number, idPtr: number): void => {
        const context = this.ctx();
        const entityType = entityTypeName(typePtr);
        const id = heap().readString(idPtr);
        context.block.proofOfIndexing?.write(ethereumCausalityRegion(context.dataSource.network), { kind: 'RemoveEntity', entityType, id });
        context.cache.remove(entityType, id);
      },
      'log.log': (level: number, messagePtr: number): void => {
        const context = this.ctx();
        const message = heap().readString(messagePtr);
        const levelName = LOG_LEVELS[level] ?? 'info';
        this.logger?.log(levelName, message, {
          dataSource: context.dataSource.name,
          handler: context.handler,
          block: context.block.header.number,
        });
        if (levelName === 'critical') throw new HostError(`Critical error logged in mapping: ${message}`);
      },
      'crypto.keccak256': (ptr: number): number => heap().newBytes(keccak256(heap().readBytes(ptr), 'bytes')),
      // Not implemented: kept so a call fails clearly rather than with a link error (also rejected at load).
    };

    const conversion = {
      'typeConversion.bytesToString': (ptr: number): number =>
        heap().newString(utf8Decoder.decode(heap().readBytes(ptr)).replace(/\u0000+$/, '')),
      'typeConversion.bytesToHex': (ptr: number): number => heap().newString(heap().readHex(ptr)),
      'typeConversion.bigIntToString': (ptr: number): number => heap().newString(readInt(ptr).toString()),
      'typeConversion.bigIntToHex': (ptr: number): number => {
        const value = readInt(ptr);
        const abs = value < 0n ? -value : value;
        return heap().newString(`0x${abs.toString(16)}`);
      },
      'typeConversion.stringToH160': (ptr: number): number => {
        const text = heap().readString(ptr);
        const hex = text.startsWith('0x') ? text.slice(2) : text;
        if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new HostError(`Failed to convert string to Address/H160: '${text}'`);
        return heap().newBytes(hexToBytes(`0x${hex}`));
      },
      'typeConversion.bytesToBase58': (ptr: number): number => heap().newString(toBase58(heap().readBytes(ptr))),
    };

    const numbers = {
      'bigInt.plus': (x: number, y: number): number => bigIntResult(readInt(x) + readInt(y)),
      'bigInt.minus': (x: number, y: number): number => bigIntResult(readInt(x) - readInt(y)),
      'bigInt.times': (x: number, y: number): number => bigIntResult(readInt(x) * readInt(y)),
      'bigInt.dividedBy': (x: number, y: number): number => {
        const divisor = readInt(y);
        if (divisor === 0n) throw new HostError(`attempted to divide BigInt \`${readInt(x)}\` by zero`);
        return bigIntResult(readInt(x) / divisor);
      },
      'bigInt.dividedByDecimal': (x: number, y: number): number => {
        const divisor = readDecimal(y);
        if (divisor.digits === 0n) throw new HostError('attempted to divide BigInt by a zero BigDecimal');
        return decimalResult(() => decimal.div({ digits: readInt(x), scale: 0n }, divisor));
      },
      'bigInt.mod': (x: number, y: number): number => {
        const divisor = readInt(y);
        if (divisor === 0n) throw new HostError(`attempted to calculate the remainder of \`${readInt(x)}\` with a divisor of zero`);
        return bigIntResult(readInt(x) % divisor);
      },
      'bigInt.pow': (x: number, exp: number): number => bigIntResult(readInt(x) ** BigInt(exp & 0xff)),
      'bigInt.fromString': (ptr: number): number => {
        const text = heap().readString(ptr);
        if (!/^[+-]?\d+$/.test(text)) throw new HostError(`failed to parse BigInt from string \`${text}\``);
        return bigIntResult(BigInt(text));
      },
      'bigInt.bitOr': (x: number, y: number): number => bigIntResult(readInt(x) | readInt(y)),
      'bigInt.bitAnd': (x: number, y: number): number => bigIntResult(readInt(x) & readInt(y)),
      'bigInt.leftShift': (x: number, bits: number): number => bigIntResult(readInt(x) << BigInt(bits & 0xff)),
      'bigInt.rightShift': (x: number, bits: number): number => bigIntResult(readInt(x) >> BigInt(bits & 0xff)),
      'bigDecimal.plus': (x: number, y: number): number => decimalResult(() => decimal.add(readDecimal(x), readDecimal(y))),
      'bigDecimal.minus': (x: number, y: number): number => decimalResult(() => decimal.sub(readDecimal(x), readDecimal(y))),
      'bigDecimal.times': (x: number, y: number): number => decimalResult(() => decimal.mul(readDecimal(x), readDecimal(y))),
      'bigDecimal.dividedBy': (x: number, y: number): number => decimalResult(() => decimal.div(readDecimal(x), readDecimal(y))),
      'bigDecimal.equals': (x: number, y: number): number => (decimal.equals(readDecimal(x), readDecimal(y)) ? 1 : 0),
      'bigDecimal.toString': (x: number): number => heap().newString(decimal.toString(readDecimal(x))),
      'bigDecimal.fromString': (ptr: number): number => decimalResult(() => decimal.parse(heap().readString(ptr))),
    };

    const ethereum = {
      'ethereum.call': (callPtr: number): number => this.ethCall(callPtr),
      'ethereum.getBalance': (addressPtr: number): number => {
        const address = heap().readHex(addressPtr);
        return heap().newBigInt(hexToBigInt(this.rpcResult('eth_getBalance', [address, this.blockTag()])));
      },
      'ethereum.hasCode': (addressPtr: number): number => {
        const address = heap().readHex(addressPtr);
        const code = this.rpcResult('eth_getCode', [address, this.blockTag()]);
        return heap().newWrappedBool(typeof code === 'string' && code !== '0x' && code !== '');
      },
      'ethereum.encode': (tokenPtr: number): number => {
        try {
          const token = readEthValue(heap(), tokenPtr);
          return heap().newBytes(hexToBytes(encodeAbiParameters([token.param], [token.value])));
        } catch (error) {
          this.logger?.log('error', `ethereum.encode failed: ${(error as Error).message}`);
          return 0;
        }
      },
      'ethereum.decode': (typesPtr: number, dataPtr: number): number => {
        const types = heap().readString(typesPtr);
        const data = heap().readHex(dataPtr);
        let params: readonly AbiParameter[];
        let decoded: readonly unknown[];
        try {
          params = parseAbiParameters(types) as readonly AbiParameter[];
          if (params.length !== 1) params = [{ type: 'tuple', components: params } as AbiParameter];
          decoded = decodeAbiParameters(params, data);
        } catch (error) {
          this.logger?.log('error', `ethereum.decode(${types}) failed: ${(error as Error).message}`);
          return 0;
        }
        return writeEthValue(heap(), params[0]!, decoded[0]);
      },
    };

    const createDataSource = (namePtr: number, paramsPtr: number, context: Entity | undefined): void => {
      const current = this.ctx();
      const name = heap().readString(namePtr);
      const params = heap().readPtrArray(paramsPtr).map((ptr) => heap().readString(ptr));
      const template = this.internals.templates.get(name);
      if (!template) throw new HostError(`Failed to create data source from name \`${name}\`: No template with this name`);
      const blockNumber = current.block.header.number;
      if (template.kind === 'file/ipfs') {
        const created = fileDataSource(template, params, current.dataSource.network, blockNumber, context, this.logger);
        if (created) current.created.push(created);
        return;
      }
      // graph-node checks this after the handler (runner.rs handle_offchain_triggers), non-deterministically.
      if (current.def.fileHandler !== null) {
        throw new HostError('Attempted to create on-chain data source in offchain data source handler. This is not yet supported.', false);
      }
      const address = params[0];
      if (!address || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) {
        throw new HostError(`Failed to create data source from template \`${name}\`: invalid address ${address}`);
      }
      current.created.push({
        kind: template.kind,
        name: template.name,
        network: template.network || current.dataSource.network,
        address: (address.startsWith('0x') ? address : `0x${address}`).toLowerCase() as Hex,
        startBlock: blockNumber,
        templateName: template.name,
        creationBlock: blockNumber,
        ...(context ? { context } : {}),
      });
    };
    const datasource = {
      'dataSource.address': (): number => {
        const { address, source, sourceDeployment } = this.ctx().dataSource;
        // A subgraph data source's address is its source deployment id (graph-node's `Source::address`).
        if (sourceDeployment !== undefined) return heap().newBytes(new TextEncoder().encode(sourceDeployment));
        // A file data source's "address" is its source string as UTF-8 (graph-node's CidFile::to_bytes),
        // which graph-ts' dataSource.stringParam() decodes.
        if (source !== undefined) return heap().newBytes(new TextEncoder().encode(source));
        return heap().newBytes(address ? hexToBytes(address) : new Uint8Array());
      },
      'dataSource.network': (): number => heap().newString(this.ctx().dataSource.network),
      'dataSource.context': (): number => this.writeEntity(heap(), this.ctx().dataSource.context ?? new Map()),
      'dataSource.create': (namePtr: number, paramsPtr: number): void => createDataSource(namePtr, paramsPtr, undefined),
      'dataSource.createWithContext': (namePtr: number, paramsPtr: number, contextPtr: number): void =>
        createDataSource(namePtr, paramsPtr, this.readEntity(heap(), contextPtr)),
    };

    const json = {
      'json.fromBytes': (ptr: number): number => {
        let node: JsonNode;
        try {
          node = parseJsonPreservingNumbers(utf8Decoder.decode(heap().readBytes(ptr)));
        } catch (error) {
          throw new HostError(`Failed to parse JSON: ${(error as Error).message}`);
        }
        return this.writeJson(heap(), node);
      },
      'json.try_fromBytes': (ptr: number): number => {
        let node: JsonNode;
        try {
          node = parseJsonPreservingNumbers(utf8Decoder.decode(heap().readBytes(ptr)));
        } catch {
          return heap().newObject(TypeId.ResultJsonValueBool, [0, heap().newWrappedBool(true)]);
        }
        const value = heap().newObject(TypeId.WrappedJsonValue, [this.writeJson(heap(), node)]);
        return heap().newObject(TypeId.ResultJsonValueBool, [value, 0]);
      },
      'json.toI64': (ptr: number): bigint => {
        const text = parseJsonText(heap().readString(ptr), 'i64');
        if (!/^[+-]?\d+$/.test(text)) throw new HostError(`JSON \`${text}\` cannot be parsed as i64`);
        const value = BigInt(text);
        if (value < -(2n ** 63n) || value >= 2n ** 63n) throw new HostError(`JSON \`${text}\` cannot be parsed as i64`);
        return value;
      },
      'json.toU64': (ptr: number): bigint => {
        const text = parseJsonText(heap().readString(ptr), 'u64');
        if (!/^\+?\d+$/.test(text)) throw new HostError(`JSON \`${text}\` cannot be parsed as u64`);
        const value = BigInt(text);
        if (value >= 2n ** 64n) throw new HostError(`JSON \`${text}\` cannot be parsed as u64`);
        return BigInt.asIntN(64, value);
      },
      'json.toF64': (ptr: number): number => {
        const text = parseJsonText(heap().readString(ptr), 'f64');
        const value = Number(text);
        if (Number.isNaN(value) && text !== 'NaN') throw new HostError(`JSON \`${text}\` cannot be parsed as f64`);
        return value;
      },
      'json.toBigInt': (ptr: number): number => {
        const text = parseJsonText(heap().readString(ptr), 'BigInt');
        if (!/^[+-]?\d+$/.test(text)) throw new HostError(`JSON \`${text}\` is not a decimal string`);
        return bigIntResult(BigInt(text));
      },
    };

    const env = {
      abort: (messagePtr: number, filePtr: number, line: number, column: number): never => {
        // graph-node's wording, so error messages match what subgraph authors see there.
        const message = messagePtr ? `message: ${heap().readString(messagePtr)}` : 'no message';
        const location = filePtr ? `${heap().readString(filePtr)}, line ${line}, column ${column}` : 'an unknown location';
        throw new HostError(`Mapping aborted at ${location}, with ${message}`);
      },
    };

    const nonDeterministicIpfs = (name: string): void => {
      if (!this.allowNonDeterministicIpfs) {
        throw new HostError(`\`${name}\` is deprecated. Improved support for IPFS will be added in the future`);
      }
    };
    const ipfs = {
      'ipfs.cat': (linkPtr: number): number => {
        nonDeterministicIpfs('ipfs.cat');
        const link = heap().readString(linkPtr);
        const content = this.ipfsFile(link);
        if (!content) {
          // graph-node answers null when the file cannot be fetched.
          this.logger?.log('info', 'Failed ipfs.cat, returning `null`', { link, error: "not found in this host's IPFS store" });
          return 0;
        }
        return heap().newBytes(content);
      },
      'ipfs.map': (linkPtr: number, callbackPtr: number, userDataPtr: number, flagsPtr: number): void => {
        nonDeterministicIpfs('ipfs.map');
        const h = heap();
        const flags = h.readPtrArray(flagsPtr).map((ptr) => h.readString(ptr));
        this.ipfsMap(h.readString(linkPtr), h.readString(callbackPtr), this.readStoreValue(h, userDataPtr), flags);
      },
    };

    const yaml = {
      // graph-node's yaml_from_bytes: a document that does not parse fails the handler deterministically.
      'yaml.fromBytes': (ptr: number): number => {
        let node: YamlNode;
        try {
          node = parseYamlValue(heap().readBytes(ptr));
        } catch (error) {
          throw new HostError(`Failed to parse YAML: ${(error as Error).message}`);
        }
        return writeYamlValue(heap(), node);
      },
      'yaml.try_fromBytes': (ptr: number): number => {
        let node: YamlNode | null;
        try {
          node = parseYamlValue(heap().readBytes(ptr));
        } catch {
          node = null;
        }
        return writeYamlResult(heap(), node);
      },
    };

    const ens = {
      // graph-node answers from its ENS rainbow table (names by labelhash), which operators fill with a
      // separate import; a node without one, like this host, answers null for every hash.
      'ens.nameByHash': (): number => 0,
    };

    const importObject: WebAssembly.Imports = { env, index: { ...store, ...ipfs, ...ens }, conversion, numbers, ethereum, datasource, json, yaml };
    // Functions the module imports but the host lacks were rejected at load; this keeps instantiation total.
    for (const imported of WebAssembly.Module.imports(module)) {
      const namespace = (importObject[imported.module] ??= {}) as Record<string, unknown>;
      if (!(imported.name in namespace) && imported.kind === 'function') {
        namespace[imported.name] = (): never => {
          throw new HostError(`host function ${imported.name} is not supported by this graph host`);
        };
      }
    }
    this.importsByModule.set(module, importObject);
    return importObject;
  }
}
