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
}

/** A data source as the runtime and ingestion see it (static or created from a template). */
export interface DataSourceInstance {
  kind: 'ethereum/contract' | 'ethereum';
  name: string;
  network: string;
  address: `0x${string}` | null;
  startBlock: number;
  /** Set for data sources created from templates at runtime. */
  templateName?: string;
  creationBlock?: number;
  /** Serialised DataSourceContext entity (the `context` of createWithContext). */
  context?: Entity;
}

/** Dynamic data sources created while processing a block; the ingestion persists them. */
export interface CreatedDataSource extends DataSourceInstance {
  templateName: string;
  creationBlock: number;
}
