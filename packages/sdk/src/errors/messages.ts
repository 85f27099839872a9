/**
 * Every custom error of the system as a sentence, one export per Solidity error name. scripts/generate.mjs inlines
 * each into the error's generated class module (src/errors/contract/), so a bundle only carries the sentences of the
 * errors it can throw. Typed against the generated
 * arguments: after `pnpm generate`, a new contract error does not compile until it has its sentence here.
 * (Not tagged internal: the declarations strip internal nodes, and this comment leads the import `Sentence` needs.)
 */
import type { ContractErrorArgs } from './contract-errors.generated.js';
import { eth, price, who } from './format.js';

/** The sentence of one custom error. */
export type Sentence<K extends keyof ContractErrorArgs> = (...args: ContractErrorArgs[K]) => string;

export const AlreadyAdmin: Sentence<'AlreadyAdmin'> = (account) => `${who(account)} is already an admin of the fund.`;
export const AmountTooLarge: Sentence<'AmountTooLarge'> = () => 'The amount is larger than the fund can account for.';
export const AsyncFlow: Sentence<'AsyncFlow'> = () => 'The fund settles deposits and redemptions per epoch: preview functions do not apply (request, then claim after the settlement).';
export const BatchTooLarge: Sentence<'BatchTooLarge'> = (size, max) => `A dispatch batch of ${size} batteries is larger than the maximum of ${max}.`;
export const BatteryIsDecommissioned: Sentence<'BatteryIsDecommissioned'> = (batteryId) => `Battery ${batteryId} is decommissioned.`;
export const BatteryNotAssignable: Sentence<'BatteryNotAssignable'> = (batteryId) => `Battery ${batteryId} does not exist or is decommissioned, so it cannot be given a strategy profile.`;
export const BatteryNotEmpty: Sentence<'BatteryNotEmpty'> = (batteryId, socWh) => `Battery ${batteryId} still stores ${socWh} Wh: discharge it before decommissioning.`;
export const BatteryNotFound: Sentence<'BatteryNotFound'> = (batteryId) => `There is no battery ${batteryId}.`;
export const BlockRangeInvalid: Sentence<'BlockRangeInvalid'> = (firstBlock, count) => `Blocks ${firstBlock} + ${count} are not a valid range (first block 0..47, at most 48 blocks).`;
export const BatteryLimitRaised: Sentence<'BatteryLimitRaised'> = (batteryId, limit, current, requested) =>
  `Battery ${batteryId}'s physical limit #${limit} can only be lowered (from ${current} to at most that, not ${requested}); decommission it and add a new battery instead.`;
export const CapacityBelowStateOfCharge: Sentence<'CapacityBelowStateOfCharge'> = (capacityWh, socWh) =>
  `A capacity of ${capacityWh} Wh is below the battery's stored energy of ${socWh} Wh.`;
export const DirectEtherRejected: Sentence<'DirectEtherRejected'> = (from) => `The fund does not accept plain ether transfers (from ${who(from)}): use requestDeposit.`;
export const EffectiveFromInPast: Sentence<'EffectiveFromInPast'> = (effectiveFrom, current) => `A table cannot take effect at interval ${effectiveFrom}, before the current interval ${current}.`;
export const EffectiveFromTaken: Sentence<'EffectiveFromTaken'> = (effectiveFrom) => `The profile's other table already takes effect at interval ${effectiveFrom}.`;
export const EmptyBatch: Sentence<'EmptyBatch'> = () => 'A dispatch needs at least one battery.';
export const EpochNotDue: Sentence<'EpochNotDue'> = (nextEpochAt) => `The epoch cannot be settled before ${new Date(Number(nextEpochAt) * 1000).toISOString()} (unix ${nextEpochAt}).`;
export const ERC20InsufficientAllowance: Sentence<'ERC20InsufficientAllowance'> = (spender, allowance, needed) =>
  `${who(spender)} may spend ${allowance} shares of this holder, ${needed} are needed.`;
export const ERC20InsufficientBalance: Sentence<'ERC20InsufficientBalance'> = (sender, balance, needed) => `${who(sender)} holds ${balance} shares, ${needed} are needed.`;
export const ERC20InvalidApprover: Sentence<'ERC20InvalidApprover'> = (approver) => `${who(approver)} cannot approve share transfers.`;
export const ERC20InvalidReceiver: Sentence<'ERC20InvalidReceiver'> = (receiver) => `${who(receiver)} cannot receive shares.`;
export const ERC20InvalidSender: Sentence<'ERC20InvalidSender'> = (sender) => `${who(sender)} cannot send shares.`;
export const ERC20InvalidSpender: Sentence<'ERC20InvalidSpender'> = (spender) => `${who(spender)} cannot be approved to spend shares.`;
export const EtherTransferFailed: Sentence<'EtherTransferFailed'> = (to, amount) => `Sending ${eth(amount)} to ${who(to)} failed.`;
export const ExceedsClaimable: Sentence<'ExceedsClaimable'> = (requested, claimable) => `${requested} was requested, only ${claimable} is claimable.`;
export const IndexOutOfBounds: Sentence<'IndexOutOfBounds'> = (index, length) => `Index ${index} is out of bounds (length ${length}).`;
export const IndexOutOfRange: Sentence<'IndexOutOfRange'> = () => 'The table buffer must be 0 or 1 and the block 0..47.';
export const InsufficientFreeBalance: Sentence<'InsufficientFreeBalance'> = (requested, available) =>
  `The fund has ${eth(available)} available for this (free cash; capital cash for a capital return), ${eth(requested)} were requested.`;
