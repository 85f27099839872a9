/** Loads a built subgraph (graph build output or an IPFS-deployed manifest) and compiles its WASM once. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Kind, parse as parseGraphql, type ConstDirectiveNode, type TypeNode } from 'graphql';
import { keccak256, toHex, type Abi, type AbiEvent, type AbiFunction, type AbiParameter } from 'viem';
import type { DataSourceInstance, Entity, LoadedSubgraph, SubgraphSource, Value } from '../types.js';
import * as decimal from './bigdecimal.js';
import { ManifestError, UnsupportedHostFunctionsError } from './errors.js';
import { parseDeclaredCalls, type CallDecl } from './declared-calls.js';
import { versionAtLeast } from './versions.js';
import { SUPPORTED_IMPORTS } from './host-names.js';
import { exportMutableGlobals } from './wasm-globals.js';

export interface EventHandlerDef {
  handler: string;
  /** Manifest signature, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  signature: string;
  topic0: `0x${string}`;
  abiEvent: AbiEvent;
  indexedCount: number;
  /** topic1..topic3 filters (lower-case 32-byte hex), null when unfiltered. */
  topicFilters: [Set<string> | null, Set<string> | null, Set<string> | null];
  receipt: boolean;
  /** Declared eth_calls (`calls:`), checked as graph-node checks them; not run ahead here. */
  calls: CallDecl[];
}

/** `call`: only blocks with a successful call to the data source's address (graph-node's `WithCallTo`). */
export type BlockHandlerFilter = { kind: 'every' } | { kind: 'polling'; every: number } | { kind: 'once' } | { kind: 'call' };

/** A `callHandlers` entry: runs for successful calls (traces) to the data source whose input starts with `selector`. */
export interface CallHandlerDef {
  handler: string;
  /** The manifest's `function`, e.g. `add(uint256,string)`. */
  signature: string;
  /** keccak256 of the signature, first 4 bytes, lowercase hex. */
  selector: `0x${string}`;
  abiFunction: AbiFunction;
}

/** A `kind: subgraph` data source's handler: runs for each entity of `entity` the source deployment writes. */
export interface EntityHandlerDef {
  handler: string;
  entity: string;
}

export interface BlockHandlerDef {
  handler: string;
  filter: BlockHandlerFilter;
}

/** A data source or template: its handlers, ABIs and compiled module. */
export interface MappingDef {
  name: string;
  kind: 'ethereum/contract' | 'ethereum' | 'file/ipfs' | 'subgraph';
  network: string;
  isTemplate: boolean;
  address: `0x${string}` | null;
  startBlock: number;
  endBlock: number | null;
  apiVersion: string;
  module: WebAssembly.Module;
  wasmFile: string;
  eventHandlers: EventHandlerDef[];
  eventHandlersByTopic0: Map<string, EventHandlerDef[]>;
  blockHandlers: BlockHandlerDef[];
  callHandlers: CallHandlerDef[];
  callHandlersBySelector: Map<string, CallHandlerDef[]>;
  needsReceipts: boolean;
  /** contract (ABI) name -> graph-cli call signature `name(in):(out)` -> function. */
  callFunctions: Map<string, Map<string, AbiFunction>>;
  /** Export names of the module's mutable globals (see wasm-globals.ts); null: fresh instance per trigger. */
  globalExports: string[] | null;
  /** Lazily filled by the runtime: graph-ts TypeId -> class id of this module. */
  classIds: Map<number, number> | null;
  /** File data source templates (`kind: file/ipfs`): the handler that gets the file's bytes. */
  fileHandler: string | null;
  /**
   * File data source templates: the mapping's `entities`, the only types its handler may touch
   * (graph-node's `EntityTypeAccess`); names the schema lacks are left out, as graph-node does.
   */
  entities: string[];
  /** `kind: subgraph` data sources: the source deployment (`source.address`, a Qm… id). */
  sourceDeployment: string | null;
  /** `kind: subgraph` data sources: `mapping.handlers` (handler per source entity type). */
  entityHandlers: EntityHandlerDef[];
}

export interface SubgraphInternals {
  mappings: Map<string, MappingDef>;
  templates: Map<string, MappingDef>;
  staticSources: MappingDef[];
  entityTypes: Map<string, EntityTypeInfo>;
}

const internals = new WeakMap<LoadedSubgraph, SubgraphInternals>();

