/**
 * Block-ranged entity store in graph-node's relational layout, on PGlite (or PostgreSQL).
 *
 * The latest state of every entity lives in memory (WASM host calls are synchronous); each block's
 * writes are buffered, joined to a pending batch by `endBlock`, and `flush` persists the whole batch,
 * the block pointer, block hashes and dynamic data sources in one transaction.
 */
import { createHash } from 'node:crypto';
import type {
  BlockEntityCache,
  BlockHeader,
  BlockPtr,
  CreatedDataSource,
  DataSourceInstance,
  Entity,
  EntityChanges,
  WrittenEntity,
  GraftSnapshot,
  IndexingStatus,
  StoreOptions,
  SubgraphErrorInfo,
  SubgraphStore,
  Value,
} from '../types.js';
import { parseSubgraphSchema, type EntityTypeDesc, type FieldDesc, type SubgraphSchema } from '../schema/index.js';
import { POI_ENTITY_TYPE } from '../poi/poi.js';
import { openPostgres, type Db, type DbQueryable } from './db.js';
import { openPgliteExplained } from './open-error.js';
import { Rollups, aggregationTableStatements } from './rollup.js';
import { bytesToHex, columnType, copyField, idColumnType, idLiteral, quoteIdent, quoteString, valueLiteral } from './sql.js';
import {
  EntityValidationError,
  entityFromJson,
  entityToJson,
  normaliseId,
  rowToEntity,
  validateEntity,
  valueKey,
} from './codec.js';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Block hashes kept for reorg detection; graph-node's default reorg threshold is 250. */
const KEPT_BLOCK_HASHES = 1000;
/** Rows per INSERT statement: large enough to amortise parsing, small enough to keep SQL strings modest. */
const INSERT_CHUNK = 1000;

const DEPLOYMENTS_TABLE_DDL = `
      create table if not exists public.graph_host_deployments (
        deployment text primary key,
        namespace text not null,
        schema_text text not null,
        block_number int4,
        block_hash text,
        block_timestamp int8,
        status jsonb not null default '{"failed": false}'
      );`;

type Writes = Map<string, Map<string, Entity | null>>;

interface PendingBlock {
  header: BlockHeader;
  writes: Writes;
  created: CreatedDataSource[];
  errors: SubgraphErrorInfo[];
  /** Causality regions of the writes outside the onchain region (0), by type and id; absent without file data sources. */
  regions?: Map<string, Map<string, number>>;
  /** Causality regions of file data sources processed in this block (their `done_at`). */
  processed?: number[];
  /** Write order of the block's entities (see OpenBlock.vids). */
  vids: Map<string, Map<string, number>>;
}

/** The block being processed. */
interface OpenBlock {
  header: BlockHeader;
  writes: Writes;
  undo: Map<string, Map<string, Entity | undefined>>;
  handlerUndo: HandlerUndo | null;
  /** Region of each write outside region 0, by type and id (created on the first such write). */
  regionWrites: Map<string, Map<string, number>> | null;
  /** Region entries before the block, for discardBlock (types with a region only). */
  regionUndo: Map<string, Map<string, number | undefined>> | null;
  /**
   * Per type and id, the block's sequence number of the entity's last write, across types: graph-node
   * gives every write the vid `(block << 32) + seq` (EntityCache::set), and subgraph composition orders
   * a source's entities by it.
   */
  vids: Map<string, Map<string, number>>;
  nextVid: number;
}

/** Undo log of one handler (savepoint): previous current version and previous block write per key. */
type HandlerUndo = Map<string, Map<string, { current: Entity | undefined; write: Entity | null | undefined; written: boolean }>>;

/** Per (type, derived-from field) reverse index: referenced id -> ids of entities referencing it. */
type ReverseIndex = Map<string, Set<string>>;

export class EntityStore implements SubgraphStore {
  readonly schema: SubgraphSchema;
  /** Postgres schema (namespace) holding this deployment's tables. */
  readonly namespace: string;
  readonly deploymentId: string;
  readonly db: Db;

  private readonly current = new Map<string, Map<string, Entity>>();
  /** The schema's entity types and graph-node's `Poi$` (the PoI digests, not queryable). */
  private readonly tables: Map<string, EntityTypeDesc>;
  /**
   * Types with graph-node's `causality_region` column (the `entities` of file data source templates),
   * and the region of their current entities outside the onchain region 0. Empty for subgraphs
   * without file data sources, which then pay one `size` check per access.
   */
  private readonly regionTypes: Set<string>;
  private readonly regions = new Map<string, Map<string, number>>();
  private readonly reverseIndexes = new Map<string, ReverseIndex>();
  /** Ids with an open (current) version in the database, per type: only those need closing. */
  private readonly persistedOpen = new Map<string, Set<string>>();
  /** Whether this session's ANALYZE sample size was lowered (PGlite maintenance, see maintain()). */
  private statisticsTargetSet = false;
  /** Rows written per table since its last VACUUM ANALYZE (PGlite runs no autovacuum). */
  private readonly churn = new Map<string, { since: number; total: number }>();
  private pending: PendingBlock[] = [];
  private block: OpenBlock | null = null;
  /** Persisted non-fatal errors (graph-node's subgraph_error rows), oldest first. */
  private errors: SubgraphErrorInfo[] = [];
  private ptr: BlockPtr | null = null;
  private ptrTimestamp: bigint | null = null;
  private readonly hashes = new Map<number, `0x${string}`>();
  private dataSources: DataSourceInstance[] = [];
  private indexingStatus: IndexingStatus = { failed: false };
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Postponed numeric attribute indexes that exist: table -> column -> index name (see numericIndexPlan). */
  private readonly numericIndexes = new Map<string, Map<string, string>>();
  /** Numeric columns whose index was dropped or could not be built (a value too large for a btree entry). */
  private readonly unindexable = new Set<string>();
  /** The deployment's aggregation rollups; null without `@aggregation` types (nothing to do per flush). */
  private readonly rollups: Rollups | null;
  /**
   * graph-node's last rollup time (seconds): the time of the last block processed, whose flush
   * rolled up every bucket that had closed by then. Recovered from block_hashes on open and revert.
   */
  private lastRollup: bigint | null = null;

  private constructor(db: Db, schema: SubgraphSchema, deploymentId: string, regionTypes: Set<string>) {
    this.db = db;
    this.schema = schema;
    this.deploymentId = deploymentId;
    this.regionTypes = regionTypes;
    this.namespace = namespaceOf(deploymentId);
    this.tables = new Map([...schema.entities, [POI_ENTITY_TYPE, POI_DESC]]);
    for (const name of this.tables.keys()) this.current.set(name, new Map());
    this.rollups = schema.aggregations.size > 0 ? new Rollups(schema, this.namespace) : null;
  }

