// EnergyInvestmentFund: shares (ERC-20), ERC-7540 deposit / redemption requests settled per epoch, NAV components,
// scheduled distributions and holders' dividend accounts, timelocked battery purchases.
import { Address, BigInt, Bytes, ethereum, log } from '@graphprotocol/graph-ts';
import {
  BatchSettled,
  BatteryPurchased,
  BatteryWrittenOff,
  Deposit,
  DepositRequest as DepositRequestEvent,
  DepositRequestCanceled,
  DepositsRefused,
  DistributionScheduled,
  DistributionSkipped,
  DistributionsCanceled,
  DividendDeclared,
  DividendWithdrawn,
  DustSwept,
  EpochSettled,
  NavUpdated,
  OperatorSet,
  PurchaseCanceled,
  PurchaseProposed,
  PurchaserSet,
  RedeemRequest as RedeemRequestEvent,
  RedeemRequestCanceled,
  Transfer,
  VendorAllowed,
  VendorPaymentWithdrawn,
  Withdraw,
} from '../../generated/EnergyInvestmentFund/EnergyInvestmentFund';
import {
  BatchSettlement,
  BatteryPurchase,
  BatteryWriteOff,
  DepositCancel,
  DepositClaim,
  DepositRequest,
  DepositRequestEntry,
  Distribution,
  Dividend,
  DividendClaim,
  Epoch,
  Fund,
  Investor,
  NavUpdate,
  Operator,
  PurchaseProposal,
  PurchaserChange,
  RedeemCancel,
  RedeemClaim,
  RedeemRequest,
  RedeemRequestEntry,
  ShareTransfer,
  VendorAllowanceChange,
  VendorWithdrawal,
} from '../../generated/schema';
import {
  DepositStatus,
  DistributionStatus,
  FUND_ID,
  ONE_BI,
  RedeemStatus,
  WAD,
  ZERO_ADDRESS,
  ZERO_BI,
} from '../helpers/constants';
import { accrueEscrow, depositSharesOf, refreshInvestor, settleAccount } from '../helpers/accounts';
import { freeCashOf, periodAt, refreshBook, spendCash } from '../helpers/books';
import { eventId, stamp } from '../helpers/ids';
import { getBattery, getEpoch, getFund, getInvestor, getPlant, getPurchaser, getVendor } from '../helpers/loaders';
import { fundDay, investorDay, saveBattery, saveFund, saveInvestor, saveInvestorDay } from '../helpers/snapshots';

function fundOf(event: ethereum.Event): Fund {
  const fund = getFund();
  fund.address = event.address;
  return fund;
}

function requestKey(controller: Address, epoch: BigInt): string {
  return controller.toHexString() + '-' + epoch.toString();
}

function min(a: BigInt, b: BigInt): BigInt {
  return a.lt(b) ? a : b;
}

/** A holder (never the fund's own address, which only holds escrowed shares, nor the zero address). */
function isAccount(address: Address, fund: Address): boolean {
  return !address.equals(ZERO_ADDRESS) && !address.equals(fund);
}

/** Refreshes and saves an investor. */
function touch(investor: Investor, fund: Fund, event: ethereum.Event): void {
  refreshInvestor(investor, fund);
  saveInvestor(investor, event);
}

// ------------------------------------------------------------------------------------------ shares

/** Every balance change settles both accounts first (the fund's _update → _settleAccount), then moves the shares. */
export function handleTransfer(event: Transfer): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const from = event.params.from;
  const to = event.params.to;
  const value = event.params.value;
  const mdps = fund.magnifiedDividendPerShare;

  const transfer = new ShareTransfer(eventId(event));
  transfer.fromAddress = from;
  transfer.toAddress = to;
  transfer.value = value;
  transfer.isMint = from.equals(ZERO_ADDRESS);
  transfer.isBurn = to.equals(ZERO_ADDRESS);

  if (from.equals(ZERO_ADDRESS)) fund.totalSupply = fund.totalSupply.plus(value);
  if (to.equals(ZERO_ADDRESS)) fund.totalSupply = fund.totalSupply.minus(value);
  if (isAccount(from, event.address)) {
    const sender = getInvestor(from, event);
    settleAccount(sender, mdps);
    const before = sender.shares;
    sender.shares = sender.shares.minus(value);
    if (before.gt(ZERO_BI) && sender.shares.equals(ZERO_BI)) fund.holderCount = fund.holderCount.minus(ONE_BI);
    touch(sender, fund, event);
    transfer.from = sender.id;
  }
  if (isAccount(to, event.address)) {
    const receiver = getInvestor(to, event);
    settleAccount(receiver, mdps);
    const before = receiver.shares;
    receiver.shares = receiver.shares.plus(value);
    if (before.equals(ZERO_BI) && receiver.shares.gt(ZERO_BI)) fund.holderCount = fund.holderCount.plus(ONE_BI);
    touch(receiver, fund, event);
    transfer.to = receiver.id;
  }
  stamp(transfer, event);
  transfer.save();

  fund.shareTransferCount = fund.shareTransferCount.plus(ONE_BI);
  saveFund(fund, day, event);
}

export function handleOperatorSet(event: OperatorSet): void {
  const controller = getInvestor(event.params.controller, event);
  controller.save();
  const id = event.params.controller.concat(event.params.operator);
  let operator = Operator.load(id);
  if (operator == null) {
    operator = new Operator(id);
    operator.controller = controller.id;
    operator.operator = event.params.operator;
  }
  operator.approved = event.params.approved;
  operator.updatedAt = event.block.timestamp;
  operator.save();
}

