/**
 * Typed errors of the SDK. Every failure an action can report is an instance of {@link VppError}:
 *
 * - {@link VppContractError} and its subclasses: a contract's custom error, decoded from a revert (or detected by
 *   the SDK's own checks before sending, with exactly the class the contract would have reverted with);
 * - input and configuration errors ({@link InvalidAddressError}, {@link InvalidParameterError},
 *   {@link VppConfigError}, {@link AccountNotFoundError});
 * - subgraph errors ({@link SubgraphUnavailableError}, {@link SubgraphIndexingError}, {@link SubgraphBehindError},
 *   {@link SubgraphQueryError}).
 *
 * @module
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Abi,
  type Address,
  type Hex,
} from 'viem';
import { getAllErrorsAbi } from './abis.js';

/** Base class of every error thrown by the SDK. */
export class VppError extends Error {
  override name: string = 'VppError';
  /** The message without details. */
  readonly shortMessage: string;
  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
  }
}

// --------------------------------------------------------------------------------------------- configuration

/** The client's chain has no VPP contracts / subgraph URL, or the chain does not match the deployment. */
export class VppConfigError extends VppError {
  override name = 'VppConfigError';
}

/** A write was called without an account (none on the client and none in the parameters). */
export class AccountNotFoundError extends VppError {
  override name = 'AccountNotFoundError';
  constructor() {
    super('No account: pass `account` or use a client created with one.');
  }
}

// --------------------------------------------------------------------------------------------- input

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

/** A transaction was mined but reverted (simulation passed, the chain changed in between). */
export class TransactionRevertedError extends VppError {
  override name = 'TransactionRevertedError';
  readonly hash: Hex;
  constructor(hash: Hex) {
    super(`Transaction ${hash} reverted.`);
    this.hash = hash;
  }
}

// --------------------------------------------------------------------------------------------- contract errors

/** Which contract of the system an error came from (the SDK's contract keys). */
export type VppContractName = 'vppPlant' | 'vppFund' | 'vppTrader' | 'vppPriceOracle' | 'vppGridMarket';

export interface VppContractErrorOptions {
  /** Decoded arguments of the custom error, in ABI order. */
  args?: readonly unknown[];
  contract?: VppContractName | undefined;
  functionName?: string | undefined;
  cause?: unknown;
  /** True when the SDK detected the condition itself before sending (no transaction, no revert). */
  detectedBeforeSending?: boolean;
}

/**
 * A contract's custom error. `errorName` and `args` are the Solidity error and its decoded arguments; subclasses
 * exist for every custom error of the system's ABIs (see {@link contractErrors}), this base class is used as is
 * only for errors the SDK does not know (e.g. a newer contract) and for `Error(string)` / `Panic(uint256)`.
 */
export class VppContractError<TArgs extends readonly unknown[] = readonly unknown[]> extends VppError {
  override name = 'VppContractError';
  readonly errorName: string;
  readonly args: TArgs;
  readonly contract: VppContractName | undefined;
  readonly functionName: string | undefined;
  readonly detectedBeforeSending: boolean;
  constructor(errorName: string, options: VppContractErrorOptions = {}) {
    const args = (options.args ?? []) as unknown as TArgs;
    const where = options.functionName ? ` in ${options.contract ?? 'contract'}.${options.functionName}` : '';
    super(`${errorName}(${args.map(formatValue).join(', ')})${where}`, { cause: options.cause });
    this.errorName = errorName;
    this.args = args;
    this.contract = options.contract;
    this.functionName = options.functionName;
    this.detectedBeforeSending = options.detectedBeforeSending ?? false;
  }
}

type Ctor<T> = new (options?: VppContractErrorOptions) => T;

/** Declares the subclass of one custom error (its class name is the error name plus `Error`). */
function define<TArgs extends readonly unknown[] = readonly []>(errorName: string, className: string) {
  return class extends VppContractError<TArgs> {
    static readonly errorName = errorName;
    override name = className;
    constructor(options: VppContractErrorOptions = {}) {
      super(errorName, options);
    }
  };
}

