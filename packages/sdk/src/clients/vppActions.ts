/**
 * Client decorators, viem-style: `vppPublicActions` (chain and subgraph reads) for any client,
 * `vppWalletActions` (writes) for clients that can send, and `vppActions`, which adds the writes only when the client
 * has an account or wallet actions — in its type and at run time.
 * @module
 */
import type { Account, Client } from 'viem';
import { getVppAddress, withVppConfig, type VppClient, type VppConfig } from '../config.js';
import { VppConfigError } from '../errors/common.js';
import { getShareBalance } from '../actions/public/getShareBalance.js';
import { getWithdrawableDividends } from '../actions/public/getWithdrawableDividends.js';
import { getDividendBalances } from '../actions/public/getDividendBalances.js';
import { getFundState } from '../actions/public/getFundState.js';
import { getNavComponents } from '../actions/public/getNavComponents.js';
import { getEpoch } from '../actions/public/getEpoch.js';
import { getEpochInfo } from '../actions/public/getEpochInfo.js';
import { getDepositRequest } from '../actions/public/getDepositRequest.js';
import { getRedeemRequest } from '../actions/public/getRedeemRequest.js';
import { convertToShares } from '../actions/public/convertToShares.js';
import { convertToAssets } from '../actions/public/convertToAssets.js';
import { getPurchaseProposal } from '../actions/public/getPurchaseProposal.js';
import { getPurchaseAccess } from '../actions/public/getPurchaseAccess.js';
import { getPendingChanges } from '../actions/public/getPendingChanges.js';
import { getStrategyProfile } from '../actions/public/getStrategyProfile.js';
import { getStrategyTable } from '../actions/public/getStrategyTable.js';
import { getBatteryState } from '../actions/public/getBatteryState.js';
import { getFleet } from '../actions/public/getFleet.js';
import { getLatestPrice } from '../actions/public/getLatestPrice.js';
import { getTradingParams } from '../actions/public/getTradingParams.js';
import { getRoles } from '../actions/public/getRoles.js';
import { quoteDispatch } from '../actions/public/quoteDispatch.js';
import { checkUpkeep } from '../actions/wallet/performUpkeep.js';
import { getPortfolio } from '../actions/subgraph/getPortfolio.js';
import { getHolders } from '../actions/subgraph/getHolders.js';
import { getAllHolders } from '../actions/subgraph/getHolders.js';
import { getDividends } from '../actions/subgraph/getDividends.js';
import { getEpochs } from '../actions/subgraph/getEpochs.js';
import { getTrades } from '../actions/subgraph/getTrades.js';
import { getAllTrades } from '../actions/subgraph/getAllTrades.js';
import { getBatteries } from '../actions/subgraph/getBatteries.js';
import { getBatteryHistory } from '../actions/subgraph/getBatteryHistory.js';
import { getPriceHistory } from '../actions/subgraph/getPriceHistory.js';
import { getFundStatistics } from '../actions/subgraph/getFundStatistics.js';
import { getFundDailySeries } from '../actions/subgraph/getFundDailySeries.js';
import { getNavPerShareHistory } from '../actions/subgraph/getNavPerShareHistory.js';
import { waitForIndexedBlock } from '../actions/subgraph/waitForIndexedBlock.js';
import { transferShares } from '../actions/wallet/transferShares.js';
import { withdrawDividends } from '../actions/wallet/withdrawDividends.js';
import { declareDividend } from '../actions/wallet/declareDividend.js';
import { returnCapital } from '../actions/wallet/returnCapital.js';
import { addAdmin } from '../actions/wallet/addAdmin.js';
import { removeAdmin } from '../actions/wallet/removeAdmin.js';
import { transferOwnership } from '../actions/wallet/transferOwnership.js';
import { acceptOwnership } from '../actions/wallet/acceptOwnership.js';
import { addBattery } from '../actions/wallet/addBattery.js';
import { updateBattery } from '../actions/wallet/updateBattery.js';
import { decommissionBattery } from '../actions/wallet/decommissionBattery.js';
import { withdrawVendorPayment } from '../actions/wallet/withdrawVendorPayment.js';
import { setTradingParams } from '../actions/wallet/setTradingParams.js';
import { setReporter } from '../actions/wallet/setReporter.js';
import { submitPrice } from '../actions/wallet/submitPrice.js';
import { dispatch } from '../actions/wallet/dispatch.js';
import { performUpkeep } from '../actions/wallet/performUpkeep.js';
import { pause } from '../actions/wallet/pause.js';
import { unpause } from '../actions/wallet/unpause.js';
import { depositMarketLiquidity } from '../actions/wallet/depositMarketLiquidity.js';
import { requestDeposit } from '../actions/wallet/requestDeposit.js';
import { requestRedeem } from '../actions/wallet/requestRedeem.js';
import { cancelDepositRequest } from '../actions/wallet/cancelDepositRequest.js';
import { cancelRedeemRequest } from '../actions/wallet/cancelRedeemRequest.js';
import { deposit } from '../actions/wallet/deposit.js';
import { mint } from '../actions/wallet/mint.js';
import { redeem } from '../actions/wallet/redeem.js';
import { withdraw } from '../actions/wallet/withdraw.js';
import { setOperator } from '../actions/wallet/setOperator.js';
import { settleEpoch } from '../actions/wallet/settleEpoch.js';
import { cancelDistributions } from '../actions/wallet/cancelDistributions.js';
import { proposePurchase } from '../actions/wallet/proposePurchase.js';
import { executePurchase } from '../actions/wallet/executePurchase.js';
import { cancelPurchase } from '../actions/wallet/cancelPurchase.js';
import { setVendorAllowed } from '../actions/wallet/setVendorAllowed.js';
import { setPurchaser } from '../actions/wallet/setPurchaser.js';
import { proposePriceOracle } from '../actions/wallet/proposePriceOracle.js';
import { executePriceOracle } from '../actions/wallet/executePriceOracle.js';
import { proposeGridMarket } from '../actions/wallet/proposeGridMarket.js';
import { executeGridMarket } from '../actions/wallet/executeGridMarket.js';
import { cancelPendingChange } from '../actions/wallet/cancelPendingChange.js';
import { createProfile } from '../actions/wallet/createProfile.js';
import { setStrategist } from '../actions/wallet/setStrategist.js';
import { setBatteryProfile } from '../actions/wallet/setBatteryProfile.js';
import { publishTable } from '../actions/wallet/publishTable.js';
import { updateBlocks } from '../actions/wallet/updateBlocks.js';