// ------------------------------------------------------------------------------------------ deposits

export function handleDepositRequest(event: DepositRequestEvent): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const epochNo = p.requestId;
  const investor = getInvestor(p.controller, event);

  // requestDeposit folds a settled earlier request (and credits its escrow accrual) before adding
  if (!investor.depositEpoch.equals(epochNo) && !investor.depositAssets.isZero()) accrueEscrow(investor, fund);
  investor.depositEpoch = epochNo;
  investor.depositAssets = investor.depositAssets.plus(p.assets);
  if (investor.depositRequestCount.isZero()) {
    fund.investorCount = fund.investorCount.plus(ONE_BI);
    investor.firstDepositRequestAt = event.block.timestamp;
  }
  investor.depositRequestCount = investor.depositRequestCount.plus(ONE_BI);
  investor.totalDepositRequested = investor.totalDepositRequested.plus(p.assets);
  refreshInvestor(investor, fund);
  investor.lastUpdatedAt = event.block.timestamp;
  investor.save();
  const investorSnap = investorDay(investor, event);
  investorSnap.depositRequestedDay = investorSnap.depositRequestedDay.plus(p.assets);
  saveInvestorDay(investorSnap, investor);

  const epoch = getEpoch(fund, epochNo);
  epoch.depositRequested = epoch.depositRequested.plus(p.assets);
  epoch.depositRequestCount = epoch.depositRequestCount.plus(ONE_BI);
  epoch.save();

  const key = requestKey(p.controller, epochNo);
  let request = DepositRequest.load(key);
  if (request == null) {
    request = new DepositRequest(key);
    request.controller = investor.id;
    request.epoch = epoch.id;
    request.requestId = epochNo;
    request.assets = ZERO_BI;
    request.shares = ZERO_BI;
    request.claimedAssets = ZERO_BI;
    request.claimedShares = ZERO_BI;
    request.canceledAssets = ZERO_BI;
    request.createdAt = event.block.timestamp;
  }
  request.status = DepositStatus.Pending;
  request.assets = request.assets.plus(p.assets);
  request.updatedAt = event.block.timestamp;
  request.save();

  const entry = new DepositRequestEntry(eventId(event));
  entry.request = request.id;
  entry.controller = p.controller;
  entry.owner = p.owner;
  entry.sender = p.sender;
  entry.requestId = epochNo;
  entry.assets = p.assets;
  stamp(entry, event);
  entry.save();

  fund.pendingDepositAssets = fund.pendingDepositAssets.plus(p.assets);
  fund.etherBalance = fund.etherBalance.plus(p.assets);
  fund.totalDepositRequested = fund.totalDepositRequested.plus(p.assets);
  fund.depositRequestCount = fund.depositRequestCount.plus(ONE_BI);
  day.depositRequestedDay = day.depositRequestedDay.plus(p.assets);
  saveFund(fund, day, event);
}

/** A request of the open epoch, or of an epoch whose deposits were refused (a refund). */
export function handleDepositRequestCanceled(event: DepositRequestCanceled): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const refund = !p.requestId.equals(fund.currentEpoch);
  const investor = getInvestor(p.controller, event);
  investor.depositAssets = ZERO_BI;
  investor.totalDepositCanceled = investor.totalDepositCanceled.plus(p.assets);
  touch(investor, fund, event);

  const epoch = getEpoch(fund, p.requestId);
  if (refund) {
    fund.refundableDepositAssets = fund.refundableDepositAssets.minus(p.assets);
  } else {
    fund.pendingDepositAssets = fund.pendingDepositAssets.minus(p.assets);
    epoch.depositRequested = epoch.depositRequested.minus(p.assets);
    epoch.save();
  }

  const key = requestKey(p.controller, p.requestId);
  const request = DepositRequest.load(key);
  if (request != null) {
    request.status = DepositStatus.Canceled;
    request.canceledAssets = request.canceledAssets.plus(p.assets);
    request.assets = ZERO_BI;
    request.updatedAt = event.block.timestamp;
    request.save();
  } else {
    log.warning('DepositRequestCanceled without a request {}', [key]);
  }

  const cancel = new DepositCancel(eventId(event));
  cancel.request = key;
  cancel.controller = p.controller;
  cancel.receiver = p.receiver;
  cancel.assets = p.assets;
  cancel.refund = refund;
  stamp(cancel, event);
  cancel.save();

  fund.etherBalance = fund.etherBalance.minus(p.assets);
  fund.totalDepositCanceled = fund.totalDepositCanceled.plus(p.assets);
  day.depositCanceledDay = day.depositCanceledDay.plus(p.assets);
  saveFund(fund, day, event);
}

/** The controller's settled (Claimable) requests, oldest epoch first. */
function claimableRequests(investor: Investor): DepositRequest[] {
  const all = investor.depositRequests.load();
  const out: DepositRequest[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i].status == DepositStatus.Claimable) out.push(all[i]);
  }
  // insertion sort by epoch (a handful of requests)
  for (let i = 1; i < out.length; i++) {
    const item = out[i];
    let j = i - 1;
    while (j >= 0 && out[j].requestId.gt(item.requestId)) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = item;
  }
  return out;
}

