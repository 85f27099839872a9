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
import { getBatteryState } from '../actions/public/getBatteryState.js';
import { getFleet } from '../actions/public/getFleet.js';
import { getLatestPrice } from '../actions/public/getLatestPrice.js';
import { getTradingParams } from '../actions/public/getTradingParams.js';
import { getRoles } from '../actions/public/getRoles.js';
import { previewInvest } from '../actions/public/previewInvest.js';
import { quoteDispatch } from '../actions/public/quoteDispatch.js';
import { checkUpkeep } from '../actions/wallet/performUpkeep.js';
import { getPortfolio } from '../actions/subgraph/getPortfolio.js';
import { getHolders } from '../actions/subgraph/getHolders.js';
import { getAllHolders } from '../actions/subgraph/getHolders.js';
import { getDividends } from '../actions/subgraph/getDividends.js';
import { getTrades } from '../actions/subgraph/getTrades.js';
import { getAllTrades } from '../actions/subgraph/getAllTrades.js';
import { getBatteries } from '../actions/subgraph/getBatteries.js';
import { getBatteryHistory } from '../actions/subgraph/getBatteryHistory.js';
import { getPriceHistory } from '../actions/subgraph/getPriceHistory.js';
import { getFundStatistics } from '../actions/subgraph/getFundStatistics.js';
import { getFundDailySeries } from '../actions/subgraph/getFundDailySeries.js';
import { getNavPerShareHistory } from '../actions/subgraph/getNavPerShareHistory.js';
import { waitForIndexedBlock } from '../actions/subgraph/waitForIndexedBlock.js';
import { invest } from '../actions/wallet/invest.js';
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
import { purchaseBattery } from '../actions/wallet/purchaseBattery.js';
import { withdrawVendorPayment } from '../actions/wallet/withdrawVendorPayment.js';
import { setTradingParams } from '../actions/wallet/setTradingParams.js';
import { setReporter } from '../actions/wallet/setReporter.js';
import { submitPrice } from '../actions/wallet/submitPrice.js';
import { dispatch } from '../actions/wallet/dispatch.js';
import { performUpkeep } from '../actions/wallet/performUpkeep.js';
import { pause } from '../actions/wallet/pause.js';
import { unpause } from '../actions/wallet/unpause.js';
import { depositMarketLiquidity } from '../actions/wallet/depositMarketLiquidity.js';

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
  getBatteryState: Bound<typeof getBatteryState>;
  getFleet: Bound<typeof getFleet>;
  getLatestPrice: Bound<typeof getLatestPrice>;
  getTradingParams: Bound<typeof getTradingParams>;
  getRoles: Bound<typeof getRoles>;
  previewInvest: Bound<typeof previewInvest>;
  quoteDispatch: Bound<typeof quoteDispatch>;
  checkUpkeep: Bound<typeof checkUpkeep>;
  getPortfolio: Bound<typeof getPortfolio>;
  getHolders: Bound<typeof getHolders>;
  getAllHolders: Bound<typeof getAllHolders>;
  getDividends: Bound<typeof getDividends>;
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
  invest: Bound<typeof invest>;
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
  purchaseBattery: Bound<typeof purchaseBattery>;
  withdrawVendorPayment: Bound<typeof withdrawVendorPayment>;
  setTradingParams: Bound<typeof setTradingParams>;
  setReporter: Bound<typeof setReporter>;
  submitPrice: Bound<typeof submitPrice>;
  dispatch: Bound<typeof dispatch>;
  performUpkeep: Bound<typeof performUpkeep>;
  pause: Bound<typeof pause>;
  unpause: Bound<typeof unpause>;
  depositMarketLiquidity: Bound<typeof depositMarketLiquidity>;
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
    getBatteryState: bind(getBatteryState),
    getFleet: bind(getFleet),
    getLatestPrice: bind(getLatestPrice),
    getTradingParams: bind(getTradingParams),
    getRoles: bind(getRoles),
    previewInvest: bind(previewInvest),
    quoteDispatch: bind(quoteDispatch),
    checkUpkeep: bind(checkUpkeep),
    getPortfolio: bind(getPortfolio),
    getHolders: bind(getHolders),
    getAllHolders: bind(getAllHolders),
    getDividends: bind(getDividends),
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
    invest: bind(invest),
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
    purchaseBattery: bind(purchaseBattery),
    withdrawVendorPayment: bind(withdrawVendorPayment),
    setTradingParams: bind(setTradingParams),
    setReporter: bind(setReporter),
    submitPrice: bind(submitPrice),
    dispatch: bind(dispatch),
    performUpkeep: bind(performUpkeep),
    pause: bind(pause),
    unpause: bind(unpause),
    depositMarketLiquidity: bind(depositMarketLiquidity),
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
 * const { wait } = await wallet.invest({ amount: parseEther('1') });
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
 * await client.invest({ amount: parseEther('1') });
 */
export function vppActions(config: Partial<VppConfig> = {}): <TClient extends Client>(client: TClient) => VppActionsFor<TClient> {
  return <TClient extends Client>(client: TClient) => {
    const c = configure(client as unknown as VppClient, config, 'vppActions');
    const canSend = client.account !== undefined || typeof (client as { writeContract?: unknown }).writeContract === 'function';
    return (canSend ? { ...publicActionsOf(c), ...walletActionsOf(c) } : publicActionsOf(c)) as VppActionsFor<TClient>;
  };
}
