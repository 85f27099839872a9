/**
 * Configuration, input, transport (RPC and subgraph), timeout and transaction errors.
 * @module
 */
import type { Address, Hex } from 'viem';
import { formatValue, shortAddress, VppError, type VppErrorOptions } from './base.js';

// ----------------------------------------------------------------------------------------------- configuration

/** The client's chain has no VPP contracts / subgraph URL, or the configuration is inconsistent. */
export class VppConfigError extends VppError {
  override name = 'VppConfigError';
}

/** The node serves another chain than the deployment's. */
export class ChainMismatchError extends VppConfigError {
  override name = 'ChainMismatchError';
  readonly endpoint: string;
  readonly nodeChainId: number;
  readonly deploymentChainId: number;
  constructor(args: { endpoint: string; nodeChainId: number; deploymentChainId: number }) {
    super(`The node at ${args.endpoint} serves chain ${args.nodeChainId}, but the deployment is for chain ${args.deploymentChainId}.`);
    this.endpoint = args.endpoint;
    this.nodeChainId = args.nodeChainId;
    this.deploymentChainId = args.deploymentChainId;
  }
}

/** A configured contract address has no code on the node's chain. */
export class ContractNotDeployedError extends VppConfigError {
  override name = 'ContractNotDeployedError';
  readonly contract: string;
  readonly address: Address;
  constructor(args: { contract: string; address: Address; chainId?: number | undefined; cause?: unknown }) {
    super(
      `There is no ${args.contract} contract at ${args.address}${args.chainId === undefined ? '' : ` on chain ${args.chainId}`}: is the deployment for this node's chain?`,
      { cause: args.cause },
    );
    this.contract = args.contract;
    this.address = args.address;
  }
}

/** A write was called without an account (none on the client and none in the parameters). */
export class AccountNotFoundError extends VppError {
  override name = 'AccountNotFoundError';
  constructor() {
    super('No account to send from: pass `account` or use a client created with one.');
  }
}

// ----------------------------------------------------------------------------------------------- input

/** A parameter failed the SDK's validation before anything was sent. */
export class InvalidParameterError extends VppError {
  override name = 'InvalidParameterError';
  /** The parameter's name, e.g. `config.capacityWh`. */
  readonly parameter: string;
  readonly value: unknown;
  constructor(parameter: string, value: unknown, reason: string) {
    super(`Invalid parameter \`${parameter}\`: ${reason}.`, { details: `received ${formatValue(value)}` });
    this.parameter = parameter;
    this.value = value;
  }
}

/** A parameter is not a valid (checksummed or lower-case) 20-byte address. */
export class InvalidAddressError extends InvalidParameterError {
  override name = 'InvalidAddressError';
  constructor(parameter: string, value: unknown) {
    super(parameter, value, 'not a valid address');
  }
}

// ----------------------------------------------------------------------------------------------- transport

/** Which kind of endpoint a transport error is about. */
export type EndpointKind = 'rpc' | 'subgraph';

/** A request did not finish within its `timeoutMs`. */
export class VppTimeoutError extends VppError {
  override name = 'VppTimeoutError';
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly kind: EndpointKind;
  constructor(kind: EndpointKind, endpoint: string, timeoutMs: number, options: VppErrorOptions & { what?: string } = {}) {
    super(
      `${options.what ?? (kind === 'rpc' ? `The node at ${endpoint}` : `The subgraph at ${endpoint}`)} did not answer within ${timeoutMs} ms.`,
      options,
    );
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
    this.kind = kind;
  }
}

/** A JSON-RPC request did not finish within `timeoutMs` (the node accepted the connection but did not answer). */
export class RpcTimeoutError extends VppTimeoutError {
  override name = 'RpcTimeoutError';
  constructor(endpoint: string, timeoutMs: number, options: VppErrorOptions = {}) {
    super('rpc', endpoint, timeoutMs, options);
  }
}

/** A subgraph request did not finish within `timeoutMs`. */
export class SubgraphTimeoutError extends VppTimeoutError {
  override name = 'SubgraphTimeoutError';
  readonly url: string;
  constructor(url: string, timeoutMs: number, options: VppErrorOptions = {}) {
    super('subgraph', url, timeoutMs, options);
    this.url = url;
  }
}

/** The caller's `AbortSignal` aborted the request. */
export class VppAbortError extends VppError {
  override name = 'VppAbortError';
  readonly endpoint: string;
  constructor(endpoint: string, reason?: unknown) {
    super(`The request to ${endpoint} was aborted.`, { cause: reason });
    this.endpoint = endpoint;
  }
}

/** The node could not be reached or answered with an HTTP error. */
export class RpcUnavailableError extends VppError {
  override name = 'RpcUnavailableError';
  readonly endpoint: string;
  readonly status: number | undefined;
  constructor(endpoint: string, options: VppErrorOptions & { status?: number | undefined } = {}) {
    super(`The node at ${endpoint} is unreachable${options.status ? ` (HTTP ${options.status})` : ''}.`, options);
    this.endpoint = endpoint;
    this.status = options.status;
  }
}

