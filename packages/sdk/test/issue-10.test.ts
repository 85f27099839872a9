/**
 * Issue 10, against the real stack: calls never hang (a local TCP server that accepts and never answers), one error
 * hierarchy on viem's BaseError with sentences, typed errors for every raw failure, no hidden defaults, writes with
 * overrides / encode / simulate / decoded outcomes, public vs wallet decorators, and the new reads.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { BaseError, createPublicClient, createWalletClient, http, parseEther, zeroAddress, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { foundry, mainnet } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVppContracts,
  BlockNotAvailableError,
  ChainMismatchError,
  ContractNotDeployedError,
  declareDividend,
  dispatch,
  addBattery,
  encodeRequestDeposit,
  getAllHolders,
  getDividendBalances,
  getFleet,
  getFundState,
  getFundStatistics,
  getHolders,
  getNavPerShareHistory,
  getPortfolio,
  InsufficientFundsError,
  mint,
  getDepositRequest,
  requestDeposit,
  InvalidParameterError,
  NotAdminError,
  RpcTimeoutError,
  RpcUnavailableError,
  simulateRequestDeposit,
  submitPrice,
  SubgraphTimeoutError,
  SubgraphUnavailableError,
  SystemPausedError,
  TransactionRejectedError,
  VppAbortError,
  VppContractError,
  VppError,
  vppActions,
  vppPublicActions,
  waitForIndexedBlock,
  ZeroAmountError,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';
import { batteryConfig, startStack, type Stack } from './helpers/stack.js';
import { settle } from './helpers/scenario.js';

let stack: Stack;
let silent: Server;
let silentUrl: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  stack = await startStack({ graph: true });
  // Accepts connections and never answers: the worst case for a client without deadlines.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await stack?.stop();
});

const deployment = () => stack.deployment;
/** A client whose subgraph (or RPC) is the silent server. */
const stuckSubgraph = () =>
  createPublicClient({ chain: addVppContracts(foundry, { deployment: deployment(), subgraphUrl: `${silentUrl}/subgraphs/name/vpp` }), transport: http(stack.rpcUrl) });
const stuckRpc = () => createPublicClient({ chain: addVppContracts(foundry, { deployment: deployment() }), transport: http(silentUrl) });

async function timed<T>(p: Promise<T>): Promise<number> {
  const t = Date.now();
  await p.catch(() => {});
  return Date.now() - t;
}

