/**
 * The sender against anvil with automine off, so transactions wait in the mempool: a dropped transaction is
 * re-broadcast, a stuck one is re-signed with higher fees (same nonce), one replaced by another transaction with
 * its nonce is reported (TxReplacedError), and a transaction left in flight by a crash is cancelled when its
 * interval is over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient, encodeFunctionData, http, keccak256, parseGwei, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { Chain, energyPriceOracleAbi } from '../src/chain.js';
import { Metrics, Sender, silentLogger, TxReplacedError, type PendingTx } from '../src/index.js';
import { readDeployment } from '../src/chain.js';
import { OPERATOR_KEY, startSystem, type TestSystem } from './helpers/system.js';

describe('sender', () => {
  let system: TestSystem;
  let chain: Chain;
  const rpc = (method: string, params: unknown[] = []) => system.client.request({ method: method as never, params: params as never });
  beforeAll(async () => {
    system = await startSystem();
    chain = new Chain({
      rpcUrl: system.rpcUrl,
      privateKey: OPERATOR_KEY,
      contracts: readDeployment(system.deploymentPath).contracts,
      rpcTimeoutMs: 2000,
      backoff: { baseMs: 20, maxMs: 100, retries: 5 },
      log: silentLogger(),
      metrics: new Metrics(),
      signal: new AbortController().signal,
    });
    await chain.connect();
    await rpc('evm_setAutomine', [false]);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pendings: Array<PendingTx | null> = [];
  const sender = (signal = new AbortController().signal, metrics = new Metrics()) =>
    new Sender({
      chain,
      log: silentLogger(),
      metrics,
      signal,
      receiptTimeoutMs: 300,
      pollMs: 25,
      maxFeeBumps: 2,
      feeBumpPercent: 25,
      gasMultiplierPercent: 130,
      onPending: (p) => pendings.push(p ? structuredClone(p) : null),
    });
  const price = (wei: bigint) => ({
    kind: 'price' as const,
    interval: 1n,
    to: chain.contracts.energyPriceOracle,
    data: encodeFunctionData({ abi: energyPriceOracleAbi, functionName: 'submitPrice', args: [wei] }),
    abi: energyPriceOracleAbi,
  });
  const inMempool = async (hash: Hex) => {
    for (let k = 0; k < 200; k++) {
      if (await system.client.getTransaction({ hash }).catch(() => null)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('transaction never reached the mempool');
  };
  /** The pending record the sender persists for the send started after `before` records. */
  const nextPending = async (before: number): Promise<PendingTx> => {
    for (let k = 0; k < 400; k++) {
      const p = pendings.slice(before).find((x) => x !== null);
      if (p) return p;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the sender persisted nothing');
  };
  const mineUntil = async (done: Promise<unknown>) => {
    let stop = false;
    void done.finally(() => (stop = true)).catch(() => {});
    while (!stop) {
      await rpc('evm_mine');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('re-broadcasts a dropped transaction', async () => {
    const metrics = new Metrics();
    const s = sender(undefined, metrics);
    const before = pendings.length;
    const sending = s.send(price(111n));
    const hash = (await nextPending(before)).hashes[0]!;
    await inMempool(hash);
    await rpc('anvil_dropTransaction', [hash]);
    expect(await system.client.getTransaction({ hash }).catch(() => null)).toBeNull();
    await new Promise((r) => setTimeout(r, 400)); // past the receipt timeout: the sender notices and re-broadcasts
    await inMempool(hash);
    const [result] = await Promise.all([sending, mineUntil(sending)]);
    expect(result.receipt.status).toBe('success');
    expect(result.hash).toBe(hash);
    expect(pendings[pendings.length - 1]).toBeNull();
  });

  it('bumps the fees of a stuck transaction (same nonce, new hash)', async () => {
    const metrics = new Metrics();
    const s = sender(undefined, metrics);
    const sending = s.send(price(222n));
    await new Promise((r) => setTimeout(r, 800)); // not mined: one or two bumps
    const [result] = await Promise.all([sending, mineUntil(sending)]);
    expect(metrics.get('tx_fee_bumps_total')).toBeGreaterThan(0);
    const p = pendings.filter((x): x is PendingTx => x !== null).at(-1)!;
    expect(p.hashes.length).toBeGreaterThan(1);
    expect(result.nonce).toBe(p.nonce);
    expect(result.receipt.status).toBe('success');
    const [, answer] = await system.client.readContract({ address: chain.contracts.energyPriceOracle, abi: energyPriceOracleAbi, functionName: 'latestRoundData' });
    expect(answer).toBe(222n);
  });

  it('reports a transaction replaced by another one with its nonce', async () => {
    const s = sender();
    const before = pendings.length;
    const sending = s.send(price(333n));
    const caught = sending.catch((e: unknown) => e);
    const p = await nextPending(before);
    await inMempool(p.hashes[0]!);
    // someone with the key (an admin's manual cancel) uses the nonce first, with higher fees
    const wallet = createWalletClient({ account: privateKeyToAccount(OPERATOR_KEY), transport: http(system.rpcUrl) });
    await wallet.sendTransaction({ chain: null, to: wallet.account.address, value: 0n, nonce: p.nonce, maxFeePerGas: parseGwei('500'), maxPriorityFeePerGas: parseGwei('100') });
    await Promise.all([caught, mineUntil(caught)]);
    const error = await caught;
    expect(error).toBeInstanceOf(TxReplacedError);
    expect((error as TxReplacedError).nonce).toBe(p.nonce);
  });

  it('cancels a transaction left in flight by a crash once its interval is over', async () => {
    const crash = new AbortController();
    const s = sender(crash.signal);
    const before = pendings.length;
    const sending = s.send(price(444n)).catch((e: unknown) => e);
    const p = await nextPending(before);
    await inMempool(p.hashes[0]!);
    crash.abort(); // the process "dies" with its transaction in the mempool and the state file saying so
    await sending;
    const restarted = sender();
    const before2 = pendings.length;
    const resuming = restarted.resume(p, true);
    // mine once the cancellation is out (signed with the same nonce, persisted before its broadcast)
    for (let k = 0; k < 400 && !pendings.slice(before2).some((x) => x && x.hashes.length > p.hashes.length); k++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 100));
    const [result] = await Promise.all([resuming, mineUntil(resuming)]);
    const tx = await system.client.getTransaction({ hash: result!.hash });
    expect(tx.to?.toLowerCase()).toBe(chain.account.address.toLowerCase()); // the cancellation, not the price
    expect(tx.nonce).toBe(p.nonce);
    expect(result!.hash).not.toBe(keccak256(p.raw));
    const [, answer] = await system.client.readContract({ address: chain.contracts.energyPriceOracle, abi: energyPriceOracleAbi, functionName: 'latestRoundData' });
    expect(answer).toBe(222n); // the stale price never landed
  });
});
