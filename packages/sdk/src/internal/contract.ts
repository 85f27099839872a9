import type { Abi, Account, Address, Hash, Hex, TransactionReceipt } from 'viem';
import { getBlockNumber, getTransactionReceipt, readContract, simulateContract, writeContract } from 'viem/actions';
import { vppAbis } from '../abis.js';
import { getVppAddress, type VppClient } from '../config.js';
import { AccountNotFoundError, TransactionRevertedError, WaitTimeoutError, toVppError, type VppContractName } from '../errors.js';
import type { WaitOptions, WriteResult } from '../types.js';
import { waitForIndexed } from './wait-indexed.js';

/** Reads one view function; reverts become typed errors. */
export async function read<T>(
  client: VppClient,
  contract: VppContractName,
  functionName: string,
  args: readonly unknown[] = [],
  blockNumber?: bigint,
): Promise<T> {
  try {
    return (await readContract(client, {
      address: getVppAddress(client, contract),
      abi: vppAbis[contract] as Abi,
      functionName,
      args,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    })) as T;
  } catch (error) {
    throw toVppError(error, { contract, functionName });
  }
}

/** A read of one view function, for {@link readAll}. */
export type ReadCall = readonly [contract: VppContractName, functionName: string, args?: readonly unknown[]];

/** Reads several view functions at one block (the latest unless given): consistent together. */
export async function readAll<T extends readonly unknown[]>(
  client: VppClient,
  calls: readonly ReadCall[],
  blockNumber?: bigint,
): Promise<{ blockNumber: bigint; results: T }> {
  const block = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const results = await Promise.all(calls.map(([c, f, a]) => read(client, c, f, a ?? [], block)));
  return { blockNumber: block, results: results as unknown as T };
}

export interface WriteCall {
  contract: VppContractName;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
  account?: Account | Address | undefined;
}

/** The account a write is sent from. */
export function resolveAccount(client: VppClient, account?: Account | Address): Account | Address {
  const resolved = account ?? client.account;
  if (!resolved) throw new AccountNotFoundError();
  return resolved;
}

/** Simulates, then sends; every revert becomes a typed error. */
export async function write(client: VppClient, call: WriteCall): Promise<WriteResult> {
  const account = resolveAccount(client, call.account);
  const context = { contract: call.contract, functionName: call.functionName };
  let request: unknown;
  try {
    ({ request } = await simulateContract(client, {
      address: getVppAddress(client, call.contract),
      abi: vppAbis[call.contract] as Abi,
      functionName: call.functionName,
      args: call.args ?? [],
      account,
      chain: client.chain,
      ...(call.value === undefined ? {} : { value: call.value }),
    } as Parameters<typeof simulateContract>[1]));
  } catch (error) {
    throw toVppError(error, context);
  }
  let hash: Hash;
  try {
    hash = await writeContract(client, request as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw toVppError(error, context);
  }
  return { hash, wait: (options) => waitForWrite(client, hash, options) };
}

/** Waits for a write's receipt and, optionally, for the subgraph to index its block. */
export async function waitForWrite(
  client: VppClient,
  hash: Hash,
  options: WaitOptions = {},
): Promise<TransactionReceipt> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  // Poll the receipt itself rather than watching for new blocks: with automine (anvil, hardhat) a block can be
  // reported before its receipt is stored, and a block watcher then waits for a next block that never comes.
  let receipt: TransactionReceipt | null = null;
  for (let delayMs = 5; !receipt; delayMs = Math.min(delayMs * 2, 1_000)) {
    receipt = await getTransactionReceipt(client, { hash }).catch((error: Error) => {
      if (error.name === 'TransactionReceiptNotFoundError') return null;
      throw error;
    });
    if (receipt) break;
    if (Date.now() - started > timeoutMs) throw new WaitTimeoutError(hash, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash);
  if (options.indexed) {
    await waitForIndexed(client, receipt.blockNumber, Math.max(1, timeoutMs - (Date.now() - started)));
  }
  return receipt;
}

export type { Hex };
