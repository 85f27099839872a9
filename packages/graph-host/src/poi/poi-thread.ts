/**
 * Proof-of-indexing digests computed on a worker thread. Hashing every entity change (graph-node's
 * stable hash, BigInt arithmetic here) cost about a third of the indexing thread's time; the
 * handlers now only record the events, and the digests are computed beside them.
 *
 * Each block's new digest of a region goes into the store at once as a 32-byte placeholder that is
 * filled when the thread answers; the store's flush waits until every placeholder is filled, so
 * nothing unfilled is ever persisted. A region's previous digest may itself be a placeholder not yet
 * filled: the thread then uses the digest it computed for it (jobs are answered in order). If the
 * thread fails, the pending jobs are computed here, in order, with the same code.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { digestBlock, type PoiEvent } from './poi.js';

/** A region's previous digest: its bytes, or the id of a placeholder the thread has computed (or will, first). */
export type PreviousDigest = { bytes: Uint8Array } | { ref: number } | null;

export interface PoiJobRegion {
  name: string;
  events: readonly PoiEvent[];
  previous: PreviousDigest;
  /** The placeholder id this region's new digest fills. */
  out: number;
}

export interface PoiJob {
  block: number;
  regions: PoiJobRegion[];
}

export interface PoiAnswer {
  digests: { out: number; bytes: Uint8Array }[];
  error?: string;
}

/** How many computed digests the thread remembers for `ref`s (a ref is always to a recent one). */
export const REMEMBERED_DIGESTS = 65_536;

/** The thread's side: digests of jobs, remembering recent ones by placeholder id. */
export function createDigester(): (job: PoiJob) => PoiAnswer {
  const remembered = new Map<number, Uint8Array>();
  return (job) => {
    const digests: { out: number; bytes: Uint8Array }[] = [];
    for (const region of job.regions) {
      let previous: Uint8Array | null = null;
      if (region.previous && 'bytes' in region.previous) previous = region.previous.bytes;
      else if (region.previous) {
        previous = remembered.get(region.previous.ref) ?? null;
        if (!previous) return { digests: [], error: `PoI digest ${region.previous.ref} is not known to the PoI thread` };
      }
      const bytes = digestBlock(job.block, region.events, previous);
      remembered.set(region.out, bytes);
      if (remembered.size > REMEMBERED_DIGESTS) remembered.delete(remembered.keys().next().value!);
      digests.push({ out: region.out, bytes });
    }
    return { digests };
  };
}

/** The compiled entry next to this module, or (from the TypeScript sources: tests) tsx registered in the worker. */
function startWorker(): Worker {
  const js = new URL('./poi-worker-entry.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./poi-worker-entry.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

interface Pending {
  job: PoiJob;
  placeholders: Map<number, Uint8Array>;
}

/** The indexing thread's side: one per process, shared by the deployments (ids are process-wide). */
export class PoiThread {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  /** Placeholders not filled yet, by id. */
  private readonly unfilled = new Map<Uint8Array, number>();
  private readonly queue: Pending[] = [];
  private waiters: (() => void)[] = [];

  /**
   * Queues a block's regions; returns each region's placeholder digest (filled later). `previous`
   * is the region's current digest (bytes persisted or computed, or an earlier placeholder).
   */
  submit(block: number, regions: { name: string; events: readonly PoiEvent[]; previous: Uint8Array | null }[]): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    const placeholders = new Map<number, Uint8Array>();
    const jobRegions: PoiJobRegion[] = regions.map(({ name, events, previous }) => {
      const id = this.nextId++;
      const placeholder = new Uint8Array(32);
      this.unfilled.set(placeholder, id);
      placeholders.set(id, placeholder);
      this.byId.set(id, placeholder);
      if (this.byId.size > REMEMBERED_DIGESTS) this.byId.delete(this.byId.keys().next().value!);
      out.set(name, placeholder);
      const ref = previous ? this.unfilled.get(previous) : undefined;
      return { name, events, previous: ref !== undefined ? { ref } : previous ? { bytes: previous } : null, out: id };
    });
    const pending: Pending = { job: { block, regions: jobRegions }, placeholders };
    this.queue.push(pending);
    if (!this.failed) {
      try {
        const worker = this.ensureWorker();
        worker.ref(); // an answer is awaited: keep the process up for it
        worker.postMessage(pending.job);
        return out;
      } catch {
        this.fail();
      }
    }
    this.drainHere();
    return out;
  }

  /** Null when every placeholder is filled; else a promise for when the current jobs are. */
  barrier(): Promise<void> | null {
    if (this.queue.length === 0) return null;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops the thread (jobs still queued are computed here first). */
  async close(): Promise<void> {
    if (this.queue.length > 0) await this.barrier();
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (answer: PoiAnswer) => this.answer(answer));
    worker.on('error', () => this.fail());
    worker.on('exit', () => {
      if (this.worker === worker) this.fail();
    });
    this.worker = worker;
    return worker;
  }

  private answer(answer: PoiAnswer): void {
    const pending = this.queue[0];
    if (!pending || answer.error) {
      this.fail();
      return;
    }
    this.queue.shift();
    this.fill(pending, answer.digests);
    if (this.queue.length === 0) this.idle();
  }

  private fill(pending: Pending, digests: { out: number; bytes: Uint8Array }[]): void {
    for (const { out, bytes } of digests) {
      const placeholder = pending.placeholders.get(out)!;
      placeholder.set(bytes);
      this.unfilled.delete(placeholder);
    }
  }

  /** The thread is gone or answered wrongly: compute what is queued here, in order, from now on. */
  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.drainHere();
  }

  private drainHere(): void {
    const digest = createDigester();
    while (this.queue.length > 0) {
      const pending = this.queue[0]!;
      // A ref is to an earlier job's placeholder, filled by the thread or by this loop: use its bytes.
      const regions = pending.job.regions.map((r) => {
        if (!r.previous || 'bytes' in r.previous) return r;
        const placeholder = this.byId.get(r.previous.ref);
        if (!placeholder || this.unfilled.has(placeholder)) throw new Error(`PoI digest ${r.previous.ref} is not computed yet`);
        return { ...r, previous: { bytes: placeholder } };
      });
      const answer = digest({ block: pending.job.block, regions });
      if (answer.error) throw new Error(answer.error);
      this.queue.shift();
      this.fill(pending, answer.digests);
    }
    this.idle();
  }

  /** Recent placeholders by id (the fallback resolves refs with them). */
  private readonly byId = new Map<number, Uint8Array>();

  private idle(): void {
    this.worker?.unref();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