  static async open(opts: StoreOptions): Promise<EntityStore> {
    const schema = parseSubgraphSchema(opts.schemaText);
    for (const name of opts.immutableEntities) {
      const desc = schema.entities.get(name);
      if (desc && !desc.immutable) desc.immutable = true;
    }
    // What a new store sets up, hashed: a fresh PGlite data dir is copied from a template of exactly that.
    const regionTypes = new Set([...(opts.causalityRegionEntities ?? [])].filter((name) => schema.entities.has(name)));
    const setupKey = createHash('sha256')
      .update(JSON.stringify([DEPLOYMENTS_TABLE_DDL, setupStatements(schema, namespaceOf(opts.deploymentId), regionTypes), opts.deploymentId, opts.schemaText]))
      .digest('hex');
    const db = opts.postgresUrl ? await openPostgres(opts.postgresUrl) : await openPgliteExplained(opts.dataDir ?? null, setupKey);
    const store = new EntityStore(db, schema, opts.deploymentId, regionTypes);
    try {
      await store.init(opts.schemaText);
      await db.saveSetup?.();
    } catch (err) {
      await db.close();
      throw err;
    }
    return store;
  }

  /** Table name qualified with this deployment's namespace. */
  table(desc: EntityTypeDesc): string {
    return `${quoteIdent(this.namespace)}.${quoteIdent(desc.table)}`;
  }

  private async init(schemaText: string): Promise<void> {
    const ns = quoteIdent(this.namespace);
    await this.db.exec(DEPLOYMENTS_TABLE_DDL);
    const existing = await this.db.query(
      `select schema_text, block_number, block_hash, block_timestamp, status from public.graph_host_deployments where deployment = $1`,
      [this.deploymentId],
    );
    const row = existing[0];
    if (row) {
      if (row.schema_text !== schemaText) {
        throw new StoreError(`deployment ${this.deploymentId} exists with a different schema; use a new deployment id or data directory`);
      }
      if (row.block_number !== null && row.block_number !== undefined) {
        this.ptr = { number: Number(row.block_number), hash: row.block_hash as `0x${string}` };
        this.ptrTimestamp = row.block_timestamp === null || row.block_timestamp === undefined ? null : BigInt(row.block_timestamp as bigint);
      }
      this.indexingStatus = row.status as IndexingStatus;
      // Data dirs written before non-fatal errors were recorded get the table on open, and before
      // fulltext support, its columns.
      await this.db.exec(ERRORS_TABLE_DDL(ns));
      // Stores made before file data sources: the data source table gets graph-node's columns.
      await this.db.exec(DATA_SOURCE_REGION_DDL(ns));
      // Stores made before proofs of indexing get graph-node's PoI table.
      await this.db.exec(POI_TABLE_DDL(ns));
      const fulltext = [...this.schema.entities.values()].flatMap((desc) => fulltextStatements(this.schema, desc, this.table(desc)));
      if (fulltext.length > 0) await this.db.exec(fulltext.join('\n'));
      // A copy of the setup template holds empty tables: the state is the empty one of a new store.
      if (this.db.fromSetup && this.ptr === null) return;
      await this.loadState();
      await this.loadNumericIndexes();
      return;
    }
    const ddl = setupStatements(this.schema, this.namespace, this.regionTypes);
    await this.db.transaction(async (tx) => {
      await tx.exec(ddl.join('\n'));
      await tx.query(`insert into public.graph_host_deployments (deployment, namespace, schema_text) values ($1, $2, $3)`, [
        this.deploymentId,
        this.namespace,
        schemaText,
      ]);
    });
  }

  /** Which postponed numeric indexes a reopened deployment already has (the flush guards them). */
  private async loadNumericIndexes(): Promise<void> {
    if (!ATTRIBUTE_INDEXES) return;
    const existing = new Set(
      (await this.db.query(`select indexname from pg_indexes where schemaname = $1`, [this.namespace])).map((row) => row.indexname as string),
    );
    for (const { table, column, name } of numericIndexPlan(this.schema, this.namespace)) {
      if (existing.has(name)) this.numericIndexOf(table).set(column, name);
    }
  }

  private numericIndexOf(table: string): Map<string, string> {
    let columns = this.numericIndexes.get(table);
    if (!columns) this.numericIndexes.set(table, (columns = new Map()));
    return columns;
  }

  /**
   * The versions of every entity as of `block` and the data sources created up to it (a graft
   * base's side). Versions closed after `block` come out open, as graph-node's graft copy leaves them.
   */
  async graftSnapshot(block: number): Promise<GraftSnapshot> {
    const versions = new Map<string, { entity: Entity; from: number; to: number | null }[]>();
    await this.flushing;
    for (const desc of this.tables.values()) {
      const table = this.table(desc);
      const rows = desc.immutable
        ? await this.db.query(`select *, "block$" as graft_from$, null::int4 as graft_to$ from ${table} where "block$" <= $1 order by vid`, [block])
        : await this.db.query(
            `select *, lower(block_range) as graft_from$, upper(block_range) as graft_to$ from ${table} where lower(block_range) <= $1 order by vid`,
            [block],
          );
      versions.set(
        desc.name,
        rows.map((row) => {
          const to = row.graft_to$ === null || row.graft_to$ === undefined ? null : Number(row.graft_to$);
          return { entity: rowToEntity(desc, row), from: Number(row.graft_from$), to: to !== null && to <= block ? to : null };
        }),
      );
    }
    const dataSources = this.dataSources.filter((ds) => (ds.creationBlock ?? 0) <= block);
    return { block, versions, dataSources };
  }

  /**
   * graph-node's `entity_changes_in_block` (relational.rs `find_changes`): the versions that start at
   * `block` are updates (inserts included); versions that end there with no version starting there are
   * deletions. Reads persisted blocks only; entities come by id.
   */
  async entitiesInRange(types: string[], from: number, to: number): Promise<WrittenEntity[]> {
    await this.flushing;
    const written: (WrittenEntity & { vid: bigint })[] = [];
    for (const type of types) {
      const desc = this.schema.entities.get(type);
      if (!desc) throw new StoreError(`entity type ${type} is not in the schema of deployment ${this.deploymentId}`);
      const start = desc.immutable ? '"block$"' : 'lower(block_range)';
      const region = this.regionTypes.has(desc.name) ? ' and causality_region = 0' : '';
      const rows = await this.db.query(`select *, ${start} as gh_written_at from ${this.table(desc)} where ${start} between $1 and $2${region} order by ${start}, vid`, [from, to]);
      for (const row of rows) written.push({ block: Number(row.gh_written_at), vid: BigInt(row.vid as string | number | bigint), type, entity: rowToEntity(desc, row) });
    }
    // graph-node's order of a source's entities: by block, then vid (write order across types).
    written.sort((a, b) => a.block - b.block || (a.vid < b.vid ? -1 : a.vid > b.vid ? 1 : 0));
    return written.map(({ block, type, entity }) => ({ block, type, entity }));
  }

  async entityChangesInBlock(block: number): Promise<EntityChanges> {
    await this.flushing;
    const changes: EntityChanges = { updates: [], deletions: [] };
    for (const desc of this.schema.entities.values()) {
      const table = this.table(desc);
      const written = desc.immutable
        ? await this.db.query(`select * from ${table} where "block$" = $1 order by id`, [block])
        : await this.db.query(`select * from ${table} where lower(block_range) = $1 order by id`, [block]);
      if (written.length > 0) changes.updates.push({ type: desc.name, entities: written.map((row) => rowToEntity(desc, row)) });
      if (desc.immutable) continue;
      const removed = await this.db.query(
        `select id from ${table} t where upper(block_range) = $1 and not exists (select 1 from ${table} n where n.id = t.id and lower(n.block_range) = $1) order by id`,
        [block],
      );
      if (removed.length > 0) {
        changes.deletions.push({ type: desc.name, ids: removed.map((row) => (row.id instanceof Uint8Array ? `0x${bytesToHex(row.id)}` : String(row.id))) });
      }
    }
    return changes;
  }