// Roles and pause (VirtualPowerPlant, shared by the other contracts)
/** `NotAdmin(account)`: the caller is neither an admin nor the owner. */
export class NotAdminError extends define<readonly [account: Address]>('NotAdmin', 'NotAdminError') {}
/** `NotOwner(account)` (trader). */
export class NotOwnerError extends define<readonly [account: Address]>('NotOwner', 'NotOwnerError') {}
/** `OwnableUnauthorizedAccount(account)`: owner-only function. */
export class OwnableUnauthorizedAccountError extends define<readonly [account: Address]>(
  'OwnableUnauthorizedAccount',
  'OwnableUnauthorizedAccountError',
) {}
/** `OwnableInvalidOwner(owner)`. */
export class OwnableInvalidOwnerError extends define<readonly [owner: Address]>(
  'OwnableInvalidOwner',
  'OwnableInvalidOwnerError',
) {}
export class NotFundError extends define<readonly [account: Address]>('NotFund', 'NotFundError') {}
export class NotTraderError extends define<readonly [account: Address]>('NotTrader', 'NotTraderError') {}
/** `ZeroAddress()`. */
export class ZeroAddressError extends define('ZeroAddress', 'ZeroAddressError') {}
export class AlreadyAdminError extends define<readonly [account: Address]>('AlreadyAdmin', 'AlreadyAdminError') {}
export class NotAnAdminError extends define<readonly [account: Address]>('NotAnAdmin', 'NotAnAdminError') {}
/** `SystemIsPaused()`: the system is paused. */
export class SystemPausedError extends define('SystemIsPaused', 'SystemPausedError') {}
/** `SystemNotPaused()`: unpause while not paused. */
export class SystemNotPausedError extends define('SystemNotPaused', 'SystemNotPausedError') {}
export class IndexOutOfBoundsError extends define<readonly [index: bigint, length: bigint]>(
  'IndexOutOfBounds',
  'IndexOutOfBoundsError',
) {}

// Fleet
/** `BatteryNotFound(batteryId)`. */
export class BatteryNotFoundError extends define<readonly [batteryId: bigint]>('BatteryNotFound', 'BatteryNotFoundError') {}
/** `BatteryIsDecommissioned(batteryId)`. */
export class BatteryDecommissionedError extends define<readonly [batteryId: bigint]>(
  'BatteryIsDecommissioned',
  'BatteryDecommissionedError',
) {}
export class ZeroCapacityError extends define('ZeroCapacity', 'ZeroCapacityError') {}
export class InvalidEfficiencyError extends define<readonly [roundTripEfficiencyBps: number]>(
  'InvalidEfficiency',
  'InvalidEfficiencyError',
) {}
export class InvalidPriceThresholdsError extends define<readonly [chargeBelowPrice: bigint, dischargeAbovePrice: bigint]>(
  'InvalidPriceThresholds',
  'InvalidPriceThresholdsError',
) {}
export class CapacityBelowStateOfChargeError extends define<readonly [capacityWh: bigint, stateOfChargeWh: bigint]>(
  'CapacityBelowStateOfCharge',
  'CapacityBelowStateOfChargeError',
) {}
export class StateOfChargeAboveCapacityError extends define<readonly [stateOfChargeWh: bigint, capacityWh: bigint]>(
  'StateOfChargeAboveCapacity',
  'StateOfChargeAboveCapacityError',
) {}

