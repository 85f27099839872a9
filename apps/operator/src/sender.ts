/**
 * One sender, one transaction in flight at a time (each step waits for its receipt), so nonces never race:
 *   simulate (eth_call: a revert costs nothing) → estimate gas → nonce = max(pending count, last mined + 1) →
 *   sign locally → persist {nonce, hash, raw} (write-ahead) → broadcast → poll the receipt.
 * A transaction that does not get mined in time is looked at again: if its nonce was used by another
 * transaction it was replaced (TxReplacedError: the job re-checks the chain and decides afresh); if the node
 * forgot it (dropped) the same signed bytes are re-broadcast; if it is still waiting, it is re-signed with the
 * same nonce and higher fees. After a crash, `resume` does the same for the persisted transaction.
 */
import {
  BaseError,
  decodeErrorResult,
  keccak256,
  type Abi,
  parseTransaction,
  TransactionReceiptNotFoundError,
  type Address,
  type Hex,
  type TransactionReceipt,
  type TransactionSerializableEIP1559,
} from 'viem';
import type { Chain } from './chain.js';
import { errorMessage, IntervalDeadlineError, SimulationRevertedError, TxReplacedError, TxRevertedError } from './errors.js';
import { isTransientRpcError } from './retry.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { sleep } from './retry.js';
import type { PendingTx, TxKind } from './state.js';

export interface SenderOptions {
  chain: Chain;
  log: Logger;
  metrics: Metrics;
  signal: AbortSignal;
  /** How long to wait for a receipt before checking for a dropped/replaced transaction or bumping fees, ms. */
  receiptTimeoutMs: number;
  /** Receipt polling interval, ms. */
  pollMs: number;
  maxFeeBumps: number;
  /** Fee increase per bump, percent (nodes require ≥ 10 to replace). */
  feeBumpPercent: number;
  gasMultiplierPercent: number;
  /** Persists the in-flight transaction (null once settled). */
  onPending: (pending: PendingTx | null) => void;
  /** Called right before a broadcast (local chains: align the next block's timestamp with the operator clock). */
  beforeBroadcast?: () => Promise<void>;
}

export interface SendRequest {
  kind: TxKind;
  interval: bigint;
  to: Address;
  data: Hex;
  /** ABI to decode a simulation's custom error with. */
  abi?: Abi;
  /** True once the step's interval is over: retries stop, and nothing is broadcast after it. */
  deadline?: () => Promise<boolean>;
}

export interface SendResult {
  hash: Hex;
  nonce: number;
  receipt: TransactionReceipt;
}

const ALREADY_KNOWN = /already known|known transaction|already imported|already exists|tx already in mempool/i;
const NONCE_USED = /nonce too low|nonce has already been used|NonceTooLow|invalid nonce|oldnonce/i;

export class Sender {
  /** Lower bound for the next nonce: last mined nonce of ours + 1. */
  private minNonce = 0;
  /** A signed transaction whose broadcast was given up (RPC down past its deadline): settled before the next. */
  private unsettled: PendingTx | null = null;
  constructor(private readonly o: SenderOptions) {}

  get address(): Address {
    return this.o.chain.account.address;
  }

  /** Simulates the call from our account: throws SimulationRevertedError (decoded with `abi`), sends nothing. */
  async simulate(kind: string, to: Address, data: Hex, abi?: Abi, deadline?: () => Promise<boolean>): Promise<void> {
    const { chain } = this.o;
    try {
      await chain.rpc('eth_call', () => chain.client.call({ account: chain.account.address, to, data }), deadline);
    } catch (error) {
      if (isTransientRpcError(error)) throw error;
      let revertData: Hex | undefined;
      if (error instanceof BaseError) {
        error.walk((e) => {
          const d = (e as { data?: unknown }).data;
          if (typeof d === 'string' && d.startsWith('0x')) revertData = d as Hex;
          return false;
        });
      }
      let errorName: string | null = null;
      let args: readonly unknown[] = [];
      if (revertData && abi) {
        try {
          const decoded = decodeErrorResult({ abi, data: revertData });
          errorName = decoded.errorName;
          args = decoded.args ?? [];
        } catch {
          // not one of the ABI's errors
        }
      }
      throw new SimulationRevertedError(kind, errorName, args, errorMessage(error));
    }
  }

