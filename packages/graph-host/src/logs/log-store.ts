/**
 * A deployment's indexing logs, queryable with graph-node's `_logs` field (graph-node's log store,
 * graph/src/components/log_store: the mapping's `log.*` calls and the host's own messages about the
 * deployment, each with a timestamp, level, text, key/value arguments and a source location).
 *
 * Backends (GRAPH_LOG_STORE_BACKEND, graph-node's setting):
 * - `file`: JSON lines per deployment in GRAPH_LOG_STORE_FILE_DIR (default `<data dir>/logs`), as
 *   graph-node's file store writes them; the newest entries are also held in memory, so a query never
 *   reads the file (graph-node scans it per query: O(file) on the thread that answers others too).
 * - `memory`: the newest entries in memory only (the default without a data dir).
 * - `disabled`: `_logs` answers `[]` (graph-node's default; this host keeps logs by default because it
 *   is a development host and they are what a subgraph author looks at first).
 * Elasticsearch and Loki are graph-node backends this host does not have: asking for them is an error.
 */
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { envNumber } from '../env.js';

export type LogLevelName = 'critical' | 'error' | 'warning' | 'info' | 'debug';

export interface LogEntry {
  id: string;
  subgraphId: string;
  /** RFC 3339 with nanoseconds, e.g. `2026-12-01T10:30:00.123000004Z` (the last digits order entries within a millisecond). */
  timestamp: string;
  level: LogLevelName;
  text: string;
  arguments: [string, string][];
  meta: { module: string; line: number; column: number };
}

export interface LogQuery {
  level?: LogLevelName | null;
  from?: string | null;
  to?: string | null;
  search?: string | null;
  first: number;
  skip: number;
  orderDirection: 'asc' | 'desc';
}

export interface LogStoreConfig {
  backend: 'file' | 'memory' | 'disabled';
  /** `file` backend: the directory holding `<deployment>.jsonl`. */
  directory: string | null;
  /** `file` backend: past this size the file is rewritten with the entries held in memory. */
  maxFileBytes: number;
  /** Entries kept (and queryable) per deployment; older ones are dropped. */
  maxEntries: number;
}

export const DEFAULT_LOG_STORE_MAX_ENTRIES = 10_000;
export const DEFAULT_LOG_STORE_FILE_MAX_BYTES = 100 * 1024 * 1024;

export class LogStoreConfigError extends Error {
  override name = 'LogStoreConfigError';
}

/** graph-node's log store settings, plus this host's in-memory cap; `dataDir` gives the file backend's default place. */
export function logStoreConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string | null): LogStoreConfig {
  const backend = (env.GRAPH_LOG_STORE_BACKEND ?? env.GRAPH_LOG_STORE ?? (dataDir ? 'file' : 'memory')).trim().toLowerCase();
  const maxEntries = envNumber(env, 'GRAPH_HOST_LOG_STORE_MAX_ENTRIES', DEFAULT_LOG_STORE_MAX_ENTRIES, { min: 1, integer: true });
  const maxFileBytes = envNumber(env, 'GRAPH_LOG_STORE_FILE_MAX_SIZE', DEFAULT_LOG_STORE_FILE_MAX_BYTES, { min: 1, integer: true });
  switch (backend) {
    case 'disabled':
    case 'none':
      return { backend: 'disabled', directory: null, maxFileBytes, maxEntries };
    case 'memory':
      return { backend: 'memory', directory: null, maxFileBytes, maxEntries };
    case 'file':
    case 'files': {
      const dir = env.GRAPH_LOG_STORE_FILE_DIR ?? env.GRAPH_LOG_FILE_DIR ?? (dataDir ? path.join(dataDir, 'logs') : null);
      if (!dir) throw new LogStoreConfigError('GRAPH_LOG_STORE_BACKEND=file needs GRAPH_LOG_STORE_FILE_DIR (or a data dir)');
      return { backend: 'file', directory: path.resolve(dir), maxFileBytes, maxEntries };
    }
    case 'elasticsearch':
    case 'elastic':
    case 'es':
    case 'loki':
      throw new LogStoreConfigError(`log store backend ${backend} is not available in this host (use file, memory or disabled)`);
    default:
      throw new LogStoreConfigError(`Unknown log store backend: ${backend}. Valid options: disabled, memory, file`);
  }
}

const LEVELS: ReadonlySet<string> = new Set(['critical', 'error', 'warning', 'info', 'debug']);
/** Buffered lines are appended at most this often (a crash loses at most this much of the log). */
const WRITE_DELAY_MS = 200;

let lastMs = 0;
let sequence = 0;
/** Timestamps that strictly increase within the process, so `timestamp` orders entries as they were logged. */
function nextTimestamp(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else sequence++;
  const iso = new Date(lastMs).toISOString(); // 2026-12-01T10:30:00.123Z
  return `${iso.slice(0, 23)}${String(sequence).padStart(6, '0').slice(-6)}Z`;
}

/** One deployment's log: a ring of the newest entries, written through to a JSON-lines file when configured. */
export class DeploymentLogStore {
  private readonly entries: LogEntry[] = [];
  /** Index of the oldest entry once the ring is full. */
  private head = 0;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private fileBytes = 0;
  private closed = false;
  private readonly file: string | null;

