/**
 * PGlite start-up without initdb. initdb is seconds of WASM and used to be most of the host's
 * start-up; the cluster it makes is always the same, so it is made once per machine (and PGlite
 * version) into a template in a cache directory:
 *  - a fresh data dir is a file copy of the template, which PGlite then opens as an existing cluster;
 *  - an in-memory store loads the template's tarball.
 * The template is leaner than PGlite's default cluster (1 MB WAL segments, no template0/template1:
 * the store only uses the `postgres` database) so the copy is small, and servers start with smaller
 * shared buffers (see PGLITE_START_PARAMS).
 * PGlite's first query at every start lists the array types (a catalog join on cold caches, ~15 %
 * of a start); they are those of the template's Postgres, so the list is kept with the template.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { compilePgliteWasm, pgliteDist } from './pglite-files.js';

/** Bump when the way the template is made changes, so old caches are not reused. */
const TEMPLATE_FORMAT = 3;
const INITDB_PARAMS = ['--wal-segsize=1'];
/**
 * Postgres zeroes its shared memory at boot (fresh pages: ~10 ms per MB on a busy machine), so
 * PGlite's 128 MB default cost up to a second per start. 16 MB holds a 10k-entity store; beyond,
 * pages come from the OS cache.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];


function pgliteVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(pgliteDist, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Cache root: GRAPH_HOST_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, else the temp dir. */
function cacheRoot(): string {
  if (process.env.GRAPH_HOST_CACHE_DIR) return path.resolve(process.env.GRAPH_HOST_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : tmpdir());
  return path.join(base, 'vpp-graph-host');
}

function templateDir(): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ TEMPLATE_FORMAT, INITDB_PARAMS }))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheRoot(), `pglite-${pgliteVersion()}-${key}`);
}

const BYTEA_OID = 17;

/**
 * Type parsers that replace slow PGlite defaults: its bytea parser decodes hex with parseInt per
 * byte, which was the largest single cost of list queries returning Bytes columns.
 */
const FAST_PARSERS: NonNullable<PGliteOptions['parsers']> = {
  [BYTEA_OID]: (text: string) => new Uint8Array(Buffer.from(text.slice(2), 'hex')),
};

interface ArrayType {
  oid: number;
  typarray: number;
}

const ARRAY_TYPES_QUERY = `SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
  LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`;

/** Array types of the template's Postgres (PGlite's own query at start-up, answered once per machine). */
let arrayTypes: ArrayType[] | null = null;

function knownArrayTypes(): ArrayType[] | null {
  if (arrayTypes) return arrayTypes;
  try {
    arrayTypes = JSON.parse(readFileSync(path.join(templateDir(), 'array-types.json'), 'utf8')) as ArrayType[];
  } catch {
    arrayTypes = null;
  }
  return arrayTypes;
}

/** PGlite that installs the known array type parsers instead of querying the catalog for them. */
class TemplatePGlite extends PGlite {
  override async _initArrayTypes(options?: { force?: boolean }): Promise<void> {
    const known = options?.force ? null : knownArrayTypes();
    if (!known) return super._initArrayTypes(options);
    // What PGlite's _initArrayTypes installs for each row of its query.
    for (const { oid, typarray } of known) {
      this.serializers[typarray] = (value) => types.arraySerializer(value, this.serializers[oid], typarray);
      this.parsers[typarray] = (value) => types.arrayParser(value, this.parsers[oid]!, typarray);
    }
  }
}

interface Template {
  /** Cluster directory to copy into a fresh data dir; null when no cache directory is writable. */
  dir: string | null;
  /** The same cluster as a tarball, for in-memory stores (read only when one is opened). */
  tarball: () => Promise<Blob>;
}

/** One PGlite WASM compile per process, started as early as possible (it runs on V8's background threads). */
let compiled: Promise<WebAssembly.Module> | null = null;
let fsBundle: Promise<Blob> | null = null;

/** PGlite only calls arrayBuffer() on the bundle: hand it the file's bytes without a Blob copy. */
function bundleOf(bytes: Buffer): Blob {
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { arrayBuffer: async () => buffer } as unknown as Blob;
}
/**
 * COPY data for PGlite's /dev/blob. PGlite (0.5.16) only calls `arrayBuffer()` on it and reads the
 * whole buffer; a real Blob of a 3 MB batch took 50-200 ms to read back (Node streams it in chunks),
 * the encoded bytes handed over directly take 12-16 ms.
 */
export function copyBlob(text: string): Blob {
  const bytes = Buffer.from(text, 'utf8');
  const buffer =
    bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength
      ? bytes.buffer
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { arrayBuffer: () => Promise.resolve(buffer), size: bytes.byteLength, type: '' } as unknown as Blob;
}

let template: Promise<Template> | null = null;

/** PGlite's WASM compiled (once per thread). */
export function compiledPglite(): Promise<WebAssembly.Module> {
  compiled ??= compilePgliteWasm();
  return compiled;
}

