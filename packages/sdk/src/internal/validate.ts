import { isAddress, isHex, stringToHex, zeroAddress, type Address, type Hex } from 'viem';
import { InvalidAddressError, InvalidParameterError } from '../errors/common.js';
import { InvalidBasisPointsError } from '../errors/contract/InvalidBasisPointsError.js';
import { InvalidEfficiencyError } from '../errors/contract/InvalidEfficiencyError.js';
import { InvalidPriceThresholdsError } from '../errors/contract/InvalidPriceThresholdsError.js';
import { InvalidTradingParamsError } from '../errors/contract/InvalidTradingParamsError.js';
import { ZeroAddressError } from '../errors/contract/ZeroAddressError.js';
import { ZeroAmountError } from '../errors/contract/ZeroAmountError.js';
import { ZeroCapacityError } from '../errors/contract/ZeroCapacityError.js';
import type { BatteryConfigInput, TradingParams } from '../types.js';

const before = { detectedBeforeSending: true } as const;

/** A valid address; the zero address throws {@link ZeroAddressError} unless allowed. */
export function assertAddress(parameter: string, value: unknown, options: { allowZero?: boolean } = {}): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) throw new InvalidAddressError(parameter, value);
  if (!options.allowZero && value.toLowerCase() === zeroAddress) throw new ZeroAddressError(before);
  return value as Address;
}

/** An integer in [min, max] given as bigint (or a safe integer number). */
export function toInteger(parameter: string, value: unknown, min: bigint, max: bigint): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
  else throw new InvalidParameterError(parameter, value, 'expected an integer (bigint or safe integer number)');
  if (v < min || v > max) throw new InvalidParameterError(parameter, value, `expected an integer in [${min}, ${max}]`);
  return v;
}

export const MAX_UINT256 = 2n ** 256n - 1n;
export const MAX_UINT64 = 2n ** 64n - 1n;
export const MAX_INT128 = 2n ** 127n - 1n;
export const MIN_INT128 = -(2n ** 127n);
export const MAX_INT256 = 2n ** 255n - 1n;
export const MIN_INT256 = -(2n ** 255n);

/** An ether / share amount: a bigint > 0 (0 throws {@link ZeroAmountError}). */
export function assertAmount(parameter: string, value: unknown): bigint {
  if (typeof value !== 'bigint') throw new InvalidParameterError(parameter, value, 'expected a bigint (wei)');
  if (value === 0n) throw new ZeroAmountError(before);
  if (value < 0n || value > MAX_UINT256) throw new InvalidParameterError(parameter, value, 'expected 0 < amount < 2^256');
  return value;
}

/** Basis points 1..10 000 (else {@link InvalidBasisPointsError}). */
export function assertBasisPoints(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 65_536) {
      throw new InvalidBasisPointsError({ ...before, args: [value] });
    }
    throw new InvalidParameterError('basisPoints', value, 'expected an integer from 1 to 10000');
  }
  return value;
}

/** A battery id: a positive integer. */
export function toBatteryId(parameter: string, value: unknown): bigint {
  return toInteger(parameter, value, 1n, MAX_UINT256);
}

/** The bytes32 of a serial given as text (≤ 32 bytes) or as 0x-prefixed 32-byte hex. */
export function serialToBytes32(serial: unknown): Hex {
  if (typeof serial !== 'string' || serial.length === 0) {
    throw new InvalidParameterError('config.serial', serial, 'expected a non-empty string');
  }
  if (isHex(serial) && serial.length === 66) return serial.toLowerCase() as Hex;
  const bytes = new TextEncoder().encode(serial);
  if (bytes.length > 32) throw new InvalidParameterError('config.serial', serial, 'longer than 32 bytes');
  return stringToHex(serial, { size: 32 });
}