export const InsufficientMarketBalance: Sentence<'InsufficientMarketBalance'> = (requested, available) =>
  `The grid market holds ${eth(available)}, ${eth(requested)} were requested.`;
export const InvalidBasisPoints: Sentence<'InvalidBasisPoints'> = (bps) => `${bps} basis points is not between 1 and 10000.`;
export const InvalidEfficiency: Sentence<'InvalidEfficiency'> = (bps) => `A round-trip efficiency of ${bps} basis points is not between 1 and 10000.`;
export const InvalidLife: Sentence<'InvalidLife'> = () => 'A battery purchase needs a depreciation life of at least one epoch.';
export const InvalidOracleDecimals: Sentence<'InvalidOracleDecimals'> = (decimals) => `The price feed has ${decimals} decimals; the trader needs 18.`;
export const InvalidPriceThresholds: Sentence<'InvalidPriceThresholds'> = (lo, hi) =>
  `The discharge price ${price(hi)} must be above the charge price ${price(lo)}.`;
export const InvalidProfileKind: Sentence<'InvalidProfileKind'> = () => 'A profile needs a duration above 0 minutes and a round-trip efficiency between 1 and 10000 basis points.';
export const InvalidRound: Sentence<'InvalidRound'> = (roundId) => `Oracle round ${roundId} is invalid.`;
export const InvalidTradingParams: Sentence<'InvalidTradingParams'> = () =>
  'Invalid trading parameters: intervals, price age and batch size must be positive and the minimum price below the maximum.';
export const InvertedThresholds: Sentence<'InvertedThresholds'> = (block, band) => `Block ${block}, band ${band}: the charge threshold is above the discharge threshold.`;
export const NoActiveTable: Sentence<'NoActiveTable'> = (profileId) => `Profile ${profileId} has no active table to update: publish one first.`;
export const NoPendingChange: Sentence<'NoPendingChange'> = () => 'There is no pending change to execute or cancel.';
export const NotAdmin: Sentence<'NotAdmin'> = (account) => `${who(account)} is not an admin of the fund.`;
export const NotAnAdmin: Sentence<'NotAnAdmin'> = (account) => `${who(account)} is not an admin, so it cannot be removed.`;
export const NotAuthorized: Sentence<'NotAuthorized'> = (account) => `${who(account)} may not act for this controller (not the controller, owner or an approved operator).`;
export const NotAuthorizedFund: Sentence<'NotAuthorizedFund'> = (account) => `${who(account)} is not a fund authorised by the grid market.`;
export const NotFund: Sentence<'NotFund'> = (account) => `${who(account)} is not the fund.`;
export const FundNotBound: Sentence<'FundNotBound'> = (fund) => `The fund ${fund} is not bound to this plant: deploy it with the plant's address first.`;
export const NothingToDistribute: Sentence<'NothingToDistribute'> = () => 'There is nothing to distribute: no earnings cash for that share, or no distribution scheduled.';
export const NothingToWithdraw: Sentence<'NothingToWithdraw'> = () => 'There is nothing to withdraw.';
export const NotOwner: Sentence<'NotOwner'> = (account) => `${who(account)} is not the owner.`;
export const NotPurchaser: Sentence<'NotPurchaser'> = (account) => `${who(account)} is not the owner nor an effective purchaser of the fund.`;
export const NotReporter: Sentence<'NotReporter'> = (account) => `${who(account)} is not a price reporter of the oracle.`;
export const NotStrategist: Sentence<'NotStrategist'> = (profileId, account) => `${who(account)} is not the strategist of profile ${profileId}.`;
export const NotTrader: Sentence<'NotTrader'> = (account) => `${who(account)} is not the trader.`;
export const NotVpp: Sentence<'NotVpp'> = (account) => `${who(account)} is not the VirtualPowerPlant.`;
export const OwnableInvalidOwner: Sentence<'OwnableInvalidOwner'> = (owner) => `${who(owner)} cannot be the owner.`;
export const OwnableUnauthorizedAccount: Sentence<'OwnableUnauthorizedAccount'> = (account) => `${who(account)} is not the owner.`;
export const PreviousRequestOpen: Sentence<'PreviousRequestOpen'> = (controller, requestId) => `${who(controller)} still has request ${requestId} open: claim it (or cancel a refused deposit) first.`;
export const PriceNotForInterval: Sentence<'PriceNotForInterval'> = (updatedAt, intervalStart) => `The latest oracle price (updated at ${updatedAt}) is not for the current interval, which started at ${intervalStart}.`;
export const PriceOutOfBounds: Sentence<'PriceOutOfBounds'> = (p, min, max) => `The oracle price ${price(p)} is outside ${price(min)} … ${price(max)}.`;
export const ProfileKindMismatch: Sentence<'ProfileKindMismatch'> = (batteryId, profileId, minutes, bps) =>
  `Battery ${batteryId} (${minutes} minutes, ${bps} bps) is not of profile ${profileId}'s kind.`;