export function subgraphInternals(subgraph: LoadedSubgraph): SubgraphInternals {
  const found = internals.get(subgraph);
  if (!found) throw new Error('LoadedSubgraph was not created by loadSubgraph()');
  return found;
}

export { ManifestError };

interface CompiledModule {
  module: WebAssembly.Module;
  globalExports: string[] | null;
}

type FileReader = (ref: string) => Promise<Uint8Array>;

/** `file:` is a relative path after `graph build`, or `{ "/": "/ipfs/<cid>" }` after `graph deploy`. */
function fileRef(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)['/'] === 'string') {
    return (value as Record<string, string>)['/']!;
  }
  throw new ManifestError(`${what}: missing or invalid file reference`);
}

async function sourceReader(source: SubgraphSource): Promise<{ manifestText: string; read: FileReader }> {
  if (typeof source !== 'string') return { manifestText: source.manifestText, read: source.resolveFile };
  let manifestPath = source;
  const info = await stat(source);
  if (info.isDirectory()) manifestPath = path.join(source, 'subgraph.yaml');
  const baseDir = path.dirname(manifestPath);
  const manifestText = await readFile(manifestPath, 'utf8');
  return {
    manifestText,
    read: async (ref) => new Uint8Array(await readFile(path.resolve(baseDir, ref))),
  };
}

/** Solidity type string as graph-cli writes it in signatures (tuples expanded). */
export function abiTypeString(param: AbiParameter): string {
  if (param.type.startsWith('tuple')) {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    return `(${components.map(abiTypeString).join(',')})${param.type.slice('tuple'.length)}`;
  }
  return param.type;
}

function eventManifestSignature(event: AbiEvent): string {
  return `${event.name}(${event.inputs.map((input) => `${input.indexed ? 'indexed ' : ''}${abiTypeString(input)}`).join(',')})`;
}

/** `name(type,type)`: the canonical signature hashed into topic0 and function selectors. */
function canonicalSignature(item: AbiEvent | AbiFunction): string {
  return `${item.name}(${item.inputs.map(abiTypeString).join(',')})`;
}

export function functionCallSignature(fn: AbiFunction): string {
  return `${canonicalSignature(fn)}:(${fn.outputs.map(abiTypeString).join(',')})`;
}

function parseAbiFile(bytes: Uint8Array, name: string): Abi {
  const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  if (Array.isArray(json)) return json as Abi;
  if (json && typeof json === 'object' && Array.isArray((json as { abi?: unknown }).abi)) {
    return (json as { abi: Abi }).abi;
  }
  throw new ManifestError(`ABI ${name} is not a JSON ABI array`);
}

function normalizeTopic(value: unknown): string {
  let hex: string;
  if (typeof value === 'number' || typeof value === 'bigint') hex = BigInt(value).toString(16);
  else if (typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)) hex = value.slice(2);
  else if (typeof value === 'string' && /^\d+$/.test(value)) hex = BigInt(value).toString(16);
  else throw new ManifestError(`invalid topic filter value ${JSON.stringify(value)}`);
  if (hex.length > 64) throw new ManifestError(`topic filter value ${String(value)} longer than 32 bytes`);
  return `0x${hex.padStart(64, '0').toLowerCase()}`;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ManifestError(`${what} must be a mapping`);
  return value as Record<string, unknown>;
}

function checkImports(module: WebAssembly.Module, where: string): void {
  const missing: string[] = [];
  for (const imported of WebAssembly.Module.imports(module)) {
    const key = `${imported.module}.${imported.name}`;
    if (imported.kind !== 'function' || !SUPPORTED_IMPORTS.has(key)) {
      // Report the graph-ts name (e.g. `ipfs.cat`), which is what mapping authors call.
      missing.push(imported.module === 'env' ? key : imported.name);
    }
  }
  if (missing.length > 0) throw new UnsupportedHostFunctionsError([...new Set(missing)].sort(), where);
}

/** graph-node's `detect_ipfs_on_ethereum_contracts`: a mapping importing `ipfs.cat` or `ipfs.map`. */
function usesIpfs(definitions: MappingDef[]): boolean {
  return definitions.some((def) =>
    WebAssembly.Module.imports(def.module).some((imported) => imported.module === 'index' && (imported.name === 'ipfs.cat' || imported.name === 'ipfs.map')),
  );
}

const SUPPORTED_API_VERSIONS = new Set(['0.0.5', '0.0.6', '0.0.7', '0.0.8', '0.0.9']);

