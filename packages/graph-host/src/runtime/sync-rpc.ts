/**
 * Synchronous JSON-RPC for host functions (ethereum.call, getBalance, hasCode): WASM handlers are
 * synchronous, so a worker thread does the HTTP request while the main thread blocks on Atomics.wait,
 * then pulls the answer with receiveMessageOnPort.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

// Inline worker source: no separate file to locate after bundling.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { port, signal, url } = workerData;
const flag = new Int32Array(signal);
parentPort.on('message', async (request) => {
  let reply;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request.body,
    });
    const text = await response.text();
    reply = response.ok ? { ok: true, text } : { ok: false, error: 'HTTP ' + response.status + ': ' + text.slice(0, 200) };
  } catch (error) {
    reply = { ok: false, error: String(error && error.message ? error.message : error) };
  }
  reply.id = request.id;
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** A JSON-RPC answer: either a result or the node's error object (e.g. a revert). */
export type RpcAnswer = { result: unknown; error?: undefined } | { result?: undefined; error: JsonRpcErrorObject };

export class RpcTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RpcTransportError';
  }
}

export class SyncRpcClient {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private flag: Int32Array | null = null;
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 60_000,
  ) {}

  private start(): void {
    const signal = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    this.flag = new Int32Array(signal);
    this.port = channel.port2;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: channel.port1, signal, url: this.url },
      transferList: [channel.port1],
    });
    // The worker must not keep the process alive once the runtime is idle.
    this.worker.unref();
    this.port.unref();
  }

  /** Blocks until the node answers. Throws RpcTransportError when the node cannot be reached. */
  request(method: string, params: unknown[]): RpcAnswer {
    if (!this.worker) this.start();
    const flag = this.flag!;
    Atomics.store(flag, 0, 0);
    const id = this.nextId++;
    // Drop late answers of requests that timed out earlier.
    while (receiveMessageOnPort(this.port!));
    this.worker!.postMessage({ id, body: JSON.stringify({ jsonrpc: '2.0', id, method, params }) });
    const deadline = Date.now() + this.timeoutMs;
    let reply: { id: number; ok: boolean; text?: string; error?: string } | undefined;
    while (!reply) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.wait(flag, 0, 0, remaining) === 'timed-out') {
        throw new RpcTransportError(`${method} timed out after ${this.timeoutMs} ms`);
      }
      Atomics.store(flag, 0, 0);
      for (let message = receiveMessageOnPort(this.port!); message; message = receiveMessageOnPort(this.port!)) {
        const candidate = message.message as { id: number; ok: boolean; text?: string; error?: string };
        if (candidate.id === id) reply = candidate;
      }
    }
    if (!reply.ok) throw new RpcTransportError(`${method} failed: ${reply.error}`);
    let parsed: { result?: unknown; error?: JsonRpcErrorObject };
    try {
      parsed = JSON.parse(reply.text!) as { result?: unknown; error?: JsonRpcErrorObject };
    } catch {
      throw new RpcTransportError(`${method}: invalid JSON from node`);
    }
    if (parsed.error) return { error: parsed.error };
    return { result: parsed.result };
  }

  close(): void {
    if (this.worker) void this.worker.terminate();
    this.port?.close();
    this.worker = null;
    this.port = null;
  }
}
