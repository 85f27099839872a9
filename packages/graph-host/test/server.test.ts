/** HTTP behaviour of the query, admin and IPFS APIs (graph-node / kubo shapes). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidV0, startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureBuildDir, startChainWithEmitter, type Chain } from './ingest-helpers.js';

describe('graph host HTTP APIs', () => {
  let chain: Chain;
  let host: GraphHost;

  beforeAll(async () => {
    chain = await startChainWithEmitter();
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, pollIntervalMs: 50 });
  }, 180_000);

  afterAll(async () => {
    await host?.stop();
    await chain?.stop();
  });

  it('computes the same CIDv0 as `ipfs add` for single-chunk files', () => {
    expect(cidV0(new Uint8Array())).toBe('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH');
    expect(cidV0(new TextEncoder().encode('hello world\n'))).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
  });

  it('answers graph-node style errors', async () => {
    const unknown = await fetch(host.url.replace(/name\/.*$/, 'name/nope'), { method: 'POST', body: '{"query":"{ _meta { deployment } }"}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    const badJson = await fetch(host.url, { method: 'POST', body: '{not json' });
    expect(badJson.status).toBe(400);
    const noQuery = await fetch(host.url, { method: 'POST', body: '{}' });
    expect(noQuery.status).toBe(400);
    const invalid = await fetch(host.url, { method: 'POST', body: JSON.stringify({ query: '{ noSuchField }' }) });
    expect(invalid.status).toBe(200);
    expect(((await invalid.json()) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });

  it('stores and serves IPFS files content-addressed', async () => {
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('hello world\n')]), 'hello.txt');
    const added = await fetch(`${host.ipfsUrl}/api/v0/add?stream-channels=true`, { method: 'POST', body: form });
    const line = JSON.parse((await added.text()).trim()) as { Name: string; Hash: string; Size: string };
    expect(line).toEqual({ Name: 'hello.txt', Hash: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o', Size: '12' });
    const cat = await fetch(`${host.ipfsUrl}/api/v0/cat?arg=${line.Hash}`, { method: 'POST' });
    expect(await cat.text()).toBe('hello world\n');
    const pin = await fetch(`${host.ipfsUrl}/api/v0/pin/add?arg=${line.Hash}&recursive=true`, { method: 'POST' });
    expect(await pin.json()).toEqual({ Pins: [line.Hash] });
    const missing = await fetch(`${host.ipfsUrl}/api/v0/cat?arg=QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH`, { method: 'POST' });
    expect(missing.status).toBe(500);
  });

  it('rejects bad admin calls with JSON-RPC errors', async () => {
    const call = async (method: string, params: unknown) => {
      const response = await fetch(host.adminUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
    };
    expect((await call('subgraph_create', { name: 'bad name!' })).error?.message).toMatch(/expected valid subgraph name/);
    expect((await call('subgraph_create', { name: 'vpp' })).error?.message).toMatch(/already exists/);
    expect((await call('subgraph_deploy', { name: 'missing', ipfs_hash: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o' })).error?.message).toMatch(/not found/);
    expect((await call('subgraph_nope', {})).error?.code).toBe(-32601);
    expect((await call('subgraph_create', { name: 'other/one' })).result).toEqual({ id: 'other/one' });
    expect((await call('subgraph_remove', { name: 'other/one' })).result).toBeNull();
  });
});