async function loadMapping(
  raw: Record<string, unknown>,
  isTemplate: boolean,
  read: FileReader,
  moduleCache: Map<string, CompiledModule>,
  specVersion: string,
): Promise<MappingDef> {
  const name = String(raw.name ?? '');
  const kind = String(raw.kind ?? '');
  if (kind === 'file/ipfs' || kind === 'file/arweave') return loadFileTemplate(raw, name, kind, isTemplate, read, moduleCache);
  if (kind === 'subgraph') return loadSubgraphDataSource(raw, name, isTemplate, read, moduleCache);
  if (kind !== 'ethereum/contract' && kind !== 'ethereum') {
    throw new ManifestError(`data source ${name}: kind ${kind} is not supported by this host (ethereum/contract, ethereum and subgraph data sources, file/ipfs templates)`);
  }
  const network = String(raw.network ?? '');
  const source = asRecord(raw.source ?? {}, `${name}.source`);
  const mapping = asRecord(raw.mapping, `${name}.mapping`);
  const apiVersion = String(mapping.apiVersion ?? '');
  if (!SUPPORTED_API_VERSIONS.has(apiVersion)) {
    throw new ManifestError(`data source ${name}: mapping apiVersion ${apiVersion} is not supported (0.0.5 - 0.0.9)`);
  }

  const abis = new Map<string, Abi>();
  for (const abiEntry of (mapping.abis as unknown[] | undefined) ?? []) {
    const entry = asRecord(abiEntry, `${name}.mapping.abis[]`);
    const abiName = String(entry.name);
    abis.set(abiName, parseAbiFile(await read(fileRef(entry.file, `ABI ${abiName}`)), abiName));
  }
  const sourceAbiName = source.abi === undefined ? undefined : String(source.abi);
  const sourceAbi = sourceAbiName === undefined ? undefined : abis.get(sourceAbiName);
  if (sourceAbiName !== undefined && !sourceAbi) {
    throw new ManifestError(`data source ${name}: source ABI ${sourceAbiName} is not listed in mapping.abis`);
  }

  const eventHandlers: EventHandlerDef[] = [];
  for (const handlerEntry of (mapping.eventHandlers as unknown[] | undefined) ?? []) {
    const entry = asRecord(handlerEntry, `${name}.eventHandlers[]`);
    const signature = String(entry.event).replace(/\s+/g, '').replace(/indexed/g, 'indexed ');
    const events = (sourceAbi ?? []).filter((item): item is AbiEvent => item.type === 'event');
    const abiEvent =
      events.find((event) => eventManifestSignature(event) === signature) ??
      events.find((event) => canonicalSignature(event) === signature.replace(/indexed /g, ''));
    if (!abiEvent) throw new ManifestError(`data source ${name}: event ${signature} not found in ABI ${sourceAbiName}`);
    const topicFilter = (key: string): Set<string> | null =>
      Array.isArray(entry[key]) ? new Set((entry[key] as unknown[]).map(normalizeTopic)) : null;
    eventHandlers.push({
      handler: String(entry.handler),
      signature,
      topic0: keccak256(toHex(canonicalSignature(abiEvent))),
      abiEvent,
      indexedCount: abiEvent.inputs.filter((input) => input.indexed).length,
      topicFilters: [topicFilter('topic1'), topicFilter('topic2'), topicFilter('topic3')],
      receipt: entry.receipt === true,
      calls: parseDeclaredCalls(entry.calls, signature, specVersion, abis),
    });
  }
  const eventHandlersByTopic0 = new Map<string, EventHandlerDef[]>();
  for (const handler of eventHandlers) {
    const list = eventHandlersByTopic0.get(handler.topic0) ?? [];
    list.push(handler);
    eventHandlersByTopic0.set(handler.topic0, list);
  }

  const blockHandlers: BlockHandlerDef[] = [];
  for (const handlerEntry of (mapping.blockHandlers as unknown[] | undefined) ?? []) {
    const entry = asRecord(handlerEntry, `${name}.blockHandlers[]`);
    const filter = entry.filter === undefined ? undefined : asRecord(entry.filter, `${name}.blockHandlers[].filter`);
    let parsed: BlockHandlerFilter = { kind: 'every' };
    if (filter) {
      if (filter.kind === 'polling') parsed = { kind: 'polling', every: Number(filter.every) };
      else if (filter.kind === 'once') parsed = { kind: 'once' };
      else if (filter.kind === 'call') parsed = { kind: 'call' };
      else throw new ManifestError(`data source ${name}: block handler filter kind ${String(filter.kind)} is not supported`);
      if (parsed.kind === 'polling' && !(parsed.every > 0)) {
        throw new ManifestError(`data source ${name}: polling filter needs every > 0`);
      }
    }
    blockHandlers.push({ handler: String(entry.handler), filter: parsed });
  }

  const callHandlers: CallHandlerDef[] = [];
  for (const handlerEntry of (mapping.callHandlers as unknown[] | undefined) ?? []) {
    const entry = asRecord(handlerEntry, `${name}.callHandlers[]`);
    const signature = String(entry.function ?? '').replace(/\s+/g, '');
    const functions = (sourceAbi ?? []).filter((item): item is AbiFunction => item.type === 'function');
    const abiFunction = functions.find((fn) => canonicalSignature(fn) === signature);
    // graph-node fails the trigger with the same words; refusing at load says it before indexing starts.
    if (!abiFunction) {
      throw new ManifestError(`data source ${name}: Function with the signature "${signature}" not found in contract "${sourceAbiName}" of data source "${name}"`);
    }
    callHandlers.push({ handler: String(entry.handler), signature, selector: keccak256(toHex(signature)).slice(0, 10) as `0x${string}`, abiFunction });
  }
  const callHandlersBySelector = new Map<string, CallHandlerDef[]>();
  for (const handler of callHandlers) callHandlersBySelector.set(handler.selector, [...(callHandlersBySelector.get(handler.selector) ?? []), handler]);

  const callFunctions = new Map<string, Map<string, AbiFunction>>();
  for (const [abiName, abi] of abis) {
    const bySignature = new Map<string, AbiFunction>();
    for (const item of abi) {
      if (item.type === 'function') bySignature.set(functionCallSignature(item), item);
    }
    callFunctions.set(abiName, bySignature);
  }

  const wasmFile = fileRef(mapping.file, `${name}.mapping.file`);
  const handlers = [...eventHandlers.map((h) => h.handler), ...blockHandlers.map((h) => h.handler), ...callHandlers.map((h) => h.handler)];
  const compiled = await compileMapping(wasmFile, name, isTemplate, handlers, read, moduleCache);
  const module = compiled.module;

  const address = typeof source.address === 'string' ? (source.address.toLowerCase() as `0x${string}`) : null;
  return {
    name,
    kind,
    network,
    isTemplate,
    address,
    startBlock: Number(source.startBlock ?? 0),
    endBlock: source.endBlock === undefined || source.endBlock === null ? null : blockNumberOf(source.endBlock, `data source ${name}: source.endBlock`),
    apiVersion,
    module,
    wasmFile,
    eventHandlers,
    eventHandlersByTopic0,
    blockHandlers,
    callHandlers,
    callHandlersBySelector,
    needsReceipts: eventHandlers.some((h) => h.receipt),
    callFunctions,
    globalExports: compiled.globalExports,
    classIds: null,
    fileHandler: null,
    entities: [],
    sourceDeployment: null,
    entityHandlers: [],
  };
}

