/**
 * The three HTTP APIs of a graph-node setup, each on its own port:
 *  - queries   (graph-node :8000): /subgraphs/name/<name> and /subgraphs/id/<deployment>
 *  - admin     (graph-node :8020): JSON-RPC subgraph_create / subgraph_deploy / subgraph_remove
 *  - IPFS      (kubo :5001):       /api/v0/add, cat, pin/add, version — what graph-cli uses
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEFAULT_SUBGRAPH_QUERY, sendGraphiqlPage, serveGraphiqlAsset } from './graphiql.js';
import type { AddressInfo } from 'node:net';
import { AdminError, type DeploymentManager } from './deployments.js';
import type { IpfsFileStore } from '../ipfs/store.js';
import { normaliseCid } from '../ipfs/store.js';
import type { SubgraphLogger } from '../types.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'access-control-allow-origin': '*',
  });
  res.end(text);
}

const CORS_PREFLIGHT = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Content-Type, User-Agent, Authorization',
  'access-control-allow-methods': 'GET, OPTIONS, POST',
};

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function queryPage(title: string, endpoint: string): string {
  const escaped = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escaped}</title>
<style>body{font:14px system-ui;margin:2em}textarea{width:100%;height:14em;font:13px monospace}pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head>
<body><h1>${escaped}</h1><p>POST GraphQL queries to this URL (graph-node API).</p>
<textarea id="q">{ _meta { block { number hash } hasIndexingErrors deployment } }</textarea><br><button id="run">Run</button><pre id="out"></pre>
<script>document.getElementById('run').onclick=async()=>{const r=await fetch(${JSON.stringify(endpoint)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({query:document.getElementById('q').value})});document.getElementById('out').textContent=JSON.stringify(await r.json(),null,2)}</script>
</body></html>`;
}

/** graph-node's query API. */
export function createQueryServer(deployments: DeploymentManager, logger: SubgraphLogger): Server {
  return createServer((req, res) => {
    handleQuery(req, res, deployments).catch((error: unknown) => {
      logger.log('error', `query request failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: (error as Error).message }] });
      else res.end();
    });
  });
}

async function handleQuery(req: IncomingMessage, res: ServerResponse, deployments: DeploymentManager): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'OPTIONS') {
    res.writeHead(200, CORS_PREFLIGHT);
    res.end();
    return;
  }
  if (serveGraphiqlAsset(req, res, url.pathname)) return;
  if (url.pathname === '/' || url.pathname === '') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Access deployed subgraphs by deployment ID at /subgraphs/id/<ID> or by name at /subgraphs/name/<NAME>' }));
    return;
  }
  if (url.pathname === '/status') {
    sendJson(res, 200, deployments.status());
    return;
  }
  const match = /^\/subgraphs\/(name|id)\/(.+?)(\/graphql)?\/?$/.exec(url.pathname);
  if (!match) {
    sendJson(res, 404, { errors: [{ message: 'Not found' }] });
    return;
  }
  const kind = match[1]!;
  const target = decodeURIComponent(match[2]!);
  const deployment = kind === 'name' ? deployments.byName(target) : deployments.byId(target);
  if (!deployment) {
    const message =
      kind === 'name'
        ? deployments.nameExists(target)
          ? `Subgraph \`${target}\` has no deployed version`
          : `Subgraph \`${target}\` not found`
        : `Deployment \`${target}\` not found`;
    sendJson(res, 404, { errors: [{ message }] });
    return;
  }

  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  if (req.method === 'GET') {
    const query = url.searchParams.get('query');
    if (query === null) {
      // Browsers get GraphiQL (graph-node serves it here too); its schema docs come from introspection.
      sendGraphiqlPage(res, `${kind === 'name' ? target : deployment.id} — graph-host`, url.pathname, DEFAULT_SUBGRAPH_QUERY);
      return;
    }
    const variablesText = url.searchParams.get('variables');
    try {
      request = { query, variables: variablesText ? (JSON.parse(variablesText) as unknown) : null, operationName: url.searchParams.get('operationName') };
    } catch {
      sendJson(res, 400, { errors: [{ message: 'Invalid variables: not valid JSON' }] });
      return;
    }
  } else if (req.method === 'POST') {
    const body = await readBody(req);
    try {
      request = JSON.parse(body.toString('utf8')) as typeof request;
    } catch (error) {
      sendJson(res, 400, { errors: [{ message: `The query is not valid JSON: ${(error as Error).message}` }] });
      return;
    }
  } else {
    sendJson(res, 405, { errors: [{ message: `Method ${req.method} not allowed` }] });
    return;
  }
  if (!request || typeof request !== 'object' || typeof request.query !== 'string') {
    sendJson(res, 400, { errors: [{ message: 'The "query" field is missing in request data' }] });
    return;
  }
  if (request.variables !== undefined && request.variables !== null && (typeof request.variables !== 'object' || Array.isArray(request.variables))) {
    sendJson(res, 400, { errors: [{ message: 'Invalid variables provided' }] });
    return;
  }
  const result = await deployment.executor.execute({
    query: request.query,
    variables: (request.variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: typeof request.operationName === 'string' ? request.operationName : null,
  });
  sendJson(res, 200, result);
}

/** graph-node's admin JSON-RPC API (the `--node` URL of `graph create` / `graph deploy`). */
export function createAdminServer(
  deployments: DeploymentManager,
  urls: { queryPort: () => number },
  logger: SubgraphLogger,
): Server {
  return createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(200, CORS_PREFLIGHT);
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'use POST with a JSON-RPC request' } });
      return;
    }
    void (async () => {
      const body = await readBody(req);
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(body.toString('utf8')) as typeof request;
      } catch {
        sendJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
        return;
      }
      const id = request.id ?? null;
      try {
        const result = await adminCall(deployments, String(request.method), (request.params ?? {}) as Record<string, unknown>, urls.queryPort());
        sendJson(res, 200, { jsonrpc: '2.0', id, result });
      } catch (error) {
        const code = error instanceof AdminError ? error.code : -32603;
        logger.log('warning', `admin ${String(request.method)} failed: ${(error as Error).message}`);
        sendJson(res, 200, { jsonrpc: '2.0', id, error: { code, message: (error as Error).message } });
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { jsonrpc: '2.0', id: null, error: { code: -32603, message: (error as Error).message } });
    });
  });
}

