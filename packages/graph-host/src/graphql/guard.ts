/**
 * Runtime protections of one GraphQL request: its deadline (GRAPH_GRAPHQL_QUERY_TIMEOUT), the client
 * going away, and the size of the result being built (GRAPH_GRAPHQL_ERROR_RESULT_SIZE /
 * WARN_RESULT_SIZE). All SQL of queries goes through a per-database scheduler that yields to the
 * event loop before every statement and takes turns between requests, so one expensive query cannot
 * starve others (PGlite runs each statement synchronously on the main thread).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db, Row } from '../store/db.js';
import type { QueryLimits } from './limits.js';

/** Why a request stopped early; its message is what the client sees (graph-node's words). */
export class QueryAbortedError extends Error {
  override name = 'QueryAbortedError';
}

export const TIMEOUT_MESSAGE = 'Query timed out';
export const CLIENT_GONE_MESSAGE = 'the client closed the connection before the query finished';

export function resultTooBigMessage(size: number, limit: number): string {
  return `the result size of ${size} is larger than the allowed limit of ${limit}`;
}

/** Approximate JSON size of a value read from the database. */
function valueSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'string') return value.length + 2;
  if (value instanceof Uint8Array) return value.length * 2 + 4;
  if (Array.isArray(value)) {
    let size = 2;
    for (const item of value) size += valueSize(item) + 1;
    return size;
  }
  if (typeof value === 'bigint') return value.toString().length + 2;
  return String(value).length;
}

const entitySizes = new WeakMap<object, number>();

/** Approximate JSON size of an entity object (its columns), computed once per object. */
function entitySize(entity: Record<string, unknown>): number {
  let size = entitySizes.get(entity);
  if (size === undefined) {
    size = 2;
    for (const [key, value] of Object.entries(entity)) size += key.length + 4 + valueSize(value);
    entitySizes.set(entity, size);
  }
  return size;
}

export interface GuardLogger {
  log(level: 'warning', message: string, extra?: Record<string, unknown>): void;
}

export class QueryGuard {
  /** Set once the request must stop; every later database step throws it. */
  aborted: QueryAbortedError | null = null;
  /** Settles when the request is aborted, so the answer need not wait for the execution to unwind. */
  readonly whenAborted: Promise<QueryAbortedError>;
  private settleAborted!: (reason: QueryAbortedError) => void;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | null;
  private resultSize = 0;
  private warned = false;
  private readonly onClientAbort = () => this.abort(new QueryAbortedError(CLIENT_GONE_MESSAGE));

  constructor(
    private readonly limits: QueryLimits,
    private readonly clientSignal?: AbortSignal,
    private readonly logger?: GuardLogger,
    private readonly describe: () => string = () => '',
  ) {
    this.whenAborted = new Promise((resolve) => (this.settleAborted = resolve));
    this.timer = Number.isFinite(limits.timeoutMs)
      ? setTimeout(() => this.abort(new QueryAbortedError(TIMEOUT_MESSAGE)), Math.max(0, limits.timeoutMs))
      : null;
    this.timer?.unref();
    if (clientSignal?.aborted) this.onClientAbort();
    else clientSignal?.addEventListener('abort', this.onClientAbort, { once: true });
  }

  /** Aborts in-flight database work (PostgreSQL statements are cancelled on the server). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason: QueryAbortedError): void {
    if (this.aborted) return;
    this.aborted = reason;
    this.controller.abort(reason);
    this.settleAborted(reason);
  }

  /** Throws when the request must stop. */
  check(): void {
    if (this.aborted) throw this.aborted;
  }

  /** Counts entities about to be returned into the result; aborts past GRAPH_GRAPHQL_ERROR_RESULT_SIZE. */
  account<T extends Record<string, unknown> | null>(entities: T[]): T[] {
    for (const entity of entities) if (entity) this.resultSize += entitySize(entity);
    if (this.resultSize > this.limits.errorResultSize) {
      this.abort(new QueryAbortedError(resultTooBigMessage(this.resultSize, this.limits.errorResultSize)));
    } else if (!this.warned && this.resultSize > this.limits.warnResultSize) {
      this.warned = true;
      this.logger?.log('warning', `Large query result: more than ${this.limits.warnResultSize} bytes`, { query: this.describe() });
    }
    this.check();
    return entities;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clientSignal?.removeEventListener('abort', this.onClientAbort);
  }
}

interface Task {
  guard: QueryGuard;
  sql: string;
  params: unknown[] | undefined;
  resolve(rows: Row[]): void;
  reject(error: unknown): void;
}

/**
 * Runs the SQL of GraphQL requests against one database: at most `concurrency` statements at once,
 * one request's statements after another's in turn (round robin), a macrotask yield before each
 * statement, and nothing at all for a request that has been aborted.
 */
export class QueryScheduler {
  private readonly queues = new Map<QueryGuard, Task[]>();
  private running = 0;

  constructor(
    private readonly db: Db,
    private readonly concurrency = 1,
  ) {}

  query(guard: QueryGuard, sql: string, params?: unknown[]): Promise<Row[]> {
    guard.check();
    return new Promise<Row[]>((resolve, reject) => {
      const queue = this.queues.get(guard);
      const task: Task = { guard, sql, params, resolve, reject };
      if (queue) queue.push(task);
      else {
        this.queues.set(guard, [task]);
        // An aborted request's waiting statements are dropped at once, not one turn each.
        guard.signal.addEventListener('abort', () => this.drop(guard), { once: true });
      }
      this.pump();
    });
  }

  private drop(guard: QueryGuard): void {
    const queue = this.queues.get(guard);
    this.queues.delete(guard);
    for (const task of queue ?? []) task.reject(guard.aborted);
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const task = this.next();
      if (!task) return;
      this.running += 1;
      void this.runTask(task).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  /** The first task of the request that has waited longest for a turn. */
  private next(): Task | undefined {
    for (const [guard, queue] of this.queues) {
      const task = queue.shift();
      this.queues.delete(guard);
      // Re-inserting puts the request at the back of the rotation.
      if (queue.length > 0) this.queues.set(guard, queue);
      if (task) return task;
    }
    return undefined;
  }

  private async runTask(task: Task): Promise<void> {
    try {
      // Let the event loop accept connections and answer cheap requests between two statements.
      await yieldToEventLoop();
      task.guard.check();
      task.resolve(await this.db.query(task.sql, task.params, { signal: task.guard.signal }));
    } catch (error) {
      task.reject(task.guard.aborted ?? error);
    }
  }
}