/** Compiles (once per file) a mapping's WASM and checks its imports and the handlers it must export. */
async function compileMapping(
  wasmFile: string,
  name: string,
  isTemplate: boolean,
  handlers: string[],
  read: FileReader,
  moduleCache: Map<string, CompiledModule>,
): Promise<CompiledModule> {
  let compiled = moduleCache.get(wasmFile);
  if (!compiled) {
    const binary = await read(wasmFile);
    let patched: { binary: Uint8Array; globalExports: string[] | null };
    try {
      patched = exportMutableGlobals(binary);
    } catch {
      patched = { binary, globalExports: null };
    }
    compiled = {
      module: await WebAssembly.compile(patched.binary as Uint8Array<ArrayBuffer>),
      globalExports: patched.globalExports,
    };
    moduleCache.set(wasmFile, compiled);
  }
  checkImports(compiled.module, `${isTemplate ? 'template' : 'data source'} ${name} (${wasmFile})`);
  const exportNames = new Set(WebAssembly.Module.exports(compiled.module).map((e) => e.name));
  for (const required of ['memory', '__new', 'id_of_type']) {
    if (!exportNames.has(required)) throw new ManifestError(`${name}: WASM does not export ${required} (not graph-ts 0.2x+?)`);
  }
  for (const handler of handlers) {
    if (!exportNames.has(handler)) throw new ManifestError(`${name}: handler ${handler} is not exported by ${wasmFile}`);
  }
  return compiled;
}

