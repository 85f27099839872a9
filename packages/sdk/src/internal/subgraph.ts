/**
 * The subgraph client: one GraphQL POST over `fetch`, under the action's deadline and signal, with every failure
 * typed. Documents are their GraphQL text (gql.tada types them at compile time), so no GraphQL library ships.
 * @internal
 */
import type { TadaDocumentNode } from 'gql.tada';
import { getSubgraphUrl, type VppClient } from '../config.js';
import { VppError } from '../errors/base.js';
import {
  SubgraphBehindError,
  SubgraphIndexingError,
  SubgraphQueryError,
  SubgraphTimeoutError,
  SubgraphUnavailableError,
} from '../errors/common.js';
import { timeoutOf, withDeadline, type RequestOptions } from './request.js';

/** Runs a subgraph action under its deadline and the caller's signal; `run` gets the signal to pass on. */
export async function subgraphAction<T>(
  client: VppClient,
  options: RequestOptions | undefined,
  run: (signal: AbortSignal, url: string) => Promise<T>,
  timeoutError?: (url: string, timeoutMs: number) => Error,
  fallbackMs?: number,
): Promise<T> {
  const url = getSubgraphUrl(client);
  const timeoutMs = timeoutOf(options, fallbackMs);
  return withDeadline((signal) => run(signal, url), {
    timeoutMs,
    signal: options?.signal,
    endpoint: url,
    timeoutError: () => timeoutError?.(url, timeoutMs) ?? new SubgraphTimeoutError(url, timeoutMs),
  });
}

/** Converts GraphQL errors into the SDK's typed error. */
export function toSubgraphError(url: string, errors: readonly { message: string }[], status: number, requiredBlock?: bigint): VppError {
  const messages = errors.map((e) => e.message).join('\n');
  const behind = /indexed up to block number (\d+) and data for block number (\d+)/.exec(messages);
  if (behind) return new SubgraphBehindError(url, BigInt(behind[2]!), BigInt(behind[1]!), { details: messages });
  if (/indexing_error|indexing error|has failed|deterministic error/i.test(messages)) {
    return new SubgraphIndexingError(url, { details: messages });
  }
  if (/not yet available|has not (yet )?indexed|block .* not (yet )?(found|available)/i.test(messages)) {
    return new SubgraphBehindError(url, requiredBlock ?? 0n, undefined, { details: messages });
  }
  if (errors.length === 0 || status >= 500 || /not found|does not exist|no deployment/i.test(messages)) {
    return new SubgraphUnavailableError(url, { status, details: messages || undefined });
  }
  return new SubgraphQueryError(url, errors);
}

/**
 * Runs a typed document against the client's subgraph. Failures: {@link SubgraphUnavailableError} (unreachable,
 * HTTP error, not a GraphQL endpoint), {@link SubgraphBehindError}, {@link SubgraphIndexingError},
 * {@link SubgraphQueryError}; the action's deadline / signal abort the request on the wire.
 */
export async function subgraphRequest<TResult, TVariables extends Record<string, unknown>>(
  client: VppClient,
  document: TadaDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: { requiredBlock?: bigint | undefined; signal?: AbortSignal | undefined } = {},
): Promise<TResult> {
  const url = getSubgraphUrl(client);
  const { signal } = options;
  let status = 0;
  let body: { data?: unknown; errors?: unknown } | undefined;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document as unknown as string, variables }),
      ...(signal ? { signal } : {}),
    });
    status = response.status;
    const text = await response.text();
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new SubgraphUnavailableError(url, { cause: error, reason: 'it cannot be reached.' });
  }
  if (!body || typeof body !== 'object') {
    throw new SubgraphUnavailableError(url, { status, reason: 'the answer is not GraphQL JSON — is this a subgraph endpoint?' });
  }
  const errors = Array.isArray(body.errors) ? body.errors.map((e: { message?: unknown }) => ({ message: String(e?.message) })) : [];
  if (errors.length > 0) throw toSubgraphError(url, errors, status, options.requiredBlock);
  if (status < 200 || status >= 300) throw new SubgraphUnavailableError(url, { status });
  const data = body.data as (TResult & { _meta?: { hasIndexingErrors?: boolean } | null }) | null | undefined;
  if (!data || typeof data !== 'object') {
    throw new SubgraphUnavailableError(url, { status, reason: 'the answer has no data — is this a subgraph endpoint?' });
  }
  if (data._meta?.hasIndexingErrors) throw new SubgraphIndexingError(url);
  return data;
}

/** BigInt scalars arrive as decimal strings. */
export const big = (value: string): bigint => BigInt(value);

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