/** Deposit (deposit / mint): `sender` is the receiver of the shares, `owner` the controller. */
export function handleDeposit(event: Deposit): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const assets = event.params.assets;
  const shares = event.params.shares;
  const investor = getInvestor(event.params.owner, event);
  accrueEscrow(investor, fund);
  investor.depositBucketAssets = investor.depositBucketAssets.minus(assets);
  investor.depositBucketShares = investor.depositBucketShares.minus(shares);
  investor.totalDepositClaimed = investor.totalDepositClaimed.plus(assets);
  investor.totalDepositSharesClaimed = investor.totalDepositSharesClaimed.plus(shares);
  touch(investor, fund, event);

  // allocate the claim to the settled requests, oldest first
  const requests = claimableRequests(investor);
  let leftAssets = assets;
  let leftShares = shares;
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    const a = min(leftAssets, r.assets.minus(r.claimedAssets));
    const s = min(leftShares, r.shares.minus(r.claimedShares));
    if (a.isZero() && s.isZero()) continue;
    r.claimedAssets = r.claimedAssets.plus(a);
    r.claimedShares = r.claimedShares.plus(s);
    leftAssets = leftAssets.minus(a);
    leftShares = leftShares.minus(s);
    if (r.claimedAssets.equals(r.assets) && r.claimedShares.equals(r.shares)) r.status = DepositStatus.Claimed;
    r.updatedAt = event.block.timestamp;
    r.save();
    if (leftAssets.isZero() && leftShares.isZero()) break;
  }

  const claim = new DepositClaim(eventId(event));
  claim.controller = investor.id;
  claim.receiver = event.params.sender;
  claim.assets = assets;
  claim.shares = shares;
  stamp(claim, event);
  claim.save();

  fund.escrowedDepositShares = fund.escrowedDepositShares.minus(shares);
  saveFund(fund, day, event);
}

// ------------------------------------------------------------------------------------------ redemptions

export function handleRedeemRequest(event: RedeemRequestEvent): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const epochNo = p.requestId;
  const investor = getInvestor(p.controller, event);
  // a fully filled and claimed request of an earlier epoch is replaced
  if (!investor.redeemEpoch.equals(epochNo) && !investor.redeemShares.isZero()) {
    investor.redeemShares = ZERO_BI;
    investor.redeemClaimedShares = ZERO_BI;
    investor.redeemClaimedAssets = ZERO_BI;
  }
  investor.redeemEpoch = epochNo;
  investor.redeemShares = investor.redeemShares.plus(p.shares);
  investor.redeemRequestCount = investor.redeemRequestCount.plus(ONE_BI);
  investor.totalRedeemRequested = investor.totalRedeemRequested.plus(p.shares);
  refreshInvestor(investor, fund);
  investor.lastUpdatedAt = event.block.timestamp;
  investor.save();
  const investorSnap = investorDay(investor, event);
  investorSnap.redeemRequestedDay = investorSnap.redeemRequestedDay.plus(p.shares);
  saveInvestorDay(investorSnap, investor);

  const epoch = getEpoch(fund, epochNo);
  epoch.redeemRequested = epoch.redeemRequested.plus(p.shares);
  epoch.redeemQueued = epoch.redeemRequested.minus(epoch.redeemFilled);
  epoch.redeemRequestCount = epoch.redeemRequestCount.plus(ONE_BI);
  epoch.save();

  const key = requestKey(p.controller, epochNo);
  let request = RedeemRequest.load(key);
  if (request == null) {
    request = new RedeemRequest(key);
    request.controller = investor.id;
    request.epoch = epoch.id;
    request.requestId = epochNo;
    request.shares = ZERO_BI;
    request.filledShares = ZERO_BI;
    request.filledAssets = ZERO_BI;
    request.claimedShares = ZERO_BI;
    request.claimedAssets = ZERO_BI;
    request.canceledShares = ZERO_BI;
    request.createdAt = event.block.timestamp;
  }
  request.status = RedeemStatus.Pending;
  request.shares = request.shares.plus(p.shares);
  request.queuedShares = request.shares;
  request.updatedAt = event.block.timestamp;
  request.save();

  const entry = new RedeemRequestEntry(eventId(event));
  entry.request = request.id;
  entry.controller = p.controller;
  entry.owner = p.owner;
  entry.sender = p.sender;
  entry.requestId = epochNo;
  entry.shares = p.shares;
  stamp(entry, event);
  entry.save();

  fund.redeemSharesPending = fund.redeemSharesPending.plus(p.shares);
  fund.totalRedeemRequested = fund.totalRedeemRequested.plus(p.shares);
  fund.redeemRequestCount = fund.redeemRequestCount.plus(ONE_BI);
  day.redeemRequestedDay = day.redeemRequestedDay.plus(p.shares);
  saveFund(fund, day, event);
}

export function handleRedeemRequestCanceled(event: RedeemRequestCanceled): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const investor = getInvestor(p.controller, event);
  investor.redeemEpoch = ZERO_BI;
  investor.redeemShares = ZERO_BI;
  investor.redeemClaimedShares = ZERO_BI;
  investor.redeemClaimedAssets = ZERO_BI;
  touch(investor, fund, event);

  const epoch = getEpoch(fund, p.requestId);
  epoch.redeemRequested = epoch.redeemRequested.minus(p.shares);
  epoch.redeemQueued = epoch.redeemRequested.minus(epoch.redeemFilled);
  epoch.save();

  const key = requestKey(p.controller, p.requestId);
  const request = RedeemRequest.load(key);
  if (request != null) {
    request.status = RedeemStatus.Canceled;
    request.canceledShares = request.canceledShares.plus(p.shares);
    request.shares = ZERO_BI;
    request.queuedShares = ZERO_BI;
    request.updatedAt = event.block.timestamp;
    request.save();
  } else {
    log.warning('RedeemRequestCanceled without a request {}', [key]);
  }

  const cancel = new RedeemCancel(eventId(event));
  cancel.request = key;
  cancel.controller = p.controller;
  cancel.receiver = p.receiver;
  cancel.shares = p.shares;
  stamp(cancel, event);
  cancel.save();

  fund.redeemSharesPending = fund.redeemSharesPending.minus(p.shares);
  fund.totalRedeemCanceled = fund.totalRedeemCanceled.plus(p.shares);
  saveFund(fund, day, event);
}