/**
 * A file data source template (graph-node's `offchain::UnresolvedDataSourceTemplate`): `mapping`
 * with `handler`, `entities`, `file` (and optional `abis`, unused: a file handler has no chain
 * access). `file/arweave` is refused: this host has no Arweave gateway.
 */
async function loadFileTemplate(
  raw: Record<string, unknown>,
  name: string,
  kind: 'file/ipfs' | 'file/arweave',
  isTemplate: boolean,
  read: FileReader,
  moduleCache: Map<string, CompiledModule>,
): Promise<MappingDef> {
  if (kind === 'file/arweave') {
    throw new ManifestError(`template ${name}: kind file/arweave is not supported by this host (no Arweave gateway; only file/ipfs file data sources)`);
  }
  // graph-node resolves offchain data sources only as templates (created with dataSource.create).
  if (!isTemplate) throw new ManifestError(`data source ${name}: kind file/ipfs is only allowed in templates (file data sources are created with dataSource.create)`);
  const mapping = asRecord(raw.mapping, `${name}.mapping`);
  const apiVersion = String(mapping.apiVersion ?? '');
  if (!SUPPORTED_API_VERSIONS.has(apiVersion)) {
    throw new ManifestError(`data source ${name}: mapping apiVersion ${apiVersion} is not supported (0.0.5 - 0.0.9)`);
  }
  const handler = typeof mapping.handler === 'string' ? mapping.handler : '';
  if (!handler) throw new ManifestError(`template ${name}: a file data source template needs mapping.handler`);
  const wasmFile = fileRef(mapping.file, `${name}.mapping.file`);
  const compiled = await compileMapping(wasmFile, name, true, [handler], read, moduleCache);
  const entities = Array.isArray(mapping.entities) ? mapping.entities.map(String) : [];
  return withoutChainTriggers(compiled, {
    name,
    kind,
    network: typeof raw.network === 'string' ? raw.network : '',
    isTemplate: true,
    startBlock: 0,
    apiVersion,
    wasmFile,
    fileHandler: handler,
    entities,
    sourceDeployment: null,
    entityHandlers: [],
  });
}

/** A data source or template without chain triggers (file templates, subgraph data sources). */
function withoutChainTriggers(
  compiled: CompiledModule,
  def: Pick<MappingDef, 'name' | 'kind' | 'network' | 'isTemplate' | 'startBlock' | 'apiVersion' | 'wasmFile' | 'fileHandler' | 'entities' | 'sourceDeployment' | 'entityHandlers'>,
): MappingDef {
  return {
    ...def,
    address: null,
    endBlock: null,
    module: compiled.module,
    eventHandlers: [],
    eventHandlersByTopic0: new Map(),
    blockHandlers: [],
    callHandlers: [],
    callHandlersBySelector: new Map(),
    needsReceipts: false,
    callFunctions: new Map(),
    globalExports: compiled.globalExports,
    classIds: null,
  };
}

/**
 * A `kind: subgraph` data source (graph-node's `data_source::subgraph::UnresolvedDataSource`):
 * `source.address` a deployment id, `mapping.handlers` of `{handler, entity}`. What needs the source
 * deployment (its schema, spec version, network) is checked by the DeploymentManager, which knows it.
 */