/** The node answered with a JSON-RPC error the SDK has no more specific class for; `cause` is viem's error. */
export class RpcError extends VppError {
  override name = 'RpcError';
  readonly endpoint: string;
  constructor(endpoint: string, reason: string, options: VppErrorOptions = {}) {
    super(`The node at ${endpoint} refused the request: ${reason}`, options);
    this.endpoint = endpoint;
  }
}

/** `blockNumber` is beyond the node's chain head (or pruned). */
export class BlockNotAvailableError extends VppError {
  override name = 'BlockNotAvailableError';
  readonly blockNumber: bigint;
  readonly endpoint: string;
  constructor(endpoint: string, blockNumber: bigint, options: VppErrorOptions & { head?: bigint | undefined } = {}) {
    super(
      `Block ${blockNumber} is not available at ${endpoint}${options.head === undefined ? '' : ` (its chain head is block ${options.head})`}.`,
      options,
    );
    this.blockNumber = blockNumber;
    this.endpoint = endpoint;
  }
}

// ----------------------------------------------------------------------------------------------- transactions

/** The sender cannot pay the transaction's value plus gas. */
export class InsufficientFundsError extends VppError {
  override name = 'InsufficientFundsError';
  readonly account: Address | undefined;
  constructor(account: Address | undefined, options: VppErrorOptions = {}) {
    super(
      `${account ? shortAddress(account) : 'The sender'} does not have enough ether to pay for this transaction (value plus gas).`,
      options,
    );
    this.account = account;
  }
}

/** The node or the wallet refused to send the transaction (nonce, fees, gas, user rejection…); `cause` says why. */
export class TransactionRejectedError extends VppError {
  override name = 'TransactionRejectedError';
  constructor(reason: string, options: VppErrorOptions = {}) {
    super(`The transaction was not sent: ${reason}`, options);
  }
}

/** A transaction was mined but reverted (simulation passed, the chain changed in between). */
export class TransactionRevertedError extends VppError {
  override name = 'TransactionRevertedError';
  readonly hash: Hex;
  constructor(hash: Hex, options: VppErrorOptions = {}) {
    super(`Transaction ${hash} reverted.`, options);
    this.hash = hash;
  }
}

/** A transaction's receipt did not appear within the wait's timeout. */
export class WaitTimeoutError extends VppTimeoutError {
  override name = 'WaitTimeoutError';
  readonly hash: Hex;
  constructor(hash: Hex, timeoutMs: number, endpoint = 'the node') {
    super('rpc', endpoint, timeoutMs, { what: `Transaction ${hash} was not mined and` });
    this.hash = hash;
  }
}

// ----------------------------------------------------------------------------------------------- subgraph

/** Base class of the subgraph errors. */
export class SubgraphError extends VppError {
  override name = 'SubgraphError';
  readonly url: string;
  constructor(url: string, shortMessage: string, options: VppErrorOptions = {}) {
    super(shortMessage, options);
    this.url = url;
  }
}

/** The subgraph endpoint could not be reached, answered with an HTTP error, or is not a subgraph. */
export class SubgraphUnavailableError extends SubgraphError {
  override name = 'SubgraphUnavailableError';
  readonly status: number | undefined;
  constructor(url: string, options: VppErrorOptions & { status?: number | undefined; reason?: string } = {}) {
    super(url, `The subgraph at ${url} is unavailable${options.status ? ` (HTTP ${options.status})` : ''}${options.reason ? `: ${options.reason}` : '.'}`, options);
    this.status = options.status;
  }
}

/** The subgraph has indexing errors (`_meta.hasIndexingErrors`) or failed: its data cannot be trusted. */
export class SubgraphIndexingError extends SubgraphError {
  override name = 'SubgraphIndexingError';
  constructor(url: string, options: VppErrorOptions = {}) {
    super(url, `The subgraph at ${url} has indexing errors; its data is incomplete.`, options);
  }
}

/** The subgraph has not indexed the block asked for (yet). */
export class SubgraphBehindError extends SubgraphError {
  override name = 'SubgraphBehindError';
  readonly requiredBlock: bigint;
  readonly indexedBlock: bigint | undefined;
  constructor(url: string, requiredBlock: bigint, indexedBlock: bigint | undefined, options: VppErrorOptions = {}) {
    super(url, `The subgraph has indexed up to block ${indexedBlock ?? 'unknown'}, block ${requiredBlock} is required.`, options);
    this.requiredBlock = requiredBlock;
    this.indexedBlock = indexedBlock;
  }
}

/** The subgraph rejected the query (GraphQL errors other than the cases above). */
export class SubgraphQueryError extends SubgraphError {
  override name = 'SubgraphQueryError';
  readonly errors: readonly { message: string }[];
  constructor(url: string, errors: readonly { message: string }[], options: VppErrorOptions = {}) {
    super(url, `The subgraph query failed: ${errors.map((e) => e.message).join('; ')}`, options);
    this.errors = errors;
  }
}