/** Status of a redemption request from its epoch's fills and its claims. */
function redeemStatus(r: RedeemRequest, epoch: Epoch): string {
  if (r.status == RedeemStatus.Canceled) return r.status;
  if (epoch.open) return RedeemStatus.Pending;
  if (r.filledShares.isZero()) return RedeemStatus.Queued;
  if (r.filledShares.lt(r.shares)) return RedeemStatus.PartiallyFilled;
  if (r.claimedShares.equals(r.filledShares) && r.claimedAssets.equals(r.filledAssets)) return RedeemStatus.Claimed;
  return RedeemStatus.Filled;
}

/** Withdraw (redeem / withdraw): ether of filled shares sent to `receiver`; `owner` is the controller. */
export function handleWithdraw(event: Withdraw): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const assets = event.params.assets;
  const shares = event.params.shares;
  const investor = getInvestor(event.params.owner, event);
  investor.redeemClaimedShares = investor.redeemClaimedShares.plus(shares);
  investor.redeemClaimedAssets = investor.redeemClaimedAssets.plus(assets);
  investor.totalRedeemClaimed = investor.totalRedeemClaimed.plus(assets);
  touch(investor, fund, event);

  const claim = new RedeemClaim(eventId(event));
  const key = requestKey(event.params.owner, investor.redeemEpoch);
  const request = RedeemRequest.load(key);
  if (request != null) {
    request.claimedShares = request.claimedShares.plus(shares);
    request.claimedAssets = request.claimedAssets.plus(assets);
    request.status = redeemStatus(request, getEpoch(fund, request.requestId));
    request.updatedAt = event.block.timestamp;
    request.save();
    claim.request = request.id;
  }
  claim.controller = investor.id;
  claim.sender = event.params.sender;
  claim.receiver = event.params.receiver;
  claim.assets = assets;
  claim.shares = shares;
  stamp(claim, event);
  claim.save();

  fund.reservedRedeemAssets = fund.reservedRedeemAssets.minus(assets);
  fund.etherBalance = fund.etherBalance.minus(assets);
  fund.totalRedeemClaimed = fund.totalRedeemClaimed.plus(assets);
  day.redeemClaimedDay = day.redeemClaimedDay.plus(assets);
  saveFund(fund, day, event);
}

// ------------------------------------------------------------------------------------------ epochs

/** The epoch's deposits were refused (emitted inside settleEpoch, before EpochSettled): refundable. */
export function handleDepositsRefused(event: DepositsRefused): void {
  const fund = fundOf(event);
  const epoch = getEpoch(fund, event.params.epoch);
  epoch.depositsRefused = true;
  epoch.refusedAssets = event.params.assets;
  epoch.save();
  const requests = epoch.depositRequests.load();
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r.status != DepositStatus.Pending) continue;
    r.status = DepositStatus.Refused;
    r.updatedAt = event.block.timestamp;
    r.save();
  }
  fund.pendingDepositAssets = fund.pendingDepositAssets.minus(event.params.assets);
  fund.refundableDepositAssets = fund.refundableDepositAssets.plus(event.params.assets);
  saveFund(fund, fundDay(event), event);
}

/** Recomputes the redemption requests of `epoch` from its fills and refreshes their controllers. */
function updateRedeemRequests(epoch: Epoch, fund: Fund, event: ethereum.Event): void {
  const requests = epoch.redeemRequests.load();
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r.status == RedeemStatus.Canceled) continue;
    if (!epoch.redeemRequested.isZero()) {
      r.filledShares = r.shares.times(epoch.redeemFilled).div(epoch.redeemRequested);
      r.filledAssets = r.shares.times(epoch.redeemAssets).div(epoch.redeemRequested);
    }
    r.queuedShares = r.shares.minus(r.filledShares);
    r.status = redeemStatus(r, epoch);
    r.updatedAt = event.block.timestamp;
    r.save();
    const investor = Investor.load(r.controller);
    if (investor != null && investor.redeemEpoch.equals(epoch.epoch)) touch(investor, fund, event);
  }
}

/**
 * EpochSettled: the epoch's deposits converted at nav / supply, then queued redemptions filled oldest epoch first
 * (the event carries totals; the per-epoch fills are re-derived with the fund's own rule: every epoch before the last
 * one touched is filled whole, each at floor(fill * (nav + 1) / (supply + 1))).
 */