// Fund
export class ZeroAmountError extends define('ZeroAmount', 'ZeroAmountError') {}
export class InvalidBasisPointsError extends define<readonly [basisPoints: number]>(
  'InvalidBasisPoints',
  'InvalidBasisPointsError',
) {}
export class NoSharesOutstandingError extends define('NoSharesOutstanding', 'NoSharesOutstandingError') {}
export class NothingToDistributeError extends define('NothingToDistribute', 'NothingToDistributeError') {}
/** `InsufficientFreeBalance(requested, available)`: the fund's free ether does not cover the request. */
export class InsufficientFreeBalanceError extends define<readonly [requested: bigint, available: bigint]>(
  'InsufficientFreeBalance',
  'InsufficientFreeBalanceError',
) {}
export class NothingToWithdrawError extends define('NothingToWithdraw', 'NothingToWithdrawError') {}
export class EtherTransferFailedError extends define<readonly [to: Address, amount: bigint]>(
  'EtherTransferFailed',
  'EtherTransferFailedError',
) {}
export class DirectEtherRejectedError extends define<readonly [from: Address]>(
  'DirectEtherRejected',
  'DirectEtherRejectedError',
) {}
export class FundInsolventError extends define('FundInsolvent', 'FundInsolventError') {}
export class UnexpectedSettlementError extends define<readonly [expected: bigint, received: bigint]>(
  'UnexpectedSettlement',
  'UnexpectedSettlementError',
) {}
export class SharesTooSmallError extends define('SharesTooSmall', 'SharesTooSmallError') {}
/** `ERC20InsufficientBalance(sender, balance, needed)`: not enough shares. */
export class ERC20InsufficientBalanceError extends define<readonly [sender: Address, balance: bigint, needed: bigint]>(
  'ERC20InsufficientBalance',
  'ERC20InsufficientBalanceError',
) {}
export class ERC20InvalidReceiverError extends define<readonly [receiver: Address]>(
  'ERC20InvalidReceiver',
  'ERC20InvalidReceiverError',
) {}
export class ERC20InvalidSenderError extends define<readonly [sender: Address]>(
  'ERC20InvalidSender',
  'ERC20InvalidSenderError',
) {}
export class ERC20InsufficientAllowanceError extends define<
  readonly [spender: Address, allowance: bigint, needed: bigint]
>('ERC20InsufficientAllowance', 'ERC20InsufficientAllowanceError') {}
export class ERC20InvalidApproverError extends define<readonly [approver: Address]>(
  'ERC20InvalidApprover',
  'ERC20InvalidApproverError',
) {}
export class ERC20InvalidSpenderError extends define<readonly [spender: Address]>(
  'ERC20InvalidSpender',
  'ERC20InvalidSpenderError',
) {}
export class ReentrancyGuardReentrantCallError extends define(
  'ReentrancyGuardReentrantCall',
  'ReentrancyGuardReentrantCallError',
) {}

// Trader
export class InvalidTradingParamsError extends define('InvalidTradingParams', 'InvalidTradingParamsError') {}
/** `StalePrice(updatedAt, nowTimestamp, maxPriceAge)`: the oracle's latest price is too old to trade on. */
export class StalePriceError extends define<readonly [updatedAt: bigint, nowTimestamp: bigint, maxPriceAge: bigint]>(
  'StalePrice',
  'StalePriceError',
) {}
export class PriceOutOfBoundsError extends define<readonly [price: bigint, minValidPrice: bigint, maxValidPrice: bigint]>(
  'PriceOutOfBounds',
  'PriceOutOfBoundsError',
) {}
export class InvalidRoundError extends define<readonly [roundId: bigint]>('InvalidRound', 'InvalidRoundError') {}
/** `AlreadyDispatched(batteryId, interval)`: the battery was already dispatched this interval. */
export class AlreadyDispatchedError extends define<readonly [batteryId: bigint, interval: bigint]>(
  'AlreadyDispatched',
  'AlreadyDispatchedError',
) {}
export class BatteryNotDispatchableError extends define<readonly [batteryId: bigint]>(
  'BatteryNotDispatchable',
  'BatteryNotDispatchableError',
) {}
export class BatchTooLargeError extends define<readonly [size: bigint, maxBatchSize: bigint]>(
  'BatchTooLarge',
  'BatchTooLargeError',
) {}
export class EmptyBatchError extends define('EmptyBatch', 'EmptyBatchError') {}
export class UpkeepNotNeededError extends define('UpkeepNotNeeded', 'UpkeepNotNeededError') {}

