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
export { getNavComponents, type NavComponentFields, type NavComponents } from './actions/public/getNavComponents.js';
export { getEpoch, type EpochSchedule } from './actions/public/getEpoch.js';
export { getEpochInfo, type EpochInfo, type GetEpochInfoParameters } from './actions/public/getEpochInfo.js';
export { getDepositRequest, type DepositRequestState, type GetDepositRequestParameters } from './actions/public/getDepositRequest.js';
export { getRedeemRequest, type RedeemRequestState, type GetRedeemRequestParameters } from './actions/public/getRedeemRequest.js';
export { convertToShares, type ConvertToSharesParameters } from './actions/public/convertToShares.js';
export { convertToAssets, type ConvertToAssetsParameters } from './actions/public/convertToAssets.js';
export {
  getPurchaseProposal,
  type GetPurchaseProposalParameters,
  type PurchaseProposalState,
} from './actions/public/getPurchaseProposal.js';
export { getPurchaseAccess, type GetPurchaseAccessParameters, type PurchaseAccess } from './actions/public/getPurchaseAccess.js';
export { getPendingChanges, type PendingChange, type PendingChanges } from './actions/public/getPendingChanges.js';
export {
  getStrategyProfile,
  type GetStrategyProfileParameters,
  type StrategyProfile,
  type StrategyTableBuffer,
} from './actions/public/getStrategyProfile.js';
export { getStrategyTable, type GetStrategyTableParameters, type StrategyTable } from './actions/public/getStrategyTable.js';
export {
  getBatteryState,
  type BatteryState,
  type GetBatteryStateParameters,
} from './actions/public/getBatteryState.js';
export { getFleet, type Fleet, type GetFleetParameters } from './actions/public/getFleet.js';
export { getLatestPrice, type LatestPrice } from './actions/public/getLatestPrice.js';
export { getTradingParams } from './actions/public/getTradingParams.js';
export { getRoles, type Roles } from './actions/public/getRoles.js';
export { quoteDispatch, type DispatchQuote, type QuoteDispatchParameters } from './actions/public/quoteDispatch.js';
export { checkUpkeep } from './actions/wallet/performUpkeep.js';
export type { ReadParameters, RequestOptions } from './types.js';
