/**
 * Configuration (addVppContracts, vppActions, createVppClient, localDeployment) and the error decoder: every
 * custom error of the ABIs maps to a class, and reverts the SDK would normally catch before sending are decoded
 * from the real contracts when sent raw (including an error bubbled up from another contract).
 */
import { createPublicClient, createWalletClient, http, parseEther, type Abi } from 'viem';
import { writeContract } from 'viem/actions';
import { simulateContract } from 'viem/actions';
import { foundry, mainnet } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { virtualPowerPlantAbi, energyInvestmentFundAbi, energyTraderAbi, energyPriceOracleAbi, gridMarketAbi } from '@vpp/contracts';
import {
  addVppContracts,
  contractErrors,
  createVppClient,
  EmptyBatchError,


  getFundState,
  getPortfolio,
  getShareBalance,

  InvalidBasisPointsError,
  InvalidEfficiencyError,
  InvalidPriceThresholdsError,
  InvalidTradingParamsError,
  toVppError,
  UpkeepNotNeededError,

  VppConfigError,
  VppContractError,
  vppActions,
  ZeroAddressError,
  ZeroAmountError,
  ZeroCapacityError,
  ValueMismatchError,
  AsyncFlowError,
  type FundState,
  type WriteResult,
  type RequestDepositOutcome,
} from '../src/index.js';
import { settle } from './helpers/scenario.js';
import { expectError } from './helpers/expect-error.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('configuration', () => {
  it('adds the contracts (and the subgraph) to a chain', () => {
    const chain = addVppContracts(foundry, { deployment: stack.deployment, subgraphUrl: 'http://127.0.0.1:1/x' });
    expect(chain.contracts.vppFund.address).toBe(stack.deployment.contracts.energyInvestmentFund);
    expect(chain.contracts.vppPlant.address).toBe(stack.deployment.contracts.virtualPowerPlant);
    expect(chain.contracts.vppTrader.address).toBe(stack.deployment.contracts.energyTrader);
    expect(chain.contracts.vppPriceOracle.address).toBe(stack.deployment.contracts.energyPriceOracle);
    expect(chain.contracts.vppGridMarket.address).toBe(stack.deployment.contracts.gridMarket);
    expect(chain.subgraphs?.vpp.url).toBe('http://127.0.0.1:1/x');
    expect(chain.id).toBe(31337);
    expect(() => addVppContracts(mainnet, { deployment: stack.deployment })).toThrow(VppConfigError);
  });

  it('works through client.extend(vppActions(config)) with a plain chain, or none', async () => {
    const plain = createWalletClient({ account: stack.accounts[1]!, chain: foundry, transport: http(stack.rpcUrl) }).extend(
      vppActions({ deployment: stack.deployment }),
    );
    const { wait } = await plain.requestDeposit({ assets: parseEther('1') });
    await wait();
    expect((await plain.getDepositRequest({ controller: stack.accounts[1]!.address })).pendingAssets).toBe(parseEther('1'));
    await settle(stack);
    await (await plain.mint({ shares: parseEther('1') })).wait();
    expect(await plain.getShareBalance({ investor: stack.accounts[1]!.address })).toBe(parseEther('1'));
    const state = await plain.getFundState();
    expectTypeOf(state).toEqualTypeOf<FundState>();
    expect(state.nav).toBe(parseEther('1'));

    const noChain = createPublicClient({ transport: http(stack.rpcUrl) }).extend(vppActions({ deployment: stack.deployment }));
    expect((await noChain.getNavComponents()).capitalCash).toBe(parseEther('1'));
  });

  it('works with createVppClient', async () => {
    const vpp = createVppClient({
      transport: http(stack.rpcUrl),
      account: stack.accounts[2]!,
      deployment: stack.deployment,
      pollingInterval: 50,
    });
    const result = await vpp.requestDeposit({ assets: parseEther('2') });
    expectTypeOf(result).toEqualTypeOf<WriteResult<RequestDepositOutcome>>();
    const receipt = await result.wait();
    expect(receipt.status).toBe('success');
    expect(receipt.outcome.assets).toBe(parseEther('2'));
    expect((await vpp.getDepositRequest({ controller: stack.accounts[2]!.address })).pendingAssets).toBe(parseEther('2'));
    // viem's own actions are there too
    expect(await vpp.getBlockNumber()).toBe(receipt.blockNumber);
    expect(vpp.chain.contracts.vppFund.address).toBe(stack.deployment.contracts.energyInvestmentFund);
  });

  it('reports missing configuration with VppConfigError', async () => {
    const plain = createPublicClient({ chain: foundry, transport: http(stack.rpcUrl) });
    await expectError(getFundState(plain), VppConfigError);
    await expectError(getShareBalance(plain, { investor: stack.accounts[0]!.address }), VppConfigError);
    await expectError(getPortfolio(stack.publicClient, { investor: stack.accounts[0]!.address }), VppConfigError);
    // no hidden default: without a deployment nothing is assumed
    expect(() => createPublicClient({ chain: foundry, transport: http(stack.rpcUrl) }).extend(vppActions())).toThrow(
      VppConfigError,
    );
    expect(() => createVppClient({ transport: http(stack.rpcUrl) } as never)).toThrow(VppConfigError);
  });
});