  /**
   * Writes a graft base's snapshot into this new, empty store and moves its pointer to the graft
   * block; reopen the store to load the state. Entity types the base lacks start empty; a field this
   * schema requires that a base version lacks, or a value of another type, is an error.
   */
  async importGraft(snapshot: GraftSnapshot, ptr: { hash: `0x${string}`; timestamp: bigint }, baseName: string): Promise<void> {
    if (this.ptr !== null) throw new StoreError('a graft can only start a new deployment');
    if (this.rollups) throw new StoreError('grafting a subgraph with aggregations is not supported by this host');
    const operations: BatchOperation[] = [];
    const copy = this.db.supportsCopy;
    for (const desc of this.tables.values()) {
      const versions = snapshot.versions.get(desc.name) ?? [];
      if (versions.length === 0) continue;
      const columns = desc.fields.filter((f) => !f.derivedFrom);
      const rows: string[] = [];
      for (const { entity, from, to } of versions) {
        const kept: Entity = new Map([...entity].filter(([name]) => desc.fieldsByName.has(name)));
        const id = kept.get('id');
        let valid: Entity;
        try {
          valid = validateEntity(desc, id ? (valueKey(id) ?? '') : '', kept);
        } catch (error) {
          throw new StoreError(`the graft base is invalid: failed to graft onto \`${baseName}\`: ${(error as Error).message}`);
        }
        const values = encodeRow(columns, valid, copy);
        if (desc.immutable) {
          if (to !== null) throw new StoreError(`the graft base is invalid: \`${desc.name}\` is immutable here but the base changed its entities`);
          rows.push(immutableRow(values, from, copy));
        } else {
          rows.push(versionRow(values, from, to, copy));
        }
      }
      rowOperations(operations, this.table(desc), [...columns.map((f) => quoteIdent(f.column)), desc.immutable ? '"block$"' : 'block_range'], rows, copy);
    }
    const ns = quoteIdent(this.namespace);
    await this.db.transaction(async (tx) => {
      await applyOperations(tx, operations);
      const header = { number: snapshot.block, hash: ptr.hash, parentHash: ptr.hash, timestamp: ptr.timestamp, raw: {} };
      const created = snapshot.dataSources.map((ds) => ({ ...ds, templateName: ds.templateName ?? '', creationBlock: ds.creationBlock ?? 0 }));
      await this.persistBlockMeta(tx, [{ header, writes: new Map(), created, errors: [], vids: new Map() }], ns);
      await tx.query(`update public.graph_host_deployments set block_number = $2, block_hash = $3, block_timestamp = $4 where deployment = $1`, [
        this.deploymentId,
        snapshot.block,
        ptr.hash,
        ptr.timestamp.toString(),
      ]);
    });
    this.ptr = { number: snapshot.block, hash: ptr.hash };
  }

