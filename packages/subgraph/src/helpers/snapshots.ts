import { ethereum } from '@graphprotocol/graph-ts';
import { Battery, BatteryDaySnapshot, Fund, FundDaySnapshot, Investor, InvestorDaySnapshot } from '../../generated/schema';
import { FUND_ID, ZERO_BI } from './constants';
import { dayIndex, dayStart } from './ids';
import { refreshFund } from './books';

// Daily snapshots (Uniswap v3-subgraph style): one mutable entity per entity and UTC day. Handlers load the day's
// snapshot, add to its *Day counters, then call save*Day to copy the entity's current totals and save it.

export function fundDay(event: ethereum.Event): FundDaySnapshot {
  const day = dayIndex(event.block.timestamp);
  const id = FUND_ID + '-' + day.toString();
  let snap = FundDaySnapshot.load(id);
  if (snap == null) {
    snap = new FundDaySnapshot(id);
    snap.fund = FUND_ID;
    snap.dayIndex = day;
    snap.dayStartTimestamp = dayStart(day);
    snap.depositRequestedDay = ZERO_BI;
    snap.depositCanceledDay = ZERO_BI;
    snap.depositedDay = ZERO_BI;
    snap.redeemRequestedDay = ZERO_BI;
    snap.redeemPaidDay = ZERO_BI;
    snap.redeemClaimedDay = ZERO_BI;
    snap.epochsSettledDay = ZERO_BI;
    snap.dividendsDeclaredDay = ZERO_BI;
    snap.capitalReturnedDay = ZERO_BI;
    snap.dividendsWithdrawnDay = ZERO_BI;
    snap.realisedProfitDay = ZERO_BI;
    snap.tradeValueDay = ZERO_BI;
    snap.tradeRevenueDay = ZERO_BI;
    snap.tradeCostDay = ZERO_BI;
    snap.energyChargedWhDay = ZERO_BI;
    snap.energyDischargedWhDay = ZERO_BI;
    snap.tradeCountDay = ZERO_BI;
  }
  return snap;
}

export function saveFundDay(snap: FundDaySnapshot, fund: Fund): void {
  snap.totalSupply = fund.totalSupply;
  snap.freeCash = fund.freeCash;
  snap.earningsCash = fund.earningsCash;
  snap.capitalCash = fund.capitalCash;
  snap.storedEnergyValue = fund.storedEnergyValue;
  snap.batteryBookValue = fund.batteryBookValue;
  snap.owed = fund.owed;
  snap.nav = fund.nav;
  snap.sharePrice = fund.sharePrice;
  snap.realisedProfit = fund.realisedProfit;
  snap.totalDividendsDeclared = fund.totalDividendsDeclared;
  snap.totalCapitalReturned = fund.totalCapitalReturned;
  snap.totalDividendsWithdrawn = fund.totalDividendsWithdrawn;
  snap.magnifiedDividendPerShare = fund.magnifiedDividendPerShare;
  snap.etherBalance = fund.etherBalance;
  snap.holderCount = fund.holderCount;
  snap.currentEpoch = fund.currentEpoch;
  snap.save();
}

export function batteryDay(battery: Battery, event: ethereum.Event): BatteryDaySnapshot {
  const day = dayIndex(event.block.timestamp);
  const id = battery.id + '-' + day.toString();
  let snap = BatteryDaySnapshot.load(id);
  if (snap == null) {
    snap = new BatteryDaySnapshot(id);
    snap.battery = battery.id;
    snap.dayIndex = day;
    snap.dayStartTimestamp = dayStart(day);
    snap.energyChargedWhDay = ZERO_BI;
    snap.energyStoredWhDay = ZERO_BI;
    snap.energyDischargedWhDay = ZERO_BI;
    snap.revenueDay = ZERO_BI;
    snap.costDay = ZERO_BI;
    snap.netRevenueDay = ZERO_BI;
    snap.realisedProfitDay = ZERO_BI;
    snap.tradeCountDay = ZERO_BI;
    snap.chargeCountDay = ZERO_BI;
    snap.dischargeCountDay = ZERO_BI;
    snap.idleCountDay = ZERO_BI;
  }
  return snap;
}

export function saveBatteryDay(snap: BatteryDaySnapshot, battery: Battery): void {
  snap.status = battery.status;
  snap.stateOfChargeWh = battery.stateOfChargeWh;
  snap.inventoryCost = battery.inventoryCost;
  snap.capacityWh = battery.capacityWh;
  snap.save();
}

/** Saves the battery and its day snapshot (no day counters touched). */
export function saveBattery(battery: Battery, event: ethereum.Event): void {
  battery.save();
  saveBatteryDay(batteryDay(battery, event), battery);
}

export function investorDay(investor: Investor, event: ethereum.Event): InvestorDaySnapshot {
  const day = dayIndex(event.block.timestamp);
  const id = investor.id.toHexString() + '-' + day.toString();
  let snap = InvestorDaySnapshot.load(id);
  if (snap == null) {
    snap = new InvestorDaySnapshot(id);
    snap.investor = investor.id;
    snap.dayIndex = day;
    snap.dayStartTimestamp = dayStart(day);
    snap.depositRequestedDay = ZERO_BI;
    snap.redeemRequestedDay = ZERO_BI;
    snap.dividendsClaimedDay = ZERO_BI;
  }
  return snap;
}

export function saveInvestorDay(snap: InvestorDaySnapshot, investor: Investor): void {
  snap.shares = investor.shares;
  snap.pendingDepositAssets = investor.pendingDepositAssets;
  snap.claimableDepositShares = investor.claimableDepositShares;
  snap.pendingRedeemShares = investor.pendingRedeemShares;
  snap.claimableRedeemAssets = investor.claimableRedeemAssets;
  snap.dividendsEarned = investor.dividendsEarned;
  snap.dividendsClaimed = investor.dividendsClaimed;
  snap.dividendsWithdrawable = investor.dividendsWithdrawable;
  snap.dividendsEscrowed = investor.dividendsEscrowed;
  snap.save();
}

/** Saves the investor (stamping lastUpdatedAt) and its day snapshot (no day counters touched). */
export function saveInvestor(investor: Investor, event: ethereum.Event): void {
  investor.lastUpdatedAt = event.block.timestamp;
  investor.save();
  saveInvestorDay(investorDay(investor, event), investor);
}

/** Refreshes the derived figures, then saves the fund and its day snapshot. */
export function saveFund(fund: Fund, snap: FundDaySnapshot, event: ethereum.Event): void {
  refreshFund(fund, event);
  fund.save();
  saveFundDay(snap, fund);
}
