import { ClientError, GraphQLClient } from 'graphql-request';
import type { TadaDocumentNode } from 'gql.tada';
import { getSubgraphUrl, type VppClient } from '../config.js';
import {
  SubgraphBehindError,
  SubgraphIndexingError,
  SubgraphQueryError,
  SubgraphUnavailableError,
  VppError,
} from '../errors.js';

const clients = new Map<string, GraphQLClient>();

function graphqlClient(url: string): GraphQLClient {
  let c = clients.get(url);
  if (!c) clients.set(url, (c = new GraphQLClient(url)));
  return c;
}

/** Converts a failed subgraph request into the SDK's typed error. */
export function toSubgraphError(url: string, error: unknown, requiredBlock?: bigint): VppError {
  if (error instanceof VppError) return error;
  if (error instanceof ClientError) {
    const errors = (error.response.errors ?? []).map((e) => ({ message: e.message }));
    const messages = errors.map((e) => e.message).join('\n');
    const behind = /indexed up to block number (\d+) and data for block number (\d+)/.exec(messages);
    if (behind) return new SubgraphBehindError(url, BigInt(behind[2]!), BigInt(behind[1]!), { cause: error });
    if (/indexing_error|indexing error|has failed|deterministic error/i.test(messages)) {
      return new SubgraphIndexingError(url, { cause: error, details: messages });
    }
    if (/not yet available|has not (yet )?indexed|block .* not (yet )?(found|available)/i.test(messages)) {
      return new SubgraphBehindError(url, requiredBlock ?? 0n, undefined, { cause: error });
    }
    const status = error.response.status;
    if (errors.length === 0 || status >= 500 || /not found|does not exist|no deployment/i.test(messages)) {
      return new SubgraphUnavailableError(url, { cause: error, status, details: messages || undefined });
    }
    return new SubgraphQueryError(url, errors, { cause: error });
  }
  return new SubgraphUnavailableError(url, { cause: error, details: (error as Error)?.message });
}

/** Runs a typed document against the client's subgraph; failures become typed errors. */
export async function subgraphRequest<TResult, TVariables extends Record<string, unknown>>(
  client: VppClient,
  document: TadaDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: { requiredBlock?: bigint } = {},
): Promise<TResult> {
  const url = getSubgraphUrl(client);
  let result: TResult;
  try {
    result = await graphqlClient(url).request<TResult>(document as never, variables as never);
  } catch (error) {
    throw toSubgraphError(url, error, options.requiredBlock);
  }
  const meta = (result as { _meta?: { hasIndexingErrors?: boolean } | null })._meta;
  if (meta?.hasIndexingErrors) throw new SubgraphIndexingError(url);
  return result;
}

/** BigInt scalars arrive as decimal strings. */
export const big = (value: string): bigint => BigInt(value);
export const bigOrNull = (value: string | null | undefined): bigint | null =>
  value === null || value === undefined ? null : BigInt(value);

/**
 * A new object with the `copy` fields of `row` as they are and the `bigints` fields converted from decimal strings
 * to bigint (null stays null). Field lists are space-separated (compact for the bundle).
 */
export function pick<T>(row: object, copy: string, bigints: string): T {
  const r = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (copy) for (const k of copy.split(' ')) out[k] = r[k];
  for (const k of bigints.split(' ')) out[k] = r[k] == null ? null : BigInt(r[k] as string);
  return out as T;
}

/** Fields every event entity has. */
export const EVENT_BIGINTS = 'blockNumber timestamp logIndex';
