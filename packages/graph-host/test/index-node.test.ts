/**
 * The index-node status API's HTTP surface without a chain: graph-node's schema answers (including
 * introspection, which graph-node's tooling and GraphiQL send), and hostile or malformed requests
 * get quick, clear errors while the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHost, type GraphHost } from '../src/index.js';

describe('index-node status API', () => {
  let host: GraphHost;

  beforeAll(async () => {
    // No subgraph and an unreachable node: the API must still answer.
    host = await startGraphHost({ rpcUrl: 'http://127.0.0.1:9', logger: { log: () => {} } });
  });

  afterAll(async () => {
    await host?.stop();
  });

  const post = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const response = await fetch(host.indexNodeUrl, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('answers graph-node\'s queries and introspection', async () => {
    expect(host.indexNodeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const empty = await post(JSON.stringify({ query: '{ indexingStatuses { subgraph } indexingStatusForCurrentVersion(subgraphName: "none") { subgraph } }' }));
    expect(empty).toEqual({ status: 200, body: { data: { indexingStatuses: [], indexingStatusForCurrentVersion: null } } });
    const schema = await post(JSON.stringify({ query: '{ __type(name: "SubgraphIndexingStatus") { fields { name } } }' }));
    expect(schema.body.data.__type.fields.map((f: { name: string }) => f.name)).toEqual([
      'subgraph', 'synced', 'health', 'fatalError', 'nonFatalErrors', 'chains', 'entityCount', 'node', 'paused', 'historyBlocks',
    ]);
    const missing = await post(JSON.stringify({ query: '{ subgraphFeatures(subgraphId: "QmNope") { features } }' }));
    expect(missing.body.errors[0].message).toBe('Subgraph deployment `QmNope` not found');
    const viaGet = await fetch(`${host.indexNodeUrl}?query=${encodeURIComponent('{ version { version } }')}`);
    expect(await viaGet.json()).toEqual({ data: { version: { version: 'graph-host' } } });
  });

  it('refuses malformed and oversized requests with clear errors', async () => {
    expect(await post('{not json')).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringMatching(/not valid JSON/) }] } });
    expect(await post('null')).toMatchObject({ status: 400, body: { errors: [{ message: 'The "query" field is missing in request data' }] } });
    expect((await post(JSON.stringify({ query: '{ nope }' }))).body.errors[0].message).toBe('Cannot query field "nope" on type "Query".');
    const huge = await post(JSON.stringify({ query: `{ ${'indexingStatuses { subgraph } '.repeat(20_000)} }` }));
    expect(huge.status).toBe(413);
    const tokens = await post(JSON.stringify({ query: `{ ${'a: version { version } '.repeat(2_000)} }` }));
    expect(tokens.body.errors[0].message).toMatch(/more that 5000 tokens/);
    const notFound = await fetch(new URL('/elsewhere', host.indexNodeUrl));
    expect(notFound.status).toBe(404);
    // Still serving.
    expect((await post(JSON.stringify({ query: '{ indexingStatuses { subgraph } }' }))).body).toEqual({ data: { indexingStatuses: [] } });
  });
});