export function handleEpochSettled(event: EpochSettled): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const e = p.epoch;
  const epoch = getEpoch(fund, e);
  const navPlus = p.nav.plus(ONE_BI);
  const supplyPlus = p.supply.plus(ONE_BI);

  epoch.open = false;
  epoch.settledAt = event.block.timestamp;
  epoch.settledAtBlock = event.block.number;
  epoch.settlementTransaction = event.transaction.hash;
  epoch.nav = p.nav;
  epoch.supply = p.supply;
  epoch.sharePrice = WAD.times(navPlus).div(supplyPlus);
  epoch.depositAssets = p.depositAssets;
  epoch.depositShares = p.depositShares;
  if (!p.depositAssets.isZero()) {
    epoch.depositMdps = fund.magnifiedDividendPerShare;
    epoch.depositAssetsLeft = p.depositAssets;
    epoch.depositSharesLeft = p.depositShares;
  }
  epoch.settledRedeemSharesFilled = p.redeemSharesFilled;
  epoch.settledRedeemAssetsPaid = p.redeemAssetsPaid;
  epoch.settledRedeemSharesQueued = p.redeemSharesQueued;
  epoch.save();

  // deposits: the open epoch's pending ether is converted (or was refused: DepositsRefused)
  fund.pendingDepositAssets = ZERO_BI;
  fund.totalDeposited = fund.totalDeposited.plus(p.depositAssets);
  fund.totalDepositShares = fund.totalDepositShares.plus(p.depositShares);
  fund.escrowedDepositShares = fund.escrowedDepositShares.plus(p.depositShares);
  day.depositedDay = day.depositedDay.plus(p.depositAssets);

  // redemptions: allocate the filled total oldest epoch first
  let remaining = p.redeemSharesFilled;
  let paid = ZERO_BI;
  let k = fund.redeemHead;
  const touched: Epoch[] = [];
  for (; k.le(e); k = k.plus(ONE_BI)) {
    const ek = k.equals(e) ? epoch : getEpoch(fund, k);
    const left = ek.redeemRequested.minus(ek.redeemFilled);
    if (left.isZero()) continue;
    const fill = min(left, remaining);
    if (fill.isZero()) break;
    const pay = fill.times(navPlus).div(supplyPlus);
    ek.redeemFilled = ek.redeemFilled.plus(fill);
    ek.redeemAssets = ek.redeemAssets.plus(pay);
    ek.redeemQueued = ek.redeemRequested.minus(ek.redeemFilled);
    ek.save();
    touched.push(ek);
    remaining = remaining.minus(fill);
    paid = paid.plus(pay);
    if (fill.lt(left)) break;
  }
  fund.redeemHead = k.gt(e) ? e.plus(ONE_BI) : k;
  if (!remaining.isZero() || !paid.equals(p.redeemAssetsPaid)) {
    log.error('EpochSettled {}: redemption fills not reproduced (left {} shares, paid {} vs {})', [
      e.toString(),
      remaining.toString(),
      paid.toString(),
      p.redeemAssetsPaid.toString(),
    ]);
  }
  fund.redeemSharesPending = fund.redeemSharesPending.minus(p.redeemSharesFilled);
  fund.reservedRedeemAssets = fund.reservedRedeemAssets.plus(p.redeemAssetsPaid);
  fund.totalRedeemFilled = fund.totalRedeemFilled.plus(p.redeemSharesFilled);
  fund.totalRedeemAssets = fund.totalRedeemAssets.plus(p.redeemAssetsPaid);
  day.redeemPaidDay = day.redeemPaidDay.plus(p.redeemAssetsPaid);
  if (!p.redeemSharesFilled.isZero()) spendCash(fund);

  // the next epoch opens (the fund increments after the distributions; nothing in between reads it)
  const next = e.plus(ONE_BI);
  fund.currentEpoch = next;
  const nextEpoch = getEpoch(fund, next);
  nextEpoch.save();
  fund.openEpoch = nextEpoch.id;
  fund.lastSettledEpoch = epoch.id;
  const genesis = fund.genesisTimestamp;
  const duration = fund.epochDuration;
  if (genesis !== null && duration !== null) fund.nextEpochAt = genesis.plus(duration.times(next));
  fund.epochCount = fund.epochCount.plus(ONE_BI);
  day.epochsSettledDay = day.epochsSettledDay.plus(ONE_BI);
  saveFund(fund, day, event);

  // the settled deposit requests become claimable
  const deposits = epoch.depositRequests.load();
  for (let i = 0; i < deposits.length; i++) {
    const r = deposits[i];
    if (r.status == DepositStatus.Pending) {
      r.status = DepositStatus.Claimable;
      r.shares = depositSharesOf(r.assets, epoch);
      r.updatedAt = event.block.timestamp;
      r.save();
    }
    const investor = Investor.load(r.controller);
    if (investor != null) touch(investor, fund, event);
  }
  // redemption requests of every epoch whose fills changed, and of the settled epoch (now queued or filled)
  let settledTouched = false;
  for (let i = 0; i < touched.length; i++) {
    updateRedeemRequests(touched[i], fund, event);
    if (touched[i].epoch.equals(e)) settledTouched = true;
  }
  if (!settledTouched) updateRedeemRequests(epoch, fund, event);
}

/** NavUpdated: the fund's NAV components after a settlement, purchase or write-off (exact; checks the derivation). */
export function handleNavUpdated(event: NavUpdated): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  fund.earningsCash = p.earningsCash;
  fund.storedEnergyValue = p.storedEnergyValue;
  fund.batteryBookValue = p.batteryBookValue;
  const free = freeCashOf(fund);
  if (!free.equals(p.freeCash)) {
    log.error('NavUpdated: free cash {} but the indexed flows give {}', [p.freeCash.toString(), free.toString()]);
  }
  saveFund(fund, day, event);

  const update = new NavUpdate(eventId(event));
  update.freeCash = p.freeCash;
  update.earningsCash = p.earningsCash;
  update.storedEnergyValue = p.storedEnergyValue;
  update.batteryBookValue = p.batteryBookValue;
  update.nav = p.nav;
  update.epoch = fund.currentEpoch;
  stamp(update, event);
  update.save();

  // the NavUpdated that closes a settlement
  const settled = fund.lastSettledEpoch;
  if (settled !== null) {
    const epoch = Epoch.load(settled);
    if (epoch != null && epoch.settlementTransaction !== null && event.transaction.hash.equals(epoch.settlementTransaction as Bytes)) {
      epoch.freeCashAfter = p.freeCash;
      epoch.earningsCashAfter = p.earningsCash;
      epoch.storedEnergyValueAfter = p.storedEnergyValue;
      epoch.batteryBookValueAfter = p.batteryBookValue;
      epoch.navAfter = p.nav;
      epoch.supplyAfter = fund.totalSupply;
      epoch.save();
    }
  }
}

