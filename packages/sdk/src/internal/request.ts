/** Deadlines and cancellation for every network call of the SDK. @internal */
import { InvalidParameterError, VppAbortError } from '../errors/common.js';

/** Per-call options every action accepts. */
export interface RequestOptions {
  /**
   * Give up after this many milliseconds with a typed timeout error naming the endpoint (default 30 000; waits:
   * 60 000). It holds even when the server accepted the connection and never answers.
   */
  timeoutMs?: number | undefined;
  /** Aborts the call ({@link VppAbortError}); subgraph requests are cancelled on the wire too. */
  signal?: AbortSignal | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;

export function timeoutOf(options: RequestOptions | undefined, fallback = DEFAULT_TIMEOUT_MS): number {
  const t = options?.timeoutMs ?? fallback;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > 2_147_483_647) {
    throw new InvalidParameterError('timeoutMs', t, 'expected a positive number of milliseconds (at most 2^31 - 1)');
  }
  return t;
}

/**
 * Runs `run` with a deadline and the caller's signal: resolves with its result, or rejects with `timeoutError()`
 * after `timeoutMs` / a {@link VppAbortError} when `signal` aborts — whichever comes first. `run` receives a signal
 * that aborts in both cases (fetch-based requests stop on the wire).
 */
export function withDeadline<T>(
  run: (signal: AbortSignal) => Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; endpoint: string; timeoutError: () => Error },
): Promise<T> {
  const { signal, endpoint } = options;
  if (signal?.aborted) return Promise.reject(new VppAbortError(endpoint, signal.reason));
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => {
      const error = new VppAbortError(endpoint, signal!.reason);
      controller.abort(error);
      finish(() => reject(error));
    };
    const timer = setTimeout(() => {
      const error = options.timeoutError();
      controller.abort(error);
      finish(() => reject(error));
    }, options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => run(controller.signal))
      .then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
  });
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
