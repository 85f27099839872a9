/**
 * Typed errors of the SDK (`@vpp/sdk/errors`). Every failure an action reports is a {@link VppError}, which extends
 * viem's `BaseError` (`shortMessage`, `details`, `metaMessages`, `docsPath`, `walk()`); a wrapped viem error is its
 * `cause`.
 *
 * - {@link VppContractError} and one subclass per custom error of the contracts (generated from the ABIs): a revert,
 *   decoded, or the same condition detected by the SDK before sending; its message is a sentence;
 * - configuration and input: {@link VppConfigError}, {@link ChainMismatchError}, {@link ContractNotDeployedError},
 *   {@link AccountNotFoundError}, {@link InvalidParameterError}, {@link InvalidAddressError};
 * - the node: {@link RpcUnavailableError}, {@link RpcTimeoutError}, {@link RpcError}, {@link BlockNotAvailableError},
 *   {@link InsufficientFundsError}, {@link TransactionRejectedError}, {@link TransactionRevertedError},
 *   {@link WaitTimeoutError}; the caller's signal: {@link VppAbortError};
 * - the subgraph: {@link SubgraphUnavailableError}, {@link SubgraphTimeoutError}, {@link SubgraphIndexingError},
 *   {@link SubgraphBehindError}, {@link SubgraphQueryError}.
 *
 * @module
 */
export { VppError, sdkVersion, type VppErrorOptions } from './errors/base.js';
export * from './errors/common.js';
export { VppContractError, type VppContractErrorOptions, type VppContractName } from './errors/contract.js';
export * from './errors/contract-errors.generated.js';
export { contractError, contractErrors, decodeRevert, toVppError, type ErrorContext } from './errors/decode.js';
export type { Sentence } from './errors/messages.js';