describe('never hangs: timeoutMs holds while a request is stuck', () => {
  it('chain reads: RpcTimeoutError naming the endpoint and the duration', async () => {
    const e = await expectError(getFundState(stuckRpc(), { timeoutMs: 1_000 }), RpcTimeoutError);
    expect(e.endpoint).toBe(silentUrl);
    expect(e.timeoutMs).toBe(1_000);
    expect(e.shortMessage).toBe(`The node at ${silentUrl} did not answer within 1000 ms.`);
    expect(await timed(getFundState(stuckRpc(), { timeoutMs: 1_000 }))).toBeLessThan(3_000);
  });

  it('writes too', async () => {
    const wallet = createWalletClient({ account: stack.accounts[1]!, chain: addVppContracts(foundry, { deployment: deployment() }), transport: http(silentUrl) });
    const e = await expectError(requestDeposit(wallet, { assets: parseEther('1'), timeoutMs: 1_000 }), RpcTimeoutError);
    expect(e.endpoint).toBe(silentUrl);
  });

  it('subgraph reads: getPortfolio, waitForIndexedBlock, wait({ indexed: true })', async () => {
    const investor = stack.accounts[1]!.address;
    const e = await expectError(getPortfolio(stuckSubgraph(), { investor, timeoutMs: 1_500 }), SubgraphTimeoutError);
    expect(e.url).toBe(`${silentUrl}/subgraphs/name/vpp`);
    expect(await timed(getPortfolio(stuckSubgraph(), { investor, timeoutMs: 1_500 }))).toBeLessThan(4_000);
    expect(await timed(waitForIndexedBlock(stuckSubgraph(), { blockNumber: 1n, timeoutMs: 2_000 }))).toBeLessThan(4_500);
    await expectError(waitForIndexedBlock(stuckSubgraph(), { blockNumber: 1n, timeoutMs: 2_000 }), SubgraphTimeoutError);
    const wallet = createWalletClient({
      account: stack.accounts[1]!,
      chain: addVppContracts(foundry, { deployment: deployment(), subgraphUrl: `${silentUrl}/subgraphs/name/vpp` }),
      transport: http(stack.rpcUrl),
    });
    const { wait } = await requestDeposit(wallet, { assets: parseEther('1') });
    const started = Date.now();
    await expectError(wait({ indexed: true, timeoutMs: 3_000 }), SubgraphTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 200);
    const started = Date.now();
    const e = await expectError(getPortfolio(stuckSubgraph(), { investor: zeroAddress, signal: controller.signal }), VppAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(e.endpoint).toContain(silentUrl);
    await expectError(getFundState(stuckRpc(), { signal: AbortSignal.abort() }), VppAbortError);
  });
});

describe('raw errors are wrapped', () => {
  it('an RPC that refuses connections', async () => {
    const refused = createPublicClient({ chain: addVppContracts(foundry, { deployment: deployment() }), transport: http('http://127.0.0.1:1', { retryCount: 0 }) });
    const e = await expectError(getFundState(refused), RpcUnavailableError);
    expect(e.endpoint).toBe('http://127.0.0.1:1');
    expect(e).toBeInstanceOf(BaseError);
  });

  it('a future blockNumber', async () => {
    const head = await stack.publicClient.getBlockNumber();
    const e = await expectError(getFundState(stack.publicClient, { blockNumber: head + 1_000n }), BlockNotAvailableError);
    expect(e.blockNumber).toBe(head + 1_000n);
  });

  it('a contract address without code', async () => {
    const wrong = { ...deployment(), contracts: { ...deployment().contracts, energyInvestmentFund: '0x000000000000000000000000000000000000dEaD' as Address } };
    const client = createPublicClient({ chain: addVppContracts(foundry, { deployment: wrong }), transport: http(stack.rpcUrl) });
    const e = await expectError(getFundState(client), ContractNotDeployedError);
    expect(e.address).toBe('0x000000000000000000000000000000000000dEaD');
  });

  it('a subgraph URL that is not a subgraph', async () => {
    const client = createPublicClient({ chain: addVppContracts(foundry, { deployment: deployment(), subgraphUrl: stack.rpcUrl }), transport: http(stack.rpcUrl) });
    await expectError(getPortfolio(client, { investor: zeroAddress }), SubgraphUnavailableError);
    await expectError(getFundStatistics(client), SubgraphUnavailableError);
  });

  it('an unfunded account', async () => {
    const poor = createWalletClient({ account: privateKeyToAccount(generatePrivateKey()), chain: stack.chain, transport: http(stack.rpcUrl) });
    const e = await expectError(requestDeposit(poor, { assets: parseEther('1') }), InsufficientFundsError);
    expect(e.account).toBe(poor.account.address);
    expect(e.walk((x) => x instanceof BaseError && !(x instanceof VppError))).toBeInstanceOf(BaseError); // viem's error stays reachable
  });

  it('a nonce override the node refuses', async () => {
    await expectError(requestDeposit(stack.walletFor(1), { assets: parseEther('1'), nonce: 0 }), TransactionRejectedError);
  });

  it('getFleet({ pageSize: 0 }) is a typed error, not an endless loop', async () => {
    const e = await expectError(getFleet(stack.publicClient, { pageSize: 0 }), InvalidParameterError);
    expect(e.parameter).toBe('pageSize');
  });
});

describe('one error hierarchy', () => {
  it('SDK errors are viem BaseErrors with class names at run time and sentences', async () => {
    expect(NotAdminError.name).toBe('NotAdminError');
    expect(SystemPausedError.name).toBe('SystemPausedError');
    const e = await expectError(addBattery(stack.walletFor(5), { config: batteryConfig() }), NotAdminError);
    expect(e).toBeInstanceOf(BaseError);
    expect(e).toBeInstanceOf(VppError);
    expect(e).toBeInstanceOf(VppContractError);
    expect(e.name).toBe('NotAdminError');
    const who = stack.accounts[5]!.address;
    expect(e.shortMessage).toBe(`${who.slice(0, 6)}…${who.slice(-4)} is not an admin of the fund.`);
    expect(e.args).toEqual([who]);
    expect(e.metaMessages?.join('\n')).toContain(`NotAdmin(${who})`);
    expect(e.docsPath).toBeTypeOf('string');
    expect(e.message).toContain('Version: @vpp/sdk@');
    expect(typeof e.walk).toBe('function');
    const zero = await expectError(requestDeposit(stack.walletFor(1), { assets: 0n }), ZeroAmountError);
    expect(zero.name).toBe('ZeroAmountError');
    expect(zero.detectedBeforeSending).toBe(true);
  });

  it('the published declarations and bundle carry no NodeJS types and no built-in deployment', () => {
    const dist = join(import.meta.dirname, '..', 'dist');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const all = files(dist);
    const anvilDeployment = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'contracts', 'deployments', '31337.json'), 'utf8'),
    ) as { contracts: Record<string, string> };
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/NodeJS\./);
      // the local anvil deployment's addresses (deterministic for anvil's first account)
      for (const address of Object.values(anvilDeployment.contracts)) expect(text.toLowerCase(), f).not.toContain(address.toLowerCase());
      expect(text, f).not.toContain('localDeployment');
    }
  });
});

