/**
 * A JSON-RPC proxy in front of a node, in a worker thread (mapping eth_calls are synchronous and
 * block the main thread while they wait, so an in-thread proxy would deadlock). `intercept` is the
 * body of a plain-JS function `(request, state, workerData)` run in the worker for every request: it
 * returns `[status, payload]` to answer itself, or nothing to forward upstream. `state` is posted to
 * the test after every request.
 */
import { Worker } from 'node:worker_threads';

export interface RpcProxy<State> {
  url: string;
  /** The worker's `state` as last posted. */
  state: State;
  stop(): Promise<void>;
}

export async function startRpcProxy<State extends object>(opts: {
  upstream: string;
  intercept: string;
  state: State;
  workerData?: Record<string, unknown>;
}): Promise<RpcProxy<State>> {
  const source = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const state = workerData.state;
const intercept = (request, state, workerData) => { ${opts.intercept} };
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const reply = (status, payload) => {
      parentPort.postMessage({ state });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const answer = intercept(JSON.parse(body), state, workerData);
    if (answer) return reply(answer[0], answer[1]);
    fetch(workerData.upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then(async (upstream) => reply(upstream.status, await upstream.json()))
      .catch((error) => reply(502, { error: String(error) }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;
  const worker = new Worker(source, { eval: true, workerData: { ...opts.workerData, upstream: opts.upstream, state: opts.state } });
  const proxy: RpcProxy<State> = { url: '', state: { ...opts.state }, stop: async () => void (await worker.terminate()) };
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (message: { port?: number; state?: State }) => {
      if (message.port) resolve(message.port);
      if (message.state) proxy.state = message.state;
    });
    worker.once('error', reject);
  });
  proxy.url = `http://127.0.0.1:${port}`;
  return proxy;
}
