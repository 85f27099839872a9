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
import { IpfsFileTooLargeError, IpfsStoreFullError, type IpfsFileStore } from '../ipfs/store.js';
import { normaliseCid } from '../ipfs/store.js';
import { BodyTooLargeError, checkAccess, readBody, type AccessPolicy } from './guards.js';
import { DEFAULT_QUERY_LIMITS } from '../graphql/limits.js';
import type { SubgraphLogger } from '../types.js';

/** Admin JSON-RPC requests are small (names and hashes). */
const ADMIN_MAX_BODY_BYTES = 64 * 1024;

/** JSON answer; only the query API (public, like graph-node's) allows any origin. */
function sendJson(res: ServerResponse, status: number, body: unknown, cors = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(cors ? { 'access-control-allow-origin': '*' } : {}),
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

export interface QueryServerOptions {
  /** Largest query request body (GRAPH_HOST_GRAPHQL_MAX_BODY); default 2 MiB. */
  maxBodyBytes?: number;
}

/** graph-node's query API. */
export function createQueryServer(deployments: DeploymentManager, logger: SubgraphLogger, options: QueryServerOptions = {}): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_QUERY_LIMITS.maxBodyBytes;
  return createServer((req, res) => {
    handleQuery(req, res, deployments, maxBodyBytes).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        if (!res.headersSent) sendJson(res, 413, { errors: [{ message: `The query request is larger than the limit of ${error.limit} bytes` }] }, true);
        return;
      }
      // Internal details (database messages, stack) stay in the log.
      logger.log('error', `query request failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] }, true);
      else res.end();
    });
  });
}

async function handleQuery(req: IncomingMessage, res: ServerResponse, deployments: DeploymentManager, maxBodyBytes: number): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    sendJson(res, 400, { errors: [{ message: 'Malformed request URL' }] }, true);
    return;
  }
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
    sendJson(res, 200, deployments.status(), true);
    return;
  }
  const match = /^\/subgraphs\/(name|id)\/(.+?)(\/graphql)?\/?$/.exec(url.pathname);
  if (!match) {
    sendJson(res, 404, { errors: [{ message: 'Not found' }] }, true);
    return;
  }
  const kind = match[1]!;
  let target: string;
  try {
    target = decodeURIComponent(match[2]!);
  } catch {
    sendJson(res, 400, { errors: [{ message: 'Malformed request URL: invalid percent-encoding' }] }, true);
    return;
  }
  const deployment = kind === 'name' ? deployments.byName(target) : deployments.byId(target);
  if (!deployment) {
    const message =
      kind === 'name'
        ? deployments.nameExists(target)
          ? `Subgraph \`${target}\` has no deployed version`
          : `Subgraph \`${target}\` not found`
        : `Deployment \`${target}\` not found`;
    sendJson(res, 404, { errors: [{ message }] }, true);
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
      sendJson(res, 400, { errors: [{ message: 'Invalid variables: not valid JSON' }] }, true);
      return;
    }
  } else if (req.method === 'POST') {
    const body = await readBody(req, res, maxBodyBytes);
    try {
      request = JSON.parse(body.toString('utf8')) as typeof request;
    } catch (error) {
      sendJson(res, 400, { errors: [{ message: `The query is not valid JSON: ${(error as Error).message}` }] }, true);
      return;
    }
  } else {
    sendJson(res, 405, { errors: [{ message: `Method ${req.method} not allowed` }] }, true);
    return;
  }
  if (!request || typeof request !== 'object' || typeof request.query !== 'string') {
    sendJson(res, 400, { errors: [{ message: 'The "query" field is missing in request data' }] }, true);
    return;
  }
  if (request.variables !== undefined && request.variables !== null && (typeof request.variables !== 'object' || Array.isArray(request.variables))) {
    sendJson(res, 400, { errors: [{ message: 'Invalid variables provided' }] }, true);
    return;
  }
  // A client that goes away stops the query's database work.
  const gone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) gone.abort();
  };
  res.once('close', onClose);
  try {
    const result = await deployment.executor.execute({
      query: request.query,
      variables: (request.variables as Record<string, unknown> | null | undefined) ?? null,
      operationName: typeof request.operationName === 'string' ? request.operationName : null,
      signal: gone.signal,
    });
    if (!gone.signal.aborted) sendJson(res, 200, result, true);
  } finally {
    res.off('close', onClose);
  }
}