describe('no hidden defaults', () => {
  it('a client without a chain checks the node against the deployment', async () => {
    const other = { ...deployment(), chainId: 1 };
    const client = createPublicClient({ transport: http(stack.rpcUrl) }).extend(vppPublicActions({ deployment: other }));
    const e = await expectError(client.getFundState(), ChainMismatchError);
    expect(e.nodeChainId).toBe(31337);
    expect(e.deploymentChainId).toBe(1);
    expect(() => addVppContracts(mainnet, { deployment: deployment() })).toThrow(VppError);
  });
});

describe('writes: overrides, encode, simulate, outcomes', () => {
  it('wait() resolves to the receipt plus the decoded outcome', async () => {
    const wallet = stack.walletFor(2);
    const amount = parseEther('3');
    const { wait } = await requestDeposit(wallet, { assets: amount, gas: 500_000n });
    const receipt = await wait();
    expect(receipt.status).toBe('success');
    expect(receipt.outcome.controller).toBe(stack.accounts[2]!.address);
    expect(receipt.outcome.assets).toBe(amount);
    expect(receipt.outcome.requestId).toBe(1n);
    const tx = await stack.publicClient.getTransaction({ hash: receipt.transactionHash });
    expect(tx.gas).toBe(500_000n);
  });

  it('encode… gives the request any wallet can send; simulate… returns the result', async () => {
    const wallet = stack.walletFor(3);
    const request = encodeRequestDeposit(wallet, { assets: parseEther('1') });
    expect(request.to).toBe(deployment().contracts.energyInvestmentFund);
    expect(request.value).toBe(parseEther('1'));
    const { result } = await simulateRequestDeposit(wallet, { assets: parseEther('1') });
    const hash = await wallet.sendTransaction({ ...request, chain: stack.chain });
    expect((await stack.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success');
    expect(result).toBe(1n);
    expect(() => encodeRequestDeposit(wallet, { assets: 0n })).toThrow(ZeroAmountError);
  });

  it('dispatch decodes its trades and skipped dispatches', async () => {
    // the fund pays for charging from the settled deposits of the tests above
    await settle(stack);
    const { outcome: added } = await (await addBattery(stack.walletFor(0), { config: batteryConfig() })).wait();
    await stack.local.toNextInterval();
    await (await submitPrice(stack.walletFor(0), { price: parseEther('0.001') })).wait();
    const { outcome } = await (await dispatch(stack.walletFor(0), { batteryIds: [added.batteryId] })).wait();
    expect(outcome.trades).toHaveLength(1);
    expect(outcome.trades[0]!.batteryId).toBe(added.batteryId);
    expect(outcome.trades[0]!.action).toBe('Charge');
    expect(outcome.netValue).toBe(outcome.trades[0]!.value);
    expect(outcome.skipped).toEqual([]);
  });

  it('vppActions gives a public client no writes; a wallet client gets them', () => {
    const pub = createPublicClient({ chain: foundry, transport: http(stack.rpcUrl) }).extend(vppActions({ deployment: deployment() }));
    expect('requestDeposit' in pub).toBe(false);
    expect('settleEpoch' in pub).toBe(false);
    expect(typeof pub.getNavComponents).toBe('function');
    expect(typeof pub.getFundState).toBe('function');
    const wallet = createWalletClient({ account: stack.accounts[1]!, chain: foundry, transport: http(stack.rpcUrl) }).extend(vppActions({ deployment: deployment() }));
    expect(typeof wallet.requestDeposit).toBe('function');
    expect(typeof wallet.publishTable).toBe('function');
  });
});

describe('reads a user needs', () => {
  it('dividend balances on chain, owed and free balance, holders paged at one block, NAV per share history', async () => {
    for (const i of [1, 2, 3]) {
      const { claimableShares } = await getDepositRequest(stack.publicClient, { controller: stack.accounts[i]!.address });
      if (claimableShares > 0n) await (await mint(stack.walletFor(i), { shares: claimableShares })).wait();
    }
    await (await declareDividend(stack.walletFor(0), { basisPoints: 10_000 }).catch(() => null))?.wait();
    const holder = stack.accounts[2]!.address;
    const balances = await getDividendBalances(stack.publicClient, { investor: holder });
    expect(balances.total).toBe(balances.withdrawable + balances.escrowed);

    const head = await stack.publicClient.getBlockNumber();
    await waitForIndexedBlock(stack.publicClient, { blockNumber: head, timeoutMs: 30_000 });
    const stats = await getFundStatistics(stack.publicClient, { blockNumber: head });
    const chain = await getFundState(stack.publicClient, { blockNumber: head });
    for (const k of ['owed', 'freeCash', 'earningsCash', 'capitalCash', 'storedEnergyValue', 'batteryBookValue', 'nav'] as const) {
      expect(stats[k], k).toBe(chain[k]);
    }

    const all = await getAllHolders(stack.publicClient, { blockNumber: head });
    expect(all.blockNumber).toBe(head);
    expect(all.holders.length).toBeGreaterThanOrEqual(3);
    const first = await getHolders(stack.publicClient, { first: 1, blockNumber: head });
    expect(first.holders).toHaveLength(1);
    const second = await getHolders(stack.publicClient, { first: 1, after: first.nextCursor!, blockNumber: first.blockNumber });
    expect(second.holders[0]!.address).toBe(all.holders[1]!.address);
    // every share is a holder's or escrowed by the fund for a controller that has not claimed it
    expect(all.holders.reduce((s, h) => s + h.shares, 0n) + chain.escrowedDepositShares).toBe(chain.totalSupply);
    const row = all.holders.find((h) => h.address.toLowerCase() === holder.toLowerCase())!;
    expect(row.dividendsWithdrawable).toBe(balances.withdrawable);
    expect(row.dividendsEscrowed).toBe(balances.escrowed);

    const { points } = await getNavPerShareHistory(stack.publicClient, { blockNumber: head });
    expect(points.length).toBeGreaterThan(0);
    expect(points.at(-1)!.navPerShare).toBe(chain.navPerShare);
  });
});
