/**
 * Writes (`@vpp/sdk/wallet`): each validates its input, simulates, sends and returns `{ hash, wait }`; reverts are
 * decoded into the typed errors of `@vpp/sdk/errors`.
 * @module
 */
export { invest, type InvestParameters } from './actions/wallet/invest.js';
export { transferShares, type TransferSharesParameters } from './actions/wallet/transferShares.js';
export { withdrawDividends, type WithdrawDividendsParameters } from './actions/wallet/withdrawDividends.js';
export { declareDividend, type DeclareDividendParameters } from './actions/wallet/declareDividend.js';
export { returnCapital, type ReturnCapitalParameters } from './actions/wallet/returnCapital.js';
export { addAdmin, type AddAdminParameters } from './actions/wallet/addAdmin.js';
export { removeAdmin, type RemoveAdminParameters } from './actions/wallet/removeAdmin.js';
export { transferOwnership, type TransferOwnershipParameters } from './actions/wallet/transferOwnership.js';
export { acceptOwnership } from './actions/wallet/acceptOwnership.js';
export { addBattery, type AddBatteryParameters } from './actions/wallet/addBattery.js';
export { updateBattery, type UpdateBatteryParameters } from './actions/wallet/updateBattery.js';
export { decommissionBattery, type DecommissionBatteryParameters } from './actions/wallet/decommissionBattery.js';
export { purchaseBattery, type PurchaseBatteryParameters } from './actions/wallet/purchaseBattery.js';
export {
  withdrawVendorPayment,
  type WithdrawVendorPaymentParameters,
} from './actions/wallet/withdrawVendorPayment.js';
export { setTradingParams, type SetTradingParamsParameters } from './actions/wallet/setTradingParams.js';
export { setReporter, type SetReporterParameters } from './actions/wallet/setReporter.js';
export { submitPrice, type SubmitPriceParameters } from './actions/wallet/submitPrice.js';
export { dispatch, type DispatchParameters } from './actions/wallet/dispatch.js';
export { performUpkeep } from './actions/wallet/performUpkeep.js';
export { pause } from './actions/wallet/pause.js';
export { unpause } from './actions/wallet/unpause.js';
export {
  depositMarketLiquidity,
  type DepositMarketLiquidityParameters,
} from './actions/wallet/depositMarketLiquidity.js';
export type { WaitOptions, WriteParameters, WriteResult } from './types.js';