  /**
   * Builds the attribute indexes of BigInt and BigDecimal columns, postponed (as graph-node's
   * GRAPH_POSTPONE_ATTRIBUTE_INDEX_CREATION postpones attribute indexes) until the deployment first
   * reaches the chain head: one bulk build instead of an index insert per row during the backfill.
   * Serialised with flushes. A column holding a value too large for a btree entry is left without
   * an index (queries stay correct, only slower); its name is returned so the caller can say so.
   */
  createPostponedIndexes(): Promise<string[]> {
    const run = this.flushing.then(async () => {
      if (!ATTRIBUTE_INDEXES || this.closed) return [];
      const skipped: string[] = [];
      for (const { table, column, name, sql } of numericIndexPlan(this.schema, this.namespace)) {
        const key = `${table}.${column}`;
        if (this.numericIndexes.get(table)?.has(column)) continue;
        if (this.unindexable.has(key)) {
          skipped.push(key);
          continue;
        }
        try {
          await this.db.exec(sql);
          this.numericIndexOf(table).set(column, name);
        } catch {
          this.unindexable.add(key);
          skipped.push(key);
        }
      }
      return skipped;
    });
    this.flushing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Loads the latest version of every entity, recent block hashes and data sources into memory. */
  private async loadState(): Promise<void> {
    for (const desc of this.tables.values()) {
      const byId = new Map<string, Entity>();
      const where = desc.immutable ? '' : ' where upper_inf(block_range)';
      const rows = await this.db.query(`select * from ${this.table(desc)}${where}`);
      const regions = this.regionTypes.has(desc.name) ? new Map<string, number>() : null;
      for (const row of rows) {
        const entity = rowToEntity(desc, row);
        const id = entity.get('id');
        const key = id ? valueKey(id) : undefined;
        if (key === undefined) continue;
        byId.set(key, entity);
        const region = regions ? Number(row.causality_region ?? 0) : 0;
        if (region !== 0) regions!.set(key, region);
      }
      this.current.set(desc.name, byId);
      if (regions) this.regions.set(desc.name, regions);
      this.persistedOpen.set(desc.name, new Set(byId.keys()));
      this.churn.set(desc.name, { since: 0, total: rows.length });
    }
    this.reverseIndexes.clear();
    this.hashes.clear();
    const ns = quoteIdent(this.namespace);
    for (const row of await this.db.query(`select number, hash from ${ns}.block_hashes order by number desc limit ${KEPT_BLOCK_HASHES}`)) {
      this.hashes.set(Number(row.number), row.hash as `0x${string}`);
    }
    if (this.rollups) {
      // The newest processed block's time: every bucket closed by then was rolled up in its flush.
      const rows = await this.db.query(`select timestamp from ${ns}.block_hashes where timestamp is not null order by number desc limit 1`);
      this.lastRollup = rows[0] ? BigInt(rows[0].timestamp as bigint) : null;
    }
    this.errors = (await this.db.query(`select data from ${ns}.subgraph_errors order by vid`)).map((row) => row.data as SubgraphErrorInfo);
    this.dataSources = (await this.db.query(`select data, causality_region, done_at from ${ns}.dynamic_data_sources order by vid`)).map((row) => {
      const data = row.data as DataSourceInstance & { context?: Record<string, unknown> };
      const loaded = { ...data, context: data.context ? entityFromJson(data.context) : undefined } as DataSourceInstance;
      if (data.kind === 'file/ipfs') {
        loaded.causalityRegion = Number(row.causality_region);
        loaded.doneAt = row.done_at === null || row.done_at === undefined ? null : Number(row.done_at);
      }
      return loaded;
    });
  }

  // ------------------------------------------------------------------ SubgraphStore

  blockPtr(): BlockPtr | null {
    return this.ptr ? { ...this.ptr } : null;
  }

  /** Timestamp (seconds) of the persisted block pointer, for `_meta.block.timestamp`. */
  blockTimestamp(): bigint | null {
    return this.ptrTimestamp;
  }

  dynamicDataSources(): DataSourceInstance[] {
    return [...this.dataSources];
  }

  beginBlock(header: BlockHeader): BlockEntityCache {
    this.assertOpen();
    if (this.block) throw new StoreError(`block ${this.block.header.number} was not ended before beginning block ${header.number}`);
    const block: OpenBlock = {
      header,
      writes: new Map() as Writes,
      undo: new Map<string, Map<string, Entity | undefined>>(),
      handlerUndo: null as HandlerUndo | null,
      regionWrites: null,
      regionUndo: null,
      vids: new Map(),
      nextVid: 0,
    };
    this.block = block;
    const onchain = this.blockView(block, 0);
    if (this.regionTypes.size > 0) onchain.inRegion = (region) => this.blockView(block, region);
    return onchain;
  }

  /**
   * The block's entity access from causality region `region` (0: chain handlers). For types with a
   * region, another region's entity is invisible (`get` null, `remove` a no-op) and writing its id is
   * graph-node's exclusion constraint violation (a store error, non-deterministic there too).
   */
  private blockView(block: OpenBlock, region: number): BlockEntityCache {
    const active = () => {
      if (this.block !== block) throw new StoreError(`block ${block.header.number} is no longer being processed`);
    };
    const regional = this.regionTypes.size > 0;
    /** Whether `key` of `desc`, if it exists, is another region's (only types with a region can be). */
    const elsewhere = (desc: EntityTypeDesc, key: string): boolean =>
      this.regionTypes.has(desc.name) && (this.regions.get(desc.name)?.get(key) ?? 0) !== region;
    const view: BlockEntityCache = {
      get: (entityType, id) => {
        const desc = this.entityDesc(entityType);
        const key = normaliseId(desc, id);
        const entity = this.current.get(desc.name)?.get(key);
        if (!entity || (regional && elsewhere(desc, key))) return null;
        return new Map(entity);
      },
      getInBlock: (entityType, id) => {
        const desc = this.entityDesc(entityType);
        const key = normaliseId(desc, id);
        const entity = block.writes.get(desc.name)?.get(key);
        if (!entity || (regional && elsewhere(desc, key))) return null;
        return new Map(entity);
      },
      set: (entityType, id, entity) => {
        active();
        const desc = this.entityDesc(entityType);
        const key = normaliseId(desc, id);
        const stored = validateEntity(desc, key, entity);
        if (regional && elsewhere(desc, key) && this.current.get(desc.name)?.has(key)) {
          // graph-node inserts a new row for this region, which its `<table>_id_block_range_excl`
          // constraint refuses (tests/runner-tests file_data_sources: "conflicting key value …").
          throw new StoreError(`store error: conflicting key value violates exclusion constraint "${desc.table}_id_block_range_excl"`);
        }
        const writtenInBlock = block.writes.get(desc.name)?.has(key) ?? false;
        if (desc.immutable && !writtenInBlock && this.current.get(desc.name)?.has(key)) {
          // skipDuplicates: the first version stays, as graph-node's insert skips the duplicate.
          if (desc.skipDuplicates) return;
          throw new EntityValidationError(`Entity ${desc.name}[${key}]: immutable entities can not be updated`);
        }
        this.write(desc, key, stored, region);
      },
      remove: (entityType, id) => {
        active();
        const desc = this.entityDesc(entityType);
        const key = normaliseId(desc, id);
        if (desc.immutable) throw new EntityValidationError(`Entity ${desc.name}[${key}]: immutable entities can not be deleted`);
        if (!this.current.get(desc.name)?.has(key) && !block.writes.get(desc.name)?.has(key)) return;
        if (regional && elsewhere(desc, key)) return; // graph-node's delete matches no row of this region
        this.write(desc, key, null, region);
      },
      loadRelated: (entityType, id, field) => {
        const desc = this.entityDesc(entityType);
        const fieldDesc = desc.fieldsByName.get(field);
        if (!fieldDesc?.derivedFrom) {
          throw new StoreError(`loadRelated: ${entityType}.${field} is not a @derivedFrom field`);
        }
        const targets = this.schema.entities.has(fieldDesc.typeName)
          ? [fieldDesc.typeName]
          : (this.schema.interfaces.get(fieldDesc.typeName)?.implementors ?? []);
        const out: Entity[] = [];
        for (const target of targets) {
          const byId = this.current.get(target)!;
          const targetDesc = this.schema.entities.get(target)!;
          const ids = this.reverseIndex(target, fieldDesc.derivedFrom).get(normaliseId(desc, id));
          for (const childId of [...(ids ?? [])].sort()) {
            const entity = byId.get(childId);
            if (entity && !(regional && elsewhere(targetDesc, childId))) out.push(new Map(entity));
          }
        }
        return out;
      },
    };
    if (region !== 0) return view;
    view.savepoint = () => {
      active();
      const handlerUndo: HandlerUndo = new Map();
      block.handlerUndo = handlerUndo;
      return {
        release: () => {
          if (block.handlerUndo === handlerUndo) block.handlerUndo = null;
        },
        rollback: () => {
          if (block.handlerUndo === handlerUndo) block.handlerUndo = null;
          for (const [type, entries] of handlerUndo) {
            const desc = this.tables.get(type)!;
            const byId = this.current.get(type)!;
            const writes = block.writes.get(type)!;
            for (const [id, previous] of entries) {
              const now = byId.get(id);
              if (previous.current) byId.set(id, previous.current);
              else byId.delete(id);
              this.updateReverseIndexes(desc, id, now, previous.current);
              if (previous.written) writes.set(id, previous.write!);
              else writes.delete(id);
            }
          }
        },
      };
    };
    return view;
  }

  endBlock(created: CreatedDataSource[], errors: SubgraphErrorInfo[] = [], processed: number[] = []): void {
    const block = this.block;
    if (!block) throw new StoreError('endBlock without beginBlock');
    this.block = null;
    const pending: PendingBlock = { header: block.header, writes: block.writes, created: [...created], errors: [...errors], vids: block.vids };
    if (block.regionWrites) pending.regions = block.regionWrites;
    if (processed.length > 0) pending.processed = [...processed];
    this.pending.push(pending);
    for (const ds of created) this.dataSources.push(ds);
    if (processed.length > 0) {
      const done = new Set(processed);
      for (const ds of this.dataSources) if (ds.causalityRegion !== undefined && done.has(ds.causalityRegion)) ds.doneAt = block.header.number;
    }
    this.hashes.set(block.header.number, block.header.hash);
  }

  discardBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = null;
    for (const [type, undo] of block.undo) {
      const desc = this.tables.get(type)!;
      const byId = this.current.get(type)!;
      for (const [id, previous] of undo) {
        const now = byId.get(id);
        if (previous) byId.set(id, previous);
        else byId.delete(id);
        this.updateReverseIndexes(desc, id, now, previous);
      }
    }
    for (const [type, undo] of block.regionUndo ?? []) {
      const regions = this.regions.get(type)!;
      for (const [id, previous] of undo) {
        if (previous === undefined) regions.delete(id);
        else regions.set(id, previous);
      }
    }
  }

  flush(): Promise<void> {
    // Serialised: a flush started while another runs waits and then persists what is left. It is
    // done once committed; the table maintenance it triggers runs after it, before the next flush.
    const next = this.flushing.then(() => this.flushPending());
    // Maintenance is an optimisation: the batch is committed, so its failure must not fail anything.
    this.flushing = next.then((operations) => (operations ? this.maintain(operations) : undefined)).catch(() => undefined);
    return next.then(() => undefined);
  }

  blockHash(number: number): `0x${string}` | null {
    return this.hashes.get(number) ?? null;
  }

