/**
 * A content-addressed file store: the subset of an IPFS node that graph-cli and graph-node use
 * (add, cat, pin). Files are kept whole, keyed by their CIDv0, on disk when a directory is given.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { cidV0, isCidV0 } from './cid.js';

export class IpfsFileStore {
  private readonly memory = new Map<string, Uint8Array>();
  private readonly pins = new Set<string>();

  /** `dir` null keeps files in memory only. */
  constructor(private readonly dir: string | null) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  add(content: Uint8Array): { cid: string; size: number } {
    const cid = cidV0(content);
    if (!this.memory.has(cid)) {
      const copy = new Uint8Array(content);
      this.memory.set(cid, copy);
      if (this.dir) {
        const file = path.join(this.dir, cid);
        if (!existsSync(file)) {
          // Write then rename so a crash never leaves a truncated file under a valid CID.
          writeFileSync(`${file}.tmp`, copy);
          renameSync(`${file}.tmp`, file);
        }
      }
    }
    return { cid, size: content.length };
  }

  /** Content of `ref` (`Qm…`, `/ipfs/Qm…` or `ipfs://Qm…`), or null when unknown. */
  get(ref: string): Uint8Array | null {
    const cid = normaliseCid(ref);
    if (!cid) return null;
    const cached = this.memory.get(cid);
    if (cached) return cached;
    if (this.dir) {
      const file = path.join(this.dir, cid);
      if (existsSync(file)) {
        const content = new Uint8Array(readFileSync(file));
        this.memory.set(cid, content);
        return content;
      }
    }
    return null;
  }

  has(ref: string): boolean {
    return this.get(ref) !== null;
  }

  pin(ref: string): string {
    const cid = normaliseCid(ref);
    if (!cid || !this.has(cid)) throw new Error(`pin: ${ref} not found in the local store`);
    this.pins.add(cid);
    return cid;
  }
}

export function normaliseCid(ref: string): string | null {
  const cid = ref.replace(/^ipfs:\/\//, '').replace(/^\/?ipfs\//, '').split('/')[0] ?? '';
  return isCidV0(cid) ? cid : null;
}