/** An action with its client bound: `(params) => result` (params optional when the action's are). */
export type Bound<F> = F extends (client: never, params: infer P) => infer R
  ? undefined extends P
    ? (params?: P) => R
    : (params: P) => R
  : F extends (client: never) => infer R
    ? () => R
    : never;

/** The reads (chain and subgraph) bound to one client: what `client.extend(vppPublicActions(config))` adds. */
export type VppPublicActions = {
  getShareBalance: Bound<typeof getShareBalance>;
  getWithdrawableDividends: Bound<typeof getWithdrawableDividends>;
  getDividendBalances: Bound<typeof getDividendBalances>;
  getFundState: Bound<typeof getFundState>;
  getNavComponents: Bound<typeof getNavComponents>;
  getEpoch: Bound<typeof getEpoch>;
  getEpochInfo: Bound<typeof getEpochInfo>;
  getDepositRequest: Bound<typeof getDepositRequest>;
  getRedeemRequest: Bound<typeof getRedeemRequest>;
  convertToShares: Bound<typeof convertToShares>;
  convertToAssets: Bound<typeof convertToAssets>;
  getPurchaseProposal: Bound<typeof getPurchaseProposal>;
  getPurchaseAccess: Bound<typeof getPurchaseAccess>;
  getPendingChanges: Bound<typeof getPendingChanges>;
  getStrategyProfile: Bound<typeof getStrategyProfile>;
  getStrategyTable: Bound<typeof getStrategyTable>;
  getBatteryState: Bound<typeof getBatteryState>;
  getFleet: Bound<typeof getFleet>;
  getLatestPrice: Bound<typeof getLatestPrice>;
  getTradingParams: Bound<typeof getTradingParams>;
  getRoles: Bound<typeof getRoles>;
  quoteDispatch: Bound<typeof quoteDispatch>;
  checkUpkeep: Bound<typeof checkUpkeep>;
  getPortfolio: Bound<typeof getPortfolio>;
  getHolders: Bound<typeof getHolders>;
  getAllHolders: Bound<typeof getAllHolders>;
  getDividends: Bound<typeof getDividends>;
  getEpochs: Bound<typeof getEpochs>;
  getTrades: Bound<typeof getTrades>;
  getAllTrades: Bound<typeof getAllTrades>;
  getBatteries: Bound<typeof getBatteries>;
  getBatteryHistory: Bound<typeof getBatteryHistory>;
  getPriceHistory: Bound<typeof getPriceHistory>;
  getFundStatistics: Bound<typeof getFundStatistics>;
  getFundDailySeries: Bound<typeof getFundDailySeries>;
  getNavPerShareHistory: Bound<typeof getNavPerShareHistory>;
  waitForIndexedBlock: Bound<typeof waitForIndexedBlock>;
};