  async send(req: SendRequest): Promise<SendResult> {
    const { chain } = this.o;
    const stop = req.deadline;
    if (this.unsettled) {
      const old = this.unsettled;
      this.unsettled = null;
      await this.resume(old, true).catch((error: unknown) => {
        this.unsettled = old;
        throw error;
      });
    }
    await this.simulate(req.kind, req.to, req.data, req.abi, stop);
    const gasEstimate = await chain.rpc(
      'eth_estimateGas',
      () => chain.client.estimateGas({ account: chain.account.address, to: req.to, data: req.data }),
      stop,
    );
    const gas = (gasEstimate * BigInt(this.o.gasMultiplierPercent)) / 100n;
    const fees = await chain.rpc('fees', () => chain.client.estimateFeesPerGas(), stop);
    const pendingCount = await chain.rpc(
      'eth_getTransactionCount',
      () => chain.client.getTransactionCount({ address: chain.account.address, blockTag: 'pending' }),
      stop,
    );
    const nonce = Math.max(pendingCount, this.minNonce);
    const tx: TransactionSerializableEIP1559 = {
      type: 'eip1559',
      chainId: chain.chainId,
      nonce,
      to: req.to,
      data: req.data,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    };
    const raw = await chain.account.signTransaction(tx);
    const pending: PendingTx = {
      kind: req.kind,
      interval: req.interval.toString(),
      nonce,
      hashes: [keccak256(raw)],
      raw,
      sentAt: Date.now(),
    };
    if (stop && (await stop())) throw new IntervalDeadlineError(req.interval, req.kind);
    this.o.onPending(pending);
    try {
      return await this.track(pending, stop);
    } catch (error) {
      if (!(error instanceof TxReplacedError || error instanceof TxRevertedError) && stop && (await stop())) {
        // the broadcast was given up at the deadline: it may or may not have reached the node
        this.unsettled = pending;
        throw new IntervalDeadlineError(req.interval, req.kind);
      }
      throw error;
    }
  }

  /**
   * Settles a transaction persisted before a crash. Still current (its interval has not passed): it is
   * re-broadcast (same bytes) and tracked. Expired: it must not land late (a price for a past interval would be a
   * stale price), so unless already mined it is cancelled — a 0-value transfer to ourselves with the same nonce
   * and higher fees. Returns the receipt of whichever transaction used the nonce, or null if none was needed.
   */
  async resume(pending: PendingTx, expired: boolean): Promise<SendResult | null> {
    const { chain, log } = this.o;
    log.info({ event: 'tx_resume', kind: pending.kind, interval: pending.interval, nonce: pending.nonce, hashes: pending.hashes, expired }, 'settling the transaction in flight before the restart');
    const mined = await this.receiptOf(pending.hashes);
    if (mined) return this.done(pending, mined.hash, mined.receipt);
    const latestNonce = await chain.rpc('eth_getTransactionCount', () =>
      chain.client.getTransactionCount({ address: chain.account.address, blockTag: 'latest' }),
    );
    if (latestNonce > pending.nonce) {
      const late = await this.receiptOf(pending.hashes);
      if (late) return this.done(pending, late.hash, late.receipt);
      this.o.onPending(null);
      log.warn({ event: 'tx_resume_replaced', nonce: pending.nonce }, 'the nonce was used by another transaction; nothing to do');
      return null;
    }
    if (!expired) return this.track({ ...pending, hashes: [...pending.hashes] });
    const { maxFeePerGas, maxPriorityFeePerGas } = parseTransaction(pending.raw) as TransactionSerializableEIP1559;
    const fees = await chain.rpc('fees', () => chain.client.estimateFeesPerGas());
    const bump = (v: bigint | undefined, now: bigint) => {
      const b = ((v ?? 0n) * BigInt(100 + this.o.feeBumpPercent)) / 100n + 1n;
      return b > now ? b : now;
    };
    const raw = await chain.account.signTransaction({
      type: 'eip1559',
      chainId: chain.chainId,
      nonce: pending.nonce,
      to: chain.account.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: bump(maxFeePerGas, fees.maxFeePerGas),
      maxPriorityFeePerGas: bump(maxPriorityFeePerGas, fees.maxPriorityFeePerGas),
    });
    const cancel: PendingTx = { ...pending, raw, hashes: [...pending.hashes, keccak256(raw)] };
    this.o.onPending(cancel);
    log.warn({ event: 'tx_cancel', kind: pending.kind, interval: pending.interval, nonce: pending.nonce }, 'the transaction in flight is for a past interval: cancelling it');
    const result = await this.track(cancel);
    if (result.hash !== keccak256(raw)) log.warn({ event: 'tx_landed_before_cancel', hash: result.hash }, 'the old transaction was mined before the cancellation');
    return result;
  }

  private async receiptOf(hashes: readonly Hex[], stop?: () => Promise<boolean>): Promise<{ hash: Hex; receipt: TransactionReceipt } | null> {
    const { chain } = this.o;
    for (const hash of hashes) {
      const receipt = await chain.rpc(
        'eth_getTransactionReceipt',
        () =>
          chain.client.getTransactionReceipt({ hash }).catch((error: unknown) => {
            if (error instanceof TransactionReceiptNotFoundError) return null;
            throw error;
          }),
        stop,
      );
      if (receipt) return { hash, receipt };
    }
    return null;
  }

