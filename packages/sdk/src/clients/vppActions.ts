/**
 * Client decorators, viem-style: `vppPublicActions` (chain and subgraph reads) for any client,
 * `vppWalletActions` (writes) for clients that can send, and `vppActions`, which adds the writes only when the client
 * has an account or wallet actions — in its type and at run time.
 * @module
 */
import type { Account, Client } from 'viem';
import { getVppAddress, withVppConfig, type VppClient, type VppConfig } from '../config.js';
import { VppConfigError } from '../errors/common.js';
import type { getShareBalance } from '../actions/public/getShareBalance.js';
import type { getWithdrawableDividends } from '../actions/public/getWithdrawableDividends.js';
import type { getDividendBalances } from '../actions/public/getDividendBalances.js';
import type { getFundState } from '../actions/public/getFundState.js';
import type { getNavComponents } from '../actions/public/getNavComponents.js';
import type { getEpoch } from '../actions/public/getEpoch.js';
import type { getEpochInfo } from '../actions/public/getEpochInfo.js';
import type { getDepositRequest } from '../actions/public/getDepositRequest.js';
import type { getRedeemRequest } from '../actions/public/getRedeemRequest.js';
import type { convertToShares } from '../actions/public/convertToShares.js';
import type { convertToAssets } from '../actions/public/convertToAssets.js';
import type { getPurchaseProposal } from '../actions/public/getPurchaseProposal.js';
import type { getPurchaseAccess } from '../actions/public/getPurchaseAccess.js';
import type { getPendingChanges } from '../actions/public/getPendingChanges.js';
import type { getStrategyProfile } from '../actions/public/getStrategyProfile.js';
import type { getStrategyTable } from '../actions/public/getStrategyTable.js';
import type { getBatteryState } from '../actions/public/getBatteryState.js';
import type { getFleet } from '../actions/public/getFleet.js';
import type { getLatestPrice } from '../actions/public/getLatestPrice.js';
import type { getTradingParams } from '../actions/public/getTradingParams.js';
import type { getRoles } from '../actions/public/getRoles.js';
import type { quoteDispatch } from '../actions/public/quoteDispatch.js';
import type { checkUpkeep } from '../actions/wallet/performUpkeep.js';
import type { getPortfolio } from '../actions/subgraph/getPortfolio.js';
import type { getHolders } from '../actions/subgraph/getHolders.js';
import type { getAllHolders } from '../actions/subgraph/getHolders.js';
import type { getDividends } from '../actions/subgraph/getDividends.js';
import type { getEpochs } from '../actions/subgraph/getEpochs.js';
import type { getTrades } from '../actions/subgraph/getTrades.js';
import type { getAllTrades } from '../actions/subgraph/getAllTrades.js';
import type { getBatteries } from '../actions/subgraph/getBatteries.js';
import type { getBatteryHistory } from '../actions/subgraph/getBatteryHistory.js';
import type { getPriceHistory } from '../actions/subgraph/getPriceHistory.js';
import type { getFundStatistics } from '../actions/subgraph/getFundStatistics.js';
import type { getFundDailySeries } from '../actions/subgraph/getFundDailySeries.js';
import type { getNavPerShareHistory } from '../actions/subgraph/getNavPerShareHistory.js';
import type { waitForIndexedBlock } from '../actions/subgraph/waitForIndexedBlock.js';
import type { transferShares } from '../actions/wallet/transferShares.js';
import type { withdrawDividends } from '../actions/wallet/withdrawDividends.js';
import type { declareDividend } from '../actions/wallet/declareDividend.js';
import type { returnCapital } from '../actions/wallet/returnCapital.js';
import type { addAdmin } from '../actions/wallet/addAdmin.js';
import type { removeAdmin } from '../actions/wallet/removeAdmin.js';
import type { transferOwnership } from '../actions/wallet/transferOwnership.js';
import type { acceptOwnership } from '../actions/wallet/acceptOwnership.js';
import type { addBattery } from '../actions/wallet/addBattery.js';
import type { updateBattery } from '../actions/wallet/updateBattery.js';
import type { decommissionBattery } from '../actions/wallet/decommissionBattery.js';
import type { withdrawVendorPayment } from '../actions/wallet/withdrawVendorPayment.js';
import type { setTradingParams } from '../actions/wallet/setTradingParams.js';
import type { setReporter } from '../actions/wallet/setReporter.js';
import type { submitPrice } from '../actions/wallet/submitPrice.js';
import type { dispatch } from '../actions/wallet/dispatch.js';
import type { performUpkeep } from '../actions/wallet/performUpkeep.js';
import type { pause } from '../actions/wallet/pause.js';
import type { unpause } from '../actions/wallet/unpause.js';
import type { depositMarketLiquidity } from '../actions/wallet/depositMarketLiquidity.js';
import type { requestDeposit } from '../actions/wallet/requestDeposit.js';
import type { requestRedeem } from '../actions/wallet/requestRedeem.js';
import type { cancelDepositRequest } from '../actions/wallet/cancelDepositRequest.js';
import type { cancelRedeemRequest } from '../actions/wallet/cancelRedeemRequest.js';
import type { deposit } from '../actions/wallet/deposit.js';
import type { mint } from '../actions/wallet/mint.js';
import type { redeem } from '../actions/wallet/redeem.js';
import type { withdraw } from '../actions/wallet/withdraw.js';
import type { setOperator } from '../actions/wallet/setOperator.js';
import type { settleEpoch } from '../actions/wallet/settleEpoch.js';
import type { cancelDistributions } from '../actions/wallet/cancelDistributions.js';
import type { proposePurchase } from '../actions/wallet/proposePurchase.js';
import type { executePurchase } from '../actions/wallet/executePurchase.js';
import type { cancelPurchase } from '../actions/wallet/cancelPurchase.js';
import type { setVendorAllowed } from '../actions/wallet/setVendorAllowed.js';
import type { setPurchaser } from '../actions/wallet/setPurchaser.js';
import type { proposePriceOracle } from '../actions/wallet/proposePriceOracle.js';
import type { executePriceOracle } from '../actions/wallet/executePriceOracle.js';
import type { proposeGridMarket } from '../actions/wallet/proposeGridMarket.js';
import type { executeGridMarket } from '../actions/wallet/executeGridMarket.js';
import type { cancelPendingChange } from '../actions/wallet/cancelPendingChange.js';
import type { createProfile } from '../actions/wallet/createProfile.js';
import type { setStrategist } from '../actions/wallet/setStrategist.js';
import type { setBatteryProfile } from '../actions/wallet/setBatteryProfile.js';
import type { publishTable } from '../actions/wallet/publishTable.js';
import type { updateBlocks } from '../actions/wallet/updateBlocks.js';

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
export type CanSend = { account: Account } | { writeContract: (...args: never[]) => unknown };

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

