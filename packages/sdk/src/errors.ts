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

/** A transaction's receipt did not appear within the wait's timeout. */
export class WaitTimeoutError extends VppError {
  override name = 'WaitTimeoutError';
  readonly hash: Hex;
  constructor(hash: Hex, timeoutMs: number) {
    super(`Transaction ${hash} was not mined within ${timeoutMs} ms.`);
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
function define<TArgs extends readonly unknown[] = readonly []>(errorName: string, className = `${errorName}Error`) {
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
export const NotAdminError = /* @__PURE__ */ define<readonly [account: Address]>('NotAdmin');
export type NotAdminError = InstanceType<typeof NotAdminError>;
/** `NotOwner(account)` (trader). */
export const NotOwnerError = /* @__PURE__ */ define<readonly [account: Address]>('NotOwner');
export type NotOwnerError = InstanceType<typeof NotOwnerError>;
/** `OwnableUnauthorizedAccount(account)`: owner-only function. */
export const OwnableUnauthorizedAccountError = /* @__PURE__ */ define<readonly [account: Address]>('OwnableUnauthorizedAccount');
export type OwnableUnauthorizedAccountError = InstanceType<typeof OwnableUnauthorizedAccountError>;
/** `OwnableInvalidOwner(owner)`. */
export const OwnableInvalidOwnerError = /* @__PURE__ */ define<readonly [owner: Address]>('OwnableInvalidOwner');
export type OwnableInvalidOwnerError = InstanceType<typeof OwnableInvalidOwnerError>;
export const NotFundError = /* @__PURE__ */ define<readonly [account: Address]>('NotFund');
export type NotFundError = InstanceType<typeof NotFundError>;
export const NotTraderError = /* @__PURE__ */ define<readonly [account: Address]>('NotTrader');
export type NotTraderError = InstanceType<typeof NotTraderError>;
/** `ZeroAddress()`. */
export const ZeroAddressError = /* @__PURE__ */ define('ZeroAddress');
export type ZeroAddressError = InstanceType<typeof ZeroAddressError>;
export const AlreadyAdminError = /* @__PURE__ */ define<readonly [account: Address]>('AlreadyAdmin');
export type AlreadyAdminError = InstanceType<typeof AlreadyAdminError>;
export const NotAnAdminError = /* @__PURE__ */ define<readonly [account: Address]>('NotAnAdmin');
export type NotAnAdminError = InstanceType<typeof NotAnAdminError>;
/** `SystemIsPaused()`: the system is paused. */
export const SystemPausedError = /* @__PURE__ */ define('SystemIsPaused', 'SystemPausedError');
export type SystemPausedError = InstanceType<typeof SystemPausedError>;
/** `SystemNotPaused()`: unpause while not paused. */
export const SystemNotPausedError = /* @__PURE__ */ define('SystemNotPaused');
export type SystemNotPausedError = InstanceType<typeof SystemNotPausedError>;
export const IndexOutOfBoundsError = /* @__PURE__ */ define<readonly [index: bigint, length: bigint]>('IndexOutOfBounds');
export type IndexOutOfBoundsError = InstanceType<typeof IndexOutOfBoundsError>;

// Fleet
/** `BatteryNotFound(batteryId)`. */
export const BatteryNotFoundError = /* @__PURE__ */ define<readonly [batteryId: bigint]>('BatteryNotFound');
export type BatteryNotFoundError = InstanceType<typeof BatteryNotFoundError>;
/** `BatteryIsDecommissioned(batteryId)`. */
export const BatteryDecommissionedError = /* @__PURE__ */ define<readonly [batteryId: bigint]>('BatteryIsDecommissioned', 'BatteryDecommissionedError');
export type BatteryDecommissionedError = InstanceType<typeof BatteryDecommissionedError>;
export const ZeroCapacityError = /* @__PURE__ */ define('ZeroCapacity');
export type ZeroCapacityError = InstanceType<typeof ZeroCapacityError>;
export const InvalidEfficiencyError = /* @__PURE__ */ define<readonly [roundTripEfficiencyBps: number]>('InvalidEfficiency');
export type InvalidEfficiencyError = InstanceType<typeof InvalidEfficiencyError>;
export const InvalidPriceThresholdsError = /* @__PURE__ */ define<readonly [chargeBelowPrice: bigint, dischargeAbovePrice: bigint]>('InvalidPriceThresholds');
export type InvalidPriceThresholdsError = InstanceType<typeof InvalidPriceThresholdsError>;
export const CapacityBelowStateOfChargeError = /* @__PURE__ */ define<readonly [capacityWh: bigint, stateOfChargeWh: bigint]>('CapacityBelowStateOfCharge');
export type CapacityBelowStateOfChargeError = InstanceType<typeof CapacityBelowStateOfChargeError>;
export const StateOfChargeAboveCapacityError = /* @__PURE__ */ define<readonly [stateOfChargeWh: bigint, capacityWh: bigint]>('StateOfChargeAboveCapacity');
export type StateOfChargeAboveCapacityError = InstanceType<typeof StateOfChargeAboveCapacityError>;

// Fund
export const ZeroAmountError = /* @__PURE__ */ define('ZeroAmount');
export type ZeroAmountError = InstanceType<typeof ZeroAmountError>;
export const InvalidBasisPointsError = /* @__PURE__ */ define<readonly [basisPoints: number]>('InvalidBasisPoints');
export type InvalidBasisPointsError = InstanceType<typeof InvalidBasisPointsError>;
export const NoSharesOutstandingError = /* @__PURE__ */ define('NoSharesOutstanding');
export type NoSharesOutstandingError = InstanceType<typeof NoSharesOutstandingError>;
export const NothingToDistributeError = /* @__PURE__ */ define('NothingToDistribute');
export type NothingToDistributeError = InstanceType<typeof NothingToDistributeError>;
/** `InsufficientFreeBalance(requested, available)`: the fund's free ether does not cover the request. */
export const InsufficientFreeBalanceError = /* @__PURE__ */ define<readonly [requested: bigint, available: bigint]>('InsufficientFreeBalance');
export type InsufficientFreeBalanceError = InstanceType<typeof InsufficientFreeBalanceError>;
export const NothingToWithdrawError = /* @__PURE__ */ define('NothingToWithdraw');
export type NothingToWithdrawError = InstanceType<typeof NothingToWithdrawError>;
export const EtherTransferFailedError = /* @__PURE__ */ define<readonly [to: Address, amount: bigint]>('EtherTransferFailed');
export type EtherTransferFailedError = InstanceType<typeof EtherTransferFailedError>;
export const DirectEtherRejectedError = /* @__PURE__ */ define<readonly [from: Address]>('DirectEtherRejected');
export type DirectEtherRejectedError = InstanceType<typeof DirectEtherRejectedError>;
export const FundInsolventError = /* @__PURE__ */ define('FundInsolvent');
export type FundInsolventError = InstanceType<typeof FundInsolventError>;
export const UnexpectedSettlementError = /* @__PURE__ */ define<readonly [expected: bigint, received: bigint]>('UnexpectedSettlement');
export type UnexpectedSettlementError = InstanceType<typeof UnexpectedSettlementError>;
export const SharesTooSmallError = /* @__PURE__ */ define('SharesTooSmall');
export type SharesTooSmallError = InstanceType<typeof SharesTooSmallError>;
/** `ERC20InsufficientBalance(sender, balance, needed)`: not enough shares. */
export const ERC20InsufficientBalanceError = /* @__PURE__ */ define<readonly [sender: Address, balance: bigint, needed: bigint]>('ERC20InsufficientBalance');
export type ERC20InsufficientBalanceError = InstanceType<typeof ERC20InsufficientBalanceError>;
export const ERC20InvalidReceiverError = /* @__PURE__ */ define<readonly [receiver: Address]>('ERC20InvalidReceiver');
export type ERC20InvalidReceiverError = InstanceType<typeof ERC20InvalidReceiverError>;
export const ERC20InvalidSenderError = /* @__PURE__ */ define<readonly [sender: Address]>('ERC20InvalidSender');
export type ERC20InvalidSenderError = InstanceType<typeof ERC20InvalidSenderError>;
export const ERC20InsufficientAllowanceError = /* @__PURE__ */ define<
  readonly [spender: Address, allowance: bigint, needed: bigint]
>('ERC20InsufficientAllowance');
export type ERC20InsufficientAllowanceError = InstanceType<typeof ERC20InsufficientAllowanceError>;
export const ERC20InvalidApproverError = /* @__PURE__ */ define<readonly [approver: Address]>('ERC20InvalidApprover');
export type ERC20InvalidApproverError = InstanceType<typeof ERC20InvalidApproverError>;
export const ERC20InvalidSpenderError = /* @__PURE__ */ define<readonly [spender: Address]>('ERC20InvalidSpender');
export type ERC20InvalidSpenderError = InstanceType<typeof ERC20InvalidSpenderError>;
export const ReentrancyGuardReentrantCallError = /* @__PURE__ */ define('ReentrancyGuardReentrantCall');
export type ReentrancyGuardReentrantCallError = InstanceType<typeof ReentrancyGuardReentrantCallError>;

// Trader
export const InvalidTradingParamsError = /* @__PURE__ */ define('InvalidTradingParams');
export type InvalidTradingParamsError = InstanceType<typeof InvalidTradingParamsError>;
/** `StalePrice(updatedAt, nowTimestamp, maxPriceAge)`: the oracle's latest price is too old to trade on. */
export const StalePriceError = /* @__PURE__ */ define<readonly [updatedAt: bigint, nowTimestamp: bigint, maxPriceAge: bigint]>('StalePrice');
export type StalePriceError = InstanceType<typeof StalePriceError>;
export const PriceOutOfBoundsError = /* @__PURE__ */ define<readonly [price: bigint, minValidPrice: bigint, maxValidPrice: bigint]>('PriceOutOfBounds');
export type PriceOutOfBoundsError = InstanceType<typeof PriceOutOfBoundsError>;
export const InvalidRoundError = /* @__PURE__ */ define<readonly [roundId: bigint]>('InvalidRound');
export type InvalidRoundError = InstanceType<typeof InvalidRoundError>;
/** `AlreadyDispatched(batteryId, interval)`: the battery was already dispatched this interval. */
export const AlreadyDispatchedError = /* @__PURE__ */ define<readonly [batteryId: bigint, interval: bigint]>('AlreadyDispatched');
export type AlreadyDispatchedError = InstanceType<typeof AlreadyDispatchedError>;
export const BatteryNotDispatchableError = /* @__PURE__ */ define<readonly [batteryId: bigint]>('BatteryNotDispatchable');
export type BatteryNotDispatchableError = InstanceType<typeof BatteryNotDispatchableError>;
export const BatchTooLargeError = /* @__PURE__ */ define<readonly [size: bigint, maxBatchSize: bigint]>('BatchTooLarge');
export type BatchTooLargeError = InstanceType<typeof BatchTooLargeError>;
export const EmptyBatchError = /* @__PURE__ */ define('EmptyBatch');
export type EmptyBatchError = InstanceType<typeof EmptyBatchError>;
export const UpkeepNotNeededError = /* @__PURE__ */ define('UpkeepNotNeeded');
export type UpkeepNotNeededError = InstanceType<typeof UpkeepNotNeededError>;

// Oracle
export const NotReporterError = /* @__PURE__ */ define<readonly [account: Address]>('NotReporter');
export type NotReporterError = InstanceType<typeof NotReporterError>;
export const RoundNotFoundError = /* @__PURE__ */ define<readonly [roundId: bigint]>('RoundNotFound');
export type RoundNotFoundError = InstanceType<typeof RoundNotFoundError>;

// Grid market
export const NotAuthorizedFundError = /* @__PURE__ */ define<readonly [account: Address]>('NotAuthorizedFund');
export type NotAuthorizedFundError = InstanceType<typeof NotAuthorizedFundError>;
export const InsufficientMarketBalanceError = /* @__PURE__ */ define<readonly [requested: bigint, available: bigint]>('InsufficientMarketBalance');
export type InsufficientMarketBalanceError = InstanceType<typeof InsufficientMarketBalanceError>;

// SafeCast (arithmetic guards)
export const SafeCastOverflowedUintDowncastError = /* @__PURE__ */ define<readonly [bits: number, value: bigint]>('SafeCastOverflowedUintDowncast');
export type SafeCastOverflowedUintDowncastError = InstanceType<typeof SafeCastOverflowedUintDowncastError>;
export const SafeCastOverflowedIntDowncastError = /* @__PURE__ */ define<readonly [bits: number, value: bigint]>('SafeCastOverflowedIntDowncast');
export type SafeCastOverflowedIntDowncastError = InstanceType<typeof SafeCastOverflowedIntDowncastError>;
export const SafeCastOverflowedUintToIntError = /* @__PURE__ */ define<readonly [value: bigint]>('SafeCastOverflowedUintToInt');
export type SafeCastOverflowedUintToIntError = InstanceType<typeof SafeCastOverflowedUintToIntError>;
export const SafeCastOverflowedIntToUintError = /* @__PURE__ */ define<readonly [value: bigint]>('SafeCastOverflowedIntToUint');
export type SafeCastOverflowedIntToUintError = InstanceType<typeof SafeCastOverflowedIntToUintError>;

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
