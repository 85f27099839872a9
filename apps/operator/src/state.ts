/**
 * The operator's small state file: what it last did, and the one transaction it may have in flight
 * (written before broadcasting, so a crash between signing and mining is recovered by re-broadcasting the same
 * signed bytes — same nonce, same hash — never by signing a second transaction for the same step).
 *
 * The chain stays the source of truth (see Operator.reconcile); this file only adds what the chain cannot tell:
 * the in-flight transaction and the schedule of table publications.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Address, Hex } from 'viem';
import { StateMismatchError } from './errors.js';

export type TxKind = 'price' | 'dispatch' | 'table' | 'blocks' | 'epoch';

export interface PendingTx {
  kind: TxKind;
  /** Interval the transaction belongs to (decimal string). */
  interval: string;
  nonce: number;
  /** Every signed version of this nonce (fee bumps add one), newest last. */
  hashes: Hex[];
  /** The newest signed transaction, for re-broadcasting. */
  raw: Hex;
  sentAt: number;
}

export interface OperatorState {
  version: 1;
  chainId: number;
  oracle: Address;
  trader: Address;
  account: Address;
  /** Last interval a round was pushed for, and the round. */
  lastPushed: { interval: string; roundId: string; priceWei: string; txHash: Hex | null } | null;
  /** Last interval whose whole fleet was dispatched. */
  lastDispatched: { interval: string; batteries: number } | null;
  /** Last interval whose steps were all done or decided (skipped). */
  lastHandled: string | null;
  /** Per profile id: last full table's effectiveFrom, last write's interval, and the validUntil last written. */
  tables: Record<string, { fullFrom: string | null; blocksAt: string | null; validUntil: string | null }>;
  lastEpochSettled: { epoch: string; txHash: Hex } | null;
  pending: PendingTx | null;
  missedIntervals: number;
}

export function emptyState(id: Pick<OperatorState, 'chainId' | 'oracle' | 'trader' | 'account'>): OperatorState {
  return {
    version: 1,
    ...id,
    lastPushed: null,
    lastDispatched: null,
    lastHandled: null,
    tables: {},
    lastEpochSettled: null,
    pending: null,
    missedIntervals: 0,
  };
}

/** Where the state lives: a file (atomic write-rename) or memory (runOperatorDay, tests). */
export interface StateStore {
  readonly path: string | null;
  load(): OperatorState | null;
  save(state: OperatorState): void;
}

export class MemoryStateStore implements StateStore {
  readonly path = null;
  private state: OperatorState | null = null;
  load(): OperatorState | null {
    return this.state ? structuredClone(this.state) : null;
  }
  save(state: OperatorState): void {
    this.state = structuredClone(state);
  }
}

export class FileStateStore implements StateStore {
  constructor(readonly path: string) {}

  /**
   * The saved state, or null if there is none. A file that does not parse (it cannot be half-written: writes are
   * atomic, so this means someone edited it) is moved aside and null returned: the chain reconciliation rebuilds
   * everything but the table schedule.
   */
  load(): OperatorState | null {
    if (!existsSync(this.path)) return null;
    const text = readFileSync(this.path, 'utf8');
    try {
      const parsed = JSON.parse(text) as OperatorState;
      if (parsed?.version !== 1 || typeof parsed.chainId !== 'number') throw new Error('unknown state version');
      return { ...emptyState(parsed), ...parsed };
    } catch {
      renameSync(this.path, `${this.path}.corrupt-${Date.now()}`);
      return null;
    }
  }

  /** Writes a temporary file, fsyncs it, renames it over the state file and fsyncs the directory. */
  save(state: OperatorState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(state, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    try {
      const dir = openSync(dirname(this.path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // some filesystems cannot fsync a directory; the rename is still atomic
    }
  }
}

/** Refuses a state file written for another chain, oracle, trader or account. */
export function checkStateMatches(
  state: OperatorState,
  id: Pick<OperatorState, 'chainId' | 'oracle' | 'trader' | 'account'>,
  path: string | null,
): void {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (state.chainId !== id.chainId || !same(state.oracle, id.oracle) || !same(state.trader, id.trader) || !same(state.account, id.account)) {
    throw new StateMismatchError(
      `state file ${path ?? '(memory)'} belongs to chain ${state.chainId}, oracle ${state.oracle}, trader ${state.trader}, ` +
        `account ${state.account}; this run is chain ${id.chainId}, oracle ${id.oracle}, trader ${id.trader}, account ${id.account}. ` +
        'Use another --state-file for another deployment.',
    );
  }
}
