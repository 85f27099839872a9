/**
 * The one path of every chain read and write: deadline and signal, chain check, typed errors; writes also
 * validate, simulate, send and decode their outcome. An action is a {@link WriteSpec} plus three thin exports
 * (`action`, `encodeAction`, `simulateAction`). @internal
 */
import {
  encodeFunctionData,
  parseEventLogs,
  type Abi,
  type AbiEvent,
  type AbiFunction,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractEventName,
  type DecodeEventLogReturnType,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { getBlockNumber, getTransactionReceipt, readContract, simulateContract, writeContract } from 'viem/actions';
import { getVppAddress, verifyChain, type VppClient } from '../config.js';
import {
  AccountNotFoundError,
  InvalidParameterError,
  RpcTimeoutError,
  TransactionRevertedError,
  WaitTimeoutError,
} from '../errors/common.js';
import { VppError } from '../errors/base.js';
import type { VppContractName } from '../errors/contract.js';
import type { ErrorContext } from '../errors/decode.js';
import { vppError } from './errors.js';
import type {
  SimulateResult,
  TransactionOverrides,
  VppTransactionRequest,
  WaitOptions,
  WriteParameters,
  WriteReceipt,
  WriteResult,
} from '../types.js';
import { DEFAULT_WAIT_TIMEOUT_MS, sleep, timeoutOf, withDeadline, type RequestOptions } from './request.js';

/** The JSON-RPC endpoint of a client, for messages. */
export function rpcEndpoint(client: VppClient): string {
  const t = client.transport as { url?: string; type?: string } | undefined;
  return t?.url ?? client.chain?.rpcUrls?.default?.http?.[0] ?? `the ${t?.type ?? 'client'} transport`;
}

/**
 * Runs one chain action under its deadline and signal: checks the chain once (see `chainFromDeployment`) and
 * converts every error into the SDK's (see `toVppError`).
 */
export async function rpcAction<T>(client: VppClient, options: RequestOptions | undefined, run: () => Promise<T>, fallbackMs?: number): Promise<T> {
  const endpoint = rpcEndpoint(client);
  const timeoutMs = timeoutOf(options, fallbackMs);
  return withDeadline(
    async () => {
      try {
        await verifyChain(client, endpoint);
        return await run();
      } catch (error) {
        throw await vppError(error, { endpoint, chainId: client.chain?.id });
      }
    },
    { timeoutMs, signal: options?.signal, endpoint, timeoutError: () => new RpcTimeoutError(endpoint, timeoutMs) },
  );
}

/** Reads one view function; reverts become typed errors. */
export async function read<T>(
  client: VppClient,
  contract: VppContractName,
  item: AbiFunction,
  args: readonly unknown[] = [],
  blockNumber?: bigint,
): Promise<T> {
  const address = getVppAddress(client, contract);
  const functionName = item.name;
  try {
    return (await readContract(client, {
      address,
      abi: [item],
      functionName,
      args,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    })) as T;
  } catch (error) {
    throw await vppError(error, context(client, { contract, functionName, address, blockNumber }));
  }
}

const context = (client: VppClient, c: ErrorContext): ErrorContext => ({ endpoint: rpcEndpoint(client), chainId: client.chain?.id, ...c });

/** A read of one view function, for {@link readAll}. */
export type ReadCall = readonly [contract: VppContractName, item: AbiFunction, args?: readonly unknown[]];

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

// ------------------------------------------------------------------------------------------------------ writes

type Mutability = 'nonpayable' | 'payable';

/** One contract call: what a write sends. */
export interface ContractCall {
  contract: VppContractName;
  item: AbiFunction;
  args: readonly unknown[];
  value?: bigint | undefined;
}

/** A call of one generated ABI item (`vppFund_invest`), its arguments checked against the ABI at compile time. */
export function call<const I extends AbiFunction & { stateMutability: Mutability }>(
  contract: VppContractName,
  item: I,
  args: ContractFunctionArgs<readonly [I], Mutability, ContractFunctionName<readonly [I], Mutability>>,
  value?: bigint,
): ContractCall {
  return { contract, item, args: args as readonly unknown[], value };
}

/** Everything that differs between two writes. */
export interface WriteSpec<TParams, TOutcome> {
  /** Validates the parameters (no network) and returns the call; `sender` is the resolved sender, if any. */
  call(params: TParams, sender: Address | undefined): ContractCall;
  /** Checks that need the chain, run before simulating, to throw the contract's typed error early. */
  check?(client: VppClient, params: TParams, call: ContractCall): Promise<void>;
  /** The action's outcome, decoded from the receipt. */
  outcome(client: VppClient, receipt: TransactionReceipt): TOutcome;
}

/** Defines a write (identity: gives the spec its types). */
export const defineWrite = <TParams, TOutcome>(spec: WriteSpec<TParams, TOutcome>): WriteSpec<TParams, TOutcome> => spec;

/** The account a write is sent from. */
export function resolveAccount(client: VppClient, account?: Account | Address): Account | Address {
  const resolved = account ?? client.account;
  if (!resolved) throw new AccountNotFoundError();
  return resolved;
}

const addressOf = (account: Account | Address | undefined): Address | undefined =>
  account === undefined ? undefined : typeof account === 'string' ? account : account.address;

/** The viem overrides of a write's parameters (validated: legacy or EIP-1559 fees, not both). */
function overrides(tx: TransactionOverrides): Omit<TransactionOverrides, 'account'> {
  const out: Record<string, unknown> = {};
  for (const key of ['gas', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas'] as const) {
    const v = tx[key];
    if (v === undefined) continue;
    if (typeof v !== 'bigint' || v < 0n) throw new InvalidParameterError(key, v, 'expected a bigint ≥ 0 (wei)');
    out[key] = v;
  }
  if (tx.nonce !== undefined) {
    if (!Number.isSafeInteger(tx.nonce) || tx.nonce < 0) throw new InvalidParameterError('nonce', tx.nonce, 'expected an integer ≥ 0');
    out.nonce = tx.nonce;
  }
  if (out.gasPrice !== undefined && (out.maxFeePerGas !== undefined || out.maxPriorityFeePerGas !== undefined)) {
    throw new InvalidParameterError('gasPrice', tx.gasPrice, 'pass either gasPrice or maxFeePerGas / maxPriorityFeePerGas');
  }
  return out;
}

/** `encode…`: the transaction request of a write (validated, no network). */
export function encodeWrite<P>(client: VppClient, spec: WriteSpec<P, unknown>, params: P & { account?: Account | Address | undefined }): VppTransactionRequest {
  const c = spec.call(params, addressOf(params?.account ?? client.account));
  const data = encodeFunctionData({ abi: [c.item] as Abi, functionName: c.item.name, args: c.args });
  return { to: getVppAddress(client, c.contract), data, ...(c.value === undefined ? {} : { value: c.value }) };
}

async function prepare<P>(client: VppClient, spec: WriteSpec<P, unknown>, params: P, tx: WriteParameters) {
  const account = resolveAccount(client, tx.account);
  const c = spec.call(params, addressOf(account));
  const extra = overrides(tx);
  await spec.check?.(client, params, c);
  const address = getVppAddress(client, c.contract);
  try {
    return await simulateContract(client, {
      address,
      abi: [c.item],
      functionName: c.item.name,
      args: c.args,
      account,
      chain: client.chain,
      ...(c.value === undefined ? {} : { value: c.value }),
      ...extra,
    } as Parameters<typeof simulateContract>[1]);
  } catch (error) {
    throw await vppError(error, context(client, { contract: c.contract, functionName: c.item.name, address, account: addressOf(account) }));
  }
}

/** `simulate…`: validates, runs the checks and simulates; returns viem's request and the function's result. */
export async function simulateWrite<P, R = unknown>(client: VppClient, spec: WriteSpec<P, unknown>, params: P, tx: WriteParameters = params as WriteParameters): Promise<SimulateResult<R>> {
  return rpcAction(client, tx, async () => {
    const { request, result } = await prepare(client, spec, params, tx);
    return { request: request as unknown as SimulateResult<R>['request'], result: result as R };
  });
}

/** The write itself: validates, checks, simulates (a revert is a typed error), sends. */
export async function sendWrite<P, O>(client: VppClient, spec: WriteSpec<P, O>, params: P, tx: WriteParameters = params as WriteParameters): Promise<WriteResult<O>> {
  return rpcAction(client, tx, async () => {
    const { request } = await prepare(client, spec, params, tx);
    let hash: Hash;
    const c = request as unknown as { functionName: string; address: Address };
    try {
      hash = await writeContract(client, request as Parameters<typeof writeContract>[1]);
    } catch (error) {
      throw await vppError(error, context(client, { functionName: c.functionName, address: c.address, account: addressOf(resolveAccount(client, tx.account)) }));
    }
    return {
      hash,
      wait: (options?: WaitOptions) => waitForWrite(client, hash, (receipt) => spec.outcome(client, receipt), options),
    };
  });
}

/** Waits for a write's receipt, decodes its outcome and, optionally, waits for the subgraph to index its block. */
export async function waitForWrite<O>(
  client: VppClient,
  hash: Hash,
  outcome: (receipt: TransactionReceipt) => O,
  options: WaitOptions = {},
): Promise<WriteReceipt<O>> {
  const endpoint = rpcEndpoint(client);
  const timeoutMs = timeoutOf(options, DEFAULT_WAIT_TIMEOUT_MS);
  const started = Date.now();
  const receipt = await withDeadline(
    async (signal) => {
      // Poll the receipt itself rather than watching for new blocks: with automine (anvil, hardhat) a block can be
      // reported before its receipt is stored, and a block watcher then waits for a next block that never comes.
      for (let delayMs = 5; ; delayMs = Math.min(delayMs * 2, 1_000)) {
        try {
          return await getTransactionReceipt(client, { hash });
        } catch (error) {
          if ((error as Error).name !== 'TransactionReceiptNotFoundError') throw await vppError(error, { endpoint });
        }
        await sleep(delayMs, signal);
      }
    },
    { timeoutMs, signal: options.signal, endpoint, timeoutError: () => new WaitTimeoutError(hash, timeoutMs, endpoint) },
  );
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash);
  const result = Object.assign(receipt, { outcome: outcome(receipt) });
  if (options.indexed) {
    // Loaded on demand: writes that never wait for the subgraph do not ship the subgraph client.
    const { waitForIndexed } = await import('./wait-indexed.js');
    await waitForIndexed(client, receipt.blockNumber, {
      timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
      signal: options.signal,
    });
  }
  return result;
}

// ------------------------------------------------------------------------------------------------------ outcomes

/** The decoded arguments of one event. */
export type EventArgs<E extends AbiEvent> = DecodeEventLogReturnType<readonly [E], ContractEventName<readonly [E]>, Hex[], Hex, true>['args'];

/** The args of every `event` (a generated ABI item) the system's `contract` emitted in the receipt, in log order. */
export function eventsOf<const E extends AbiEvent>(
  client: VppClient,
  receipt: TransactionReceipt,
  contract: VppContractName,
  event: E,
): EventArgs<E>[] {
  const address = getVppAddress(client, contract).toLowerCase();
  const logs = receipt.logs.filter((l) => l.address.toLowerCase() === address);
  return parseEventLogs({ abi: [event] as Abi, logs }).map((l) => (l as unknown as { args: EventArgs<E> }).args);
}

/** The single `event` of the receipt (a write's own event). */
export function eventOf<const E extends AbiEvent>(
  client: VppClient,
  receipt: TransactionReceipt,
  contract: VppContractName,
  event: E,
): EventArgs<E> {
  const [first] = eventsOf(client, receipt, contract, event);
  if (!first) throw new VppError(`Transaction ${receipt.transactionHash} has no ${event.name} event of ${contract}.`);
  return first;
}