async function loadSubgraphDataSource(
  raw: Record<string, unknown>,
  name: string,
  isTemplate: boolean,
  read: FileReader,
  moduleCache: Map<string, CompiledModule>,
): Promise<MappingDef> {
  if (isTemplate) throw new ManifestError(`template ${name}: kind subgraph templates are not supported by this host`);
  const source = asRecord(raw.source ?? {}, `${name}.source`);
  const address = typeof source.address === 'string' ? source.address : '';
  // graph-node's DeploymentHash::new: at most 46 characters, alphanumeric or `_`.
  if (!address || address.length > 46 || !/^[A-Za-z0-9_]+$/.test(address)) {
    throw new ManifestError(`data source ${name}: source.address ${JSON.stringify(source.address)} is not a deployment id`);
  }
  const mapping = asRecord(raw.mapping, `${name}.mapping`);
  const apiVersion = String(mapping.apiVersion ?? '');
  if (!SUPPORTED_API_VERSIONS.has(apiVersion)) {
    throw new ManifestError(`data source ${name}: mapping apiVersion ${apiVersion} is not supported (0.0.5 - 0.0.9)`);
  }
  const entityHandlers: EntityHandlerDef[] = [];
  for (const handlerEntry of (mapping.handlers as unknown[] | undefined) ?? []) {
    const entry = asRecord(handlerEntry, `${name}.mapping.handlers[]`);
    entityHandlers.push({ handler: String(entry.handler ?? ''), entity: String(entry.entity ?? '') });
  }
  if (entityHandlers.length === 0) throw new ManifestError(`data source ${name}: a subgraph data source needs mapping.handlers`);
  const wasmFile = fileRef(mapping.file, `${name}.mapping.file`);
  const compiled = await compileMapping(wasmFile, name, false, entityHandlers.map((h) => h.handler), read, moduleCache);
  return withoutChainTriggers(compiled, {
    name,
    kind: 'subgraph',
    network: String(raw.network ?? ''),
    isTemplate: false,
    startBlock: source.startBlock === undefined || source.startBlock === null ? 0 : blockNumberOf(source.startBlock, `data source ${name}: source.startBlock`),
    apiVersion,
    wasmFile,
    fileHandler: null,
    entities: Array.isArray(mapping.entities) ? mapping.entities.map(String) : [],
    sourceDeployment: address,
    entityHandlers,
  });
}

/** A block number in the manifest (graph-node reads them as i32). */
function blockNumberOf(value: unknown, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new ManifestError(`${what}: ${JSON.stringify(value)} is not a block number`);
  return n;
}

const I32_RANGE = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const I64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function integer(value: unknown, what: string, range?: readonly [bigint, bigint]): bigint {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) n = BigInt(value.trim());
  else throw new ManifestError(`${what}: ${String(value)} is not an integer`);
  if (range && (n < range[0] || n > range[1])) throw new ManifestError(`${what}: ${n} is out of range`);
  return n;
}

/**
 * One typed context value, in graph-node's serialisation of `store::Value` (`{type, data}`):
 * Bool, String, Int, Int8, BigInt, BigDecimal, Bytes, List, Timestamp, Null.
 */
function contextValue(raw: unknown, what: string): Value {
  const entry = asRecord(raw, what);
  const type = String(entry.type);
  const data = entry.data;
  switch (type) {
    case 'Bool':
      if (typeof data !== 'boolean') throw new ManifestError(`${what}: Bool data must be true or false`);
      return { kind: 'Bool', value: data };
    case 'String':
      if (typeof data !== 'string') throw new ManifestError(`${what}: String data must be a string`);
      return { kind: 'String', value: data };
    case 'Int':
      return { kind: 'Int', value: Number(integer(data, what, I32_RANGE)) };
    case 'Int8':
      return { kind: 'Int8', value: integer(data, what, I64_RANGE) };
    case 'Timestamp':
      return { kind: 'Timestamp', value: integer(data, what, I64_RANGE) };
    case 'BigInt':
      return { kind: 'BigInt', value: integer(data, what) };
    case 'BigDecimal':
      try {
        return { kind: 'BigDecimal', value: decimal.toString(decimal.parse(String(data))) };
      } catch {
        throw new ManifestError(`${what}: ${String(data)} is not a BigDecimal`);
      }
    case 'Bytes': {
      const text = String(data);
      const hex = text.startsWith('0x') ? text.slice(2) : text;
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new ManifestError(`${what}: ${text} is not hex Bytes`);
      return { kind: 'Bytes', value: new Uint8Array(Buffer.from(hex, 'hex')) };
    }
    case 'List':
      if (!Array.isArray(data)) throw new ManifestError(`${what}: List data must be a list of {type, data}`);
      return { kind: 'Array', value: data.map((item, i) => contextValue(item, `${what}[${i}]`)) };
    case 'Null':
      return { kind: 'Null' };
    default:
      throw new ManifestError(`${what}: unknown context type \`${type}\` (Bool, String, Int, Int8, BigDecimal, Bytes, List, BigInt)`);
  }
}

/** A data source's manifest `context:` as the DataSourceContext entity `dataSource.context()` returns. */
export function manifestContext(raw: unknown, dataSource: string): Entity {
  const entries = asRecord(raw, `data source ${dataSource}: context`);
  const context: Entity = new Map();
  for (const [key, value] of Object.entries(entries)) {
    context.set(key, contextValue(value, `data source ${dataSource}: context.${key}`));
  }
  return context;
}