/** The writes bound to one client: what `client.extend(vppWalletActions(config))` adds. */
export type VppWalletActions = {
  transferShares: Bound<typeof transferShares>;
  withdrawDividends: Bound<typeof withdrawDividends>;
  declareDividend: Bound<typeof declareDividend>;
  returnCapital: Bound<typeof returnCapital>;
  addAdmin: Bound<typeof addAdmin>;
  removeAdmin: Bound<typeof removeAdmin>;
  transferOwnership: Bound<typeof transferOwnership>;
  acceptOwnership: Bound<typeof acceptOwnership>;
  addBattery: Bound<typeof addBattery>;
  updateBattery: Bound<typeof updateBattery>;
  decommissionBattery: Bound<typeof decommissionBattery>;
  withdrawVendorPayment: Bound<typeof withdrawVendorPayment>;
  setTradingParams: Bound<typeof setTradingParams>;
  setReporter: Bound<typeof setReporter>;
  submitPrice: Bound<typeof submitPrice>;
  dispatch: Bound<typeof dispatch>;
  performUpkeep: Bound<typeof performUpkeep>;
  pause: Bound<typeof pause>;
  unpause: Bound<typeof unpause>;
  depositMarketLiquidity: Bound<typeof depositMarketLiquidity>;
  requestDeposit: Bound<typeof requestDeposit>;
  requestRedeem: Bound<typeof requestRedeem>;
  cancelDepositRequest: Bound<typeof cancelDepositRequest>;
  cancelRedeemRequest: Bound<typeof cancelRedeemRequest>;
  deposit: Bound<typeof deposit>;
  mint: Bound<typeof mint>;
  redeem: Bound<typeof redeem>;
  withdraw: Bound<typeof withdraw>;
  setOperator: Bound<typeof setOperator>;
  settleEpoch: Bound<typeof settleEpoch>;
  cancelDistributions: Bound<typeof cancelDistributions>;
  proposePurchase: Bound<typeof proposePurchase>;
  executePurchase: Bound<typeof executePurchase>;
  cancelPurchase: Bound<typeof cancelPurchase>;
  setVendorAllowed: Bound<typeof setVendorAllowed>;
  setPurchaser: Bound<typeof setPurchaser>;
  proposePriceOracle: Bound<typeof proposePriceOracle>;
  executePriceOracle: Bound<typeof executePriceOracle>;
  proposeGridMarket: Bound<typeof proposeGridMarket>;
  executeGridMarket: Bound<typeof executeGridMarket>;
  cancelPendingChange: Bound<typeof cancelPendingChange>;
  createProfile: Bound<typeof createProfile>;
  setStrategist: Bound<typeof setStrategist>;
  setBatteryProfile: Bound<typeof setBatteryProfile>;
  publishTable: Bound<typeof publishTable>;
  updateBlocks: Bound<typeof updateBlocks>;
};

