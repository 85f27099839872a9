/**
 * PGlite start-up without initdb. initdb is seconds of WASM and used to be most of the host's
 * start-up; the cluster it makes is always the same, so it is made once per machine (and PGlite
 * version) into a template in a cache directory:
 *  - a fresh data dir is a file copy of the template, which PGlite then opens as an existing cluster;
 *  - an in-memory store loads the template's tarball.
 * The template is leaner than PGlite's default cluster (1 MB WAL segments, no template0/template1:
 * the store only uses the `postgres` database) so the copy is small, and servers start with smaller
 * shared buffers: Postgres zeroes its shared memory at boot, which cost ~4 ms per MB here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/** Bump when the way the template is made changes, so old caches are not reused. */
const TEMPLATE_FORMAT = 1;
const INITDB_PARAMS = ['--wal-segsize=1'];
/** 32 MB of shared buffers hold a 50k-entity store; PGlite's 128 MB default cost 0.4 s of CPU per start. */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

const pgliteDist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));

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

interface Template {
  /** Cluster directory to copy into a fresh data dir; null when no cache directory is writable. */
  dir: string | null;
  /** The same cluster as a tarball, for in-memory stores (read only when one is opened). */
  tarball: () => Promise<Blob>;
}

/** One PGlite WASM compile per process, started as early as possible (it runs on V8's background threads). */
let compiled: Promise<WebAssembly.Module> | null = null;
let fsBundle: Promise<Blob> | null = null;
let template: Promise<Template> | null = null;

/**
 * Starts what every PGlite store needs, without waiting: compiling PGlite's WASM, reading its file
 * bundle and finding (or making) the cluster template. Call it early; `createPglite` awaits it.
 */
export function warmUpPglite(): void {
  compiled ??= readFile(path.join(pgliteDist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
  fsBundle ??= readFile(path.join(pgliteDist, 'pglite.data')).then((bytes) => new Blob([bytes]));
  template ??= loadOrMakeTemplate();
  // Failures surface in createPglite; never as unhandled rejections here.
  for (const promise of [compiled, fsBundle, template]) promise.catch(() => undefined);
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
    const tarball = await makeCluster(path.join(staging, 'pgdata'));
    rmSync(path.join(staging, 'pgdata', 'postmaster.pid'), { force: true });
    writeFileSync(path.join(staging, 'pgdata.tar'), new Uint8Array(await tarball.arrayBuffer()));
    writeFileSync(path.join(staging, 'complete'), `${new Date().toISOString()}\n`);
    try {
      renameSync(staging, dir);
    } catch {
      // Another process finished first; its template is equivalent.
      rmSync(staging, { recursive: true, force: true });
    }
    return { dir: existsSync(path.join(dir, 'complete')) ? cluster : null, tarball: async () => tarball };
  } catch {
    rmSync(staging, { recursive: true, force: true });
    // No writable cache directory: a cluster in memory, for this process only.
    const tarball = await makeCluster(null);
    return { dir: null, tarball: async () => tarball };
  }
}

/** initdb, then the lean template: only the `postgres` database, checkpointed. Returns its tarball. */
async function makeCluster(dataDir: string | null): Promise<Blob> {
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
    return await pg.dumpDataDir('none');
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

/** A started PGlite on `dataDir` (created from the template when empty) or in memory. */
export async function createPglite(dataDir: string | null, options: Pick<PGliteOptions, 'parsers'> = {}): Promise<PGlite> {
  warmUpPglite();
  const [pgliteWasmModule, bundle, cluster] = await Promise.all([compiled!, fsBundle!, template!]);
  const common: PGliteOptions = { ...options, pgliteWasmModule, fsBundle: bundle, startParams: PGLITE_START_PARAMS };
  let pg: PGlite;
  if (!dataDir) {
    pg = new PGlite({ ...common, loadDataDir: await cluster.tarball() });
  } else if (isEmptyDir(dataDir)) {
    if (cluster.dir) {
      copyTree(cluster.dir, dataDir);
      pg = new PGlite(dataDir, common);
    } else {
      pg = new PGlite(dataDir, { ...common, loadDataDir: await cluster.tarball() });
    }
  } else {
    pg = new PGlite(dataDir, common);
  }
  await pg.waitReady;
  return pg;
}