function directiveArgument(directive: ConstDirectiveNode, name: string): boolean {
  const argument = directive.arguments?.find((arg) => arg.name.value === name);
  return argument?.value.kind === Kind.BOOLEAN && argument.value.value;
}

/** Entity types that are immutable: `@entity(immutable: true)` or `@entity(timeseries: true)`. */
export function immutableEntityTypes(schemaText: string): Set<string> {
  const immutable = new Set<string>();
  for (const definition of parseGraphql(schemaText).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const entity = definition.directives?.find((d) => d.name.value === 'entity');
    if (entity && (directiveArgument(entity, 'immutable') || directiveArgument(entity, 'timeseries'))) {
      immutable.add(definition.name.value);
    }
  }
  return immutable;
}

export interface EntityTypeInfo {
  /** GraphQL type of `id`: String, ID, Bytes or Int8. */
  idType: string;
  /** Non-null fields the mapping must set (derived fields excluded). */
  requiredFields: string[];
  timeseries: boolean;
}

function baseTypeName(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : baseTypeName(type.type);
}

/** Entity types of the schema with what store.set needs to validate writes like graph-node. */
export function entityTypeInfos(schemaText: string): Map<string, EntityTypeInfo> {
  const infos = new Map<string, EntityTypeInfo>();
  for (const definition of parseGraphql(schemaText).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const entity = definition.directives?.find((d) => d.name.value === 'entity');
    if (!entity) continue;
    const timeseries = directiveArgument(entity, 'timeseries');
    const fields = definition.fields ?? [];
    const idField = fields.find((f) => f.name.value === 'id');
    infos.set(definition.name.value, {
      idType: idField ? baseTypeName(idField.type) : 'String',
      requiredFields: fields
        .filter((f) => f.type.kind === Kind.NON_NULL_TYPE && !f.directives?.some((d) => d.name.value === 'derivedFrom'))
        // graph-node fills a timeseries' `timestamp` itself.
        .filter((f) => !(timeseries && f.name.value === 'timestamp'))
        .map((f) => f.name.value),
      timeseries,
    });
  }
  return infos;
}

/** Whether the schema declares `_Schema_ @fulltext` (graph-node's `fullTextSearch` feature). */
function usesFulltext(schemaText: string): boolean {
  if (!schemaText.includes('fulltext')) return false; // most schemas: no second parse at start-up
  return parseGraphql(schemaText).definitions.some(
    (def) => def.kind === Kind.OBJECT_TYPE_DEFINITION && def.name.value === '_Schema_' && (def.directives ?? []).some((d) => d.name.value === 'fulltext'),
  );
}

/** Whether the schema declares `@aggregation` types (graph-node reports the `aggregations` feature). */
export function usesAggregations(schemaText: string): boolean {
  if (!schemaText.includes('aggregation')) return false;
  return parseGraphql(schemaText).definitions.some(
    (def) => def.kind === Kind.OBJECT_TYPE_DEFINITION && (def.directives ?? []).some((d) => d.name.value === 'aggregation'),
  );
}