/** BatchSettled: the net cash of a dispatch batch, the inventory change and the realised profit. */
export function handleBatchSettled(event: BatchSettled): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  fund.etherBalance = fund.etherBalance.plus(p.cash);
  fund.tradeCashFlow = fund.tradeCashFlow.plus(p.cash);
  fund.storedEnergyValue = fund.storedEnergyValue.plus(p.inventoryDelta);
  fund.realisedProfit = fund.realisedProfit.plus(p.realisedProfit);
  if (p.realisedProfit.gt(ZERO_BI)) {
    fund.earningsCash = fund.earningsCash.plus(p.realisedProfit);
  } else if (p.realisedProfit.lt(ZERO_BI)) {
    const loss = p.realisedProfit.neg();
    fund.earningsCash = fund.earningsCash.gt(loss) ? fund.earningsCash.minus(loss) : ZERO_BI;
  }
  spendCash(fund);
  day.realisedProfitDay = day.realisedProfitDay.plus(p.realisedProfit);
  saveFund(fund, day, event);

  const batch = new BatchSettlement(eventId(event));
  batch.cash = p.cash;
  batch.inventoryDelta = p.inventoryDelta;
  batch.realisedProfit = p.realisedProfit;
  batch.market = p.market;
  stamp(batch, event);
  batch.save();
}

// ------------------------------------------------------------------------------------------ distributions

function distributionKey(epoch: BigInt, capitalReturn: boolean): string {
  return epoch.toString() + (capitalReturn ? '-capital' : '-dividend');
}

function clearSchedule(fund: Fund, capitalReturn: boolean): void {
  if (capitalReturn) fund.scheduledCapitalAmount = ZERO_BI;
  else fund.scheduledDividendBps = 0;
}

export function handleDistributionScheduled(event: DistributionScheduled): void {
  const fund = fundOf(event);
  const p = event.params;
  const epoch = getEpoch(fund, p.epoch);
  epoch.save();
  const key = distributionKey(p.epoch, p.capitalReturn);
  let d = Distribution.load(key);
  if (d == null) {
    d = new Distribution(key);
    d.epoch = epoch.id;
    d.capitalReturn = p.capitalReturn;
    d.scheduleCount = ZERO_BI;
  }
  d.status = DistributionStatus.Scheduled;
  d.scheduledBy = p.by;
  d.basisPoints = p.basisPoints;
  d.requestedAmount = p.amount;
  d.scheduleCount = d.scheduleCount.plus(ONE_BI);
  d.scheduledAt = event.block.timestamp;
  d.scheduledAtBlock = event.block.number;
  d.canceledBy = null;
  d.canceledAt = null;
  d.amount = ZERO_BI;
  d.updatedAt = event.block.timestamp;
  d.save();
  if (p.capitalReturn) fund.scheduledCapitalAmount = p.amount;
  else fund.scheduledDividendBps = p.basisPoints;
  saveFund(fund, fundDay(event), event);
}

export function handleDistributionsCanceled(event: DistributionsCanceled): void {
  const fund = fundOf(event);
  for (let i = 0; i < 2; i++) {
    const d = Distribution.load(distributionKey(event.params.epoch, i == 1));
    if (d == null || d.status != DistributionStatus.Scheduled) continue;
    d.status = DistributionStatus.Canceled;
    d.canceledBy = event.params.by;
    d.canceledAt = event.block.timestamp;
    d.updatedAt = event.block.timestamp;
    d.save();
  }
  clearSchedule(fund, true);
  clearSchedule(fund, false);
  saveFund(fund, fundDay(event), event);
}

export function handleDistributionSkipped(event: DistributionSkipped): void {
  const fund = fundOf(event);
  const d = Distribution.load(distributionKey(event.params.epoch, event.params.capitalReturn));
  if (d != null) {
    d.status = DistributionStatus.Skipped;
    d.updatedAt = event.block.timestamp;
    d.save();
  }
  clearSchedule(fund, event.params.capitalReturn);
  saveFund(fund, fundDay(event), event);
}

/**
 * DividendDeclared (inside settleEpoch): a scheduled distribution executed. It raises every holder's and every
 * escrowed deposit's dividends: each such account is refreshed (O(accounts) per distribution, none per transfer).
 */