/** The contract struct of a battery configuration, validated like the contract does. */
export function toBatteryConfigStruct(config: BatteryConfigInput) {
  if (typeof config !== 'object' || config === null) throw new InvalidParameterError('config', config, 'expected an object');
  const capacityWh = toInteger('config.capacityWh', config.capacityWh, 0n, MAX_UINT64);
  const maxChargeW = toInteger('config.maxChargeW', config.maxChargeW, 0n, MAX_UINT64);
  const maxDischargeW = toInteger('config.maxDischargeW', config.maxDischargeW, 0n, MAX_UINT64);
  const efficiency = Number(toInteger('config.roundTripEfficiencyBps', config.roundTripEfficiencyBps, 0n, 65_535n));
  const chargeBelowPrice = toInteger('config.chargeBelowPrice', config.chargeBelowPrice, MIN_INT128, MAX_INT128);
  const dischargeAbovePrice = toInteger('config.dischargeAbovePrice', config.dischargeAbovePrice, MIN_INT128, MAX_INT128);
  const active = config.active ?? true;
  if (typeof active !== 'boolean') throw new InvalidParameterError('config.active', active, 'expected a boolean');
  const metadataURI = config.metadataURI ?? '';
  if (typeof metadataURI !== 'string') throw new InvalidParameterError('config.metadataURI', metadataURI, 'expected a string');
  const serial = serialToBytes32(config.serial);
  if (capacityWh === 0n) throw new ZeroCapacityError(before);
  if (efficiency < 1 || efficiency > 10_000) throw new InvalidEfficiencyError({ ...before, args: [efficiency] });
  // The VPP stores thresholds as int112.
  const fits = (v: bigint) => v >= -(2n ** 111n) && v < 2n ** 111n;
  if (dischargeAbovePrice <= chargeBelowPrice || !fits(chargeBelowPrice) || !fits(dischargeAbovePrice)) {
    throw new InvalidPriceThresholdsError({ ...before, args: [chargeBelowPrice, dischargeAbovePrice] });
  }
  return {
    capacityWh,
    maxChargeW,
    maxDischargeW,
    roundTripEfficiencyBps: efficiency,
    chargeBelowPrice,
    dischargeAbovePrice,
    active,
    serial,
    metadataURI,
  };
}

/** The contract struct of trading parameters, validated (else {@link InvalidTradingParamsError}). */
export function toTradingParamsStruct(params: TradingParams) {
  if (typeof params !== 'object' || params === null) throw new InvalidParameterError('params', params, 'expected an object');
  const intervalSeconds = Number(toInteger('params.intervalSeconds', params.intervalSeconds, 0n, 2n ** 32n - 1n));
  const maxPriceAge = Number(toInteger('params.maxPriceAge', params.maxPriceAge, 0n, 2n ** 32n - 1n));
  const minValidPrice = toInteger('params.minValidPrice', params.minValidPrice, MIN_INT128, MAX_INT128);
  const maxValidPrice = toInteger('params.maxValidPrice', params.maxValidPrice, MIN_INT128, MAX_INT128);
  const maxBatchSize = Number(toInteger('params.maxBatchSize', params.maxBatchSize, 0n, 65_535n));
  if (intervalSeconds === 0 || maxPriceAge === 0 || maxBatchSize === 0 || minValidPrice >= maxValidPrice) {
    throw new InvalidTradingParamsError(before);
  }
  return { intervalSeconds, maxPriceAge, minValidPrice, maxValidPrice, maxBatchSize };
}

/** An account parameter that defaults to the sender (controller, owner, receiver of the fund's requests and claims). */
export function accountOr(parameter: string, value: unknown, sender: Address | undefined): Address {
  if (value !== undefined) return assertAddress(parameter, value);
  if (!sender) throw new InvalidParameterError(parameter, value, 'pass it explicitly: there is no account to default to');
  return sender;
}

/** An unsigned integer of at most 48 bits, as a number (uint8 … uint48 parameters). */
export function toUintNumber(parameter: string, value: unknown, bits: 8 | 16 | 32 | 48, min = 0n): number {
  return Number(toInteger(parameter, value, min, 2n ** BigInt(bits) - 1n));
}

/** A boolean parameter. */
export function assertBoolean(parameter: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidParameterError(parameter, value, 'expected a boolean');
  return value;
}
