/** Base class of every error this package throws on bad input, so callers can catch one type. */
export class StrategyError extends Error {
  override name = 'StrategyError';
}

/** A malformed decimal string (prices, ETH/AUD rates). */
export class DecimalFormatError extends StrategyError {
  override name = 'DecimalFormatError';
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid decimal ${JSON.stringify(input)}: ${reason}`);
  }
}

/** A bad row, header or file name in an AEMO price CSV. `line` is 1-based (0 = the file as a whole). */
export class AemoCsvError extends StrategyError {
  override name = 'AemoCsvError';
  constructor(
    readonly source: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${source}${line > 0 ? `:${line}` : ''}: ${reason}`);
  }
}

/** Missing, duplicated or out-of-order 5-minute intervals across the loaded files. */
export class AemoGapError extends StrategyError {
  override name = 'AemoGapError';
  constructor(
    readonly source: string,
    readonly line: number,
    /** SETTLEMENTDATE (interval end, market time) expected next. */
    readonly expected: string,
    /** SETTLEMENTDATE found instead. */
    readonly found: string,
  ) {
    super(`${source}:${line}: expected interval ending ${expected}, found ${found} (gap, duplicate or unsorted rows)`);
  }
}

/** A strategy table that cannot be encoded in the on-chain format (int16 range, 48 blocks × 8 bands, unitWei). */
export class TableEncodingError extends StrategyError {
  override name = 'TableEncodingError';
}

/** A write the on-chain StrategyBook would reject (bad block index, empty update, …). */
export class TableWriteError extends StrategyError {
  override name = 'TableWriteError';
}

/** A battery spec the chain would not accept (zero capacity, efficiency out of range, …). */
export class BatterySpecError extends StrategyError {
  override name = 'BatterySpecError';
}

/** Arithmetic the EVM would revert on (int256 overflow in `gridWh * price`). */
export class EvmOverflowError extends StrategyError {
  override name = 'EvmOverflowError';
}

/** A strategy tried to read a price at or after its decision time. */
export class FutureAccessError extends StrategyError {
  override name = 'FutureAccessError';
  constructor(
    readonly requested: number,
    readonly cut: number,
  ) {
    super(`price index ${requested} is not published yet at the decision time (history ends before index ${cut})`);
  }
}

/** Bad backtest or CLI options. */
export class BacktestConfigError extends StrategyError {
  override name = 'BacktestConfigError';
}

/** The LP solver did not return an optimal solution. */
export class SolverError extends StrategyError {
  override name = 'SolverError';
}
