/**
 * Typed errors of the operator. Every failure that makes the operator skip or retry something is one of these,
 * so logs and metrics can name it (`err.code`) and callers can branch on `instanceof`.
 */
export class OperatorError extends Error {
  override name = 'OperatorError';
  readonly code: string = 'OPERATOR';
}

/** A configuration value (flag, environment variable or config file) is missing or invalid. */
export class ConfigError extends OperatorError {
  override name = 'ConfigError';
  override readonly code = 'CONFIG';
}

/** Base of every price-source failure: the interval is skipped (never filled with another interval's price). */
export class PriceSourceError extends OperatorError {
  override name = 'PriceSourceError';
  override readonly code: string = 'PRICE_SOURCE';
  constructor(
    message: string,
    readonly source: string,
    readonly interval: bigint | null,
  ) {
    super(message);
  }
}

/** The source answered something that is not a price: bad JSON, a missing field, NaN, a malformed number. */
export class PriceFormatError extends PriceSourceError {
  override name = 'PriceFormatError';
  override readonly code = 'PRICE_FORMAT';
}

/** The source has no price for the interval (yet): HTTP error, timeout, a gap in the replayed data. */
export class PriceUnavailableError extends PriceSourceError {
  override name = 'PriceUnavailableError';
  override readonly code = 'PRICE_UNAVAILABLE';
}

/** The source's price is for another interval than the one asked for (it would be a stale price). */
export class StalePriceError extends PriceSourceError {
  override name = 'StalePriceError';
  override readonly code = 'PRICE_STALE';
}

/** The converted price is outside the trader's valid bounds: the trader would refuse it. */
export class PriceOutOfBoundsError extends PriceSourceError {
  override name = 'PriceOutOfBoundsError';
  override readonly code = 'PRICE_OUT_OF_BOUNDS';
}

/** The persisted state file belongs to another chain or deployment. */
export class StateMismatchError extends OperatorError {
  override name = 'StateMismatchError';
  override readonly code = 'STATE_MISMATCH';
}

/** The interval ended before a step could complete: the step is abandoned and the interval counted as missed. */
export class IntervalDeadlineError extends OperatorError {
  override name = 'IntervalDeadlineError';
  override readonly code = 'INTERVAL_DEADLINE';
  constructor(
    readonly interval: bigint,
    readonly step: string,
  ) {
    super(`interval ${interval} ended before step "${step}" completed`);
  }
}

/** The operator is shutting down: the in-flight wait was abandoned. */
export class ShutdownError extends OperatorError {
  override name = 'ShutdownError';
  override readonly code = 'SHUTDOWN';
  constructor() {
    super('operator is shutting down');
  }
}

/** A transaction of ours was replaced (its nonce used by another transaction) or dropped for good. */
export class TxReplacedError extends OperatorError {
  override name = 'TxReplacedError';
  override readonly code = 'TX_REPLACED';
  constructor(
    readonly nonce: number,
    readonly hashes: readonly string[],
  ) {
    super(`transaction with nonce ${nonce} was replaced or dropped (${hashes.join(', ')})`);
  }
}

/** A transaction of ours was mined but reverted. */
export class TxRevertedError extends OperatorError {
  override name = 'TxRevertedError';
  override readonly code = 'TX_REVERTED';
  constructor(
    readonly hash: string,
    readonly kind: string,
  ) {
    super(`${kind} transaction ${hash} reverted`);
  }
}

/** Message of any thrown value, preferring viem's short message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: string }).shortMessage;
    return short ?? error.message;
  }
  return String(error);
}

/** A transaction's simulation (eth_call) reverted: nothing was sent. `errorName` is the decoded custom error. */
export class SimulationRevertedError extends OperatorError {
  override name = 'SimulationRevertedError';
  override readonly code = 'SIMULATION_REVERTED';
  constructor(
    readonly kind: string,
    readonly errorName: string | null,
    readonly args: readonly unknown[],
    readonly reason: string,
  ) {
    super(`${kind}: simulation reverted${errorName ? ` with ${errorName}(${args.map(String).join(', ')})` : ''}: ${reason}`);
  }
}
