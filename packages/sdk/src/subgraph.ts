/**
 * Subgraph reads (`@vpp/sdk/subgraph`): typed GraphQL (gql.tada documents checked against the subgraph's query API)
 * over `fetch`; on-chain quantities as bigint; multi-page reads pinned to one block; every request under a deadline
 * (`timeoutMs`, default 30 000) and the caller's `signal`.
 * @module
 */
export {
  getPortfolio,
  type Portfolio,
  type PortfolioDay,
  type PortfolioDepositRequest,
  type PortfolioRedeemRequest,
  type PortfolioRequestClaim,
  type PortfolioTransfer,
  type PortfolioClaim,
  type GetPortfolioParameters,
} from './actions/subgraph/getPortfolio.js';
export { getHolders, getAllHolders, type Holder, type HoldersPage, type GetHoldersParameters } from './actions/subgraph/getHolders.js';
export { getDividends, type Dividend, type GetDividendsParameters } from './actions/subgraph/getDividends.js';
export { getEpochs, type GetEpochsParameters, type IndexedEpoch } from './actions/subgraph/getEpochs.js';
export type { InvestorPosition } from './internal/mappers.js';
export { getTrades, type Trade, type TradesPage, type GetTradesParameters } from './actions/subgraph/getTrades.js';
export { getAllTrades, type AllTrades, type GetAllTradesParameters } from './actions/subgraph/getAllTrades.js';
export {
  getBatteries,
  type BatteryChange,
  type GetBatteriesParameters,
  type IndexedBattery,
} from './actions/subgraph/getBatteries.js';
export {
  getBatteryHistory,
  type BatteryDay,
  type BatteryHistory,
  type DispatchSkip,
} from './actions/subgraph/getBatteryHistory.js';
export { getPriceHistory, type GetPriceHistoryParameters, type PriceRound } from './actions/subgraph/getPriceHistory.js';
export { getFundStatistics, type FundStatistics } from './actions/subgraph/getFundStatistics.js';
export {
  getFundDailySeries,
  type FundDay,
  type GetFundDailySeriesParameters,
} from './actions/subgraph/getFundDailySeries.js';
export {
  getNavPerShareHistory,
  type GetNavPerShareHistoryParameters,
  type NavPerSharePoint,
} from './actions/subgraph/getNavPerShareHistory.js';
export {
  waitForIndexedBlock,
  type WaitForIndexedBlockParameters,
} from './actions/subgraph/waitForIndexedBlock.js';