  async revertTo(ptr: BlockPtr | null): Promise<void> {
    this.assertOpen();
    if (this.block) this.discardBlock();
    await this.flush();
    const target = ptr ? ptr.number : -1;
    const ns = quoteIdent(this.namespace);
    await this.db.transaction(async (tx) => {
      for (const desc of this.tables.values()) {
        const table = this.table(desc);
        if (desc.immutable) {
          await tx.exec(`delete from ${table} where "block$" > ${target};`);
        } else {
          await tx.exec(`delete from ${table} where lower(block_range) > ${target};
            update ${table} set block_range = int4range(lower(block_range), null) where upper(block_range) > ${target};`);
        }
      }
      // Rollups attributed to reverted blocks go with them (their buckets roll up again later).
      for (const table of this.rollups?.tables() ?? []) await tx.exec(`delete from ${table} where "block$" > ${target};`);
      await tx.exec(`delete from ${ns}.block_hashes where number > ${target};
        delete from ${ns}.dynamic_data_sources where creation_block > ${target};
        update ${ns}.dynamic_data_sources set done_at = null where done_at > ${target};
        delete from ${ns}.subgraph_errors where block_number > ${target};`);
      await tx.query(
        `update public.graph_host_deployments set block_number = $2, block_hash = $3, block_timestamp = null where deployment = $1`,
        [this.deploymentId, ptr?.number ?? null, ptr?.hash ?? null],
      );
    });
    this.ptr = ptr ? { ...ptr } : null;
    this.ptrTimestamp = null;
    await this.loadState();
  }

  async setStatus(status: IndexingStatus): Promise<void> {
    this.indexingStatus = status;
    await this.db.query(`update public.graph_host_deployments set status = $2 where deployment = $1`, [
      this.deploymentId,
      JSON.stringify(status),
    ]);
  }

  status(): IndexingStatus {
    return this.indexingStatus;
  }

  nonFatalErrors(): SubgraphErrorInfo[] {
    return [...this.errors];
  }

  /**
   * The PoI digest of every causality region as of `block` (graph-node's `get_poi_entities`), or null
   * when the deployment has not reached it. Reads persisted blocks only.
   */
  async proofOfIndexingDigests(block: number): Promise<Map<string, Uint8Array> | null> {
    await this.flushing;
    if (this.ptr === null || this.ptr.number < block) return null;
    const rows = await this.db.query(`select id, digest from ${this.table(POI_DESC)} where block_range @> $1::int4`, [block]);
    return new Map(rows.map((row) => [String(row.id), row.digest as Uint8Array]));
  }

  /** Entities in the latest state, graph-node's `Poi$` included (the index-node API's `entityCount`). */
  entityCount(): number {
    let count = 0;
    for (const byId of this.current.values()) count += byId.size;
    return count;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushing;
    this.closed = true;
    await this.db.close();
  }

  // ------------------------------------------------------------------ internals

  private assertOpen(): void {
    if (this.closed) throw new StoreError('store is closed');
  }

  private entityDesc(entityType: string): EntityTypeDesc {
    const desc = this.tables.get(entityType);
    if (!desc) throw new StoreError(`unknown entity type ${entityType}`);
    return desc;
  }

  private write(desc: EntityTypeDesc, key: string, entity: Entity | null, region: number): void {
    const block = this.block!;
    if (this.regionTypes.size > 0 && this.regionTypes.has(desc.name)) this.writeRegion(block, desc.name, key, region);
    const byId = this.current.get(desc.name)!;
    const previous = byId.get(key);
    let undo = block.undo.get(desc.name);
    if (!undo) block.undo.set(desc.name, (undo = new Map()));
    if (!undo.has(key)) undo.set(key, previous);
    let writes = block.writes.get(desc.name);
    if (!writes) block.writes.set(desc.name, (writes = new Map()));
    if (block.handlerUndo) {
      let handlerUndo = block.handlerUndo.get(desc.name);
      if (!handlerUndo) block.handlerUndo.set(desc.name, (handlerUndo = new Map()));
      if (!handlerUndo.has(key)) handlerUndo.set(key, { current: previous, write: writes.get(key), written: writes.has(key) });
    }
    writes.set(key, entity);
    let vids = block.vids.get(desc.name);
    if (!vids) block.vids.set(desc.name, (vids = new Map()));
    vids.set(key, block.nextVid++);
    if (entity) byId.set(key, entity);
    else byId.delete(key);
    this.updateReverseIndexes(desc, key, previous, entity ?? undefined);
  }

  /** Records the region of a write to a type with a region (undone by discardBlock, persisted by flush). */
  private writeRegion(block: OpenBlock, type: string, key: string, region: number): void {
    let regions = this.regions.get(type);
    if (!regions) this.regions.set(type, (regions = new Map()));
    let undo = (block.regionUndo ??= new Map()).get(type);
    if (!undo) block.regionUndo.set(type, (undo = new Map()));
    if (!undo.has(key)) undo.set(key, regions.get(key));
    let writes = (block.regionWrites ??= new Map()).get(type);
    if (!writes) block.regionWrites.set(type, (writes = new Map()));
    if (region === 0) {
      regions.delete(key);
      writes.delete(key);
    } else {
      regions.set(key, region);
      writes.set(key, region);
    }
  }

  private reverseIndex(type: string, field: string): ReverseIndex {
    const indexKey = `${type}.${field}`;
    let index = this.reverseIndexes.get(indexKey);
    if (!index) {
      index = new Map();
      this.reverseIndexes.set(indexKey, index);
      for (const [id, entity] of this.current.get(type)!) addRefs(index, entity.get(field), id);
    }
    return index;
  }

  private updateReverseIndexes(desc: EntityTypeDesc, id: string, before: Entity | undefined, after: Entity | undefined): void {
    if (this.reverseIndexes.size === 0) return;
    for (const field of desc.fields) {
      const index = this.reverseIndexes.get(`${desc.name}.${field.name}`);
      if (!index) continue;
      if (before) removeRefs(index, before.get(field.name), id);
      if (after) addRefs(index, after.get(field.name), id);
    }
  }

  private persistedIds(desc: EntityTypeDesc): Set<string> {
    let ids = this.persistedOpen.get(desc.name);
    if (!ids) this.persistedOpen.set(desc.name, (ids = new Set()));
    return ids;
  }

  /** Keeps planner statistics fresh and reclaims closed versions' dead tuples as tables grow. */
  private async maintain(operations: BatchOperation[]): Promise<void> {
    if (!this.db.supportsCopy) return; // PostgreSQL has autovacuum
    const touched = new Map<string, number>();
    for (const op of operations) {
      const count = 'sql' in op ? (op.inserted ?? 0) : op.rows;
      if (op.table && count > 0) touched.set(op.table, (touched.get(op.table) ?? 0) + count);
    }
    for (const desc of this.tables.values()) {
      const table = this.table(desc);
      const written = touched.get(table);
      if (!written) continue;
      const churn = this.churn.get(desc.name) ?? { since: 0, total: 0 };
      churn.since += written;
      churn.total += written;
      this.churn.set(desc.name, churn);
      // Append-only (immutable) tables only need statistics, and ANALYZE blocks indexing here (PGlite
      // runs on this thread): after 10k new rows and half the table, not after every 2k-row flush
      // (a 10k-event backfill flushed twice analyzed twice, ~150 ms each).
      const due = desc.immutable ? Math.max(10_000, churn.total * 0.5) : Math.max(2000, churn.total * 0.2);
      if (churn.since >= due) {
        churn.since = 0;
        // A 6k-row sample instead of 30k: sorting the sample per column cost more than the flush.
        if (!this.statisticsTargetSet) await this.db.exec('set default_statistics_target = 20;');
        this.statisticsTargetSet = true;
        // Immutable tables only grow (no dead versions to reclaim): statistics are enough.
        await this.db.exec(`${desc.immutable ? 'analyze' : 'vacuum analyze'} ${table};`);
      }
    }
  }