/** Uses a compile started elsewhere (a worker's entry starts it before loading this module). */
export function useCompiledPglite(module: Promise<WebAssembly.Module>): void {
  compiled ??= module;
}

/**
 * Starts what every PGlite store needs, without waiting: compiling PGlite's WASM and reading its
 * file bundle. Call it early; `createPglite` awaits it.
 */
export function warmUpPglite(): void {
  compiled ??= compiledPglite();
  fsBundle ??= readFile(path.join(pgliteDist, 'pglite.data')).then(bundleOf);
  // Failures surface in createPglite; never as unhandled rejections here.
  for (const promise of [compiled, fsBundle]) promise.catch(() => undefined);
}

async function loadOrMakeTemplate(): Promise<Template> {
  const dir = templateDir();
  const cluster = path.join(dir, 'pgdata');
  const tarFile = path.join(dir, 'pgdata.tar');
  if (existsSync(path.join(dir, 'complete'))) {
    let tarball: Promise<Blob> | null = null;
    return { dir: cluster, tarball: () => (tarball ??= readFile(tarFile).then((bytes) => new Blob([bytes]))) };
  }
  // Made in a private directory and renamed into place, so parallel processes never see half a template.
  const staging = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(staging, { recursive: true });
    const { tarball, arrays, wal } = await makeCluster(path.join(staging, 'pgdata'));
    rmSync(path.join(staging, 'pgdata', 'postmaster.pid'), { force: true });
    dropUnusedWal(path.join(staging, 'pgdata'), wal);
    writeFileSync(path.join(staging, 'array-types.json'), JSON.stringify(arrays));
    writeFileSync(path.join(staging, 'pgdata.tar'), new Uint8Array(await tarball.arrayBuffer()));
    writeFileSync(path.join(staging, 'complete'), `${new Date().toISOString()}\n`);
    try {
      renameSync(staging, dir);
    } catch {
      // Another process finished first; its template is equivalent.
      rmSync(staging, { recursive: true, force: true });
    }
    arrayTypes ??= arrays;
    return { dir: existsSync(path.join(dir, 'complete')) ? cluster : null, tarball: async () => tarball };
  } catch {
    rmSync(staging, { recursive: true, force: true });
    // No writable cache directory: a cluster in memory, for this process only.
    const { tarball, arrays } = await makeCluster(null);
    arrayTypes ??= arrays;
    return { dir: null, tarball: async () => tarball };
  }
}

/** WAL segments a checkpointed cluster needs: from the checkpoint's redo point to the insert position. */
interface WalInUse {
  redo: string;
  current: string;
}

async function walInUse(pg: PGlite): Promise<WalInUse> {
  const [row] = (
    await pg.query<WalInUse>(
      `select pg_walfile_name(redo_lsn) as redo, pg_walfile_name(pg_current_wal_insert_lsn()) as current from pg_control_checkpoint()`,
    )
  ).rows;
  return row!;
}

/**
 * Removes the WAL segments of a stopped cluster's copy that it does not need: older ones and those
 * recycled for later use (5 of 6 MB in a setup template; every start copies the template). Postgres
 * creates segments as it needs them, and recovery ends at the last one present.
 */
function dropUnusedWal(dataDir: string, inUse: WalInUse): void {
  const walDir = path.join(dataDir, 'pg_wal');
  for (const name of readdirSync(walDir)) {
    if (/^[0-9A-F]{24}$/.test(name) && (name < inUse.redo || name > inUse.current)) rmSync(path.join(walDir, name));
  }
}

/** initdb, then the lean template: only the `postgres` database, checkpointed. Returns its tarball. */
async function makeCluster(dataDir: string | null): Promise<{ tarball: Blob; arrays: ArrayType[]; wal: WalInUse }> {
  const options: PGliteOptions = { initDbStartParams: INITDB_PARAMS, startParams: PGLITE_START_PARAMS };
  const pg = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  try {
    await pg.waitReady;
    // One statement at a time: DROP DATABASE refuses to run in the implicit transaction of a batch.
    for (const name of ['template0', 'template1']) {
      await pg.exec(`alter database ${name} is_template false`);
      await pg.exec(`drop database ${name}`);
    }
    await pg.exec('checkpoint');
    const arrays = (await pg.query<ArrayType>(ARRAY_TYPES_QUERY)).rows.map(({ oid, typarray }) => ({ oid, typarray }));
    return { tarball: await pg.dumpDataDir('none'), arrays, wal: await walInUse(pg) };
  } finally {
    await pg.close();
  }
}

/** A plain synchronous copy: 3-4× less CPU than fs.promises.cp for the template's ~400 files. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else copyFileSync(source, target, constants.COPYFILE_FICLONE);
  }
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Setup templates kept per machine (the least recently used beyond this are removed). */
const MAX_SETUPS = 8;