/** A client that can send transactions: it has an account, or viem's wallet actions (JSON-RPC / browser wallets). */
type CanSend = { account: Account } | { writeContract: (...args: never[]) => unknown };

/** What {@link vppActions} adds to a client: the writes only when it can send. */
export type VppActionsFor<TClient> = TClient extends CanSend ? VppPublicActions & VppWalletActions : VppPublicActions;

/** Resolves the configuration of a client: explicit config, or the chain's own (addVppContracts). */
function configure<TClient extends VppClient>(client: TClient, config: Partial<VppConfig>, decorator: string): TClient {
  if (config.deployment) return withVppConfig(client, { deployment: config.deployment, subgraphUrl: config.subgraphUrl });
  try {
    getVppAddress(client, 'vppFund');
  } catch {
    throw new VppConfigError(
      `${decorator}: no deployment. Pass { deployment } (see parseDeployment) or use a chain from addVppContracts.`,
    );
  }
  if (!config.subgraphUrl) return client;
  const chain = client.chain!;
  return {
    ...client,
    chain: { ...chain, subgraphs: { ...(chain as { subgraphs?: object }).subgraphs, vpp: { url: config.subgraphUrl } } },
  };
}

const binder = (c: VppClient) => (fn: (client: VppClient, params: never) => unknown) => (params?: unknown) =>
  (fn as unknown as (client: VppClient, params: unknown) => unknown)(c, params);

function publicActionsOf(c: VppClient): VppPublicActions {
  const bind = binder(c);
  return {
    getShareBalance: bind(getShareBalance),
    getWithdrawableDividends: bind(getWithdrawableDividends),
    getDividendBalances: bind(getDividendBalances),
    getFundState: bind(getFundState),
    getNavComponents: bind(getNavComponents),
    getEpoch: bind(getEpoch),
    getEpochInfo: bind(getEpochInfo),
    getDepositRequest: bind(getDepositRequest),
    getRedeemRequest: bind(getRedeemRequest),
    convertToShares: bind(convertToShares),
    convertToAssets: bind(convertToAssets),
    getPurchaseProposal: bind(getPurchaseProposal),
    getPurchaseAccess: bind(getPurchaseAccess),
    getPendingChanges: bind(getPendingChanges),
    getStrategyProfile: bind(getStrategyProfile),
    getStrategyTable: bind(getStrategyTable),
    getBatteryState: bind(getBatteryState),
    getFleet: bind(getFleet),
    getLatestPrice: bind(getLatestPrice),
    getTradingParams: bind(getTradingParams),
    getRoles: bind(getRoles),
    quoteDispatch: bind(quoteDispatch),
    checkUpkeep: bind(checkUpkeep),
    getPortfolio: bind(getPortfolio),
    getHolders: bind(getHolders),
    getAllHolders: bind(getAllHolders),
    getDividends: bind(getDividends),
    getEpochs: bind(getEpochs),
    getTrades: bind(getTrades),
    getAllTrades: bind(getAllTrades),
    getBatteries: bind(getBatteries),
    getBatteryHistory: bind(getBatteryHistory),
    getPriceHistory: bind(getPriceHistory),
    getFundStatistics: bind(getFundStatistics),
    getFundDailySeries: bind(getFundDailySeries),
    getNavPerShareHistory: bind(getNavPerShareHistory),
    waitForIndexedBlock: bind(waitForIndexedBlock),
  } as unknown as VppPublicActions;
}

