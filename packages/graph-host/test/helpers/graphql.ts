/** GraphQL over HTTP as clients send it (POST, JSON body), for the suites that check whole answers. */

export type Json = Record<string, any>;

/** Posts `query` to a GraphQL endpoint and returns the whole answer (`data` and `errors`), whatever its status. */
export async function postQuery(url: string, query: string, variables?: Record<string, unknown>): Promise<Json> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as Json;
}