  /** Persists the pending blocks in one transaction; returns what it wrote (for maintain), null if nothing. */
  private async flushPending(): Promise<BatchOperation[] | null> {
    this.assertOpen();
    const batch = this.pending;
    if (batch.length === 0) return null;
    this.pending = [];
    try {
      const dropped = this.oversizedNumericIndexes(batch);
      const operations = [...dropped.map(({ name }) => ({ sql: `drop index if exists ${quoteIdent(this.namespace)}.${quoteIdent(name)};`, rows: 0 })), ...this.batchOperations(batch)];
      const last = batch[batch.length - 1]!.header;
      const ns = quoteIdent(this.namespace);
      let lastRollup = this.lastRollup;
      await this.db.transaction(async (tx) => {
        await applyOperations(tx, operations);
        // After the timeseries rows, in the same transaction (graph-node: transact_block_operations).
        if (this.rollups) lastRollup = await this.rollups.run(tx, this.lastRollup, batch.map((b) => b.header));
        await this.persistBlockMeta(tx, batch, ns);
        await tx.query(
          `update public.graph_host_deployments set block_number = $2, block_hash = $3, block_timestamp = $4 where deployment = $1`,
          [this.deploymentId, last.number, last.hash, last.timestamp.toString()],
        );
      });
      this.ptr = { number: last.number, hash: last.hash };
      this.ptrTimestamp = last.timestamp;
      this.lastRollup = lastRollup;
      for (const { table, column } of dropped) {
        this.numericIndexes.get(table)?.delete(column);
        this.unindexable.add(`${table}.${column}`);
      }
      for (const block of batch) this.errors.push(...block.errors);
      for (const block of batch) {
        for (const [type, writes] of block.writes) {
          const open = this.persistedIds(this.tables.get(type)!);
          for (const [id, entity] of writes) {
            if (entity) open.add(id);
            else open.delete(id);
          }
        }
      }
      // Forget hashes far below the head; reorgs deeper than this are not handled by graph-node either.
      for (const n of this.hashes.keys()) if (n <= last.number - KEPT_BLOCK_HASHES) this.hashes.delete(n);
      return operations;
    } catch (err) {
      this.pending = [...batch, ...this.pending];
      throw err;
    }
  }

  /**
   * The numeric attribute indexes a batch's values would overflow (a btree entry holds ~2.7 kB, a
   * numeric of ~5,000 digits): dropped in the batch's transaction rather than failing it.
   */
  private oversizedNumericIndexes(batch: PendingBlock[]): { table: string; column: string; name: string }[] {
    if (this.numericIndexes.size === 0) return [];
    const found: { table: string; column: string; name: string }[] = [];
    for (const desc of this.tables.values()) {
      const table = this.table(desc);
      const indexed = this.numericIndexes.get(table);
      if (!indexed || indexed.size === 0) continue;
      for (const f of desc.fields) {
        const name = indexed.get(f.column);
        if (!name) continue;
        const oversized = batch.some((block) => {
          const writes = block.writes.get(desc.name);
          if (!writes) return false;
          for (const entity of writes.values()) if (entity && tooLargeToIndex(entity.get(f.name))) return true;
          return false;
        });
        if (oversized) found.push({ table, column: f.column, name });
      }
    }
    return found;
  }

  private async persistBlockMeta(tx: DbQueryable, batch: PendingBlock[], ns: string): Promise<void> {
    // Block times are kept for aggregations only (the rollup clock, see lastRollup).
    const hashRows = batch.map((b) => `(${b.header.number}, ${quoteString(b.header.hash)}${this.rollups ? `, ${b.header.timestamp}` : ''})`);
    const timeColumn = this.rollups ? ', timestamp' : '';
    await tx.exec(
      `insert into ${ns}.block_hashes (number, hash${timeColumn}) values ${hashRows.join(',')} on conflict (number) do update set hash = excluded.hash${this.rollups ? ', timestamp = excluded.timestamp' : ''};
       delete from ${ns}.block_hashes where number <= ${batch[batch.length - 1]!.header.number - KEPT_BLOCK_HASHES};`,
    );
    const errors = batch.flatMap((b) => b.errors);
    if (errors.length > 0) {
      const rows = errors.map((e) => `(${e.blockNumber}, ${quoteString(JSON.stringify(e))}::jsonb)`);
      await tx.exec(`insert into ${ns}.subgraph_errors (block_number, data) values ${rows.join(',')};`);
    }
    const created = batch.flatMap((b) => b.created);
    if (created.length > 0) {
      const rows = created.map((ds) => {
        // causality_region and done_at have columns of their own (graph-node's data_sources$).
        const { doneAt, causalityRegion, ...rest } = ds;
        const data = { ...rest, context: ds.context ? entityToJson(ds.context) : undefined };
        return `(${ds.creationBlock}, ${quoteString(JSON.stringify(data))}::jsonb, ${causalityRegion ?? 0}, ${doneAt ?? 'null'})`;
      });
      await tx.exec(`insert into ${ns}.dynamic_data_sources (creation_block, data, causality_region, done_at) values ${rows.join(',')};`);
    }
    // File data sources processed in the batch (graph-node's update of data_sources$.done_at); after
    // the inserts, as one may be created and processed in the same block.
    for (const b of batch) {
      if (!b.processed) continue;
      await tx.exec(`update ${ns}.dynamic_data_sources set done_at = ${b.header.number} where causality_region in (${b.processed.join(',')});`);
    }
  }

