/**
 * The host as an attacker meets it over HTTP: query attacks answered quickly while `_meta` keeps
 * being served, a client that disconnects stops its query's SQL, bounded bodies answered with 413,
 * malformed input answered 400; the admin API closed to browsers (no CORS, Host/Origin checks,
 * optional token), safe subgraph names, a cap on open deployments; IPFS files on disk with a
 * bounded cache. Real anvil, the real fixture subgraph, real sockets.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminError,
  DeploymentManager,
  IpfsFileStore,
  cidV0,
  createAdminServer,
  createIpfsServer,
  createQueryServer,
  startGraphHost,
  type GraphHost,
} from '../src/index.js';
import { DEFAULT_QUERY_LIMITS } from '../src/graphql/index.js';
import { closeServer, listen } from '../src/server/http.js';
import type { SubgraphLogger } from '../src/types.js';
import { fixtureBuildDir, startChainWithEmitter, type Chain } from './ingest-helpers.js';

const quiet: SubgraphLogger = { log: () => undefined };

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request with full control of the headers (Host, Origin), as a browser or curl would send. */
function raw(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpc = (method: string, params: unknown = {}) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

/** The fixture build copied with a changed manifest comment: same subgraph, another deployment id. */
function variantBuild(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-host-variant-'));
  cpSync(fixtureBuildDir, dir, { recursive: true });
  const manifest = path.join(dir, 'subgraph.yaml');
  writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}\n# variant ${tag}\n`);
  return dir;
}

