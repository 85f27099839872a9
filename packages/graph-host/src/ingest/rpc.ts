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

  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async request<T>(method: string, params: unknown[]): Promise<T> {
    const id = this.nextId++;
    const response = (await this.post({ jsonrpc: '2.0', id, method, params }, method)) as RpcResponse;
    if (response.error) throw new RpcError(response.error.message, response.error.code, method);
    return response.result as T;
  }

  /** Runs calls as one batch request; results in call order. */
  async batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
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

export const hexToNumber = (hex: string): number => Number.parseInt(hex, 16);
export const numberToHex = (n: number): `0x${string}` => `0x${n.toString(16)}`;
