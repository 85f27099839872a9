/**
 * {@link VppContractError}: a contract's custom error as a sentence, with the Solidity name and decoded arguments.
 * @module
 */
import { formatValue, VppError } from './base.js';

/** Which contract of the system an error came from (the SDK's contract keys). */
export type VppContractName = 'vppPlant' | 'vppFund' | 'vppTrader' | 'vppPriceOracle' | 'vppGridMarket';

export interface VppContractErrorOptions<TArgs extends readonly unknown[] = readonly unknown[]> {
  /** The Solidity error name (default: the class's `errorName`). */
  errorName?: string | undefined;
  /** Decoded arguments of the custom error, in ABI order. */
  args?: TArgs | undefined;
  contract?: VppContractName | undefined;
  functionName?: string | undefined;
  cause?: unknown;
  /** True when the SDK detected the condition itself before sending (no transaction, no revert). */
  detectedBeforeSending?: boolean | undefined;
}

/**
 * A contract's custom error. `errorName` and `args` are the Solidity error and its decoded arguments;
 * `shortMessage` reads as a sentence ("0xa0Ee…9720 is not an admin of the fund."). A subclass exists for every
 * custom error of the system's ABIs (see `contractErrors`); this base class is used as is only for errors the SDK
 * does not know (e.g. a newer contract) and for `Error(string)` / `Panic(uint256)`.
 */
export class VppContractError<TArgs extends readonly unknown[] = readonly unknown[]> extends VppError {
  /** The Solidity error name of the class (set by every generated subclass). */
  static readonly errorName: string = 'Error';
  /** The sentence of the class's error (set by every generated subclass, from src/errors/messages.ts). */
  static readonly sentence: ((...args: never[]) => string) | undefined = undefined;
  override name = 'VppContractError';
  readonly errorName: string;
  readonly args: TArgs;
  readonly contract: VppContractName | undefined;
  readonly functionName: string | undefined;
  readonly detectedBeforeSending: boolean;
  constructor(options: VppContractErrorOptions<TArgs> = {}) {
    const errorName = options.errorName ?? new.target.errorName;
    const args = (options.args ?? []) as unknown as TArgs;
    const sentence = options.errorName === undefined ? (new.target.sentence as ((...a: readonly unknown[]) => string) | undefined) : undefined;
    const call = `${errorName}(${args.map(formatValue).join(', ')})`;
    const where = options.functionName ? `${options.contract ?? 'contract'}.${options.functionName}` : undefined;
    let shortMessage = `The contract reverted with ${call}.`;
    try {
      if (sentence) shortMessage = sentence(...args);
    } catch {
      // arguments missing or of the wrong type: keep the generic message
    }
    super(shortMessage, {
      cause: options.cause,
      docsPath: '/README.md#contract-errors',
      metaMessages: [
        `Contract error: ${call}`,
        ...(where ? [`${options.detectedBeforeSending ? 'Detected before sending' : 'Reverted in'}: ${where}`] : []),
      ],
    });
    this.errorName = errorName;
    this.args = args;
    this.contract = options.contract;
    this.functionName = options.functionName;
    this.detectedBeforeSending = options.detectedBeforeSending ?? false;
  }
}