export function handleDividendDeclared(event: DividendDeclared): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const amount = p.amount;
  const capitalReturn = p.capitalReturn;
  const settled = fund.lastSettledEpoch;
  const epochNo = settled !== null ? BigInt.fromString(settled) : fund.currentEpoch;
  const epoch = getEpoch(fund, epochNo);
  epoch.save();

  const key = distributionKey(epochNo, capitalReturn);
  let d = Distribution.load(key);
  if (d == null) {
    d = new Distribution(key);
    d.epoch = epoch.id;
    d.capitalReturn = capitalReturn;
    d.scheduledBy = p.declaredBy;
    d.basisPoints = p.basisPoints;
    d.requestedAmount = capitalReturn ? amount : ZERO_BI;
    d.scheduleCount = ONE_BI;
    d.scheduledAt = event.block.timestamp;
    d.scheduledAtBlock = event.block.number;
  }
  d.status = DistributionStatus.Executed;
  d.dividend = p.dividendId.toString();
  d.amount = amount;
  d.updatedAt = event.block.timestamp;
  d.save();

  const dividend = new Dividend(p.dividendId.toString());
  dividend.fund = FUND_ID;
  dividend.dividendId = p.dividendId;
  dividend.epoch = epoch.id;
  dividend.distribution = key;
  dividend.declaredBy = p.declaredBy;
  dividend.capitalReturn = capitalReturn;
  dividend.amount = amount;
  dividend.basisPoints = p.basisPoints;
  dividend.eligibleShares = p.eligibleShares;
  dividend.magnifiedDividendPerShare = p.magnifiedDividendPerShare;
  stamp(dividend, event);
  dividend.save();

  fund.magnifiedDividendPerShare = p.magnifiedDividendPerShare;
  fund.owedDividends = fund.owedDividends.plus(amount);
  fund.dividendCount = fund.dividendCount.plus(ONE_BI);
  if (capitalReturn) {
    fund.totalCapitalReturned = fund.totalCapitalReturned.plus(amount);
    fund.capitalReturnCount = fund.capitalReturnCount.plus(ONE_BI);
    day.capitalReturnedDay = day.capitalReturnedDay.plus(amount);
  } else {
    fund.earningsCash = fund.earningsCash.minus(amount);
    fund.totalDividendsDeclared = fund.totalDividendsDeclared.plus(amount);
    day.dividendsDeclaredDay = day.dividendsDeclaredDay.plus(amount);
  }
  clearSchedule(fund, capitalReturn);
  saveFund(fund, day, event);

  const investors: Investor[] = fund.investors.load();
  for (let i = 0; i < investors.length; i++) {
    const investor = investors[i];
    if (investor.shares.isZero() && investor.depositBucketShares.isZero() && investor.depositAssets.isZero()) continue;
    touch(investor, fund, event);
  }
}

/** Withdrawal subtracts from the account's credit and keeps its snapshot (the fund's _withdrawDividends). */
export function handleDividendWithdrawn(event: DividendWithdrawn): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const amount = event.params.amount;
  const investor = getInvestor(event.params.holder, event);
  investor.accountCredit = investor.accountCredit.minus(amount);
  investor.dividendsClaimed = investor.dividendsClaimed.plus(amount);
  refreshInvestor(investor, fund);
  investor.lastUpdatedAt = event.block.timestamp;
  investor.save();
  const investorSnap = investorDay(investor, event);
  investorSnap.dividendsClaimedDay = investorSnap.dividendsClaimedDay.plus(amount);
  saveInvestorDay(investorSnap, investor);

  const claim = new DividendClaim(eventId(event));
  claim.holder = investor.id;
  claim.to = event.params.to;
  claim.amount = amount;
  stamp(claim, event);
  claim.save();

  fund.owedDividends = fund.owedDividends.minus(amount);
  fund.totalDividendsWithdrawn = fund.totalDividendsWithdrawn.plus(amount);
  fund.etherBalance = fund.etherBalance.minus(amount);
  fund.dividendClaimCount = fund.dividendClaimCount.plus(ONE_BI);
  day.dividendsWithdrawnDay = day.dividendsWithdrawnDay.plus(amount);
  saveFund(fund, day, event);
}

/** DustSwept (inside settleEpoch): whole wei of rounding dust leave owed dividends for earnings cash. */
export function handleDustSwept(event: DustSwept): void {
  const fund = fundOf(event);
  const amount = event.params.amount;
  fund.owedDividends = fund.owedDividends.minus(amount);
  fund.earningsCash = fund.earningsCash.plus(amount);
  fund.totalDustSwept = fund.totalDustSwept.plus(amount);
  const settled = fund.lastSettledEpoch;
  if (settled !== null) {
    const epoch = Epoch.load(settled);
    if (epoch != null) {
      epoch.dustSwept = epoch.dustSwept.plus(amount);
      epoch.save();
    }
  }
  saveFund(fund, fundDay(event), event);
}

// ------------------------------------------------------------------------------------------ purchases

export function handleVendorAllowed(event: VendorAllowed): void {
  const vendor = getVendor(event.params.vendor);
  vendor.granted = event.params.allowed;
  vendor.allowedFrom = event.params.allowed ? event.params.effectiveAt : null;
  vendor.save();
  const change = new VendorAllowanceChange(eventId(event));
  change.vendor = vendor.id;
  change.allowed = event.params.allowed;
  change.by = event.params.by;
  change.effectiveAt = event.params.effectiveAt;
  stamp(change, event);
  change.save();
}

export function handlePurchaserSet(event: PurchaserSet): void {
  const purchaser = getPurchaser(event.params.account);
  purchaser.granted = event.params.allowed;
  purchaser.effectiveFrom = event.params.allowed ? event.params.effectiveAt : null;
  purchaser.save();
  const change = new PurchaserChange(eventId(event));
  change.purchaser = purchaser.id;
  change.allowed = event.params.allowed;
  change.by = event.params.by;
  change.effectiveAt = event.params.effectiveAt;
  stamp(change, event);
  change.save();
}

export function handlePurchaseProposed(event: PurchaseProposed): void {
  const fund = fundOf(event);
  const p = event.params;
  const vendor = getVendor(p.vendor);
  vendor.save();
  const proposal = new PurchaseProposal(p.proposalId.toString());
  proposal.proposalId = p.proposalId;
  proposal.status = 'Proposed';
  proposal.vendor = vendor.id;
  proposal.proposedBy = p.by;
  proposal.price = p.price;
  proposal.lifeEpochs = p.lifeEpochs;
  proposal.eta = p.eta;
  proposal.configHash = p.configHash;
  proposal.proposedAt = event.block.timestamp;
  proposal.proposedAtBlock = event.block.number;
  proposal.proposalTransaction = event.transaction.hash;
  proposal.save();
  fund.proposedPurchaseValue = fund.proposedPurchaseValue.plus(p.price);
  fund.purchaseProposalCount = fund.purchaseProposalCount.plus(ONE_BI);
  saveFund(fund, fundDay(event), event);
}