function stringParam(params: Record<string, unknown>, key: string, required: true): string;
function stringParam(params: Record<string, unknown>, key: string, required: false): string | null;
function stringParam(params: Record<string, unknown>, key: string, required: boolean): string | null {
  const value = params[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (required) throw new AdminError(`Invalid params: missing string field \`${key}\``, -32602);
  return null;
}

async function adminCall(deployments: DeploymentManager, method: string, params: Record<string, unknown>, queryPort: number): Promise<unknown> {
  switch (method) {
    case 'subgraph_create':
      return deployments.create(stringParam(params, 'name', true));
    case 'subgraph_deploy': {
      const name = stringParam(params, 'name', true);
      const hash = stringParam(params, 'ipfs_hash', true);
      if (!normaliseCid(hash)) throw new AdminError(`Invalid params: ${hash} is not an IPFS hash`, -32602);
      await deployments.deployIpfs(name, normaliseCid(hash)!, stringParam(params, 'version_label', false));
      // Same shape as graph-node: ports without a host; graph-cli prefixes the node's host.
      return {
        playground: `:${queryPort}/subgraphs/name/${name}/graphql`,
        queries: `:${queryPort}/subgraphs/name/${name}`,
        subscriptions: `:${queryPort}/subgraphs/name/${name}`,
      };
    }
    case 'subgraph_remove':
      await deployments.remove(stringParam(params, 'name', true));
      return null;
    default:
      throw new AdminError(`Method not found: ${method}`, -32601);
  }
}

/** Parses a multipart/form-data body into its file parts. */
function parseMultipart(body: Buffer, contentType: string): { name: string; contentType: string; content: Buffer }[] {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundaryMatch) throw new Error('multipart body without boundary');
  const boundary = Buffer.from(`--${boundaryMatch[1] ?? boundaryMatch[2]!}`);
  const parts: { name: string; contentType: string; content: Buffer }[] = [];
  let position = body.indexOf(boundary);
  while (position !== -1) {
    const start = position + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd === -1) break;
    const headers = body.subarray(start, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next === -1) break;
    const content = body.subarray(headerEnd + 4, next - 2); // strip the CRLF before the boundary
    const filename = /filename\*?=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
    const type = /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    parts.push({ name: decodeURIComponent(filename?.[1] ?? filename?.[2] ?? ''), contentType: type, content });
    position = next;
  }
  return parts;
}

/** The subset of kubo's RPC API graph-cli and graph-node use. */
export function createIpfsServer(ipfs: IpfsFileStore, logger: SubgraphLogger): Server {
  return createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS') {
        res.writeHead(200, CORS_PREFLIGHT);
        res.end();
        return;
      }
      const command = url.pathname.replace(/^\/api\/v0\//, '').replace(/\/$/, '');
      const arg = url.searchParams.get('arg');
      switch (command) {
        case 'version':
          sendJson(res, 200, { Version: '0.0.0-graph-host', Commit: '', Repo: '0', System: `${process.arch}/${process.platform}`, Golang: '' });
          return;
        case 'id':
          sendJson(res, 200, { ID: 'graph-host', Addresses: [], AgentVersion: 'graph-host', Protocols: [] });
          return;
        case 'add': {
          const body = await readBody(req);
          const parts = parseMultipart(body, req.headers['content-type'] ?? '');
          const lines: string[] = [];
          for (const part of parts) {
            if (part.contentType === 'application/x-directory') continue;
            const { cid, size } = ipfs.add(part.content);
            lines.push(JSON.stringify({ Name: part.name || cid, Hash: cid, Size: String(size) }));
          }
          res.writeHead(200, { 'content-type': 'application/json', 'x-chunked-output': '1', 'access-control-allow-origin': '*' });
          res.end(lines.map((line) => `${line}\n`).join(''));
          return;
        }
        case 'cat':
        case 'get':
        case 'block/get': {
          const content = arg ? ipfs.get(arg) : null;
          if (!content) {
            sendJson(res, 500, { Message: `${arg ?? '(no arg)'}: not found in the local store`, Code: 0, Type: 'error' });
            return;
          }
          res.writeHead(200, { 'content-type': 'text/plain', 'x-stream-output': '1', 'content-length': content.length, 'access-control-allow-origin': '*' });
          res.end(content);
          return;
        }
        case 'pin/add': {
          try {
            const cid = ipfs.pin(arg ?? '');
            sendJson(res, 200, { Pins: [cid] });
          } catch (error) {
            sendJson(res, 500, { Message: (error as Error).message, Code: 0, Type: 'error' });
          }
          return;
        }
        default:
          sendJson(res, 404, { Message: `command not supported by the graph host: ${command}`, Code: 0, Type: 'error' });
      }
    })().catch((error: unknown) => {
      logger.log('warning', `IPFS request failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { Message: (error as Error).message, Code: 0, Type: 'error' });
    });
  });
}
