/** Errors raised by the mapping runtime. */

/** A handler failed. `deterministic` errors fail the subgraph; others may be retried. */
export class HandlerError extends Error {
  readonly deterministic: boolean;
  readonly blockNumber: number;
  readonly handler: string;
  readonly dataSource: string;

  constructor(
    message: string,
    opts: { deterministic: boolean; blockNumber?: number; handler?: string; dataSource?: string; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HandlerError';
    this.deterministic = opts.deterministic;
    this.blockNumber = opts.blockNumber ?? -1;
    this.handler = opts.handler ?? '';
    this.dataSource = opts.dataSource ?? '';
  }
}

/** The subgraph's WASM imports host functions this host does not implement (checked at load). */
export class UnsupportedHostFunctionsError extends Error {
  readonly missing: string[];

  constructor(missing: string[], where: string) {
    super(
      `Subgraph uses host functions this graph host does not support: ${missing.join(', ')} (in ${where}). ` +
        'Remove those calls from the mappings, or index the subgraph with graph-node.',
    );
    this.name = 'UnsupportedHostFunctionsError';
    this.missing = missing;
  }
}

/** Raised inside a host function; the runtime wraps it into a HandlerError with trigger context. */
export class HostError extends Error {
  readonly deterministic: boolean;
  constructor(message: string, deterministic = true) {
    super(message);
    this.name = 'HostError';
    this.deterministic = deterministic;
  }
}

/** The manifest (or a file it names) is invalid or uses something this host does not support. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}
