/**
 * Chain reads (`@vpp/sdk/public`): tree-shakable viem-style actions taking a client whose chain carries the VPP
 * contracts (see `addVppContracts`). Every read accepts `blockNumber`, `timeoutMs` and `signal`; multi-value reads
 * are taken at one block.
 * @module
 */
export { getShareBalance, type GetShareBalanceParameters } from './actions/public/getShareBalance.js';
export {
  getWithdrawableDividends,
  type GetWithdrawableDividendsParameters,
} from './actions/public/getWithdrawableDividends.js';
export {
  getDividendBalances,
  type DividendBalances,
  type GetDividendBalancesParameters,
} from './actions/public/getDividendBalances.js';
export { getFundState, type FundState, type GetFundStateParameters } from './actions/public/getFundState.js';
export {
  getBatteryState,
  type BatteryState,
  type GetBatteryStateParameters,
} from './actions/public/getBatteryState.js';
export { getFleet, type Fleet, type GetFleetParameters } from './actions/public/getFleet.js';
export { getLatestPrice, type LatestPrice } from './actions/public/getLatestPrice.js';
export { getTradingParams } from './actions/public/getTradingParams.js';
export { getRoles, type Roles } from './actions/public/getRoles.js';
export { previewInvest } from './actions/public/previewInvest.js';
export { quoteDispatch, type DispatchQuote, type QuoteDispatchParameters } from './actions/public/quoteDispatch.js';
export { checkUpkeep } from './actions/wallet/performUpkeep.js';
export type { ReadParameters, RequestOptions } from './types.js';