// Oracle
export class NotReporterError extends define<readonly [account: Address]>('NotReporter', 'NotReporterError') {}
export class RoundNotFoundError extends define<readonly [roundId: bigint]>('RoundNotFound', 'RoundNotFoundError') {}

// Grid market
export class NotAuthorizedFundError extends define<readonly [account: Address]>(
  'NotAuthorizedFund',
  'NotAuthorizedFundError',
) {}
export class InsufficientMarketBalanceError extends define<readonly [requested: bigint, available: bigint]>(
  'InsufficientMarketBalance',
  'InsufficientMarketBalanceError',
) {}

// SafeCast (arithmetic guards)
export class SafeCastOverflowedUintDowncastError extends define<readonly [bits: number, value: bigint]>(
  'SafeCastOverflowedUintDowncast',
  'SafeCastOverflowedUintDowncastError',
) {}
export class SafeCastOverflowedIntDowncastError extends define<readonly [bits: number, value: bigint]>(
  'SafeCastOverflowedIntDowncast',
  'SafeCastOverflowedIntDowncastError',
) {}
export class SafeCastOverflowedUintToIntError extends define<readonly [value: bigint]>(
  'SafeCastOverflowedUintToInt',
  'SafeCastOverflowedUintToIntError',
) {}
export class SafeCastOverflowedIntToUintError extends define<readonly [value: bigint]>(
  'SafeCastOverflowedIntToUint',
  'SafeCastOverflowedIntToUintError',
) {}

/** Every specific contract error class, by Solidity error name. */
export const contractErrors: Readonly<Record<string, Ctor<VppContractError>>> = Object.fromEntries(
  [
    NotAdminError,
    NotOwnerError,
    OwnableUnauthorizedAccountError,
    OwnableInvalidOwnerError,
    NotFundError,
    NotTraderError,
    ZeroAddressError,
    AlreadyAdminError,
    NotAnAdminError,
    SystemPausedError,
    SystemNotPausedError,
    IndexOutOfBoundsError,
    BatteryNotFoundError,
    BatteryDecommissionedError,
    ZeroCapacityError,
    InvalidEfficiencyError,
    InvalidPriceThresholdsError,
    CapacityBelowStateOfChargeError,
    StateOfChargeAboveCapacityError,
    ZeroAmountError,
    InvalidBasisPointsError,
    NoSharesOutstandingError,
    NothingToDistributeError,
    InsufficientFreeBalanceError,
    NothingToWithdrawError,
    EtherTransferFailedError,
    DirectEtherRejectedError,
    FundInsolventError,
    UnexpectedSettlementError,
    SharesTooSmallError,
    ERC20InsufficientBalanceError,
    ERC20InvalidReceiverError,
    ERC20InvalidSenderError,
    ERC20InsufficientAllowanceError,
    ERC20InvalidApproverError,
    ERC20InvalidSpenderError,
    ReentrancyGuardReentrantCallError,
    InvalidTradingParamsError,
    StalePriceError,
    PriceOutOfBoundsError,
    InvalidRoundError,
    AlreadyDispatchedError,
    BatteryNotDispatchableError,
    BatchTooLargeError,
    EmptyBatchError,
    UpkeepNotNeededError,
    NotReporterError,
    RoundNotFoundError,
    NotAuthorizedFundError,
    InsufficientMarketBalanceError,
    SafeCastOverflowedUintDowncastError,
    SafeCastOverflowedIntDowncastError,
    SafeCastOverflowedUintToIntError,
    SafeCastOverflowedIntToUintError,
  ].map((c) => [c.errorName, c as Ctor<VppContractError>]),
);

/** Builds the typed error for a custom error name and its arguments. */
export function contractError(errorName: string, options: VppContractErrorOptions = {}): VppContractError {
  const Class = contractErrors[errorName];
  return Class ? new Class(options) : new VppContractError(errorName, options);
}

