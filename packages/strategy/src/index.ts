export * from './errors.js';
export { parseDecimal, audToWeiPerMWh, weiToAud, gasCostAud, divRoundHalfAwayFromZero, type Decimal } from './units.js';
export {
  INTERVAL_SECONDS,
  INTERVALS_PER_DAY,
  MARKET_UTC_OFFSET_SECONDS,
  AEMO_FILE_NAME,
  parseAemoCsv,
  loadAemoPrices,
  listAemoFiles,
  seriesFromRows,
  sliceSeries,
  formatMarketTime,
  marketDate,
  marketDay,
  type AemoRow,
  type PriceSeries,
} from './aemo.js';
export { Action, quote, floorDiv, ceilDiv, type DispatchState, type Quote } from './energy-math.js';
export {
  BLOCKS,
  BANDS,
  BLOCK_SECONDS,
  NEVER_CHARGE,
  NEVER_DISCHARGE,
  blockOfInterval,
  bandOf,
  packBlock,
  unpackBlock,
  packTable,
  unpackTable,
  uniformBlock,
  chargeUnits,
  dischargeUnits,
  ProfileState,
  type Bytes32,
  type BlockThresholds,
  type StrategyTable,
  type TableWrite,
  type TableBuffer,
  type ResolvedThresholds,
} from './table.js';
export {
  battery,
  parseBatterySpec,
  validateBattery,
  intervalLimits,
  dispatchState,
  NEVER_CHARGE_WEI,
  NEVER_DISCHARGE_WEI,
  type BatterySpec,
} from './battery.js';
export { perfectForesight, solveDay, solveDaySync, dayRanges, loadHighs, type DaySchedule, type ForesightOptions } from './perfect-foresight.js';
export { PriceHistory } from './history.js';
export type { Strategy, DecisionContext, ActiveTable } from './strategy.js';
export { DEFAULT_GAS, writeGas, type GasModel } from './gas.js';
export { runStrategy, seriesPriceWei, type RunOptions, type StrategyRun } from './backtest.js';
export { yesterdayScheduleStrategy, trailingQuantileStrategy, type QuantileOptions } from './strategies/baselines.js';
export { waterValueStrategy, DEFAULT_WATER_VALUE, type WaterValueOptions } from './strategies/water-value.js';
export { DEFAULT_SCENARIOS, type ScenarioOptions } from './scenarios.js';
export { SpikeModel, DEFAULT_SPIKES, type SpikeOptions } from './scenarios.js';
export { evaluate, formatResult, ATTRIBUTION, type EvaluateConfig, type BacktestResult, type PeriodResult, type Figures } from './evaluate.js';
export { foresightDays, type ForesightDay } from './pf-cache.js';
export { renderHtml } from './html.js';
export { progressBar } from './progress.js';
