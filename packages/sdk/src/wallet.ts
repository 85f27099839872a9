/**
 * Writes (`@vpp/sdk/wallet`): each validates its input, simulates, sends and returns `{ hash, wait }`; `wait()`
 * resolves with the receipt and the action's decoded `outcome`. Every write has an `encode…` counterpart (the
 * transaction request, no network) and a `simulate…` counterpart. Reverts are decoded into the typed errors of
 * `@vpp/sdk/errors`.
 * @module
 */
export { invest, encodeInvest, simulateInvest, type InvestParameters, type InvestOutcome } from './actions/wallet/invest.js';
export { transferShares, encodeTransferShares, simulateTransferShares, type TransferSharesParameters, type TransferSharesOutcome } from './actions/wallet/transferShares.js';
export { withdrawDividends, encodeWithdrawDividends, simulateWithdrawDividends, type WithdrawDividendsParameters, type WithdrawDividendsOutcome } from './actions/wallet/withdrawDividends.js';
export { declareDividend, encodeDeclareDividend, simulateDeclareDividend, type DeclareDividendParameters, type DeclareDividendOutcome } from './actions/wallet/declareDividend.js';
export { returnCapital, encodeReturnCapital, simulateReturnCapital, type ReturnCapitalParameters, type ReturnCapitalOutcome } from './actions/wallet/returnCapital.js';
export { addAdmin, encodeAddAdmin, simulateAddAdmin, type AddAdminParameters, type AddAdminOutcome } from './actions/wallet/addAdmin.js';
export { removeAdmin, encodeRemoveAdmin, simulateRemoveAdmin, type RemoveAdminParameters, type RemoveAdminOutcome } from './actions/wallet/removeAdmin.js';
export { transferOwnership, encodeTransferOwnership, simulateTransferOwnership, type TransferOwnershipParameters, type TransferOwnershipOutcome } from './actions/wallet/transferOwnership.js';
export { acceptOwnership, encodeAcceptOwnership, simulateAcceptOwnership, type AcceptOwnershipParameters, type AcceptOwnershipOutcome } from './actions/wallet/acceptOwnership.js';
export { addBattery, encodeAddBattery, simulateAddBattery, type AddBatteryParameters, type AddBatteryOutcome } from './actions/wallet/addBattery.js';
export { updateBattery, encodeUpdateBattery, simulateUpdateBattery, type UpdateBatteryParameters, type UpdateBatteryOutcome } from './actions/wallet/updateBattery.js';
export { decommissionBattery, encodeDecommissionBattery, simulateDecommissionBattery, type DecommissionBatteryParameters, type DecommissionBatteryOutcome } from './actions/wallet/decommissionBattery.js';
export { purchaseBattery, encodePurchaseBattery, simulatePurchaseBattery, type PurchaseBatteryParameters, type PurchaseBatteryOutcome } from './actions/wallet/purchaseBattery.js';
export { withdrawVendorPayment, encodeWithdrawVendorPayment, simulateWithdrawVendorPayment, type WithdrawVendorPaymentParameters, type WithdrawVendorPaymentOutcome } from './actions/wallet/withdrawVendorPayment.js';
export { setTradingParams, encodeSetTradingParams, simulateSetTradingParams, type SetTradingParamsParameters, type SetTradingParamsOutcome } from './actions/wallet/setTradingParams.js';
export { setReporter, encodeSetReporter, simulateSetReporter, type SetReporterParameters, type SetReporterOutcome } from './actions/wallet/setReporter.js';
export { submitPrice, encodeSubmitPrice, simulateSubmitPrice, type SubmitPriceParameters, type SubmitPriceOutcome } from './actions/wallet/submitPrice.js';
export { dispatch, encodeDispatch, simulateDispatch, type DispatchParameters } from './actions/wallet/dispatch.js';
export { pause, encodePause, simulatePause, type PauseParameters, type PauseOutcome } from './actions/wallet/pause.js';
export { unpause, encodeUnpause, simulateUnpause, type UnpauseParameters, type UnpauseOutcome } from './actions/wallet/unpause.js';
export { depositMarketLiquidity, encodeDepositMarketLiquidity, simulateDepositMarketLiquidity, type DepositMarketLiquidityParameters, type DepositMarketLiquidityOutcome } from './actions/wallet/depositMarketLiquidity.js';
export {
  performUpkeep,
  checkUpkeep,
  encodePerformUpkeep,
  simulatePerformUpkeep,
  type PerformUpkeepParameters,
  type EncodePerformUpkeepParameters,
} from './actions/wallet/performUpkeep.js';
export type { DispatchOutcome, DispatchedTrade, SkippedDispatch } from './internal/dispatch.js';
export type {
  SimulateResult,
  TransactionOverrides,
  VppTransactionRequest,
  WaitOptions,
  WriteParameters,
  WriteReceipt,
  WriteResult,
} from './types.js';
