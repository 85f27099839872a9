/**
 * Exponential backoff with jitter for RPC calls and broadcasts, bounded by a stop condition (shutdown, or the
 * end of the interval the call belongs to) rather than only a retry count.
 */
import { BaseError, ContractFunctionRevertedError, ExecutionRevertedError, CallExecutionError } from 'viem';
import { ShutdownError } from './errors.js';

export interface BackoffOptions {
  /** First delay, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Retries after the first attempt (Infinity: until `shouldStop`). */
  retries: number;
}

/**
 * Delay before retry `attempt` (0-based): "equal jitter" — half of the exponential step is fixed and half random,
 * so retries never collapse to 0 ms and several operators never retry in lock-step.
 */
export function backoffDelay(attempt: number, o: Pick<BackoffOptions, 'baseMs' | 'maxMs'>, random = Math.random): number {
  const step = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Sleeps `ms`; rejects with ShutdownError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ShutdownError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ShutdownError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Whether an error is a transport failure worth retrying (connection refused/reset, timeout, 5xx, 429, a node
 * that is not ready) as opposed to a definite answer (a revert, a bad argument).
 */
export function isTransientRpcError(error: unknown): boolean {
  if (error instanceof ShutdownError) return false;
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ExecutionRevertedError)) {
      return false;
    }
    const names = new Set<string>();
    error.walk((e) => {
      names.add((e as Error).name);
      return false;
    });
    if (names.has('HttpRequestError') || names.has('TimeoutError') || names.has('SocketClosedError')) return true;
    if (names.has('WebSocketRequestError') || names.has('LimitExceededRpcError')) return true;
    if (error instanceof CallExecutionError && /fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(error.message)) {
      return true;
    }
    return /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|other side closed|503|502|504|429/i.test(
      error.message,
    );
  }
  if (error instanceof Error) {
    return /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|other side closed/i.test(
      `${error.message} ${String((error as Error & { cause?: unknown }).cause ?? '')}`,
    );
  }
  return false;
}

export interface RetryOptions extends BackoffOptions {
  signal?: AbortSignal;
  /** Checked before every retry: true stops retrying (the last error is thrown). */
  shouldStop?: () => boolean | Promise<boolean>;
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
}

/** Runs `fn` until it succeeds, a non-retryable error is thrown, retries run out or `shouldStop` says so. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const retryable = o.isRetryable ?? isTransientRpcError;
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw new ShutdownError();
    try {
      return await fn(attempt);
    } catch (error) {
      if (!retryable(error) || attempt >= o.retries || (o.shouldStop && (await o.shouldStop()))) throw error;
      const delay = backoffDelay(attempt, o, o.random);
      o.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, o.signal);
    }
  }
}
