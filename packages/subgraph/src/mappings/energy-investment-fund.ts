// EnergyInvestmentFund: shares (ERC-20), investments, dividends / capital returns, battery purchases, settlements.
import { ethereum } from '@graphprotocol/graph-ts';
import {
  BatteryPurchased,
  DividendDeclared,
  DividendWithdrawn,
  Invested,
  TradeSettled,
  Transfer,
  VendorPaymentWithdrawn,
} from '../../generated/EnergyInvestmentFund/EnergyInvestmentFund';
import {
  BatteryPurchase,
  Fund,
  Dividend,
  DividendClaim,
  Investment,
  Investor,
  ShareTransfer,
  VendorWithdrawal,
} from '../../generated/schema';
import { ONE_BI, ZERO_ADDRESS, ZERO_BI, FUND_ID } from '../helpers/constants';
import { applyShareChange, refreshDividends } from '../helpers/dividends';
import { eventId, stamp } from '../helpers/ids';
import { getBattery, getFund, getInvestor, getPlant, getVendor } from '../helpers/loaders';
import { fundDay, investorDay, saveBattery, saveFund, saveInvestor, saveInvestorDay } from '../helpers/snapshots';

function fundOf(event: ethereum.Event): Fund {
  const fund = getFund();
  fund.address = event.address;
  return fund;
}

/** Every share balance change (mints included) moves the holders' dividend corrections. */
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

  if (from.equals(ZERO_ADDRESS)) {
    fund.totalSupply = fund.totalSupply.plus(value);
  } else {
    const sender = getInvestor(from, event);
    const before = sender.shares;
    applyShareChange(sender, value.neg(), mdps);
    refreshDividends(sender, mdps);
    if (before.gt(ZERO_BI) && sender.shares.equals(ZERO_BI)) fund.holderCount = fund.holderCount.minus(ONE_BI);
    saveInvestor(sender, event);
    transfer.from = sender.id;
  }
  if (to.equals(ZERO_ADDRESS)) {
    fund.totalSupply = fund.totalSupply.minus(value);
  } else {
    const receiver = getInvestor(to, event);
    const before = receiver.shares;
    applyShareChange(receiver, value, mdps);
    refreshDividends(receiver, mdps);
    if (before.equals(ZERO_BI) && receiver.shares.gt(ZERO_BI)) fund.holderCount = fund.holderCount.plus(ONE_BI);
    saveInvestor(receiver, event);
    transfer.to = receiver.id;
  }
  stamp(transfer, event);
  transfer.save();

  fund.shareTransferCount = fund.shareTransferCount.plus(ONE_BI);
  saveFund(fund, day, event);
}

export function handleInvested(event: Invested): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const investor = getInvestor(event.params.investor, event);
  const amount = event.params.amount;

  if (investor.investmentCount.equals(ZERO_BI)) {
    fund.investorCount = fund.investorCount.plus(ONE_BI);
    investor.firstInvestedAt = event.block.timestamp;
  }
  investor.totalInvested = investor.totalInvested.plus(amount);
  investor.sharesMinted = investor.sharesMinted.plus(event.params.sharesMinted);
  investor.investmentCount = investor.investmentCount.plus(ONE_BI);
  investor.lastUpdatedAt = event.block.timestamp;
  investor.save();
  const investorSnap = investorDay(investor, event);
  investorSnap.investedDay = investorSnap.investedDay.plus(amount);
  saveInvestorDay(investorSnap, investor);

  const investment = new Investment(eventId(event));
  investment.investor = investor.id;
  investment.amount = amount;
  investment.sharesMinted = event.params.sharesMinted;
  investment.totalSupplyAfter = event.params.totalSupplyAfter;
  investment.navAfter = event.params.navAfter;
  stamp(investment, event);
  investment.save();

  fund.totalInvested = fund.totalInvested.plus(amount);
  fund.etherBalance = fund.etherBalance.plus(amount);
  fund.investmentCount = fund.investmentCount.plus(ONE_BI);
  day.investedDay = day.investedDay.plus(amount);
  saveFund(fund, day, event);
}

