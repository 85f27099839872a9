import type { Client } from 'viem';
import { getVppAddress, withVppConfig, type VppClient, type VppConfig } from '../config.js';
import { VppConfigError } from '../errors.js';
import { localDeployment } from '../local-deployment.js';
import { getShareBalance } from '../actions/public/getShareBalance.js';
import { getWithdrawableDividends } from '../actions/public/getWithdrawableDividends.js';
import { getFundState } from '../actions/public/getFundState.js';
import { getBatteryState } from '../actions/public/getBatteryState.js';
import { getFleet } from '../actions/public/getFleet.js';
import { getLatestPrice } from '../actions/public/getLatestPrice.js';
import { getTradingParams } from '../actions/public/getTradingParams.js';
import { getRoles } from '../actions/public/getRoles.js';
import { previewInvest } from '../actions/public/previewInvest.js';
import { quoteDispatch } from '../actions/public/quoteDispatch.js';
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
import { getPortfolio } from '../actions/subgraph/getPortfolio.js';
import { getDividends } from '../actions/subgraph/getDividends.js';
import { getTrades } from '../actions/subgraph/getTrades.js';
import { getAllTrades } from '../actions/subgraph/getAllTrades.js';
import { getBatteries } from '../actions/subgraph/getBatteries.js';
import { getBatteryHistory } from '../actions/subgraph/getBatteryHistory.js';
import { getPriceHistory } from '../actions/subgraph/getPriceHistory.js';
import { getFundStatistics } from '../actions/subgraph/getFundStatistics.js';
import { getFundDailySeries } from '../actions/subgraph/getFundDailySeries.js';
import { waitForIndexedBlock } from '../actions/subgraph/waitForIndexedBlock.js';

/** An action with its client bound: `(params) => result` (params optional when the action's are). */
export type Bound<F> = F extends (client: never, params: infer P) => infer R
  ? undefined extends P
    ? (params?: P) => R
    : (params: P) => R
  : F extends (client: never) => infer R
    ? () => R
    : never;

/** Every action bound to one client and configuration (what `client.extend(vppActions(config))` adds). */
export type VppActions = {
  getShareBalance: Bound<typeof getShareBalance>;
  getWithdrawableDividends: Bound<typeof getWithdrawableDividends>;
  getFundState: Bound<typeof getFundState>;
  getBatteryState: Bound<typeof getBatteryState>;
  getFleet: Bound<typeof getFleet>;
  getLatestPrice: Bound<typeof getLatestPrice>;
  getTradingParams: Bound<typeof getTradingParams>;
  getRoles: Bound<typeof getRoles>;
  previewInvest: Bound<typeof previewInvest>;
  quoteDispatch: Bound<typeof quoteDispatch>;
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
  getPortfolio: Bound<typeof getPortfolio>;
  getDividends: Bound<typeof getDividends>;
  getTrades: Bound<typeof getTrades>;
  getAllTrades: Bound<typeof getAllTrades>;
  getBatteries: Bound<typeof getBatteries>;
  getBatteryHistory: Bound<typeof getBatteryHistory>;
  getPriceHistory: Bound<typeof getPriceHistory>;
  getFundStatistics: Bound<typeof getFundStatistics>;
  getFundDailySeries: Bound<typeof getFundDailySeries>;
  waitForIndexedBlock: Bound<typeof waitForIndexedBlock>;
};

/** Resolves the configuration of a client: explicit config, the chain's own, or the local deployment. */
function configure<TClient extends VppClient>(client: TClient, config: Partial<VppConfig>): TClient {
  if (config.deployment) return withVppConfig(client, { deployment: config.deployment, subgraphUrl: config.subgraphUrl });
  let hasContracts = true;
  try {
    getVppAddress(client, 'vppFund');
  } catch {
    hasContracts = false;
  }
  if (hasContracts) {
    if (!config.subgraphUrl) return client;
    const chain = client.chain!;
    return {
      ...client,
      chain: { ...chain, subgraphs: { ...(chain as { subgraphs?: object }).subgraphs, vpp: { url: config.subgraphUrl } } },
    };
  }
  if (localDeployment) return withVppConfig(client, { deployment: localDeployment, subgraphUrl: config.subgraphUrl });
  throw new VppConfigError(
    'vppActions: no deployment. Pass { deployment } (see @vpp/contracts parseDeployment) or use a chain from addVppContracts.',
  );
}

/**
 * Client decorator adding every VPP action bound to `config` — works with a plain chain (or none) too.
 * Without `deployment` it uses the chain's VPP contracts (addVppContracts) or else `localDeployment`.
 *
 * @example
 * const client = createWalletClient({ account, chain: foundry, transport: http() })
 *   .extend(publicActions)
 *   .extend(vppActions({ deployment, subgraphUrl }));
 * await client.invest({ amount: parseEther('1') });
 */
export function vppActions(config: Partial<VppConfig> = {}): (client: Client) => VppActions {
  return (client: Client): VppActions => {
    const c = configure(client as VppClient, config);
    const bind =
      (fn: (client: VppClient, params: never) => unknown) =>
      (params?: unknown) =>
        (fn as unknown as (client: VppClient, params: unknown) => unknown)(c, params);
    return {
    getShareBalance: bind(getShareBalance),
    getWithdrawableDividends: bind(getWithdrawableDividends),
    getFundState: bind(getFundState),
    getBatteryState: bind(getBatteryState),
    getFleet: bind(getFleet),
    getLatestPrice: bind(getLatestPrice),
    getTradingParams: bind(getTradingParams),
    getRoles: bind(getRoles),
    previewInvest: bind(previewInvest),
    quoteDispatch: bind(quoteDispatch),
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
    getPortfolio: bind(getPortfolio),
    getDividends: bind(getDividends),
    getTrades: bind(getTrades),
    getAllTrades: bind(getAllTrades),
    getBatteries: bind(getBatteries),
    getBatteryHistory: bind(getBatteryHistory),
    getPriceHistory: bind(getPriceHistory),
    getFundStatistics: bind(getFundStatistics),
    getFundDailySeries: bind(getFundDailySeries),
    waitForIndexedBlock: bind(waitForIndexedBlock),
    } as unknown as VppActions;
  };
}
