/**
 * Opening the embedded PGlite store with a real explanation when it fails. PGlite reports most
 * file-system trouble as "PGlite failed to initialize properly" or a WASM abort; the host checks
 * the directory itself (writable? space left? a complete cluster?) and says that instead, and
 * removes a half-created store so the next start is not confused by it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { openPglite, type Db } from './db.js';

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
  constructor(
    message: string,
    readonly dataDir: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Below this much free space a start (WAL segment, catalog writes) is expected to fail. */
const MIN_FREE_BYTES = 64 * 1024 * 1024;

const CODE_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'a file is expected where there is a directory',
};

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

function describeCode(error: unknown): string {
  const code = codeOf(error);
  return code && CODE_TEXT[code] ? `${CODE_TEXT[code]} (${code})` : (error as Error).message;
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** The first thing wrong with `dir` as a PGlite data directory, or null when nothing is found. */
export function diagnoseDataDir(dir: string, wasFresh: boolean): string | null {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return `cannot create the directory: ${describeCode(error)}`;
  }
  const probe = path.join(dir, `.graph-host-write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, Buffer.alloc(64 * 1024));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return `cannot write into it: ${describeCode(error)}`;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // not created
    }
  }
  try {
    const fs = statfsSync(dir);
    const free = Number(fs.bavail) * Number(fs.bsize);
    if (free < MIN_FREE_BYTES) return `only ${(free / 1024 / 1024).toFixed(1)} MB free on its device; the store needs at least ${MIN_FREE_BYTES / 1024 / 1024} MB to start`;
  } catch {
    // statfs unsupported: skip the check
  }
  if (!wasFresh && !(existsSync(path.join(dir, 'PG_VERSION')) && existsSync(path.join(dir, 'global', 'pg_control')))) {
    return 'it is not empty but holds no complete database (PG_VERSION or global/pg_control missing) — for example a store whose creation ran out of disk; move it away or delete it to start afresh';
  }
  return null;
}

/** openPglite, with failures explained in terms of the data directory. */
export async function openPgliteExplained(dataDir: string | null, setupKey?: string): Promise<Db> {
  const fresh = dataDir === null || isEmptyDir(dataDir);
  try {
    return await openPglite(dataDir, setupKey);
  } catch (error) {
    if (dataDir === null) {
      throw new StoreOpenError(`cannot start the in-memory store (PGlite): ${(error as Error).message}`, null, { cause: error });
    }
    // A store this call started creating is removed, so the next start is not handed half a cluster.
    if (fresh) {
      try {
        for (const entry of readdirSync(dataDir)) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
      } catch {
        // nothing was created
      }
    }
    const cause = diagnoseDataDir(dataDir, fresh) ?? (codeOf(error) ? describeCode(error) : null);
    const detail = (error as Error).message;
    throw new StoreOpenError(
      cause ? `cannot open the store in ${dataDir}: ${cause} (PGlite: ${detail})` : `cannot open the store in ${dataDir}: ${detail}`,
      dataDir,
      { cause: error },
    );
  }
}