  /** Broadcasts; false when the nonce was already used (by this or another transaction). */
  private async broadcast(raw: Hex, stop?: () => Promise<boolean>): Promise<boolean> {
    const { chain } = this.o;
    try {
      await chain.rpc(
        'eth_sendRawTransaction',
        async () => {
          await this.o.beforeBroadcast?.();
          return chain.client.sendRawTransaction({ serializedTransaction: raw });
        },
        stop,
      );
      return true;
    } catch (error) {
      const message = `${errorMessage(error)} ${(error as Error).message ?? ''}`;
      if (ALREADY_KNOWN.test(message)) return true;
      if (NONCE_USED.test(message)) return false;
      throw error;
    }
  }

  private done(pending: PendingTx, hash: Hex, receipt: TransactionReceipt): SendResult {
    this.minNonce = Math.max(this.minNonce, pending.nonce + 1);
    this.o.onPending(null);
    this.o.metrics.inc('gas_used_total', Number(receipt.gasUsed), { kind: pending.kind });
    if (receipt.status !== 'success') throw new TxRevertedError(hash, pending.kind);
    return { hash, nonce: pending.nonce, receipt };
  }

  private replaced(pending: PendingTx): never {
    this.o.onPending(null);
    this.o.metrics.inc('tx_replaced_total');
    this.o.log.warn({ event: 'tx_replaced', kind: pending.kind, nonce: pending.nonce, hashes: pending.hashes }, 'our transaction was replaced or dropped; the step is re-evaluated');
    throw new TxReplacedError(pending.nonce, pending.hashes);
  }

  private async track(pending: PendingTx, stop?: () => Promise<boolean>): Promise<SendResult> {
    const { chain } = this.o;
    const mined = await this.receiptOf(pending.hashes, stop);
    if (mined) return this.done(pending, mined.hash, mined.receipt);
    if (stop && (await stop())) throw new IntervalDeadlineError(BigInt(pending.interval), pending.kind);
    if (!(await this.broadcast(pending.raw, stop))) {
      const late = await this.receiptOf(pending.hashes);
      if (late) return this.done(pending, late.hash, late.receipt);
      this.replaced(pending);
    }
    let bumps = 0;
    for (;;) {
      const deadline = Date.now() + this.o.receiptTimeoutMs;
      while (Date.now() < deadline) {
        const found = await this.receiptOf(pending.hashes);
        if (found) return this.done(pending, found.hash, found.receipt);
        await sleep(this.o.pollMs, this.o.signal);
      }
      // not mined in time: replaced, dropped, or underpriced?
      const latestNonce = await chain.rpc('eth_getTransactionCount', () =>
        chain.client.getTransactionCount({ address: chain.account.address, blockTag: 'latest' }),
      );
      if (latestNonce > pending.nonce) {
        const found = await this.receiptOf(pending.hashes);
        if (found) return this.done(pending, found.hash, found.receipt);
        this.replaced(pending);
      }
      const newest = pending.hashes[pending.hashes.length - 1]!;
      const known = await chain.rpc('eth_getTransactionByHash', () =>
        chain.client.getTransaction({ hash: newest }).catch(() => null),
      );
      if (!known) {
        this.o.log.warn({ event: 'tx_dropped', kind: pending.kind, nonce: pending.nonce, hash: newest }, 'transaction dropped by the node; re-broadcasting it');
        if (!(await this.broadcast(pending.raw))) {
          const late = await this.receiptOf(pending.hashes);
          if (late) return this.done(pending, late.hash, late.receipt);
          this.replaced(pending);
        }
        continue;
      }
      if (bumps >= this.o.maxFeeBumps) {
        this.o.log.warn({ event: 'tx_stuck', kind: pending.kind, nonce: pending.nonce, hash: newest }, 'transaction still pending after every fee bump; waiting');
        continue;
      }
      bumps++;
      const { r: _r, s: _s, v: _v, yParity: _y, ...tx } = parseTransaction(pending.raw) as TransactionSerializableEIP1559 & {
        r?: Hex;
        s?: Hex;
        v?: bigint;
        yParity?: number;
      };
      const bump = (v: bigint | undefined) => ((v ?? 0n) * BigInt(100 + this.o.feeBumpPercent)) / 100n + 1n;
      const raw = await chain.account.signTransaction({
        ...tx,
        maxFeePerGas: bump(tx.maxFeePerGas),
        maxPriorityFeePerGas: bump(tx.maxPriorityFeePerGas),
      });
      pending.raw = raw;
      pending.hashes.push(keccak256(raw));
      this.o.onPending(pending);
      this.o.metrics.inc('tx_fee_bumps_total');
      this.o.log.warn({ event: 'tx_fee_bump', kind: pending.kind, nonce: pending.nonce, hash: keccak256(raw), bump: bumps }, 'transaction not mined in time; replacing it with higher fees');
      if (!(await this.broadcast(raw))) {
        const late = await this.receiptOf(pending.hashes);
        if (late) return this.done(pending, late.hash, late.receipt);
        this.replaced(pending);
      }
    }
  }
}