describe('error decoding', () => {
  it('has a typed class for every custom error of every ABI', () => {
    const abis = [virtualPowerPlantAbi, energyInvestmentFundAbi, energyTraderAbi, energyPriceOracleAbi, gridMarketAbi];
    const names = new Set(abis.flatMap((abi) => (abi as Abi).filter((i) => i.type === 'error').map((i) => i.name)));
    const missing = [...names].filter((n) => !contractErrors[n]);
    expect(missing).toEqual([]);
    for (const n of names) {
      const error = new (contractErrors[n] as unknown as new (o: object) => VppContractError)({ args: [] });
      expect(error).toBeInstanceOf(VppContractError);
      expect(error.errorName).toBe(n);
      expect(error.name).toMatch(/Error$/);
    }
  });

  /** Sends what the SDK would have refused straight to the contract, and decodes the revert. */
  async function rawRevert(address: `0x${string}`, abi: Abi, functionName: string, args: unknown[], value?: bigint) {
    try {
      await simulateContract(stack.publicClient, {
        address,
        abi,
        functionName,
        args,
        account: stack.accounts[0]!.address,
        ...(value === undefined ? {} : { value }),
      });
    } catch (error) {
      return toVppError(error);
    }
    throw new Error(`${functionName} did not revert`);
  }

  const c = () => stack.deployment.contracts;

  it('decodes the contracts\' own validation reverts', async () => {
    const a0 = stack.accounts[0]!.address;
    expect(await rawRevert(c().energyInvestmentFund, energyInvestmentFundAbi, 'requestDeposit', [0n, a0, a0], 0n)).toBeInstanceOf(ZeroAmountError);
    const mismatch = await rawRevert(c().energyInvestmentFund, energyInvestmentFundAbi, 'requestDeposit', [2n, a0, a0], 1n);
    expect(mismatch).toBeInstanceOf(ValueMismatchError);
    expect((mismatch as ValueMismatchError).args).toEqual([2n, 1n]);
    expect(await rawRevert(c().energyInvestmentFund, energyInvestmentFundAbi, 'previewRedeem', [1n])).toBeInstanceOf(AsyncFlowError);
    const bps = await rawRevert(c().energyInvestmentFund, energyInvestmentFundAbi, 'declareDividend', [20_000]);
    expect(bps).toBeInstanceOf(InvalidBasisPointsError);
    expect((bps as InvalidBasisPointsError).args).toEqual([20_000]);
    const raw = { ...(batteryConfig() as Record<string, unknown>), serial: `0x${'00'.repeat(32)}` };
    expect(
      await rawRevert(c().virtualPowerPlant, virtualPowerPlantAbi, 'addBattery', [{ ...raw, capacityWh: 0n }]),
    ).toBeInstanceOf(ZeroCapacityError);
    expect(
      await rawRevert(c().virtualPowerPlant, virtualPowerPlantAbi, 'addBattery', [{ ...raw, chargeBelowPrice: 10n, dischargeAbovePrice: 1n }]),
    ).toBeInstanceOf(InvalidPriceThresholdsError);
    expect(await rawRevert(c().virtualPowerPlant, virtualPowerPlantAbi, 'addAdmin', ['0x0000000000000000000000000000000000000000'])).toBeInstanceOf(
      ZeroAddressError,
    );
    expect(
      await rawRevert(c().energyTrader, energyTraderAbi, 'setTradingParams', [
        { intervalSeconds: 0, maxPriceAge: 1, minValidPrice: 0n, maxValidPrice: 1n, maxBatchSize: 1 },
      ]),
    ).toBeInstanceOf(InvalidTradingParamsError);
    expect(await rawRevert(c().energyTrader, energyTraderAbi, 'dispatch', [[]])).toBeInstanceOf(EmptyBatchError);
    const stale = `0x${'00'.repeat(31)}01${'00'.repeat(31)}40${'00'.repeat(32)}` as const; // interval 1, no ids
    expect(await rawRevert(c().energyTrader, energyTraderAbi, 'performUpkeep', [stale])).toBeInstanceOf(UpkeepNotNeededError);
  });

  it('decodes an error bubbled up from another contract (fund -> plant)', async () => {
    // a purchase of a battery the plant refuses (efficiency 0), proposed raw (the SDK would refuse the config)
    const owner = stack.walletFor(0).extend(vppActions({ deployment: stack.deployment }));
    const vendor = stack.accounts[7]!.address;
    await (await owner.setVendorAllowed({ vendor, allowed: true })).wait();
    await stack.local.increaseTime(Number((await owner.getFundState()).timelockDelay));
    const raw = { ...(batteryConfig() as Record<string, unknown>), serial: `0x${'00'.repeat(32)}`, roundTripEfficiencyBps: 0 };
    const args = [vendor, 1n, 1, raw] as const;
    await stack.publicClient.waitForTransactionReceipt({
      hash: await writeContract(stack.walletFor(0), { address: c().energyInvestmentFund, abi: energyInvestmentFundAbi, functionName: 'proposePurchase', args: args as never }),
    });
    await stack.local.increaseTime(Number((await owner.getFundState()).timelockDelay));
    const error = await rawRevert(c().energyInvestmentFund, energyInvestmentFundAbi, 'executePurchase', [1n, ...args]);
    expect(error).toBeInstanceOf(InvalidEfficiencyError);
    expect((error as InvalidEfficiencyError).args).toEqual([0]);
  });

  it('passes unknown errors through', () => {
    const e = new Error('boom');
    expect(toVppError(e)).toBe(e);
  });
});