/** graph-node's admin JSON-RPC API (the `--node` URL of `graph create` / `graph deploy`). */
export function createAdminServer(
  deployments: DeploymentManager,
  urls: { queryPort: () => number },
  logger: SubgraphLogger,
  access: AccessPolicy = { allowedHosts: [], token: null },
): Server {
  const rpcError = (res: ServerResponse, status: number, code: number, message: string, id: unknown = null) =>
    sendJson(res, status, { jsonrpc: '2.0', id, error: { code, message } });
  return createServer((req, res) => {
    // No CORS: a web page must not be able to drive the admin API from a developer's browser.
    const denied = checkAccess(req, access, true);
    if (denied) {
      logger.log('warning', `admin request refused: ${denied.message}`);
      rpcError(res, denied.status, -32600, denied.message);
      return;
    }
    if (req.method !== 'POST') {
      rpcError(res, 405, -32600, 'use POST with a JSON-RPC request');
      return;
    }
    void (async () => {
      let body: Buffer;
      try {
        body = await readBody(req, res, ADMIN_MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) rpcError(res, 413, -32600, `Invalid Request: larger than ${error.limit} bytes`);
        else res.destroy();
        return;
      }
      let request: unknown;
      try {
        request = JSON.parse(body.toString('utf8'));
      } catch {
        rpcError(res, 400, -32700, 'Parse error');
        return;
      }
      if (!request || typeof request !== 'object' || Array.isArray(request)) {
        rpcError(res, 400, -32600, 'Invalid Request: expected a JSON-RPC request object');
        return;
      }
      const { id = null, method, params = {} } = request as { id?: unknown; method?: unknown; params?: unknown };
      if (typeof method !== 'string') {
        rpcError(res, 400, -32600, 'Invalid Request: missing method', id);
        return;
      }
      if (!params || typeof params !== 'object' || Array.isArray(params)) {
        rpcError(res, 200, -32602, 'Invalid params: expected an object', id);
        return;
      }
      try {
        const result = await adminCall(deployments, method, params as Record<string, unknown>, urls.queryPort());
        sendJson(res, 200, { jsonrpc: '2.0', id, result });
      } catch (error) {
        if (!(error instanceof AdminError)) logger.log('error', `admin ${method} failed`, { error: (error as Error).stack ?? String(error) });
        else logger.log('warning', `admin ${method} failed: ${error.message}`);
        // Unexpected errors (store, file system) keep their details in the log.
        rpcError(res, 200, error instanceof AdminError ? error.code : -32603, error instanceof AdminError ? error.message : 'Internal error (see the host log)', id);
      }
    })().catch((error: unknown) => {
      logger.log('error', `admin request failed: ${(error as Error).message}`);
      if (!res.headersSent) rpcError(res, 500, -32603, 'Internal error (see the host log)');
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
    const rawName = filename?.[1] ?? filename?.[2] ?? '';
    let name = rawName;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      // not percent-encoded: keep it as sent
    }
    parts.push({ name, contentType: type, content });
    position = next;
  }
  return parts;
}

/** The subset of kubo's RPC API graph-cli and graph-node use. */
export function createIpfsServer(ipfs: IpfsFileStore, logger: SubgraphLogger, access: AccessPolicy = { allowedHosts: [], token: null }): Server {
  // One file plus room for the multipart framing.
  const maxAddBytes = ipfs.limits.maxFileBytes + 64 * 1024;
  const ipfsError = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { Message: message, Code: 0, Type: 'error' });
  return createServer((req, res) => {
    void (async () => {
      // Like kubo's API: no cross-site browser access, so a web page cannot fill the disk or read files.
      const denied = checkAccess(req, access, false);
      if (denied) {
        ipfsError(res, denied.status, denied.message);
        return;
      }
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        ipfsError(res, 400, 'malformed request URL');
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
          let parts: ReturnType<typeof parseMultipart>;
          try {
            parts = parseMultipart(await readBody(req, res, maxAddBytes), req.headers['content-type'] ?? '');
          } catch (error) {
            if (error instanceof BodyTooLargeError) ipfsError(res, 413, `request larger than the limit of ${error.limit} bytes (files may have at most ${ipfs.limits.maxFileBytes} bytes)`);
            else ipfsError(res, 400, `invalid multipart body: ${(error as Error).message}`);
            return;
          }
          const lines: string[] = [];
          for (const part of parts) {
            if (part.contentType === 'application/x-directory') continue;
            try {
              const { cid, size } = ipfs.add(part.content);
              lines.push(JSON.stringify({ Name: part.name || cid, Hash: cid, Size: String(size) }));
            } catch (error) {
              if (error instanceof IpfsFileTooLargeError) ipfsError(res, 413, error.message);
              else if (error instanceof IpfsStoreFullError) ipfsError(res, 507, error.message);
              else throw error;
              return;
            }
          }
          res.writeHead(200, { 'content-type': 'application/json', 'x-chunked-output': '1' });
          res.end(lines.map((line) => `${line}\n`).join(''));
          return;
        }
        case 'cat':
        case 'get':
        case 'block/get': {
          const content = arg ? ipfs.get(arg) : null;
          if (!content) {
            ipfsError(res, 500, `${arg ?? '(no arg)'}: not found in the local store`);
            return;
          }
          res.writeHead(200, { 'content-type': 'text/plain', 'x-stream-output': '1', 'content-length': content.length });
          res.end(content);
          return;
        }
        case 'pin/add': {
          try {
            const cid = ipfs.pin(arg ?? '');
            sendJson(res, 200, { Pins: [cid] });
          } catch (error) {
            ipfsError(res, 500, (error as Error).message);
          }
          return;
        }
        default:
          ipfsError(res, 404, `command not supported by the graph host: ${command}`);
      }
    })().catch((error: unknown) => {
      logger.log('warning', `IPFS request failed: ${(error as Error).message}`);
      if (!res.headersSent) ipfsError(res, 500, 'internal error (see the host log)');
    });
  });
}