/** The chain reads' names (`@vpp/sdk/public`). */
const chainReads = [
  'getShareBalance', 'getWithdrawableDividends', 'getDividendBalances', 'getFundState', 'getNavComponents',
  'getEpoch', 'getEpochInfo', 'getDepositRequest', 'getRedeemRequest', 'convertToShares', 'convertToAssets',
  'getPurchaseProposal', 'getPurchaseAccess', 'getPendingChanges', 'getStrategyProfile', 'getStrategyTable',
  'getBatteryState', 'getFleet', 'getLatestPrice', 'getTradingParams', 'getRoles', 'quoteDispatch', 'checkUpkeep',
] as const;
/** The subgraph reads' names (`@vpp/sdk/subgraph`). */
const subgraphReads = [
  'getPortfolio', 'getHolders', 'getAllHolders', 'getDividends', 'getEpochs', 'getTrades', 'getAllTrades',
  'getBatteries', 'getBatteryHistory', 'getPriceHistory', 'getFundStatistics', 'getFundDailySeries',
  'getNavPerShareHistory', 'waitForIndexedBlock',
] as const;
/** The writes' names (`@vpp/sdk/wallet`). */
const writes = [
  'transferShares', 'withdrawDividends', 'declareDividend', 'returnCapital', 'addAdmin', 'removeAdmin',
  'transferOwnership', 'acceptOwnership', 'addBattery', 'updateBattery', 'decommissionBattery',
  'withdrawVendorPayment', 'setTradingParams', 'setReporter', 'submitPrice', 'dispatch', 'performUpkeep', 'pause',
  'unpause', 'depositMarketLiquidity', 'requestDeposit', 'requestRedeem', 'cancelDepositRequest',
  'cancelRedeemRequest', 'deposit', 'mint', 'redeem', 'withdraw', 'setOperator', 'settleEpoch',
  'cancelDistributions', 'proposePurchase', 'executePurchase', 'cancelPurchase', 'setVendorAllowed', 'setPurchaser',
  'proposePriceOracle', 'executePriceOracle', 'proposeGridMarket', 'executeGridMarket', 'cancelPendingChange',
  'createProfile', 'setStrategist', 'setBatteryProfile', 'publishTable', 'updateBlocks',
] as const;

// Every action of the types above is bound (compile-time check: adding an action to a type without its name fails).
type Unbound<T, K> = Exclude<keyof T, K>;
const everyReadBound: [Unbound<VppPublicActions, (typeof chainReads)[number] | (typeof subgraphReads)[number]>] extends [never] ? true : never = true;
const everyWriteBound: [Unbound<VppWalletActions, (typeof writes)[number]>] extends [never] ? true : never = true;
void everyReadBound;
void everyWriteBound;

type ActionModule = Record<string, (client: VppClient, params?: unknown) => Promise<unknown>>;

/**
 * Binds `names` to the client; the module group that holds them is imported on the first call of any of them. So a
 * client costs its names, not every action: an app loads the writes, the chain reads and the subgraph reads (with
 * their ABI items, documents and mappers) when it first uses one (the actions are async anyway).
 */
function bindLazily(client: VppClient, load: () => Promise<unknown>, names: readonly string[]): Record<string, unknown> {
  let group: Promise<ActionModule> | undefined;
  const bound: Record<string, (params?: unknown) => Promise<unknown>> = {};
  for (const name of names) bound[name] = async (params) => (await (group ??= load() as Promise<ActionModule>))[name]!(client, params);
  return bound;
}

function publicActionsOf(c: VppClient): VppPublicActions {
  return {
    ...bindLazily(c, () => import('../public.js'), chainReads),
    ...bindLazily(c, () => import('../subgraph.js'), subgraphReads),
  } as unknown as VppPublicActions;
}

function walletActionsOf(c: VppClient): VppWalletActions {
  return bindLazily(c, () => import('../wallet.js'), writes) as unknown as VppWalletActions;
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
