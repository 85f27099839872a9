/** Type tests (vitest typecheck): the shapes of action results and of the decorated clients. */
import type { Address, BaseError, Hash, Hex, TransactionReceipt } from 'viem';
import { createPublicClient, createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { describe, expectTypeOf, it } from 'vitest';
import {
  addVppContracts,
  createVppClient,
  getAllTrades,
  getBatteryState,
  getFundState,
  getLatestPrice,
  getPortfolio,
  getRoles,
  getTrades,
  requestDeposit,
  settleEpoch,
  publishTable,
  NotAdminError,
  performUpkeep,
  quoteDispatch,
  StalePriceError,
  vppActions,
  VppContractError,
  type BatteryState,
  type Deployment,
  type DispatchQuote,
  type FundState,
  type LatestPrice,
  type Portfolio,
  type Roles,
  type TradeAction,
  type TradesPage,
  type VppClient,
  type WriteResult,
  type RequestDepositOutcome,
  type SettleEpochOutcome,
  type NavComponents,
  type ThresholdSource,
  getNavComponents,
  type DispatchOutcome,
  type VppTransactionRequest,
  encodeRequestDeposit,
  simulateRequestDeposit,
  vppPublicActions,
  vppWalletActions,
} from '../src/index.js';

declare const deployment: Deployment;
declare const client: VppClient;

describe('action results', () => {
  it('chain reads', () => {
    expectTypeOf(getFundState(client)).resolves.toEqualTypeOf<FundState>();
    expectTypeOf<FundState['nav']>().toEqualTypeOf<bigint>();
    expectTypeOf(getNavComponents(client)).resolves.toEqualTypeOf<NavComponents>();
    expectTypeOf<FundState>().toMatchTypeOf<NavComponents>();
    expectTypeOf(getBatteryState(client, { batteryId: 1n })).resolves.toEqualTypeOf<BatteryState>();
    expectTypeOf<BatteryState['status']>().toEqualTypeOf<'None' | 'Active' | 'Inactive' | 'Decommissioned'>();
    expectTypeOf<BatteryState['profileId']>().toEqualTypeOf<number>();
    expectTypeOf<BatteryState['config']>().not.toHaveProperty('serial');
    expectTypeOf(getLatestPrice(client)).resolves.toEqualTypeOf<LatestPrice>();
    expectTypeOf(getRoles(client)).resolves.toEqualTypeOf<Roles>();
    expectTypeOf<Roles['pendingOwner']>().toEqualTypeOf<Address | null>();
    expectTypeOf(quoteDispatch(client, { batteryId: 1 })).resolves.toEqualTypeOf<DispatchQuote>();
    expectTypeOf<DispatchQuote['action']>().toEqualTypeOf<TradeAction>();
  });

  it('writes', () => {
    expectTypeOf(requestDeposit(client, { assets: 1n })).resolves.toEqualTypeOf<WriteResult<RequestDepositOutcome>>();
    expectTypeOf<WriteResult['hash']>().toEqualTypeOf<Hash>();
    // wait() resolves to the receipt plus the decoded outcome, typed per action
    expectTypeOf<Awaited<ReturnType<WriteResult<RequestDepositOutcome>['wait']>>>().toMatchTypeOf<TransactionReceipt>();
    expectTypeOf<Awaited<ReturnType<WriteResult<RequestDepositOutcome>['wait']>>['outcome']['requestId']>().toEqualTypeOf<bigint>();
    expectTypeOf(settleEpoch(client)).resolves.toEqualTypeOf<WriteResult<SettleEpochOutcome>>();
    expectTypeOf<SettleEpochOutcome['distributions'][number]['amount']>().toEqualTypeOf<bigint>();
    expectTypeOf<DispatchOutcome['skipped'][number]['reason']>().toEqualTypeOf<
      'None' | 'InsufficientFundBalance' | 'InsufficientMarketBalance' | 'AlreadyDispatched' | 'NotActive' | 'SettlementFailed'
    >();
    expectTypeOf<DispatchOutcome['trades'][number]['thresholds']>().toEqualTypeOf<ThresholdSource>();
    expectTypeOf(publishTable).parameter(1).toMatchTypeOf<{ profileId: number; blocks: readonly Hex[]; unitWei: bigint }>();
    expectTypeOf(performUpkeep(client)).resolves.toEqualTypeOf<WriteResult<DispatchOutcome> | null>();
    // encode / simulate counterparts
    expectTypeOf(encodeRequestDeposit(client, { assets: 1n })).toEqualTypeOf<VppTransactionRequest>();
    expectTypeOf(simulateRequestDeposit(client, { assets: 1n })).resolves.toMatchTypeOf<{ result: bigint }>();
    // viem's transaction overrides
    requestDeposit(client, { assets: 1n, gas: 100_000n, nonce: 3, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, timeoutMs: 1_000 });
    // @ts-expect-error value is the assets, not an override
    requestDeposit(client, { assets: 1n, value: 1n });
    // amounts are bigint only
    // @ts-expect-error number amounts are refused
    requestDeposit(client, { assets: 1 });
  });

  it('subgraph reads', () => {
    expectTypeOf(getPortfolio(client, { investor: '0x0000000000000000000000000000000000000001' })).resolves.toEqualTypeOf<Portfolio>();
    expectTypeOf<Portfolio['shares']>().toEqualTypeOf<bigint>();
    expectTypeOf<Portfolio['depositRequests'][number]['status']>().toEqualTypeOf<'Pending' | 'Claimable' | 'Claimed' | 'Canceled' | 'Refused'>();
    expectTypeOf<Portfolio['history'][number]['value']>().toEqualTypeOf<bigint>();
    expectTypeOf<Portfolio['transfers'][number]['direction']>().toEqualTypeOf<'in' | 'out'>();
    expectTypeOf(getTrades(client, { action: 'Charge' })).resolves.toEqualTypeOf<TradesPage>();
    expectTypeOf<TradesPage['nextCursor']>().toEqualTypeOf<string | null>();
    expectTypeOf<Awaited<ReturnType<typeof getAllTrades>>['trades'][number]['value']>().toEqualTypeOf<bigint>();
    // @ts-expect-error unknown trade action
    getTrades(client, { action: 'Sell' });
  });
});

describe('clients', () => {
  it('vppActions gives a public client the reads only', () => {
    const c = createPublicClient({ chain: foundry, transport: http() }).extend(vppActions({ deployment }));
    expectTypeOf(c.getFundState).returns.resolves.toEqualTypeOf<FundState>();
    expectTypeOf(c.getPortfolio).returns.resolves.toEqualTypeOf<Portfolio>();
    expectTypeOf(c.getBlockNumber).toBeFunction(); // viem's actions are kept
    expectTypeOf(c).not.toHaveProperty('requestDeposit');
    expectTypeOf(c).not.toHaveProperty('settleEpoch');
    const p = createPublicClient({ transport: http() }).extend(vppPublicActions({ deployment }));
    expectTypeOf(p).not.toHaveProperty('requestDeposit');
  });

  it('vppActions gives a client that can send the writes too', () => {
    const w = createWalletClient({ account: privateKeyToAccount(generatePrivateKey()), chain: foundry, transport: http() }).extend(
      vppActions({ deployment }),
    );
    expectTypeOf(w.requestDeposit).parameter(0).toMatchTypeOf<{ assets: bigint }>();
    expectTypeOf(w.getFundState).returns.resolves.toEqualTypeOf<FundState>();
    const jsonRpc = createWalletClient({ chain: foundry, transport: http() }).extend(vppActions({ deployment }));
    expectTypeOf(jsonRpc.requestDeposit).toBeFunction();
    const only = createWalletClient({ chain: foundry, transport: http() }).extend(vppWalletActions({ deployment }));
    expectTypeOf(only.settleEpoch).toBeFunction();
  });

  it('createVppClient has viem public + wallet actions and the VPP actions', () => {
    const vpp = createVppClient({ transport: http(), deployment });
    expectTypeOf(vpp.requestDeposit).returns.resolves.toEqualTypeOf<WriteResult<RequestDepositOutcome>>();
    expectTypeOf(vpp.sendTransaction).toBeFunction();
    expectTypeOf(vpp.chain.contracts.vppFund.address).toEqualTypeOf<Address>();
  });

  it('addVppContracts keeps the chain and adds the contracts', () => {
    const chain = addVppContracts(foundry, { deployment });
    expectTypeOf(chain.id).toEqualTypeOf<31337>();
    expectTypeOf(chain.contracts.vppTrader.address).toEqualTypeOf<Address>();
  });
});

describe('errors', () => {
  it('typed args', () => {
    expectTypeOf<NotAdminError['args']>().toEqualTypeOf<readonly [account: Address]>();
    expectTypeOf<StalePriceError['args']>().toEqualTypeOf<readonly [updatedAt: bigint, nowTimestamp: bigint, maxPriceAge: bigint]>();
    expectTypeOf<NotAdminError>().toMatchTypeOf<VppContractError>();
    // one hierarchy: viem's BaseError
    expectTypeOf<NotAdminError>().toMatchTypeOf<BaseError>();
    expectTypeOf<NotAdminError['shortMessage']>().toEqualTypeOf<string>();
    expectTypeOf<NotAdminError['walk']>().toBeFunction();
  });
});
