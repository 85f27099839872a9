import { expect } from 'vitest';

/** GraphQL over HTTP as clients send it (POST, JSON body), for the suites that check whole answers. */

export type Json = Record<string, any>;

/** Posts `query` to a GraphQL endpoint and returns the whole answer (`data` and `errors`), whatever its status. */
export async function postQuery(url: string, query: string, variables?: Record<string, unknown>): Promise<Json> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as Json;
}

/** The `data` of a query that must answer without errors (the test fails on any). */
export async function queryData(url: string, query: string): Promise<Json> {
  const answer = await postQuery(url, query);
  expect(answer.errors).toBeUndefined();
  return answer.data as Json;
}
