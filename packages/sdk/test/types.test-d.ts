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
  invest,
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
  type InvestOutcome,
  type DispatchOutcome,
  type VppTransactionRequest,
  encodeInvest,
  simulateInvest,
  vppPublicActions,
  vppWalletActions,
} from '../src/index.js';

declare const deployment: Deployment;
declare const client: VppClient;

describe('action results', () => {
  it('chain reads', () => {
    expectTypeOf(getFundState(client)).resolves.toEqualTypeOf<FundState>();
    expectTypeOf<FundState['netAssetValue']>().toEqualTypeOf<bigint>();
    expectTypeOf(getBatteryState(client, { batteryId: 1n })).resolves.toEqualTypeOf<BatteryState>();
    expectTypeOf<BatteryState['status']>().toEqualTypeOf<'None' | 'Active' | 'Inactive' | 'Decommissioned'>();
    expectTypeOf<BatteryState['config']['serial']>().toEqualTypeOf<Hex>();
    expectTypeOf(getLatestPrice(client)).resolves.toEqualTypeOf<LatestPrice>();
    expectTypeOf(getRoles(client)).resolves.toEqualTypeOf<Roles>();
    expectTypeOf<Roles['pendingOwner']>().toEqualTypeOf<Address | null>();
    expectTypeOf(quoteDispatch(client, { batteryId: 1 })).resolves.toEqualTypeOf<DispatchQuote>();
    expectTypeOf<DispatchQuote['action']>().toEqualTypeOf<TradeAction>();
  });

  it('writes', () => {
    expectTypeOf(invest(client, { amount: 1n })).resolves.toEqualTypeOf<WriteResult<InvestOutcome>>();
    expectTypeOf<WriteResult['hash']>().toEqualTypeOf<Hash>();
    // wait() resolves to the receipt plus the decoded outcome, typed per action
    expectTypeOf<Awaited<ReturnType<WriteResult<InvestOutcome>['wait']>>>().toMatchTypeOf<TransactionReceipt>();
    expectTypeOf<Awaited<ReturnType<WriteResult<InvestOutcome>['wait']>>['outcome']['sharesMinted']>().toEqualTypeOf<bigint>();
    expectTypeOf<DispatchOutcome['skipped'][number]['reason']>().toEqualTypeOf<'None' | 'InsufficientFundBalance' | 'InsufficientMarketBalance'>();
    expectTypeOf(performUpkeep(client)).resolves.toEqualTypeOf<WriteResult<DispatchOutcome> | null>();
    // encode / simulate counterparts
    expectTypeOf(encodeInvest(client, { amount: 1n })).toEqualTypeOf<VppTransactionRequest>();
    expectTypeOf(simulateInvest(client, { amount: 1n })).resolves.toMatchTypeOf<{ result: bigint }>();
    // viem's transaction overrides
    invest(client, { amount: 1n, gas: 100_000n, nonce: 3, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, timeoutMs: 1_000 });
    // @ts-expect-error value is the amount, not an override
    invest(client, { amount: 1n, value: 1n });
    // amounts are bigint only
    // @ts-expect-error number amounts are refused
    invest(client, { amount: 1 });
  });

  it('subgraph reads', () => {
    expectTypeOf(getPortfolio(client, { investor: '0x0000000000000000000000000000000000000001' })).resolves.toEqualTypeOf<Portfolio>();
    expectTypeOf<Portfolio['shares']>().toEqualTypeOf<bigint>();
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
    expectTypeOf(c).not.toHaveProperty('invest');
    const p = createPublicClient({ transport: http() }).extend(vppPublicActions({ deployment }));
    expectTypeOf(p).not.toHaveProperty('invest');
  });

  it('vppActions gives a client that can send the writes too', () => {
    const w = createWalletClient({ account: privateKeyToAccount(generatePrivateKey()), chain: foundry, transport: http() }).extend(
      vppActions({ deployment }),
    );
    expectTypeOf(w.invest).parameter(0).toMatchTypeOf<{ amount: bigint }>();
    expectTypeOf(w.getFundState).returns.resolves.toEqualTypeOf<FundState>();
    const jsonRpc = createWalletClient({ chain: foundry, transport: http() }).extend(vppActions({ deployment }));
    expectTypeOf(jsonRpc.invest).toBeFunction();
    const only = createWalletClient({ chain: foundry, transport: http() }).extend(vppWalletActions({ deployment }));
    expectTypeOf(only.invest).toBeFunction();
  });

  it('createVppClient has viem public + wallet actions and the VPP actions', () => {
    const vpp = createVppClient({ transport: http(), deployment });
    expectTypeOf(vpp.invest).returns.resolves.toEqualTypeOf<WriteResult<InvestOutcome>>();
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