  /**
   * Database operations for a batch of blocks. Versions are computed in memory: per entity, one
   * UPDATE closes the version open before the batch (at the first block writing it) and a COPY adds
   * every version the batch creates with its final block range, so the cost per table is one UPDATE
   * and one COPY whatever the number of blocks.
   */
  private batchOperations(batch: PendingBlock[]): BatchOperation[] {
    const operations: BatchOperation[] = [];
    for (const desc of this.tables.values()) {
      const columns = desc.fields.filter((f) => !f.derivedFrom);
      const columnNames = columns.map((f) => quoteIdent(f.column));
      const table = this.table(desc);
      const rows: string[] = [];
      // COPY text rows on PGlite, multi-row INSERT tuples on PostgreSQL.
      const copy = this.db.supportsCopy;
      const regional = this.regionTypes.has(desc.name);
      if (regional) columnNames.push('"causality_region"');
      columnNames.push('"vid"');
      let regionsOfBlock: Map<string, number> | undefined;
      let vidsOfBlock: Map<string, number> | undefined;
      let blockNumber = 0;
      const separator = copy ? '\t' : ', ';
      // graph-node's vid: (block << 32) + the write's sequence number in its block.
      const vid = (id: string) => ((BigInt(blockNumber) << 32n) | BigInt(vidsOfBlock?.get(id) ?? 0xffff_ffff)).toString();
      const encode = regional
        ? (entity: Entity, id: string) => `${encodeRow(columns, entity, copy)}${separator}${regionsOfBlock?.get(id) ?? 0}${separator}${vid(id)}`
        : (entity: Entity, id: string) => `${encodeRow(columns, entity, copy)}${separator}${vid(id)}`;
      const emit = (blockColumn: string) => rowOperations(operations, table, [...columnNames, blockColumn], rows, copy);
      if (desc.immutable) {
        for (const block of batch) {
          const writes = block.writes.get(desc.name);
          if (!writes) continue;
          regionsOfBlock = regional ? block.regions?.get(desc.name) : undefined;
          vidsOfBlock = block.vids.get(desc.name);
          blockNumber = block.header.number;
          for (const [id, entity] of writes) {
            if (!entity) continue;
            rows.push(immutableRow(encode(entity, id), block.header.number, copy));
          }
        }
        emit('"block$"');
        continue;
      }
      const firstWrite = new Map<string, number>();
      const open = new Map<string, { values: string; from: number }>();
      const finishVersion = (v: { values: string; from: number }, to: number | null) => {
        // A version written and replaced within one block never existed at any block boundary.
        if (to !== null && to <= v.from) return;
        rows.push(versionRow(v.values, v.from, to, copy));
      };
      for (const block of batch) {
        const writes = block.writes.get(desc.name);
        if (!writes) continue;
        const number = block.header.number;
        regionsOfBlock = regional ? block.regions?.get(desc.name) : undefined;
        vidsOfBlock = block.vids.get(desc.name);
        blockNumber = number;
        for (const [id, entity] of writes) {
          if (!firstWrite.has(id)) firstWrite.set(id, number);
          const previous = open.get(id);
          if (previous) {
            finishVersion(previous, number);
            open.delete(id);
          }
          if (entity) open.set(id, { values: encode(entity, id), from: number });
        }
      }
      for (const v of open.values()) finishVersion(v, null);
      // Only entities that existed before the batch have a version to close.
      const closes = [...firstWrite].filter(([id]) => this.persistedIds(desc).has(id));
      for (let i = 0; i < closes.length; i += INSERT_CHUNK) {
        const values = closes.slice(i, i + INSERT_CHUNK).map(([id, number]) => `(${idLiteral(id, desc.idKind)}, ${number})`);
        operations.push({
          sql: `update ${table} as t set block_range = int4range(lower(t.block_range), v.block) from (values ${values.join(
            ',',
          )}) as v(id, block) where t.id = v.id and upper_inf(t.block_range);`,
          rows: 0,
        });
      }
      emit('block_range');
    }
    return operations;
  }
}

/** graph-node's subgraph_error, per deployment: non-fatal errors with the block they happened at. */
const ERRORS_TABLE_DDL = (ns: string): string =>
  `create table if not exists ${ns}.subgraph_errors (vid bigserial primary key, block_number int4 not null, data jsonb not null);`;

type BatchOperation =
  | { sql: string; rows: number; table?: string; inserted?: number }
  | { table: string; columns: string[]; text: string; rows: number };

/** COPY (PGlite) or multi-row INSERT (PostgreSQL) operations writing `rows` (already encoded) into `table`. */
function rowOperations(operations: BatchOperation[], table: string, columns: string[], rows: string[], copy: boolean): void {
  if (rows.length === 0) return;
  if (copy) {
    operations.push({ table, columns, text: `${rows.join('\n')}\n`, rows: rows.length });
    return;
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    operations.push({ sql: `insert into ${table} (${columns.join(', ')}) values ${chunk.join(',\n')};`, rows: 0, table, inserted: chunk.length });
  }
}

/** One row's column values: COPY text fields (PGlite) or an INSERT tuple's literals (PostgreSQL). */
function encodeRow(columns: FieldDesc[], entity: Entity, copy: boolean): string {
  return copy ? columns.map((f) => copyField(entity.get(f.name), f)).join('\t') : columns.map((f) => valueLiteral(entity.get(f.name), f)).join(', ');
}

/** A row of an immutable table: the encoded values and the block it was written at. */
function immutableRow(values: string, block: number, copy: boolean): string {
  return copy ? `${values}\t${block}` : `(${values}, ${block})`;
}

/** A version of a mutable table: the encoded values and its block range [from, to), open when `to` is null. */
function versionRow(values: string, from: number, to: number | null, copy: boolean): string {
  return copy ? `${values}\t[${from},${to ?? ''})` : `(${values}, int4range(${from}, ${to ?? 'NULL'}))`;
}

/** Runs batch operations in a transaction, in order. */
async function applyOperations(tx: DbQueryable, operations: BatchOperation[]): Promise<void> {
  for (const op of operations) {
    if ('sql' in op) await tx.exec(op.sql);
    else await tx.copyFrom(op.table, op.columns, op.text);
  }
}

function refKeys(value: Entity extends Map<string, infer V> ? V | undefined : never): string[] {
  if (!value) return [];
  if (value.kind === 'Array') return value.value.map(valueKey).filter((k): k is string => k !== undefined);
  const key = valueKey(value);
  return key === undefined ? [] : [key];
}

function addRefs(index: ReverseIndex, value: Parameters<typeof refKeys>[0], id: string): void {
  for (const key of refKeys(value)) {
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(id);
  }
}

function removeRefs(index: ReverseIndex, value: Parameters<typeof refKeys>[0], id: string): void {
  for (const key of refKeys(value)) index.get(key)?.delete(id);
}

/** Namespace (Postgres schema) of a deployment's tables. */
function namespaceOf(deploymentId: string): string {
  return `sgd_${createHash('sha256').update(deploymentId).digest('hex').slice(0, 16)}`;
}

/** GRAPH_HOST_ATTRIBUTE_INDEXES=false leaves attribute indexes out (cheaper writes, slower sorted queries). */
const ATTRIBUTE_INDEXES = process.env.GRAPH_HOST_ATTRIBUTE_INDEXES !== 'false';
const FIXED_SIZE_SCALARS = new Set<string>(['Int', 'Int8', 'Timestamp', 'Boolean']);

const NUMERIC_SCALARS = new Set<string>(['BigInt', 'BigDecimal']);
/** Digits (BigInt) or characters (BigDecimal text) above which a value may not fit a btree entry. */
const MAX_INDEXED_NUMERIC_DIGITS = 1000;
const MAX_INDEXED_BIGINT = 10n ** BigInt(MAX_INDEXED_NUMERIC_DIGITS);

function tooLargeToIndex(value: Value | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'BigInt') return value.value >= MAX_INDEXED_BIGINT || -value.value >= MAX_INDEXED_BIGINT;
  if (value.kind === 'BigDecimal') return value.value.length > MAX_INDEXED_NUMERIC_DIGITS;
  return false;
}

/** graph-node's attribute index names, as the fixed-size ones: `<table>_<column>_attr`, at most 60 characters. */
function attributeIndexName(table: string, column: string): string {
  return `${table.slice(0, 40)}_${column}_attr`.slice(0, 60);
}

