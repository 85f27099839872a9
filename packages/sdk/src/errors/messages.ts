/**
 * Every custom error of the system as a sentence, one export per Solidity error name. scripts/generate.mjs inlines
 * each into the error's generated class module (src/errors/contract/), so a bundle only carries the sentences of the
 * errors it can throw. Typed against the generated
 * arguments: after `pnpm generate`, a new contract error does not compile until it has its sentence here.
 * @internal
 */
import type { ContractErrorArgs } from './contract-errors.generated.js';
import { eth, price, who } from './format.js';

/** The sentence of one custom error. */
export type Sentence<K extends keyof ContractErrorArgs> = (...args: ContractErrorArgs[K]) => string;

export const AlreadyAdmin: Sentence<'AlreadyAdmin'> = (account) => `${who(account)} is already an admin of the fund.`;
export const AlreadyDispatched: Sentence<'AlreadyDispatched'> = (batteryId, interval) => `Battery ${batteryId} was already dispatched in interval ${interval}.`;
export const BatchTooLarge: Sentence<'BatchTooLarge'> = (size, max) => `A dispatch batch of ${size} batteries is larger than the maximum of ${max}.`;
export const BatteryIsDecommissioned: Sentence<'BatteryIsDecommissioned'> = (batteryId) => `Battery ${batteryId} is decommissioned.`;
export const BatteryNotDispatchable: Sentence<'BatteryNotDispatchable'> = (batteryId) => `Battery ${batteryId} cannot be dispatched (inactive or decommissioned).`;
export const BatteryNotFound: Sentence<'BatteryNotFound'> = (batteryId) => `There is no battery ${batteryId}.`;
export const CapacityBelowStateOfCharge: Sentence<'CapacityBelowStateOfCharge'> = (capacityWh, socWh) =>
  `A capacity of ${capacityWh} Wh is below the battery's stored energy of ${socWh} Wh.`;
export const DirectEtherRejected: Sentence<'DirectEtherRejected'> = (from) => `The fund does not accept plain ether transfers (from ${who(from)}): use invest.`;
export const EmptyBatch: Sentence<'EmptyBatch'> = () => 'A dispatch needs at least one battery.';
export const ERC20InsufficientAllowance: Sentence<'ERC20InsufficientAllowance'> = (spender, allowance, needed) =>
  `${who(spender)} may spend ${allowance} shares of this holder, ${needed} are needed.`;
export const ERC20InsufficientBalance: Sentence<'ERC20InsufficientBalance'> = (sender, balance, needed) => `${who(sender)} holds ${balance} shares, ${needed} are needed.`;
export const ERC20InvalidApprover: Sentence<'ERC20InvalidApprover'> = (approver) => `${who(approver)} cannot approve share transfers.`;
export const ERC20InvalidReceiver: Sentence<'ERC20InvalidReceiver'> = (receiver) => `${who(receiver)} cannot receive shares.`;
export const ERC20InvalidSender: Sentence<'ERC20InvalidSender'> = (sender) => `${who(sender)} cannot send shares.`;
export const ERC20InvalidSpender: Sentence<'ERC20InvalidSpender'> = (spender) => `${who(spender)} cannot be approved to spend shares.`;
export const EtherTransferFailed: Sentence<'EtherTransferFailed'> = (to, amount) => `Sending ${eth(amount)} to ${who(to)} failed.`;
export const FundInsolvent: Sentence<'FundInsolvent'> = () => 'The fund holds less ether than it owes.';
export const IndexOutOfBounds: Sentence<'IndexOutOfBounds'> = (index, length) => `Index ${index} is out of bounds (length ${length}).`;
export const InsufficientFreeBalance: Sentence<'InsufficientFreeBalance'> = (requested, available) =>
  `The fund's free balance is ${eth(available)}, ${eth(requested)} were requested.`;
export const InsufficientMarketBalance: Sentence<'InsufficientMarketBalance'> = (requested, available) =>
  `The grid market holds ${eth(available)}, ${eth(requested)} were requested.`;
export const InvalidBasisPoints: Sentence<'InvalidBasisPoints'> = (bps) => `${bps} basis points is not between 1 and 10000.`;
export const InvalidEfficiency: Sentence<'InvalidEfficiency'> = (bps) => `A round-trip efficiency of ${bps} basis points is not between 1 and 10000.`;
export const InvalidPriceThresholds: Sentence<'InvalidPriceThresholds'> = (lo, hi) =>
  `The discharge price ${price(hi)} must be above the charge price ${price(lo)}.`;