export async function loadSubgraph(source: SubgraphSource): Promise<LoadedSubgraph> {
  const { manifestText, read } = await sourceReader(source);
  const manifest = asRecord(parseYaml(manifestText), 'manifest');
  const specVersion = String(manifest.specVersion ?? '');
  let graft: { base: string; block: number } | null = null;
  if (manifest.graft !== undefined && manifest.graft !== null) {
    const raw = asRecord(manifest.graft, 'graft');
    graft = { base: String(raw.base ?? ''), block: blockNumberOf(raw.block, 'graft.block') };
  }
  const schemaRef = fileRef(asRecord(manifest.schema, 'schema').file, 'schema');
  const schemaText = new TextDecoder().decode(await read(schemaRef));
  // graph-node's validate_aggregations: aggregations need spec version 1.1.0.
  if (usesAggregations(schemaText) && !versionAtLeast(specVersion, '1.1.0')) {
    throw new ManifestError(`Aggregations are not supported with spec version ${specVersion}; please migrate the subgraph to the latest version`);
  }

  const moduleCache = new Map<string, CompiledModule>();
  const staticSources: MappingDef[] = [];
  for (const raw of (manifest.dataSources as unknown[] | undefined) ?? []) {
    staticSources.push(await loadMapping(asRecord(raw, 'dataSources[]'), false, read, moduleCache, specVersion));
  }
  const templates = new Map<string, MappingDef>();
  for (const raw of (manifest.templates as unknown[] | undefined) ?? []) {
    const def = await loadMapping(asRecord(raw, 'templates[]'), true, read, moduleCache, specVersion);
    templates.set(def.name, def);
  }
  if (staticSources.length === 0) throw new ManifestError('manifest has no data sources');
  const composed = staticSources.filter((def) => def.kind === 'subgraph');
  if (composed.length > 0) {
    // graph-node: a subgraph data source's min_spec_version is 1.3.0.
    if (!versionAtLeast(specVersion, '1.3.0')) {
      throw new ManifestError(`data source ${composed[0]!.name}: kind subgraph needs spec version 1.3.0 or later (the manifest has ${specVersion})`);
    }
    // graph-node's block stream of a composed subgraph carries the subgraph triggers only (scan_triggers
    // ignores the chain filter when there are subgraph filters), and graph-cli refuses mixed protocols.
    if (composed.length !== staticSources.length || templates.size > 0) {
      throw new ManifestError('a subgraph with `kind: subgraph` data sources cannot also have other data sources or templates (graph-node indexes only the subgraph triggers of such a subgraph)');
    }
  }
  const entityTypes = entityTypeInfos(schemaText);
  const causalityRegionEntities = new Set<string>();
  for (const def of templates.values()) {
    if (def.kind !== 'file/ipfs') continue;
    // graph-node (offchain.rs UnresolvedMapping::resolve) drops entity names the schema lacks, with a warning.
    def.entities = def.entities.filter((entity) => entityTypes.has(entity));
    for (const entity of def.entities) causalityRegionEntities.add(entity);
  }
  if (graft && causalityRegionEntities.size > 0) {
    throw new ManifestError('grafting a subgraph with file data source templates is not supported by this host (it does not copy causality regions)');
  }
  const mappings = new Map<string, MappingDef>(staticSources.map((def) => [def.name, def]));

  // Parsed again with exact integers: context values such as Int8 and BigInt must not lose precision.
  const exact = asRecord(parseYaml(manifestText, { intAsBigInt: true }), 'manifest');
  const rawSources = (exact.dataSources as unknown[] | undefined) ?? [];
  const dataSources: DataSourceInstance[] = staticSources.map((def, index) => {
    const rawContext = (rawSources[index] as Record<string, unknown> | undefined)?.context;
    const context = rawContext === undefined || rawContext === null ? undefined : manifestContext(rawContext, def.name);
    return {
      kind: def.kind,
      name: def.name,
      network: def.network,
      address: def.address,
      startBlock: def.startBlock,
      ...(def.endBlock !== null ? { endBlock: def.endBlock } : {}),
      ...(context ? { context } : {}),
      ...(def.sourceDeployment !== null ? { sourceDeployment: def.sourceDeployment } : {}),
    };
  });
  const features = Array.isArray(manifest.features) ? manifest.features.map(String) : [];
  // graph-node's feature validation: a feature the subgraph uses must be declared.
  const used = [
    ...(graft ? ['grafting'] : []),
    ...(usesFulltext(schemaText) ? ['fullTextSearch'] : []),
    ...(usesIpfs([...mappings.values(), ...templates.values()]) ? ['ipfsOnEthereumContracts'] : []),
  ];
  const undeclared = used.filter((feature) => !features.includes(feature));
  if (undeclared.length > 0) {
    throw new ManifestError(`The feature \`${undeclared.join(', ')}\` is used by the subgraph but it is not declared in the manifest.`);
  }
  const loaded: LoadedSubgraph = {
    manifest,
    schemaText,
    specVersion,
    apiVersion: staticSources[0]!.apiVersion,
    network: staticSources[0]!.network,
    dataSources,
    templateNames: [...templates.keys()],
    startBlock: Math.min(...staticSources.map((def) => def.startBlock)),
    graft,
    maxEndBlock: templates.size === 0 && staticSources.every((def) => def.endBlock !== null) ? Math.max(...staticSources.map((def) => def.endBlock!)) : null,
    immutableEntities: immutableEntityTypes(schemaText),
    features,
    causalityRegionEntities,
    fileTemplates: [...templates.values()].filter((def) => def.kind === 'file/ipfs').map((def) => def.name),
    subgraphSources: [...new Set(composed.map((def) => def.sourceDeployment!))],
  };
  internals.set(loaded, { mappings, templates, staticSources, entityTypes });
  return loaded;
}
