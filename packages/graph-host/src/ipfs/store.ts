/**
 * A content-addressed file store: the subset of an IPFS node that graph-cli and graph-node use
 * (add, cat, pin). Files live on disk, keyed by their CIDv0 (in a temporary directory when the host
 * keeps no data dir), with a small in-memory cache bounded in bytes; file size and total size are capped.
 */
import { envNumber } from '../env.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cidV0, isCidV0 } from './cid.js';

export interface IpfsStoreLimits {
  /** Largest file accepted (graph-node reads at most GRAPH_MAX_IPFS_FILE_BYTES, 25 MiB). */
  maxFileBytes: number;
  /** Total bytes the store may hold (GRAPH_HOST_IPFS_MAX_STORE_BYTES). */
  maxStoreBytes: number;
  /** Bytes of file content kept in memory (GRAPH_HOST_IPFS_CACHE_BYTES). */
  cacheBytes: number;
}

export const DEFAULT_IPFS_LIMITS: Readonly<IpfsStoreLimits> = Object.freeze({
  maxFileBytes: 25 * 1024 * 1024,
  maxStoreBytes: 1024 * 1024 * 1024,
  cacheBytes: 64 * 1024 * 1024,
});

export function ipfsLimitsFromEnv(env: Record<string, string | undefined> = process.env): IpfsStoreLimits {
  return {
    maxFileBytes: envNumber(env, 'GRAPH_MAX_IPFS_FILE_BYTES', DEFAULT_IPFS_LIMITS.maxFileBytes),
    maxStoreBytes: envNumber(env, 'GRAPH_HOST_IPFS_MAX_STORE_BYTES', DEFAULT_IPFS_LIMITS.maxStoreBytes),
    cacheBytes: envNumber(env, 'GRAPH_HOST_IPFS_CACHE_BYTES', DEFAULT_IPFS_LIMITS.cacheBytes),
  };
}

/** A file over the size cap (answered 413). */
export class IpfsFileTooLargeError extends Error {
  override name = 'IpfsFileTooLargeError';
}

/** The store has no room left for a new file (answered 507). */
export class IpfsStoreFullError extends Error {
  override name = 'IpfsStoreFullError';
}

export class IpfsFileStore {
  readonly limits: IpfsStoreLimits;
  private readonly dir: string;
  private readonly temporary: boolean;
  /** Least recently used first. */
  private readonly cache = new Map<string, Uint8Array>();
  private cached = 0;
  private readonly sizes = new Map<string, number>();
  private total = 0;
  private readonly pins = new Set<string>();

  /** `dir` null stores files in a temporary directory removed by close(). */
  constructor(dir: string | null, limits: Partial<IpfsStoreLimits> = {}) {
    this.limits = { ...DEFAULT_IPFS_LIMITS, ...limits };
    this.temporary = dir === null;
    this.dir = dir ?? mkdtempSync(path.join(tmpdir(), 'graph-host-ipfs-'));
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (!isCidV0(name)) continue;
      const size = statSync(path.join(this.dir, name)).size;
      this.sizes.set(name, size);
      this.total += size;
    }
  }

  add(content: Uint8Array): { cid: string; size: number } {
    if (content.length > this.limits.maxFileBytes) {
      throw new IpfsFileTooLargeError(`file of ${content.length} bytes exceeds the limit of ${this.limits.maxFileBytes} bytes`);
    }
    const cid = cidV0(content);
    if (!this.sizes.has(cid)) {
      if (this.total + content.length > this.limits.maxStoreBytes) {
        throw new IpfsStoreFullError(`the IPFS store holds ${this.total} bytes; adding ${content.length} would exceed its limit of ${this.limits.maxStoreBytes} bytes`);
      }
      const file = path.join(this.dir, cid);
      // Write then rename so a crash never leaves a truncated file under a valid CID.
      writeFileSync(`${file}.tmp`, content);
      renameSync(`${file}.tmp`, file);
      this.sizes.set(cid, content.length);
      this.total += content.length;
    }
    return { cid, size: content.length };
  }

  /** Content of `ref` (`Qm…`, `/ipfs/Qm…` or `ipfs://Qm…`), or null when unknown. */
  get(ref: string): Uint8Array | null {
    const cid = normaliseCid(ref);
    if (!cid || !this.sizes.has(cid)) return null;
    const cached = this.cache.get(cid);
    if (cached) {
      this.cache.delete(cid);
      this.cache.set(cid, cached);
      return cached;
    }
    const file = path.join(this.dir, cid);
    if (!existsSync(file)) return null;
    const content = new Uint8Array(readFileSync(file));
    this.remember(cid, content);
    return content;
  }

  has(ref: string): boolean {
    const cid = normaliseCid(ref);
    return cid !== null && this.sizes.has(cid);
  }

  pin(ref: string): string {
    const cid = normaliseCid(ref);
    if (!cid || !this.has(cid)) throw new Error(`pin: ${ref} not found in the local store`);
    this.pins.add(cid);
    return cid;
  }

  /** Bytes of file content currently held in memory. */
  cachedBytes(): number {
    return this.cached;
  }

  /** Bytes stored on disk. */
  storedBytes(): number {
    return this.total;
  }

  /** Drops the cache; removes the files too when they live in a temporary directory. */
  close(): void {
    this.cache.clear();
    this.cached = 0;
    if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
  }

  private remember(cid: string, content: Uint8Array): void {
    if (content.length > this.limits.cacheBytes) return;
    this.cache.set(cid, content);
    this.cached += content.length;
    for (const [key, value] of this.cache) {
      if (this.cached <= this.limits.cacheBytes) break;
      this.cache.delete(key);
      this.cached -= value.length;
    }
  }
}

export function normaliseCid(ref: string): string | null {
  const cid = ref.replace(/^ipfs:\/\//, '').replace(/^\/?ipfs\//, '').split('/')[0] ?? '';
  return isCidV0(cid) ? cid : null;
}
