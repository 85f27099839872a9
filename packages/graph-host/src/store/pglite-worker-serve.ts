/**
 * Worker thread running one PGlite store (see pglite-worker.ts for the protocol), loaded by
 * pglite-worker-entry.ts once PGlite's compile has started. PGlite executes synchronously on its
 * thread; here that thread is not the one running the WASM handlers and the HTTP servers, so
 * flushes and queries run beside indexing instead of between its steps. The store opens when the
 * host names it (the host starts the worker before it knows which deployment it will serve).
 */
import { parentPort } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { copyBlob, createPglite, useCompiledPglite, warmUpPglite } from './pglite-cluster.js';
import type { WorkerOpen, WorkerReply, WorkerRequest } from './pglite-worker.js';

const INT8_OID = 20;
const port = parentPort!;
function errorReply(id: number, error: unknown): WorkerReply {
  const e = error as Record<string, unknown> & Error;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    const value = e[key];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { id, error: { name: e?.name ?? 'Error', message: e?.message ?? String(error), fields } };
}

/** Serves the store this worker is asked to open; `compiling` is PGlite's WASM compile, already started. */
export function serve(compiling: Promise<WebAssembly.Module>): void {
  useCompiledPglite(compiling);
  warmUpPglite();
  let opening = false;
  let handleRequest: ((request: WorkerRequest) => void) | null = null;
  port.on('message', (message: WorkerOpen | WorkerRequest) => {
    if (!opening) {
      opening = true;
      void main(message as WorkerOpen, (handler) => (handleRequest = handler));
    } else handleRequest?.(message as WorkerRequest);
  });
}

async function main(start: WorkerOpen, onRequest: (handler: (request: WorkerRequest) => void) => void): Promise<void> {
  let opened: Awaited<ReturnType<typeof createPglite>>;
  try {
    // int8 as bigint: the default JS number parser would lose precision above 2^53.
    opened = await createPglite(start.dataDir, {
      parsers: { [INT8_OID]: (value: string) => BigInt(value) },
      ...(start.setupKey ? { setupKey: start.setupKey } : {}),
    });
  } catch (error) {
    port.postMessage(errorReply(0, error));
    return;
  }
  const pg: PGlite = opened.pg;
  port.postMessage({ id: 0, ready: { fromSetup: opened.fromSetup, canSaveSetup: opened.saveSetup !== null } } satisfies WorkerReply);

  /** The open transaction: its statements arrive one by one and run inside pg.transaction. */
  let tx: { handle: Transaction; done: (commit: boolean) => void } | null = null;

  const run = async (request: WorkerRequest): Promise<WorkerReply> => {
    const target = request.inTransaction ? tx?.handle : pg;
    switch (request.op) {
      case 'query': {
        if (!target) throw new Error('no open transaction');
        return { id: request.id, rows: (await target.query(request.sql, request.params)).rows as Record<string, unknown>[] };
      }
      case 'exec':
        if (!target) throw new Error('no open transaction');
        await target.exec(request.sql);
        return { id: request.id };
      case 'copy':
        if (!target) throw new Error('no open transaction');
        await target.query(`copy ${request.table} (${request.columns.join(', ')}) from '/dev/blob'`, [], { blob: copyBlob(request.text) });
        return { id: request.id };
      case 'begin': {
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const finished = pg.transaction(async (handle) => {
          const decision = new Promise<boolean>((resolve) => {
            tx = { handle, done: resolve };
          });
          entered();
          if (!(await decision)) throw new RollbackRequested();
        });
        // A rejected transaction (rollback or failed commit) is reported to commit/rollback below.
        transactionEnd = finished.then(
          () => null,
          (error: unknown) => (error instanceof RollbackRequested ? null : error),
        );
        await Promise.race([inside, finished]);
        return { id: request.id };
      }
      case 'commit':
      case 'rollback': {
        const current = tx;
        tx = null;
        current?.done(request.op === 'commit');
        const failure = await transactionEnd;
        if (failure) throw failure;
        return { id: request.id };
      }
      case 'saveSetup':
        await opened.saveSetup?.();
        return { id: request.id };
      case 'close':
        await pg.close();
        return { id: request.id };
    }
  };

  let transactionEnd: Promise<unknown> = Promise.resolve(null);
  onRequest((request: WorkerRequest) => {
    // Not awaited one after the other: a query waiting for PGlite's transaction lock must not hold
    // up the statements of that transaction.
    run(request).then(
      (reply) => {
        port.postMessage(reply);
        if (request.op === 'close') port.close();
      },
      (error: unknown) => port.postMessage(errorReply(request.id, error)),
    );
  });
}

class RollbackRequested extends Error {}
