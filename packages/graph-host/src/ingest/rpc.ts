/**
 * Minimal JSON-RPC client for ingestion: node:http with keep-alive, batch requests (one round trip for many
 * blocks), and errors that keep the node's message so range-size heuristics can read it.
 */
import { postJson, type HttpAnswer } from './http-post.js';

export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly method: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

interface RpcResponse {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export class JsonRpcClient {
  private nextId = 1;
  /** Some providers reject batches; after the first refusal requests are sent one by one. */
  private batchSupported = true;

  /** Answers requested ahead of their caller (see prime), by method and params. */
  private readonly primed = new Map<string, Promise<unknown>>();
  /** Primed answers taken so far (a primer stops once its consumer runs). */
  claims = 0;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /**
   * Sends a request now; the next identical request (same method and params) takes its answer
   * instead of asking again. Lets work that knows what the caller will ask (the first backfill
   * requests of a new store) overlap with something else. Unclaimed answers are dropped after 60 s.
   */
  prime<T>(method: string, params: unknown[]): Promise<T> {
    const key = primeKey(method, params);
    const existing = this.primed.get(key);
    if (existing) return existing as Promise<T>;
    const answer = this.send<T>(method, params);
    answer.catch(() => undefined); // observed by whoever claims it
    this.primed.set(key, answer);
    setTimeout(() => {
      if (this.primed.get(key) === answer) this.primed.delete(key);
    }, 60_000).unref();
    return answer;
  }

  private claim<T>(method: string, params: unknown[]): Promise<T> | undefined {
    if (this.primed.size === 0) return undefined;
    const key = primeKey(method, params);
    const answer = this.primed.get(key);
    if (answer) {
      this.primed.delete(key);
      this.claims++;
    }
    return answer as Promise<T> | undefined;
  }

  request<T>(method: string, params: unknown[]): Promise<T> {
    return this.claim<T>(method, params) ?? this.send<T>(method, params);
  }

  private async send<T>(method: string, params: unknown[]): Promise<T> {
    const id = this.nextId++;
    const response = (await this.post({ jsonrpc: '2.0', id, method, params }, method)) as RpcResponse;
    if (response.error) throw new RpcError(response.error.message, response.error.code, method);
    return response.result as T;
  }

  /** Runs calls as one batch request; results in call order. */
  async batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    if (this.primed.size > 0 && calls.every((call) => this.primed.has(primeKey(call.method, call.params)))) {
      return Promise.all(calls.map((call) => this.claim<T>(call.method, call.params)!));
    }
    return this.sendBatch<T>(calls);
  }

  /** prime() for a batch: sent now as one batch request, claimed later call by call or as the same batch. */
  primeBatch(calls: { method: string; params: unknown[] }[]): void {
    const pending = calls.filter((call) => !this.primed.has(primeKey(call.method, call.params)));
    if (pending.length === 0) return;
    const all = this.sendBatch<unknown>(pending);
    all.catch(() => undefined);
    pending.forEach((call, i) => {
      const key = primeKey(call.method, call.params);
      const answer = all.then((results) => results[i]);
      answer.catch(() => undefined);
      this.primed.set(key, answer);
      setTimeout(() => {
        if (this.primed.get(key) === answer) this.primed.delete(key);
      }, 60_000).unref();
    });
  }

  private async sendBatch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 1 || !this.batchSupported) {
      return Promise.all(calls.map((call) => this.request<T>(call.method, call.params)));
    }
    const firstId = this.nextId;
    this.nextId += calls.length;
    const body = calls.map((call, i) => ({ jsonrpc: '2.0', id: firstId + i, method: call.method, params: call.params }));
    let raw: unknown;
    try {
      raw = await this.post(body, calls[0]!.method);
    } catch (error) {
      // A 4xx answer to a batch means "no batches here"; network errors propagate.
      if (!(error instanceof RpcError && error.code !== null && error.code >= 400 && error.code < 500)) throw error;
      raw = null;
    }
    if (!Array.isArray(raw)) {
      this.batchSupported = false;
      return this.batch(calls);
    }
    const byId = new Map<number, RpcResponse>();
    for (const item of raw as RpcResponse[]) byId.set(item.id, item);
    return calls.map((call, i) => {
      const item = byId.get(firstId + i);
      if (!item) throw new RpcError(`no response for batched ${call.method}`, null, call.method);
      if (item.error) throw new RpcError(item.error.message, item.error.code, call.method);
      return item.result as T;
    });
  }

  private async post(body: unknown, method: string): Promise<unknown> {
    let response: HttpAnswer;
    try {
      response = await postJson(this.url, JSON.stringify(body), this.timeoutMs);
    } catch (error) {
      throw new RpcError(`${method}: ${(error as Error).message}`, null, method);
    }
    const text = response.text;
    if (response.status < 200 || response.status > 299) {
      throw new RpcError(`${method}: HTTP ${response.status} ${text.slice(0, 200)}`, response.status, method);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RpcError(`${method}: invalid JSON response ${text.slice(0, 200)}`, null, method);
    }
  }
}

function primeKey(method: string, params: unknown[]): string {
  return `${method} ${JSON.stringify(params)}`;
}

export const hexToNumber = (hex: string): number => Number.parseInt(hex, 16);
export const numberToHex = (n: number): `0x${string}` => `0x${n.toString(16)}`;