export const ProposalMismatch: Sentence<'ProposalMismatch'> = (proposalId) => `The vendor, price, life or configuration differ from purchase proposal ${proposalId}.`;
export const PurchaseAboveCap: Sentence<'PurchaseAboveCap'> = (price, cap) => `Purchases of ${eth(price)} exceed the cap of ${eth(cap)}.`;
export const ReentrancyGuardReentrantCall: Sentence<'ReentrancyGuardReentrantCall'> = () => 'Reentrant call refused.';
export const RenounceDisabled: Sentence<'RenounceDisabled'> = () => 'Ownership cannot be renounced.';
export const RequestNotCancelable: Sentence<'RequestNotCancelable'> = (controller) => `${who(controller)} has no request that can be canceled (only requests of the open epoch, or refused deposits).`;
export const RoundNotFound: Sentence<'RoundNotFound'> = (roundId) => `Oracle round ${roundId} does not exist.`;
export const PriceOutOfRange: Sentence<'PriceOutOfRange'> = (price) => `The price ${price} wei/MWh does not fit the feed's int192 answer.`;
export const SafeCastOverflowedIntDowncast: Sentence<'SafeCastOverflowedIntDowncast'> = (bits, value) => `${value} does not fit a ${bits}-bit signed integer.`;
export const SafeCastOverflowedUintDowncast: Sentence<'SafeCastOverflowedUintDowncast'> = (bits, value) => `${value} does not fit a ${bits}-bit unsigned integer.`;
export const SafeCastOverflowedUintToInt: Sentence<'SafeCastOverflowedUintToInt'> = (value) => `${value} does not fit a signed integer.`;
export const SharesToFund: Sentence<'SharesToFund'> = () => 'Shares cannot be sent to the fund itself: use requestRedeem.';
export const StalePrice: Sentence<'StalePrice'> = (updatedAt, now, maxAge) =>
  `The oracle price is ${now - updatedAt} s old, older than the maximum of ${maxAge} s.`;
export const SystemIsPaused: Sentence<'SystemIsPaused'> = () => 'The system is paused.';
export const SystemNotPaused: Sentence<'SystemNotPaused'> = () => 'The system is not paused.';
export const TimelockNotElapsed: Sentence<'TimelockNotElapsed'> = (eta) => `The timelock has not elapsed: executable from ${new Date(Number(eta) * 1000).toISOString()} (unix ${eta}).`;
export const TimelockTooShort: Sentence<'TimelockTooShort'> = (delay, minimum) => `A timelock of ${delay} s is shorter than the minimum of ${minimum} s.`;
export const UnexpectedSettlement: Sentence<'UnexpectedSettlement'> = (expected, received) => `The settlement paid ${eth(received)}, ${eth(expected)} were expected.`;
export const UnknownProfile: Sentence<'UnknownProfile'> = (profileId) => `There is no strategy profile ${profileId}.`;
export const UnknownProposal: Sentence<'UnknownProposal'> = (proposalId) => `There is no live purchase proposal ${proposalId}.`;
export const UpkeepNotNeeded: Sentence<'UpkeepNotNeeded'> = () => 'No upkeep is needed now.';
export const FundBusy: Sentence<'FundBusy'> = () =>
  'The fund is in the middle of another call; dispatch again outside that call.';
export const ValidUntilBeforeEffectiveFrom: Sentence<'ValidUntilBeforeEffectiveFrom'> = (validUntil, effectiveFrom) => `A table valid until interval ${validUntil} would end before it takes effect at ${effectiveFrom}.`;
export const ValueMismatch: Sentence<'ValueMismatch'> = (assets, value) => `The transaction sends ${eth(value)} for a deposit request of ${eth(assets)}.`;
export const VendorNotAllowed: Sentence<'VendorNotAllowed'> = (vendor) => `${who(vendor)} is not an allowed vendor (or its allowance is not effective yet).`;
export const ZeroAddress: Sentence<'ZeroAddress'> = () => 'The zero address is not allowed.';
export const ZeroAmount: Sentence<'ZeroAmount'> = () => 'The amount must be greater than zero.';
export const ZeroCapacity: Sentence<'ZeroCapacity'> = () => 'A battery needs a capacity greater than zero.';
export const ZeroUnitWei: Sentence<'ZeroUnitWei'> = () => 'A table needs a unit above 0 wei/MWh.';