export interface PgliteStore {
  pg: PGlite;
  /** The data dir was copied from a setup template: the store's tables exist and are empty. */
  fromSetup: boolean;
  /**
   * Saves the just-initialised cluster as the setup template for `setupKey` (fresh data dirs only;
   * null otherwise). Call it once the setup is committed and before anything else is written.
   */
  saveSetup: (() => Promise<void>) | null;
}

function setupDir(setupKey: string): string {
  return path.join(templateDir(), 'setups', setupKey.replace(/[^0-9a-zA-Z_-]/g, '_'));
}

/** Copies `from` beside `to` and renames it into place: a kill mid-copy leaves no half cluster behind. */
function copyInto(from: string, to: string): void {
  const staging = `${to}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    copyTree(from, staging);
    if (existsSync(to)) rmdirSync(to);
    renameSync(staging, to);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A started PGlite on `dataDir` (created from a template when empty) or in memory.
 * `setupKey` names the state a new store sets up (its tables, nothing else; a hash of that DDL):
 * a fresh data dir is copied from the setup template of that key when one exists, which skips the
 * DDL (as costly as the boot itself on a cold backend); otherwise `saveSetup` makes one.
 */
export async function createPglite(
  dataDir: string | null,
  options: Pick<PGliteOptions, 'parsers'> & { setupKey?: string } = {},
): Promise<PgliteStore> {
  warmUpPglite();
  const fresh = !dataDir || isEmptyDir(dataDir);
  const setup = fresh && dataDir && options.setupKey ? setupDir(options.setupKey) : null;
  const fromSetup = setup !== null && existsSync(path.join(setup, 'complete'));
  // Only a new cluster needs the base template (made on the first use on this machine).
  if (fresh && !fromSetup) {
    template ??= loadOrMakeTemplate().catch((error: unknown) => {
      template = null; // try again next time rather than caching a failure
      throw error;
    });
  }
  // The data dir is copied first (synchronous file copies) while the compile runs on V8's threads.
  const cluster = fresh && !fromSetup ? await template! : null;
  let loadDataDir: Promise<Blob> | null = null;
  if (fromSetup) {
    copyInto(path.join(setup, 'pgdata'), dataDir!);
    // Touched so the least recently used setups are the ones removed.
    writeFileSync(path.join(setup, 'complete'), `${new Date().toISOString()}\n`);
  } else if (cluster?.dir && dataDir) {
    copyInto(cluster.dir, dataDir);
  } else if (cluster) {
    loadDataDir = cluster.tarball();
  }
  const [pgliteWasmModule, bundle] = await Promise.all([compiled!, fsBundle!]);
  const parsers = { ...FAST_PARSERS, ...options.parsers };
  const common: PGliteOptions = { parsers, pgliteWasmModule, fsBundle: bundle, startParams: PGLITE_START_PARAMS };
  const withData: PGliteOptions = loadDataDir ? { ...common, loadDataDir: await loadDataDir } : common;
  const pg = dataDir ? new TemplatePGlite(dataDir, withData) : new TemplatePGlite(withData);
  await pg.waitReady;
  const canSave = setup !== null && !fromSetup && cluster?.dir != null;
  return { pg, fromSetup, saveSetup: canSave ? () => saveSetup(pg, dataDir!, setup) : null };
}

/**
 * Checkpoints and copies the data dir into the setup template. The copy is of a running cluster,
 * taken while nothing writes (this thread runs PGlite): like a kill right after a checkpoint, which
 * Postgres recovers from at the next start with nothing to replay.
 */
async function saveSetup(pg: PGlite, dataDir: string, setup: string): Promise<void> {
  if (existsSync(path.join(setup, 'complete'))) return;
  await pg.exec('checkpoint');
  const wal = await walInUse(pg);
  const staging = `${setup}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    copyTree(dataDir, path.join(staging, 'pgdata'));
    rmSync(path.join(staging, 'pgdata', 'postmaster.pid'), { force: true });
    dropUnusedWal(path.join(staging, 'pgdata'), wal);
    writeFileSync(path.join(staging, 'complete'), `${new Date().toISOString()}\n`);
    mkdirSync(path.dirname(setup), { recursive: true });
    renameSync(staging, setup);
  } catch {
    // Another process saved it first, or the cache is not writable: the store works without it.
    rmSync(staging, { recursive: true, force: true });
    return;
  }
  evictSetups(path.dirname(setup));
}

function evictSetups(root: string): void {
  try {
    const setups = readdirSync(root)
      .filter((name) => !name.includes('.tmp-'))
      .map((name) => ({ dir: path.join(root, name), at: statSync(path.join(root, name, 'complete'), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.at - a.at);
    for (const old of setups.slice(MAX_SETUPS)) rmSync(old.dir, { recursive: true, force: true });
  } catch {
    // eviction is housekeeping only
  }
}
