/**
 * A PGlite store in a worker thread behind the Db interface. PGlite runs Postgres synchronously on
 * the thread that calls it: on the main thread every flush and query stopped the WASM handlers,
 * JSON-RPC parsing and HTTP serving. In a worker, a flush runs while the indexer processes the
 * next blocks (one flush at a time), and the machine's second core is used.
 *
 * Protocol: one message per statement, answered with the rows or the error (its fields kept, so it
 * reads like PGlite's). A transaction is `begin`, its statements (`inTransaction`), then `commit`
 * or `rollback`; other statements wait for it as they would in PGlite itself.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db, DbQueryable, QueryOptions, Row } from './db.js';

/** Which store to open: the worker's first message. */
export interface WorkerOpen {
  dataDir: string | null;
  setupKey?: string;
}

export type WorkerRequest = { id: number; inTransaction?: boolean } & (
  | { op: 'query'; sql: string; params?: unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'copy'; table: string; columns: string[]; text: string }
  | { op: 'begin' | 'commit' | 'rollback' | 'saveSetup' | 'close' }
);

type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface WorkerReply {
  id: number;
  rows?: Row[];
  ready?: { fromSetup: boolean; canSaveSetup: boolean };
  error?: { name: string; message: string; fields: Record<string, unknown> };
}

/**
 * The worker: the compiled script next to this module, or (running from the TypeScript sources:
 * tests, bench) a bootstrap that registers tsx in the worker and imports the source.
 */
function startWorker(): Worker {
  const js = new URL('./pglite-worker-entry.js', import.meta.url);
  let worker: Worker;
  if (existsSync(fileURLToPath(js))) worker = new Worker(js);
  else {
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const entry = new URL('./pglite-worker-entry.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    worker = new Worker(bootstrap, { eval: true });
  }
  return worker;
}

/** A worker started ahead of the store that will use it (see prestartPgliteWorker). */
let spare: Worker | null = null;

/**
 * Starts a PGlite worker now, so its thread start-up, PGlite's WASM compile and file reads overlap
 * the host's own start-up; the next openPgliteWorker takes it. Unreferenced until taken: an unused
 * one never keeps the process alive.
 */
export function prestartPgliteWorker(): void {
  if (spare) return;
  const worker = startWorker();
  spare = worker;
  worker.unref();
  // One that fails before it is taken is dropped; the open then starts another.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    if (spare === worker) spare = null;
  });
}

/** Stops a worker started ahead and never taken. */
export async function stopSparePgliteWorker(): Promise<void> {
  const worker = spare;
  spare = null;
  await worker?.terminate();
}

function toError(reply: NonNullable<WorkerReply['error']>): Error {
  const error = new Error(reply.message);
  error.name = reply.name;
  Object.assign(error, reply.fields);
  return error;
}

export async function openPgliteWorker(dataDir: string | null, setupKey?: string): Promise<Db> {
  const worker = spare ?? startWorker();
  spare = null;
  worker.ref();
  const waiting = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | null = null;

  const ready = new Promise<WorkerReply>((resolve, reject) => waiting.set(0, { resolve, reject }));
  worker.on('message', (reply: WorkerReply) => {
    const waiter = waiting.get(reply.id);
    if (!waiter) return;
    waiting.delete(reply.id);
    if (reply.error) waiter.reject(toError(reply.error));
    else waiter.resolve(reply);
  });
  const failAll = (error: Error) => {
    exited = error;
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the PGlite worker exited (code ${code})`)));
  worker.postMessage({ dataDir, ...(setupKey ? { setupKey } : {}) } satisfies WorkerOpen);

  const send = (body: RequestBody): Promise<WorkerReply> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...body, id });
    });
  };

  let opened: WorkerReply;
  try {
    opened = await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const queryable = (inTransaction: boolean): DbQueryable => ({
    async query(sql: string, params?: unknown[], options?: QueryOptions) {
      options?.signal?.throwIfAborted();
      return (await send({ op: 'query', sql, ...(params ? { params } : {}), inTransaction })).rows ?? [];
    },
    async exec(sql: string) {
      await send({ op: 'exec', sql, inTransaction });
    },
    async copyFrom(table: string, columns: string[], text: string) {
      await send({ op: 'copy', table, columns, text, inTransaction });
    },
  });

  // One transaction at a time from this side too: PGlite would serialise them anyway.
  let transactions: Promise<unknown> = Promise.resolve();
  return {
    ...queryable(false),
    supportsCopy: true,
    parallelism: 1,
    fromSetup: opened.ready!.fromSetup,
    saveSetup: opened.ready!.canSaveSetup
      ? async () => {
          await send({ op: 'saveSetup' });
        }
      : null,
    transaction<T>(fn: (tx: DbQueryable) => Promise<T>): Promise<T> {
      const run = transactions.then(async () => {
        await send({ op: 'begin' });
        let result: T;
        try {
          result = await fn(queryable(true));
        } catch (error) {
          await send({ op: 'rollback' }).catch(() => undefined);
          throw error;
        }
        await send({ op: 'commit' });
        return result;
      });
      transactions = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (!exited) await send({ op: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