/** The postponed attribute indexes: BigInt and BigDecimal scalar columns (see createPostponedIndexes). */
function numericIndexPlan(schema: SubgraphSchema, namespace: string): { table: string; column: string; name: string; sql: string }[] {
  const plan: { table: string; column: string; name: string; sql: string }[] = [];
  for (const desc of schema.entities.values()) {
    const table = `${quoteIdent(namespace)}.${quoteIdent(desc.table)}`;
    for (const f of desc.fields) {
      if (f.derivedFrom || f.name === 'id' || f.list || f.category !== 'scalar' || !NUMERIC_SCALARS.has(f.storage)) continue;
      const name = attributeIndexName(desc.table, f.column);
      plan.push({ table, column: f.column, name, sql: `create index if not exists ${quoteIdent(name)} on ${table} (${quoteIdent(f.column)});` });
    }
  }
  return plan;
}

/**
 * graph-node's fulltext columns of one entity table: the tsvector of the included fields, each
 * field's vector concatenated (to_tsvector(config, field) || …), kept by PostgreSQL as a generated
 * column, with a GIN index. Idempotent: a data dir made before fulltext support gets them on open.
 */
function fulltextStatements(schema: SubgraphSchema, desc: EntityTypeDesc, table: string): string[] {
  const statements: string[] = [];
  for (const ft of schema.fulltext.filter((f) => f.entity === desc.name)) {
    const vectors = ft.fields.map((name) => `to_tsvector(${quoteString(ft.config)}::regconfig, coalesce(${quoteIdent(desc.fieldsByName.get(name)!.column)}, ''))`);
    statements.push(`alter table ${table} add column if not exists ${quoteIdent(ft.column)} tsvector generated always as (${vectors.join(' || ')}) stored;`);
    statements.push(`create index if not exists ${quoteIdent(`${desc.table.slice(0, 40)}_${ft.column}_fulltext`.slice(0, 60))} on ${table} using gin (${quoteIdent(ft.column)});`);
  }
  return statements;
}

/**
 * graph-node's data_sources$ columns for file data sources: the causality region of each data source
 * and the block its file was processed at. Idempotent (stores made before file data sources get them on open).
 */
const DATA_SOURCE_REGION_DDL = (ns: string): string =>
  `alter table ${ns}.dynamic_data_sources add column if not exists causality_region int4 not null default 0, add column if not exists done_at int4;`;

/** graph-node's `Poi$` entity type: id = causality region name, digest = the region's hasher state
 * (32 bytes for the Fast PoI, the SetHasher's little-endian bytes for the Legacy one). */
const POI_DESC: EntityTypeDesc = {
  ...parseSubgraphSchema('type Poi @entity { id: ID! digest: Bytes! }').entities.get('Poi')!,
  name: POI_ENTITY_TYPE,
  table: 'poi2$',
};

/** graph-node's `poi2$` table, mutable and block-ranged like the entity tables. Idempotent. */
const POI_TABLE_DDL = (ns: string): string => `create table if not exists ${ns}."poi2$" (vid bigserial not null, id text not null, digest bytea not null, block_range int4range not null);
  create index if not exists "poi2$_id" on ${ns}."poi2$" (id);
  create unique index if not exists "poi2$_current" on ${ns}."poi2$" (id) where upper_inf(block_range);`;

/** The tables (and indexes) a new deployment's store creates, in order. */
function setupStatements(schema: SubgraphSchema, namespace: string, regionTypes: Set<string>): string[] {
  const ns = quoteIdent(namespace);
  const ddl: string[] = [`create schema if not exists ${ns};`];
  for (const desc of schema.entities.values()) {
    const cols = desc.fields
      .filter((f) => !f.derivedFrom)
      .map((f) => {
        const type = f.name === 'id' ? idColumnType(desc.idKind) : columnType(f.storage) + (f.list ? '[]' : '');
        return `${quoteIdent(f.column)} ${type}${f.nonNull ? ' not null' : ''}`;
      });
    const table = `${ns}.${quoteIdent(desc.table)}`;
    const blockCol = desc.immutable ? `"block$" int4 not null` : `block_range int4range not null`;
    // graph-node adds `causality_region` to the tables of types a file data source template lists.
    if (regionTypes.has(desc.name)) cols.push(`"causality_region" int4 not null default 0`);
    // vid orders versions like graph-node's; it is not indexed because nothing looks rows up by it.
    ddl.push(`create table ${table} (vid bigserial not null, ${cols.join(', ')}, ${blockCol});`);
    const prefix = `${desc.table}`.slice(0, 40);
    if (desc.immutable) {
      ddl.push(`create unique index ${quoteIdent(`${prefix}_id`)} on ${table} (id);`);
      ddl.push(`create index ${quoteIdent(`${prefix}_block`)} on ${table} using brin ("block$");`);
    } else {
      ddl.push(`create index ${quoteIdent(`${prefix}_id`)} on ${table} (id);`);
      // Only current versions: closing them on update is an index probe, not a scan.
      ddl.push(`create unique index ${quoteIdent(`${prefix}_current`)} on ${table} (id) where upper_inf(block_range);`);
      // BRIN over the block range, as graph-node does: cheap to maintain for append-mostly tables.
      ddl.push(
        `create index ${quoteIdent(`${prefix}_brin`)} on ${table} using brin (lower(block_range), coalesce(upper(block_range), 2147483647), vid);`,
      );
    }
    // graph-node's attribute indexes (relational/ddl.rs create_attribute_indexes), for the fixed-size
    // scalars (Int, Int8, Timestamp, Boolean): `orderBy`/range filters on them read an index instead
    // of sorting the table. BigInt/BigDecimal indexes are postponed to the first sync
    // (createPostponedIndexes). Not for String/Bytes (graph-node indexes a prefix our SQL does not
    // compare on) nor lists.
    if (ATTRIBUTE_INDEXES) {
      for (const f of desc.fields) {
        if (f.derivedFrom || f.name === 'id' || f.list || f.category !== 'scalar' || !FIXED_SIZE_SCALARS.has(f.storage)) continue;
        ddl.push(`create index ${quoteIdent(attributeIndexName(desc.table, f.column))} on ${table} (${quoteIdent(f.column)});`);
      }
    }
    ddl.push(...fulltextStatements(schema, desc, table));
    // Reference columns are what nested and @derivedFrom queries filter on.
    for (const f of desc.fields) {
      if (f.derivedFrom || f.name === 'id' || (f.category !== 'entity' && f.category !== 'interface')) continue;
      const using = f.list ? 'using gin ' : '';
      // `_ref` keeps index names out of the table namespace (Battery.purchase vs the BatteryPurchase table).
      ddl.push(`create index ${quoteIdent(`${prefix}_${f.column}_ref`.slice(0, 60))} on ${table} ${using}(${quoteIdent(f.column)});`);
    }
  }
  ddl.push(...aggregationTableStatements(schema, namespace));
  ddl.push(`create table ${ns}.block_hashes (number int4 primary key, hash text not null${schema.aggregations.size > 0 ? ', timestamp int8' : ''});`);
  ddl.push(
    `create table ${ns}.dynamic_data_sources (vid bigserial primary key, creation_block int4 not null, data jsonb not null, causality_region int4 not null default 0, done_at int4);`,
  );
  ddl.push(ERRORS_TABLE_DDL(ns));
  ddl.push(POI_TABLE_DDL(ns));
  return ddl;
}

export function openStore(opts: StoreOptions): Promise<SubgraphStore> {
  return EntityStore.open(opts);
}