  private constructor(
    readonly subgraphId: string,
    private readonly config: LogStoreConfig,
  ) {
    this.file = config.backend === 'file' && config.directory ? path.join(config.directory, `${subgraphId}.jsonl`) : null;
  }

  static async open(subgraphId: string, config: LogStoreConfig): Promise<DeploymentLogStore> {
    const store = new DeploymentLogStore(subgraphId, config);
    if (store.file) {
      await mkdir(path.dirname(store.file), { recursive: true });
      if (existsSync(store.file)) {
        const text = await readFile(store.file, 'utf8');
        store.fileBytes = Buffer.byteLength(text);
        for (const line of text.split('\n')) {
          const entry = parseLine(line, subgraphId);
          if (entry) store.push(entry);
        }
      }
    }
    return store;
  }

  get enabled(): boolean {
    return this.config.backend !== 'disabled';
  }

  append(level: LogLevelName, text: string, extra: Record<string, unknown> | undefined, module: string): void {
    if (this.closed || !this.enabled) return;
    const timestamp = nextTimestamp();
    const args: [string, string][] = [];
    if (extra) {
      for (const [key, value] of Object.entries(extra)) {
        if (value === undefined || key === 'deployment') continue;
        args.push([key, typeof value === 'string' ? value : stringify(value)]);
      }
    }
    const entry: LogEntry = {
      id: `${this.subgraphId}-${timestamp}`,
      subgraphId: this.subgraphId,
      timestamp,
      level,
      text,
      arguments: args,
      meta: { module, line: 0, column: 0 },
    };
    this.push(entry);
    if (this.file) {
      this.pending.push(JSON.stringify(entry));
      this.timer ??= setTimeout(() => this.write(), WRITE_DELAY_MS).unref();
    }
  }

  query(q: LogQuery): LogEntry[] {
    const search = q.search ? q.search.toLowerCase() : null;
    const matches: LogEntry[] = [];
    const n = this.entries.length;
    for (let i = 0; i < n; i++) {
      const entry = this.entries[(this.head + i) % n]!;
      if (q.level && entry.level !== q.level) continue;
      if (q.from && entry.timestamp < q.from) continue;
      if (q.to && entry.timestamp > q.to) continue;
      if (search && !entry.text.toLowerCase().includes(search)) continue;
      matches.push(entry);
    }
    // The ring holds entries oldest first, so newest first is the reverse.
    if (q.orderDirection === 'desc') matches.reverse();
    return matches.slice(q.skip, q.skip + q.first);
  }

  /** Writes what is buffered; later appends are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.write();
    this.closed = true;
    await this.writing;
  }

  /** Closes and deletes the file (the deployment is gone). */
  async destroy(): Promise<void> {
    await this.close();
    if (this.file) await rm(this.file, { force: true });
  }

  private push(entry: LogEntry): void {
    if (this.entries.length < this.config.maxEntries) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.head] = entry;
    this.head = (this.head + 1) % this.entries.length;
  }

  private write(): void {
    this.timer = null;
    if (!this.file || this.pending.length === 0) return;
    const file = this.file;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.fileBytes += Buffer.byteLength(chunk);
    const compact = this.fileBytes > this.config.maxFileBytes;
    // One write at a time, in order; a failure to write a log must not stop indexing.
    this.writing = this.writing
      .then(async () => {
        if (compact) {
          // Over the size cap: the file keeps what memory keeps (the newest entries).
          const lines = this.snapshot().map((e) => JSON.stringify(e));
          const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
          await writeFile(`${file}.tmp`, text);
          await rename(`${file}.tmp`, file);
          this.fileBytes = Buffer.byteLength(text);
        } else {
          await appendFile(file, chunk);
        }
      })
      .catch(() => undefined);
  }

  private snapshot(): LogEntry[] {
    const n = this.entries.length;
    return Array.from({ length: n }, (_, i) => this.entries[(this.head + i) % n]!);
  }
}

function stringify(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

function parseLine(line: string, subgraphId: string): LogEntry | null {
  if (!line) return null;
  try {
    const raw = JSON.parse(line) as Partial<LogEntry>;
    if (typeof raw.timestamp !== 'string' || typeof raw.text !== 'string' || !LEVELS.has(String(raw.level))) return null;
    return {
      id: typeof raw.id === 'string' ? raw.id : `${subgraphId}-${raw.timestamp}`,
      subgraphId,
      timestamp: raw.timestamp,
      level: raw.level as LogLevelName,
      text: raw.text,
      arguments: Array.isArray(raw.arguments) ? raw.arguments.filter((a): a is [string, string] => Array.isArray(a) && a.length === 2).map(([k, v]) => [String(k), String(v)]) : [],
      meta: raw.meta && typeof raw.meta === 'object' ? { module: String(raw.meta.module ?? ''), line: Number(raw.meta.line) || 0, column: Number(raw.meta.column) || 0 } : { module: '', line: 0, column: 0 },
    };
  } catch {
    // A line cut by a crash mid-write: skipped, like graph-node skips malformed lines.
    return null;
  }
}

/** For tests and tools: the entries of a log file as this store wrote them. */
export function readLogFile(file: string, subgraphId: string): LogEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => parseLine(line, subgraphId))
    .filter((e): e is LogEntry => e !== null);
}
