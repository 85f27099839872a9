/**
 * Writes (`@vpp/sdk/wallet`): each validates its input, simulates, sends and returns `{ hash, wait }`; `wait()`
 * resolves with the receipt and the action's decoded `outcome`. Every write has an `encode…` counterpart (the
 * transaction request, no network) and a `simulate…` counterpart. Reverts are decoded into the typed errors of
 * `@vpp/sdk/errors`.
 * @module
 */
export { requestDeposit, encodeRequestDeposit, simulateRequestDeposit, type RequestDepositParameters, type RequestDepositOutcome } from './actions/wallet/requestDeposit.js';
export { requestRedeem, encodeRequestRedeem, simulateRequestRedeem, type RequestRedeemParameters, type RequestRedeemOutcome } from './actions/wallet/requestRedeem.js';
export { cancelDepositRequest, encodeCancelDepositRequest, simulateCancelDepositRequest, type CancelDepositRequestParameters, type CancelDepositRequestOutcome } from './actions/wallet/cancelDepositRequest.js';
export { cancelRedeemRequest, encodeCancelRedeemRequest, simulateCancelRedeemRequest, type CancelRedeemRequestParameters, type CancelRedeemRequestOutcome } from './actions/wallet/cancelRedeemRequest.js';
export { deposit, encodeDeposit, simulateDeposit, type DepositParameters, type DepositOutcome } from './actions/wallet/deposit.js';
export { mint, encodeMint, simulateMint, type MintParameters, type MintOutcome } from './actions/wallet/mint.js';
export { redeem, encodeRedeem, simulateRedeem, type RedeemParameters, type RedeemOutcome } from './actions/wallet/redeem.js';
export { withdraw, encodeWithdraw, simulateWithdraw, type WithdrawParameters, type WithdrawOutcome } from './actions/wallet/withdraw.js';
export { setOperator, encodeSetOperator, simulateSetOperator, type SetOperatorParameters, type SetOperatorOutcome } from './actions/wallet/setOperator.js';
export { settleEpoch, encodeSettleEpoch, simulateSettleEpoch, type SettleEpochParameters, type SettleEpochOutcome } from './actions/wallet/settleEpoch.js';
export { transferShares, encodeTransferShares, simulateTransferShares, type TransferSharesParameters, type TransferSharesOutcome } from './actions/wallet/transferShares.js';
export { withdrawDividends, encodeWithdrawDividends, simulateWithdrawDividends, type WithdrawDividendsParameters, type WithdrawDividendsOutcome } from './actions/wallet/withdrawDividends.js';
export { declareDividend, encodeDeclareDividend, simulateDeclareDividend, type DeclareDividendParameters, type DeclareDividendOutcome } from './actions/wallet/declareDividend.js';
export { returnCapital, encodeReturnCapital, simulateReturnCapital, type ReturnCapitalParameters, type ReturnCapitalOutcome } from './actions/wallet/returnCapital.js';
export { cancelDistributions, encodeCancelDistributions, simulateCancelDistributions, type CancelDistributionsParameters, type CancelDistributionsOutcome } from './actions/wallet/cancelDistributions.js';
export { addAdmin, encodeAddAdmin, simulateAddAdmin, type AddAdminParameters, type AddAdminOutcome } from './actions/wallet/addAdmin.js';
export { removeAdmin, encodeRemoveAdmin, simulateRemoveAdmin, type RemoveAdminParameters, type RemoveAdminOutcome } from './actions/wallet/removeAdmin.js';
export { transferOwnership, encodeTransferOwnership, simulateTransferOwnership, type TransferOwnershipParameters, type TransferOwnershipOutcome } from './actions/wallet/transferOwnership.js';
export { acceptOwnership, encodeAcceptOwnership, simulateAcceptOwnership, type AcceptOwnershipParameters, type AcceptOwnershipOutcome } from './actions/wallet/acceptOwnership.js';
export { addBattery, encodeAddBattery, simulateAddBattery, type AddBatteryParameters, type AddBatteryOutcome } from './actions/wallet/addBattery.js';
export { updateBattery, encodeUpdateBattery, simulateUpdateBattery, type UpdateBatteryParameters, type UpdateBatteryOutcome } from './actions/wallet/updateBattery.js';
export { decommissionBattery, encodeDecommissionBattery, simulateDecommissionBattery, type DecommissionBatteryParameters, type DecommissionBatteryOutcome } from './actions/wallet/decommissionBattery.js';
export { proposePurchase, encodeProposePurchase, simulateProposePurchase, type ProposePurchaseParameters, type ProposePurchaseOutcome } from './actions/wallet/proposePurchase.js';
export { executePurchase, encodeExecutePurchase, simulateExecutePurchase, type ExecutePurchaseParameters, type ExecutePurchaseOutcome } from './actions/wallet/executePurchase.js';
export { cancelPurchase, encodeCancelPurchase, simulateCancelPurchase, type CancelPurchaseParameters, type CancelPurchaseOutcome } from './actions/wallet/cancelPurchase.js';
export { setVendorAllowed, encodeSetVendorAllowed, simulateSetVendorAllowed, type SetVendorAllowedParameters, type SetVendorAllowedOutcome } from './actions/wallet/setVendorAllowed.js';
export { setPurchaser, encodeSetPurchaser, simulateSetPurchaser, type SetPurchaserParameters, type SetPurchaserOutcome } from './actions/wallet/setPurchaser.js';
export { withdrawVendorPayment, encodeWithdrawVendorPayment, simulateWithdrawVendorPayment, type WithdrawVendorPaymentParameters, type WithdrawVendorPaymentOutcome } from './actions/wallet/withdrawVendorPayment.js';
export { setTradingParams, encodeSetTradingParams, simulateSetTradingParams, type SetTradingParamsParameters, type SetTradingParamsOutcome } from './actions/wallet/setTradingParams.js';
export { proposePriceOracle, encodeProposePriceOracle, simulateProposePriceOracle, type ProposePriceOracleParameters, type ProposePriceOracleOutcome } from './actions/wallet/proposePriceOracle.js';
export { executePriceOracle, encodeExecutePriceOracle, simulateExecutePriceOracle, type ExecutePriceOracleParameters, type ExecutePriceOracleOutcome } from './actions/wallet/executePriceOracle.js';
export { proposeGridMarket, encodeProposeGridMarket, simulateProposeGridMarket, type ProposeGridMarketParameters, type ProposeGridMarketOutcome } from './actions/wallet/proposeGridMarket.js';
export { executeGridMarket, encodeExecuteGridMarket, simulateExecuteGridMarket, type ExecuteGridMarketParameters, type ExecuteGridMarketOutcome } from './actions/wallet/executeGridMarket.js';
export { cancelPendingChange, encodeCancelPendingChange, simulateCancelPendingChange, type CancelPendingChangeParameters, type CancelPendingChangeOutcome } from './actions/wallet/cancelPendingChange.js';
export { createProfile, encodeCreateProfile, simulateCreateProfile, type CreateProfileParameters, type CreateProfileOutcome } from './actions/wallet/createProfile.js';
export { setStrategist, encodeSetStrategist, simulateSetStrategist, type SetStrategistParameters, type SetStrategistOutcome } from './actions/wallet/setStrategist.js';
export { setBatteryProfile, encodeSetBatteryProfile, simulateSetBatteryProfile, type SetBatteryProfileParameters, type SetBatteryProfileOutcome } from './actions/wallet/setBatteryProfile.js';
export { publishTable, encodePublishTable, simulatePublishTable, type PublishTableParameters, type PublishTableOutcome } from './actions/wallet/publishTable.js';
export { updateBlocks, encodeUpdateBlocks, simulateUpdateBlocks, type UpdateBlocksParameters, type UpdateBlocksOutcome } from './actions/wallet/updateBlocks.js';
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
export {
  decodeStrategyBlock,
  encodeStrategyBlock,
  IDLE_BAND,
  STRATEGY_BANDS,
  STRATEGY_BLOCKS,
  type StrategyBand,
} from './strategyTable.js';
export type {
  SimulateResult,
  TransactionOverrides,
  VppTransactionRequest,
  WaitOptions,
  WriteParameters,
  WriteReceipt,
  WriteResult,
} from './types.js';