/**
 * Converts anything an action caught into the SDK's typed error: a revert becomes the {@link VppContractError}
 * subclass of its custom error (decoded against the errors of every contract of the system, so an error bubbled up
 * from another contract is decoded too); other errors are returned unchanged.
 */
export function toVppError(
  error: unknown,
  context: { contract?: VppContractName; functionName?: string } = {},
): unknown {
  if (error instanceof VppError) return error;
  if (!(error instanceof BaseError)) return error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
    | ContractFunctionRevertedError
    | null;
  let raw: Hex | undefined = reverted?.raw;
  if (!reverted) {
    // Some RPC paths (e.g. eth_estimateGas) only carry the revert data on the innermost error.
    const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as
      | { data?: Hex }
      | null;
    raw = withData?.data;
    if (!raw || raw.length < 10) return error;
  }
  const options = { ...context, cause: error };
  if (reverted?.data) {
    const { errorName, args } = reverted.data;
    if (errorName !== 'Error' && errorName !== 'Panic') return contractError(errorName, { ...options, args: args ?? [] });
    return new VppContractError(errorName, { ...options, args: args ?? [] });
  }
  if (raw && raw !== '0x') {
    try {
      const decoded = decodeErrorResult({ abi: getAllErrorsAbi() as Abi, data: raw });
      return contractError(decoded.errorName, { ...options, args: decoded.args ?? [] });
    } catch {
      return new VppContractError(raw.slice(0, 10), options);
    }
  }
  if (reverted?.reason) return new VppContractError('Error', { ...options, args: [reverted.reason] });
  return error;
}

// --------------------------------------------------------------------------------------------- subgraph

/** Base class of the subgraph errors. */
export class SubgraphError extends VppError {
  override name = 'SubgraphError';
  readonly url: string;
  constructor(url: string, shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    super(shortMessage, options);
    this.url = url;
  }
}

/** The subgraph endpoint could not be reached or answered with an HTTP error / a non-GraphQL body. */
export class SubgraphUnavailableError extends SubgraphError {
  override name = 'SubgraphUnavailableError';
  readonly status: number | undefined;
  constructor(url: string, options: { cause?: unknown; status?: number; details?: string } = {}) {
    super(url, `The subgraph at ${url} is unavailable${options.status ? ` (HTTP ${options.status})` : ''}.`, options);
    this.status = options.status;
  }
}

/** The subgraph has indexing errors (`_meta.hasIndexingErrors`) or failed: its data cannot be trusted. */
export class SubgraphIndexingError extends SubgraphError {
  override name = 'SubgraphIndexingError';
  constructor(url: string, options: { cause?: unknown; details?: string } = {}) {
    super(url, 'The subgraph has indexing errors; its data is incomplete.', options);
  }
}

/** The subgraph has not indexed the block asked for (yet). */
export class SubgraphBehindError extends SubgraphError {
  override name = 'SubgraphBehindError';
  readonly requiredBlock: bigint;
  readonly indexedBlock: bigint | undefined;
  constructor(url: string, requiredBlock: bigint, indexedBlock: bigint | undefined, options: { cause?: unknown } = {}) {
    super(
      url,
      `The subgraph has indexed up to block ${indexedBlock ?? 'unknown'}, block ${requiredBlock} is required.`,
      options,
    );
    this.requiredBlock = requiredBlock;
    this.indexedBlock = indexedBlock;
  }
}

/** The subgraph rejected the query (GraphQL errors other than the cases above). */
export class SubgraphQueryError extends SubgraphError {
  override name = 'SubgraphQueryError';
  readonly errors: readonly { message: string }[];
  constructor(url: string, errors: readonly { message: string }[], options: { cause?: unknown } = {}) {
    super(url, `The subgraph query failed: ${errors.map((e) => e.message).join('; ')}`, options);
    this.errors = errors;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