/** A declaration raises every holder's accumulated dividends: refresh each holder (O(holders)). */
export function handleDividendDeclared(event: DividendDeclared): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const amount = event.params.amount;
  const capitalReturn = event.params.capitalReturn;
  const mdps = event.params.magnifiedDividendPerShare;

  const dividend = new Dividend(event.params.dividendId.toString());
  dividend.fund = FUND_ID;
  dividend.dividendId = event.params.dividendId;
  dividend.declaredBy = event.params.declaredBy;
  dividend.capitalReturn = capitalReturn;
  dividend.amount = amount;
  dividend.basisPoints = event.params.basisPoints;
  dividend.totalSupply = event.params.totalSupply;
  dividend.magnifiedDividendPerShare = mdps;
  stamp(dividend, event);
  dividend.save();

  fund.magnifiedDividendPerShare = mdps;
  fund.dividendCount = fund.dividendCount.plus(ONE_BI);
  if (capitalReturn) {
    fund.totalCapitalReturned = fund.totalCapitalReturned.plus(amount);
    fund.capitalReturnCount = fund.capitalReturnCount.plus(ONE_BI);
    day.capitalReturnedDay = day.capitalReturnedDay.plus(amount);
  } else {
    fund.totalDividendsDeclared = fund.totalDividendsDeclared.plus(amount);
    day.dividendsDeclaredDay = day.dividendsDeclaredDay.plus(amount);
  }
  saveFund(fund, day, event);

  const investors: Investor[] = fund.investors.load();
  for (let i = 0; i < investors.length; i++) {
    const investor = investors[i];
    if (investor.shares.equals(ZERO_BI)) continue;
    refreshDividends(investor, mdps);
    saveInvestor(investor, event);
  }
}

export function handleDividendWithdrawn(event: DividendWithdrawn): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const amount = event.params.amount;
  const investor = getInvestor(event.params.holder, event);
  investor.dividendsClaimed = investor.dividendsClaimed.plus(amount);
  refreshDividends(investor, fund.magnifiedDividendPerShare);
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

  fund.totalDividendsWithdrawn = fund.totalDividendsWithdrawn.plus(amount);
  fund.etherBalance = fund.etherBalance.minus(amount);
  fund.dividendClaimCount = fund.dividendClaimCount.plus(ONE_BI);
  day.dividendsWithdrawnDay = day.dividendsWithdrawnDay.plus(amount);
  saveFund(fund, day, event);
}

export function handleBatteryPurchased(event: BatteryPurchased): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const price = event.params.price;

  const vendor = getVendor(event.params.vendor);
  vendor.totalSold = vendor.totalSold.plus(price);
  vendor.balance = vendor.balance.plus(price);
  vendor.save();

  const purchase = new BatteryPurchase(eventId(event));
  const battery = getBattery(event.params.batteryId, event);
  purchase.battery = battery.id;
  purchase.vendor = vendor.id;
  purchase.by = event.params.by;
  purchase.price = price;
  stamp(purchase, event);
  purchase.save();
  battery.purchase = purchase.id;
  saveBattery(battery, event);

  const plant = getPlant();
  plant.purchasedBatteryCount = plant.purchasedBatteryCount.plus(ONE_BI);
  plant.save();

  fund.totalSpentOnBatteries = fund.totalSpentOnBatteries.plus(price);
  fund.vendorPaymentsOwed = fund.vendorPaymentsOwed.plus(price);
  fund.batteryPurchaseCount = fund.batteryPurchaseCount.plus(ONE_BI);
  saveFund(fund, day, event);
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

/** The cash side of a trade (the energy side is the trader's Trade event). */
export function handleTradeSettled(event: TradeSettled): void {
  const fund = fundOf(event);
  const day = fundDay(event);
  const value = event.params.value;
  fund.tradingProfit = event.params.tradingProfitAfter;
  fund.etherBalance = fund.etherBalance.plus(value);
  if (value.gt(ZERO_BI)) {
    fund.tradeRevenue = fund.tradeRevenue.plus(value);
    day.tradeRevenueDay = day.tradeRevenueDay.plus(value);
  } else {
    fund.tradeCost = fund.tradeCost.minus(value);
    day.tradeCostDay = day.tradeCostDay.minus(value);
  }
  day.tradeValueDay = day.tradeValueDay.plus(value);
  saveFund(fund, day, event);
}