export function handlePurchaseCanceled(event: PurchaseCanceled): void {
  const fund = fundOf(event);
  const proposal = PurchaseProposal.load(event.params.proposalId.toString());
  if (proposal == null) {
    log.warning('PurchaseCanceled for an unknown proposal {}', [event.params.proposalId.toString()]);
    return;
  }
  proposal.status = 'Canceled';
  proposal.canceledBy = event.params.by;
  proposal.canceledAt = event.block.timestamp;
  proposal.save();
  fund.proposedPurchaseValue = fund.proposedPurchaseValue.minus(proposal.price);
  saveFund(fund, fundDay(event), event);
}

/** BatteryPurchased: a proposal executed (the VPP's BatteryAdded came first in the same transaction). */
export function handleBatteryPurchased(event: BatteryPurchased): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const p = event.params;
  const price = p.price;

  const vendor = getVendor(p.vendor);
  vendor.totalSold = vendor.totalSold.plus(price);
  vendor.balance = vendor.balance.plus(price);
  vendor.save();

  const battery = getBattery(p.batteryId, event);
  const purchase = new BatteryPurchase(eventId(event));
  purchase.battery = battery.id;
  purchase.vendor = vendor.id;
  purchase.proposal = p.proposalId.toString();
  purchase.by = p.by;
  purchase.price = price;
  stamp(purchase, event);
  purchase.save();

  let life = ONE_BI;
  const proposal = PurchaseProposal.load(p.proposalId.toString());
  if (proposal != null) {
    proposal.status = 'Executed';
    proposal.executedBy = p.by;
    proposal.executedAt = event.block.timestamp;
    proposal.battery = battery.id;
    proposal.purchase = purchase.id;
    proposal.save();
    life = proposal.lifeEpochs;
  } else {
    log.warning('BatteryPurchased for an unknown proposal {}', [p.proposalId.toString()]);
  }

  // the book: cost less price / life per epoch period, the integer rest written off in the last period
  battery.purchase = purchase.id;
  battery.bookCost = price;
  battery.bookLifeEpochs = life;
  battery.depreciationPerEpoch = price.div(life);
  battery.bookValue = price;
  const period = periodAt(fund, event.block.timestamp);
  if (period !== null) battery.bookStartPeriod = period;
  saveBattery(battery, event);
  const book = fund.bookBatteries;
  book.push(battery.id);
  fund.bookBatteries = book;
  if (period !== null) refreshBook(fund, event, true);
  else fund.batteryBookValue = fund.batteryBookValue.plus(price);

  const plant = getPlant();
  plant.purchasedBatteryCount = plant.purchasedBatteryCount.plus(ONE_BI);
  plant.save();

  fund.proposedPurchaseValue = fund.proposedPurchaseValue.minus(price);
  fund.totalSpentOnBatteries = fund.totalSpentOnBatteries.plus(price);
  fund.vendorPaymentsOwed = fund.vendorPaymentsOwed.plus(price);
  fund.batteryPurchaseCount = fund.batteryPurchaseCount.plus(ONE_BI);
  spendCash(fund);
  saveFund(fund, day, event);
}

/** BatteryWrittenOff: decommissioning writes the rest of the battery's book value off. */
export function handleBatteryWrittenOff(event: BatteryWrittenOff): void {
  const fund = fundOf(event);
  const remaining = event.params.remainingBookValue;
  const battery = getBattery(event.params.batteryId, event);
  battery.writtenOff = true;
  battery.writtenOffValue = remaining;
  battery.bookValue = ZERO_BI;
  saveBattery(battery, event);

  const book = fund.bookBatteries;
  const kept: string[] = [];
  for (let i = 0; i < book.length; i++) if (book[i] != battery.id) kept.push(book[i]);
  fund.bookBatteries = kept;
  if (periodAt(fund, event.block.timestamp) !== null) refreshBook(fund, event, true);
  else fund.batteryBookValue = fund.batteryBookValue.minus(remaining);
  fund.totalWrittenOff = fund.totalWrittenOff.plus(remaining);
  saveFund(fund, fundDay(event), event);

  const writeOff = new BatteryWriteOff(eventId(event));
  writeOff.battery = battery.id;
  writeOff.remainingBookValue = remaining;
  stamp(writeOff, event);
  writeOff.save();
}

export function handleVendorPaymentWithdrawn(event: VendorPaymentWithdrawn): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const amount = event.params.amount;

  const vendor = getVendor(event.params.vendor);
  vendor.totalWithdrawn = vendor.totalWithdrawn.plus(amount);
  vendor.balance = vendor.balance.minus(amount);
  vendor.save();

  const withdrawal = new VendorWithdrawal(eventId(event));
  withdrawal.vendor = vendor.id;
  withdrawal.to = event.params.to;
  withdrawal.amount = amount;
  stamp(withdrawal, event);
  withdrawal.save();

  fund.vendorPaymentsOwed = fund.vendorPaymentsOwed.minus(amount);
  fund.totalVendorPaymentsWithdrawn = fund.totalVendorPaymentsWithdrawn.plus(amount);
  fund.etherBalance = fund.etherBalance.minus(amount);
  saveFund(fund, day, event);
}