function walletActionsOf(c: VppClient): VppWalletActions {
  const bind = binder(c);
  return {
    transferShares: bind(transferShares),
    withdrawDividends: bind(withdrawDividends),
    declareDividend: bind(declareDividend),
    returnCapital: bind(returnCapital),
    addAdmin: bind(addAdmin),
    removeAdmin: bind(removeAdmin),
    transferOwnership: bind(transferOwnership),
    acceptOwnership: bind(acceptOwnership),
    addBattery: bind(addBattery),
    updateBattery: bind(updateBattery),
    decommissionBattery: bind(decommissionBattery),
    withdrawVendorPayment: bind(withdrawVendorPayment),
    setTradingParams: bind(setTradingParams),
    setReporter: bind(setReporter),
    submitPrice: bind(submitPrice),
    dispatch: bind(dispatch),
    performUpkeep: bind(performUpkeep),
    pause: bind(pause),
    unpause: bind(unpause),
    depositMarketLiquidity: bind(depositMarketLiquidity),
    requestDeposit: bind(requestDeposit),
    requestRedeem: bind(requestRedeem),
    cancelDepositRequest: bind(cancelDepositRequest),
    cancelRedeemRequest: bind(cancelRedeemRequest),
    deposit: bind(deposit),
    mint: bind(mint),
    redeem: bind(redeem),
    withdraw: bind(withdraw),
    setOperator: bind(setOperator),
    settleEpoch: bind(settleEpoch),
    cancelDistributions: bind(cancelDistributions),
    proposePurchase: bind(proposePurchase),
    executePurchase: bind(executePurchase),
    cancelPurchase: bind(cancelPurchase),
    setVendorAllowed: bind(setVendorAllowed),
    setPurchaser: bind(setPurchaser),
    proposePriceOracle: bind(proposePriceOracle),
    executePriceOracle: bind(executePriceOracle),
    proposeGridMarket: bind(proposeGridMarket),
    executeGridMarket: bind(executeGridMarket),
    cancelPendingChange: bind(cancelPendingChange),
    createProfile: bind(createProfile),
    setStrategist: bind(setStrategist),
    setBatteryProfile: bind(setBatteryProfile),
    publishTable: bind(publishTable),
    updateBlocks: bind(updateBlocks),
  } as unknown as VppWalletActions;
}

/**
 * Client decorator adding the VPP reads (chain and subgraph), bound to `config` — for any client, with a plain
 * chain or none. Without `deployment` it uses the chain's VPP contracts (see `addVppContracts`).
 *
 * @example
 * const client = createPublicClient({ transport: http(rpcUrl) }).extend(vppPublicActions({ deployment, subgraphUrl }));
 * const fund = await client.getFundState();
 */
export function vppPublicActions(config: Partial<VppConfig> = {}): (client: Client) => VppPublicActions {
  return (client) => publicActionsOf(configure(client as VppClient, config, 'vppPublicActions'));
}

/**
 * Client decorator adding the VPP writes, bound to `config`, for a client that can send (an account, or a wallet).
 *
 * @example
 * const wallet = createWalletClient({ account, chain: foundry, transport: http() }).extend(vppWalletActions({ deployment }));
 * const { wait } = await wallet.requestDeposit({ assets: parseEther('1') });
 */
export function vppWalletActions(config: Partial<VppConfig> = {}): (client: Client) => VppWalletActions {
  return (client) => walletActionsOf(configure(client as VppClient, config, 'vppWalletActions'));
}

/**
 * Client decorator adding every VPP read and, when the client can send (it has an account or viem's wallet
 * actions), every write — in its type and at run time, so a public client never gets writes that would fail.
 *
 * @example
 * const client = createWalletClient({ account, chain: foundry, transport: http() })
 *   .extend(publicActions)
 *   .extend(vppActions({ deployment, subgraphUrl }));
 * await client.requestDeposit({ assets: parseEther('1') });
 */
export function vppActions(config: Partial<VppConfig> = {}): <TClient extends Client>(client: TClient) => VppActionsFor<TClient> {
  return <TClient extends Client>(client: TClient) => {
    const c = configure(client as unknown as VppClient, config, 'vppActions');
    const canSend = client.account !== undefined || typeof (client as { writeContract?: unknown }).writeContract === 'function';
    return (canSend ? { ...publicActionsOf(c), ...walletActionsOf(c) } : publicActionsOf(c)) as VppActionsFor<TClient>;
  };
}
