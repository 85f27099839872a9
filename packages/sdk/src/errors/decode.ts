/**
 * `toVppError`: turns whatever an action caught into the SDK's typed error. viem errors are wrapped (the viem error
 * stays reachable as `cause` / through `walk()`); reverts become the class of their custom error.
 * @module
 */
import { BaseError, decodeAbiParameters, type Address, type Hex } from 'viem';
import { VppError } from './base.js';
import {
  BlockNotAvailableError,
  ChainMismatchError,
  ContractNotDeployedError,
  InsufficientFundsError,
  RpcError,
  RpcTimeoutError,
  RpcUnavailableError,
  TransactionRejectedError,
  VppAbortError,
} from './common.js';
import { VppContractError, type VppContractErrorOptions, type VppContractName } from './contract.js';
import { contractErrorTable, type ContractErrorClass } from './contract-errors.generated.js';

/** What an action knows when it converts an error. */
export interface ErrorContext {
  contract?: VppContractName | undefined;
  functionName?: string | undefined;
  /** The JSON-RPC endpoint (for transport errors). */
  endpoint?: string | undefined;
  /** The contract address called (for "no contract there"). */
  address?: Address | undefined;
  chainId?: number | undefined;
  /** The sender of a write. */
  account?: Address | undefined;
  /** The block a read asked for. */
  blockNumber?: bigint | undefined;
}

type ErrorClass = new (options?: VppContractErrorOptions) => VppContractError;

/** The class of every custom error of the system, by Solidity error name. */
export const contractErrors: Readonly<Record<string, ContractErrorClass>> = /* @__PURE__ */ Object.fromEntries(
  Object.values(contractErrorTable).map(([Class]) => [Class.errorName, Class]),
);

/** Builds the typed error for a custom error name and its arguments. */
export function contractError(errorName: string, options: VppContractErrorOptions = {}): VppContractError {
  const Class = contractErrors[errorName];
  return Class ? new (Class as unknown as ErrorClass)(options) : new VppContractError({ ...options, errorName });
}

/** Decodes raw revert data against every custom error of the system. */
export function decodeRevert(data: Hex, options: VppContractErrorOptions = {}): VppContractError {
  const entry = contractErrorTable[data.slice(0, 10).toLowerCase() as Hex];
  if (!entry) return new VppContractError({ ...options, errorName: data.slice(0, 10) });
  const [Class, types] = entry;
  try {
    const args = types ? decodeAbiParameters(types.split(',').map((type) => ({ type })), `0x${data.slice(10)}`) : [];
    return new (Class as ErrorClass)({ ...options, args });
  } catch {
    return new VppContractError({ ...options, errorName: data.slice(0, 10) });
  }
}

const find = (error: BaseError, name: string) => error.walk((e) => (e as Error | undefined)?.name === name) as
  | (Error & Record<string, unknown>)
  | null;

/**
 * Converts anything an action caught into the SDK's typed error:
 * - a revert becomes the {@link VppContractError} subclass of its custom error (decoded against the errors of every
 *   contract of the system, so an error bubbled up from another contract is decoded too);
 * - viem's transport, node and wallet errors become {@link RpcUnavailableError}, {@link RpcTimeoutError},
 *   {@link InsufficientFundsError}, {@link BlockNotAvailableError}, {@link ContractNotDeployedError},
 *   {@link ChainMismatchError}, {@link TransactionRejectedError} or, for anything else, {@link RpcError};
 * - SDK errors and non-viem errors (bugs, a custom transport's own errors) are returned unchanged.
 */
export function toVppError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof VppError || !(error instanceof BaseError)) return error;
  const endpoint = context.endpoint ?? 'the node';
  const options = { cause: error };
  const c = { contract: context.contract, functionName: context.functionName, cause: error };

  const reverted = find(error, 'ContractFunctionRevertedError');
  const decoded = reverted?.data as { errorName: string; args?: readonly unknown[] } | undefined;
  if (decoded) return contractError(decoded.errorName, { ...c, args: decoded.args ?? [] });
  // Some paths (eth_estimateGas, a revert bubbled up from another contract) only carry the raw revert data.
  const raw = ((reverted?.raw as Hex | undefined) ??
    (error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null)?.data) as Hex | undefined;
  if (raw && raw.length >= 10) return decodeRevert(raw, c);
  if (reverted?.reason) return new VppContractError({ ...c, errorName: 'Error', args: [reverted.reason] });

  if (find(error, 'ContractFunctionZeroDataError') && context.address) {
    return new ContractNotDeployedError({ contract: context.contract ?? 'contract', address: context.address, chainId: context.chainId, ...options });
  }
  if (find(error, 'InsufficientFundsError')) return new InsufficientFundsError(context.account, options);
  const mismatch = find(error, 'ChainMismatchError');
  if (mismatch) {
    const ids = [...String(mismatch.message).matchAll(/id: (\d+)/g)].map((m) => Number(m[1]));
    return new ChainMismatchError({ endpoint, nodeChainId: ids[0] ?? Number.NaN, deploymentChainId: ids[1] ?? context.chainId ?? Number.NaN });
  }
  if (find(error, 'UserRejectedRequestError')) return new TransactionRejectedError('the user rejected the request.', options);
  for (const name of [
    'NonceTooLowError',
    'NonceTooHighError',
    'NonceMaxValueError',
    'FeeCapTooLowError',
    'FeeCapTooHighError',
    'TipAboveFeeCapError',
    'IntrinsicGasTooLowError',
    'IntrinsicGasTooHighError',
    'TransactionTypeNotSupportedError',
  ]) {
    const e = find(error, name);
    if (e) return new TransactionRejectedError(String(e.shortMessage ?? e.message).split('\n')[0]!, options);
  }
  const timeout = find(error, 'TimeoutError');
  // The endpoint as configured (viem's errors carry the URL normalised, with a trailing slash).
  if (timeout) return new RpcTimeoutError(String(context.endpoint ?? timeout.url ?? endpoint), Number(/(\d+)\s*ms/.exec(String(timeout.details ?? ''))?.[1] ?? 0), options);
  const http = find(error, 'HttpRequestError');
  if (http) return new RpcUnavailableError(String(context.endpoint ?? http.url ?? endpoint), { ...options, status: http.status as number | undefined });
  if (context.blockNumber !== undefined && /block|header/i.test(`${error.details} ${error.message}`) && find(error, 'InvalidParamsRpcError')) {
    const head = /block height is (\d+)/.exec(error.details ?? '')?.[1];
    return new BlockNotAvailableError(endpoint, context.blockNumber, { ...options, head: head === undefined ? undefined : BigInt(head) });
  }
  if (/header not found|unknown block|block not found/i.test(`${error.details} ${error.message}`) && context.blockNumber !== undefined) {
    return new BlockNotAvailableError(endpoint, context.blockNumber, options);
  }
  if ((error as { name?: string }).name === 'AbortError') return new VppAbortError(endpoint, error);
  return new RpcError(endpoint, error.shortMessage.split('\n')[0]!, options);
}