export const InvalidRound: Sentence<'InvalidRound'> = (roundId) => `Oracle round ${roundId} is invalid.`;
export const InvalidTradingParams: Sentence<'InvalidTradingParams'> = () =>
  'Invalid trading parameters: intervals, price age and batch size must be positive and the minimum price below the maximum.';
export const NoSharesOutstanding: Sentence<'NoSharesOutstanding'> = () => 'The fund has no shares outstanding.';
export const NotAdmin: Sentence<'NotAdmin'> = (account) => `${who(account)} is not an admin of the fund.`;
export const NotAnAdmin: Sentence<'NotAnAdmin'> = (account) => `${who(account)} is not an admin, so it cannot be removed.`;
export const NotAuthorizedFund: Sentence<'NotAuthorizedFund'> = (account) => `${who(account)} is not a fund authorised by the grid market.`;
export const NotFund: Sentence<'NotFund'> = (account) => `${who(account)} is not the fund.`;
export const NothingToDistribute: Sentence<'NothingToDistribute'> = () => 'The fund has no distributable earnings.';
export const NothingToWithdraw: Sentence<'NothingToWithdraw'> = () => 'There is nothing to withdraw.';
export const NotOwner: Sentence<'NotOwner'> = (account) => `${who(account)} is not the owner.`;
export const NotReporter: Sentence<'NotReporter'> = (account) => `${who(account)} is not a price reporter of the oracle.`;
export const NotTrader: Sentence<'NotTrader'> = (account) => `${who(account)} is not the trader.`;
export const OwnableInvalidOwner: Sentence<'OwnableInvalidOwner'> = (owner) => `${who(owner)} cannot be the owner.`;
export const OwnableUnauthorizedAccount: Sentence<'OwnableUnauthorizedAccount'> = (account) => `${who(account)} is not the owner.`;
export const PriceOutOfBounds: Sentence<'PriceOutOfBounds'> = (p, min, max) => `The oracle price ${price(p)} is outside ${price(min)} … ${price(max)}.`;
export const ReentrancyGuardReentrantCall: Sentence<'ReentrancyGuardReentrantCall'> = () => 'Reentrant call refused.';
export const RoundNotFound: Sentence<'RoundNotFound'> = (roundId) => `Oracle round ${roundId} does not exist.`;
export const SafeCastOverflowedIntToUint: Sentence<'SafeCastOverflowedIntToUint'> = (value) => `${value} does not fit an unsigned integer.`;
export const SafeCastOverflowedUintToInt: Sentence<'SafeCastOverflowedUintToInt'> = (value) => `${value} does not fit a signed integer.`;
export const SharesTooSmall: Sentence<'SharesTooSmall'> = () => 'The investment is too small: it would mint no shares (or less than the minimum first investment).';
export const StalePrice: Sentence<'StalePrice'> = (updatedAt, now, maxAge) =>
  `The oracle price is ${now - updatedAt} s old, older than the maximum of ${maxAge} s.`;
export const StateOfChargeAboveCapacity: Sentence<'StateOfChargeAboveCapacity'> = (socWh, capacityWh) => `${socWh} Wh stored exceeds the capacity of ${capacityWh} Wh.`;
export const SystemIsPaused: Sentence<'SystemIsPaused'> = () => 'The system is paused.';
export const SystemNotPaused: Sentence<'SystemNotPaused'> = () => 'The system is not paused.';
export const UnexpectedSettlement: Sentence<'UnexpectedSettlement'> = (expected, received) => `The settlement paid ${eth(received)}, ${eth(expected)} were expected.`;
export const UpkeepNotNeeded: Sentence<'UpkeepNotNeeded'> = () => 'No upkeep is needed now.';
export const ZeroAddress: Sentence<'ZeroAddress'> = () => 'The zero address is not allowed.';
export const ZeroAmount: Sentence<'ZeroAmount'> = () => 'The amount must be greater than zero.';
export const ZeroCapacity: Sentence<'ZeroCapacity'> = () => 'A battery needs a capacity greater than zero.';