describe('admin and IPFS APIs are closed to browsers and bad input', { timeout: 120_000 }, () => {
  let host: GraphHost;
  const token = 'correct-horse-battery-staple';

  beforeAll(async () => {
    // No subgraph and no chain needed: the admin and IPFS surfaces alone.
    host = await startGraphHost({ rpcUrl: 'http://127.0.0.1:9', adminToken: token, logger: quiet, ipfsLimits: { maxFileBytes: 1024, maxStoreBytes: 4096 } });
  });

  afterAll(async () => {
    await host?.stop();
  });

  const admin = (body: string, headers: Record<string, string> = {}) =>
    raw(host.adminPort, { body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers } });

  it('answers no CORS preflight and refuses foreign Origin and Host headers (DNS rebinding)', async () => {
    const preflight = await raw(host.adminPort, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.status).toBe(403);
    // A "simple" cross-site POST (no preflight) from a page is refused by its Origin.
    const crossSite = await admin(rpc('subgraph_create', { name: 'evil' }), { origin: 'https://evil.example', 'content-type': 'text/plain' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['access-control-allow-origin']).toBeUndefined();
    // DNS rebinding: the page's origin resolves to 127.0.0.1 but the Host header keeps its name.
    const rebound = await admin(rpc('subgraph_create', { name: 'evil' }), { host: `evil.example:${host.adminPort}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.message).toMatch(/Host "evil\.example:\d+" is not allowed/);
    const ipfsRebound = await raw(host.ipfsPort, { path: '/api/v0/version', headers: { host: 'evil.example' } });
    expect(ipfsRebound.status).toBe(403);
    // Loopback names pass.
    for (const name of ['localhost', '127.0.0.1', '[::1]']) {
      const ok = await admin(rpc('subgraph_nope'), { host: `${name}:${host.adminPort}` });
      expect(ok.status, name).toBe(200);
      expect(JSON.parse(ok.body).error.code).toBe(-32601);
    }
  });

  it('requires the configured token (what graph deploy --access-token sends)', async () => {
    const none = await raw(host.adminPort, { body: rpc('subgraph_create', { name: 'tokenless' }) });
    expect(none.status).toBe(401);
    const wrong = await admin(rpc('subgraph_create', { name: 'tokenless' }), { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const right = await admin(rpc('subgraph_create', { name: 'tokenful' }));
    expect(JSON.parse(right.body)).toEqual({ jsonrpc: '2.0', id: 1, result: { id: 'tokenful' } });
  });

  it('answers 400, not 500, to a null, array or non-object admin body, and to a malformed URI', async () => {
    for (const body of ['null', '[]', '"x"', '42']) {
      const response = await admin(body);
      expect(response.status, body).toBe(400);
      expect(JSON.parse(response.body).error.code).toBe(-32600);
    }
    expect((await admin('{not json')).status).toBe(400);
    const uri = await raw(host.port, { method: 'GET', path: '/subgraphs/name/%E0%A4%A' });
    expect(uri.status).toBe(400);
    expect(JSON.parse(uri.body)).toEqual({ errors: [{ message: 'Malformed request URL: invalid percent-encoding' }] });
  });

  it('validates names like graph-node and keeps names such as `constructor` ordinary (no __proto__ ghost deployments)', async () => {
    const call = async (method: string, params: unknown) => JSON.parse((await admin(rpc(method, params))).body) as { result?: unknown; error?: { code: number; message: string } };
    for (const name of ['__proto__', 'a//b', 'graphql', 'x/graphql', '-lead', 'trail-', '123', 'bad name!', 'a'.repeat(256)]) {
      const result = await call('subgraph_create', { name });
      expect(result.error, name).toEqual({ code: -32602, message: `Invalid params: invalid value: string ${JSON.stringify(name)}, expected valid subgraph name` });
    }
    expect((await call('subgraph_deploy', { name: '__proto__', ipfs_hash: cidV0(new Uint8Array([1])) })).error?.code).toBe(-32602);
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'org/sub-graph_1']) {
      expect((await call('subgraph_remove', { name })).error?.message, name).toBe(`subgraph name not found: ${name}`);
      expect((await call('subgraph_create', { name })).result, name).toEqual({ id: name });
      expect((await call('subgraph_create', { name })).error?.message, name).toBe(`subgraph already exists: ${name}`);
      expect((await call('subgraph_remove', { name })).result, name).toBeNull();
    }
    expect(host.status()).toEqual([]);
  });

  it('caps IPFS adds with 413 (a readable answer, not a reset), a full store with 507, and refuses cross-site adds', async () => {
    const add = (content: Buffer, headers: Record<string, string> = {}) => {
      const boundary = 'graphhostboundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="f.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return raw(host.ipfsPort, { path: '/api/v0/add', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers } });
    };
    const small = await add(Buffer.alloc(1000, 1));
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body).Hash).toBe(cidV0(new Uint8Array(1000).fill(1)));
    const overFile = await add(Buffer.alloc(2000, 2));
    expect(overFile.status).toBe(413);
    expect(JSON.parse(overFile.body).Message).toMatch(/exceeds the limit of 1024 bytes/);
    // Far over the request cap: the answer is still a 413 the client can read.
    const huge = await add(Buffer.alloc(4 * 1024 * 1024, 3));
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).Message).toMatch(/larger than the limit/);
    for (let i = 0; i < 3; i++) expect((await add(Buffer.alloc(1000, 10 + i))).status).toBe(200);
    const full = await add(Buffer.alloc(1000, 20));
    expect(full.status).toBe(507);
    const crossSite = await add(Buffer.alloc(10, 4), { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('IPFS files live on disk with a bounded in-memory cache', () => {
  it('serves every file while holding at most cacheBytes in memory, and keeps them across a reopen', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graph-host-ipfs-test-'));
    try {
      const store = new IpfsFileStore(dir, { cacheBytes: 2500, maxFileBytes: 10_000, maxStoreBytes: 100_000 });
      const files = Array.from({ length: 10 }, (_, i) => new Uint8Array(1000).fill(i + 1));
      const cids = files.map((f) => store.add(f).cid);
      for (const cid of cids) expect(existsSync(path.join(dir, cid))).toBe(true);
      expect(store.cachedBytes()).toBe(0);
      for (let round = 0; round < 2; round++) {
        cids.forEach((cid, i) => {
          expect(store.get(cid)).toEqual(files[i]);
          expect(store.cachedBytes()).toBeLessThanOrEqual(2500);
        });
      }
      expect(store.storedBytes()).toBe(10_000);
      const reopened = new IpfsFileStore(dir, { cacheBytes: 2500 });
      expect(reopened.get(`/ipfs/${cids[3]}`)).toEqual(files[3]);
      expect(reopened.storedBytes()).toBe(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps in-memory hosts\' files in a temporary directory removed on close', () => {
    const store = new IpfsFileStore(null);
    const { cid } = store.add(new TextEncoder().encode('hello world\n'));
    const dir = (store as unknown as { dir: string }).dir;
    expect(existsSync(path.join(dir, cid))).toBe(true);
    store.close();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('open deployments are capped', { timeout: 180_000 }, () => {
  it('refuses a deployment past maxDeployments, but lets a name switch to a new version', async () => {
    const ipfs = new IpfsFileStore(null);
    const deployments = new DeploymentManager({ rpcUrl: 'http://127.0.0.1:9', dataDir: null, ipfs, logger: quiet, maxDeployments: 1 });
    const variants = [variantBuild('a'), variantBuild('b')];
    try {
      const first = await deployments.deployLocal('one', variants[0]!);
      await expect(deployments.deployLocal('two', variants[1]!)).rejects.toThrow(AdminError);
      await expect(deployments.deployLocal('two', variants[1]!)).rejects.toThrow(/at most 1 deployments at once \(GRAPH_HOST_MAX_DEPLOYMENTS\)/);
      // Replacing the only version of a name does not need a second slot.
      const second = await deployments.deployLocal('one', variants[1]!);
      expect(second.id).not.toBe(first.id);
      expect(deployments.status().map((s) => s.deploymentId)).toEqual([second.id]);
    } finally {
      await deployments.closeAll();
      ipfs.close();
      for (const dir of variants) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('query server under attack', { timeout: 300_000 }, () => {
  let chain: Chain;
  let deployments: DeploymentManager;
  let ipfs: IpfsFileStore;
  let server: Server;
  let port = 0;
  let statements = 0;
  const name = 'attacked';
  const url = () => `http://127.0.0.1:${port}/subgraphs/name/${name}`;
  const post = async (query: string) => {
    const response = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] } };
  };

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    for (let i = 0; i < 60; i++) await chain.deposit(BigInt(i + 1));
    ipfs = new IpfsFileStore(null);
    deployments = new DeploymentManager({
      rpcUrl: chain.rpcUrl,
      dataDir: null,
      ipfs,
      logger: quiet,
      indexer: { pollIntervalMs: 50 },
      // Complexity unlimited only for the disconnect test's deliberately expensive query; the attacks use the defaults' other limits.
      queryLimits: { ...DEFAULT_QUERY_LIMITS, maxComplexity: 500_000 },
    });
    await deployments.deployLocal(name, fixtureBuildDir);
    const deployment = deployments.byName(name)!;
    await deployment.indexer.waitForBlock(await chain.blockNumber(), 120_000);
    const db = deployment.store as unknown as { db: { query: (...args: unknown[]) => Promise<unknown> } };
    const query = db.db.query.bind(db.db);
    db.db.query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
    server = createQueryServer(deployments, quiet, { maxBodyBytes: 64 * 1024 });
    port = await listen(server, 0, '127.0.0.1');
  }, 240_000);

  afterAll(async () => {
    if (server) await closeServer(server);
    await deployments?.closeAll();
    ipfs?.close();
    await chain?.stop();
  });

  it('answers the issue\'s attacks with a clear error in well under a second while _meta keeps being served', async () => {
    const nested = (depth: number) => {
      let inner = 'id';
      for (let level = depth; level >= 2; level--) inner = `id ${level % 2 === 0 ? 'deposits(first: 1000)' : 'account'} { ${inner} }`;
      return `{ accounts(first: 1000) { ${inner} } }`;
    };
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: depositEvents(first: 1000) { id amount note }`).join(' ')} }`;
    let stop = false;
    const metaTimes: number[] = [];
    const metaLoop = (async () => {
      while (!stop) {
        const start = performance.now();
        const meta = await post('{ _meta { block { number } } }');
        expect(meta.body.errors).toBeUndefined();
        metaTimes.push(performance.now() - start);
      }
    })();
    for (const query of [nested(8), nested(10), aliases]) {
      const start = performance.now();
      const answer = await post(query);
      const ms = performance.now() - start;
      expect(answer.status).toBe(200);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.message).toMatch(/^query potentially returns `\d+` entities or more/);
      expect(ms).toBeLessThan(1000);
    }
    stop = true;
    await metaLoop;
    expect(metaTimes.length).toBeGreaterThan(0);
  });

  it('stops the SQL of a query whose client disconnects', async () => {
    // Within the static limits but expensive: one statement per parent, ~3,600 of them.
    const heavy = `{ depositEvents(first: 60) { id account { deposits(first: 60) { id account { deposits(first: 60) { id amount } } } } } }`;
    const before = statements;
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `/subgraphs/name/${name}`, headers: { 'content-type': 'application/json' } });
      req.on('error', () => resolve());
      req.end(JSON.stringify({ query: heavy }));
      const poll = setInterval(() => {
        if (statements - before >= 30) {
          clearInterval(poll);
          req.destroy();
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterDisconnect = statements;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(statements).toBe(afterDisconnect);
    expect(afterDisconnect - before).toBeLessThan(1000);
  });

  it('answers an oversized query body with 413 and a readable error', async () => {
    const body = JSON.stringify({ query: `{ _meta { deployment } }`, variables: { pad: 'x'.repeat(200 * 1024) } });
    const response = await raw(port, { path: `/subgraphs/name/${name}`, body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).errors[0].message).toMatch(/larger than the limit of 65536 bytes/);
  });
});

describe('admin server factory defaults', () => {
  it('refuses foreign hosts even without a configured policy', async () => {
    const ipfs = new IpfsFileStore(null);
    const deployments = new DeploymentManager({ rpcUrl: 'http://127.0.0.1:9', dataDir: null, ipfs, logger: quiet });
    const adminServer = createAdminServer(deployments, { queryPort: () => 0 }, quiet);
    const ipfsServer = createIpfsServer(ipfs, quiet);
    try {
      const adminPort = await listen(adminServer, 0, '127.0.0.1');
      const ipfsPort = await listen(ipfsServer, 0, '127.0.0.1');
      expect((await raw(adminPort, { body: rpc('subgraph_create', { name: 'x' }), headers: { host: 'attacker.test' } })).status).toBe(403);
      expect((await raw(ipfsPort, { path: '/api/v0/id', headers: { host: 'attacker.test' } })).status).toBe(403);
      expect((await raw(adminPort, { body: rpc('subgraph_create', { name: 'x' }) })).status).toBe(200);
    } finally {
      await closeServer(adminServer);
      await closeServer(ipfsServer);
      ipfs.close();
    }
  });
});
