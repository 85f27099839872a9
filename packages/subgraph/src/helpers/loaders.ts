import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Battery, Fund, GridMarket, Investor, Plant, Reporter, Vendor } from '../../generated/schema';
import { BatteryStatus, FUND_ID, PLANT_ID, ZERO_ADDRESS, ZERO_BI } from './constants';
import { batteryKey } from './ids';

/** The Plant singleton (created with defaults by whichever contract's event comes first). */
export function getPlant(): Plant {
  let plant = Plant.load(PLANT_ID);
  if (plant == null) {
    plant = new Plant(PLANT_ID);
    plant.address = ZERO_ADDRESS;
    plant.owner = ZERO_ADDRESS;
    plant.paused = false;
    plant.adminCount = ZERO_BI;
    plant.batteryCount = ZERO_BI;
    plant.fleetSize = ZERO_BI;
    plant.activeBatteryCount = ZERO_BI;
    plant.decommissionedBatteryCount = ZERO_BI;
    plant.purchasedBatteryCount = ZERO_BI;
    plant.fund = FUND_ID;
    plant.priceRoundCount = ZERO_BI;
    getFund().save();
  }
  return plant;
}

/** The Fund singleton. */
export function getFund(): Fund {
  let fund = Fund.load(FUND_ID);
  if (fund == null) {
    fund = new Fund(FUND_ID);
    fund.totalSupply = ZERO_BI;
    fund.totalInvested = ZERO_BI;
    fund.totalCapitalReturned = ZERO_BI;
    fund.totalSpentOnBatteries = ZERO_BI;
    fund.tradingProfit = ZERO_BI;
    fund.tradeRevenue = ZERO_BI;
    fund.tradeCost = ZERO_BI;
    fund.totalDividendsDeclared = ZERO_BI;
    fund.totalDividendsWithdrawn = ZERO_BI;
    fund.vendorPaymentsOwed = ZERO_BI;
    fund.totalVendorPaymentsWithdrawn = ZERO_BI;
    fund.netAssetValue = ZERO_BI;
    fund.magnifiedDividendPerShare = ZERO_BI;
    fund.etherBalance = ZERO_BI;
    fund.totalOwed = ZERO_BI;
    fund.freeBalance = ZERO_BI;
    fund.investorCount = ZERO_BI;
    fund.holderCount = ZERO_BI;
    fund.investmentCount = ZERO_BI;
    fund.dividendCount = ZERO_BI;
    fund.capitalReturnCount = ZERO_BI;
    fund.dividendClaimCount = ZERO_BI;
    fund.shareTransferCount = ZERO_BI;
    fund.batteryPurchaseCount = ZERO_BI;
    fund.tradeCount = ZERO_BI;
    fund.chargeCount = ZERO_BI;
    fund.dischargeCount = ZERO_BI;
    fund.idleCount = ZERO_BI;
    fund.skipCount = ZERO_BI;
    fund.energyChargedWh = ZERO_BI;
    fund.energyStoredWh = ZERO_BI;
    fund.energyDischargedWh = ZERO_BI;
    fund.lastUpdatedBlock = ZERO_BI;
    fund.lastUpdatedTimestamp = ZERO_BI;
  }
  return fund;
}

/** Recomputes the Fund's derived figures exactly as the fund's views do. */
export function refreshFund(fund: Fund, event: ethereum.Event): void {
  fund.netAssetValue = fund.totalInvested
    .minus(fund.totalCapitalReturned)
    .plus(fund.tradingProfit)
    .minus(fund.totalDividendsDeclared);
  fund.totalOwed = fund.totalDividendsDeclared
    .plus(fund.totalCapitalReturned)
    .minus(fund.totalDividendsWithdrawn)
    .plus(fund.vendorPaymentsOwed);
  const free = fund.etherBalance.minus(fund.totalOwed);
  fund.freeBalance = free.gt(ZERO_BI) ? free : ZERO_BI;
  fund.lastUpdatedBlock = event.block.number;
  fund.lastUpdatedTimestamp = event.block.timestamp;
}

/** An investor / share holder, created on first sight. */
export function getInvestor(address: Address, event: ethereum.Event): Investor {
  let investor = Investor.load(address);
  if (investor == null) {
    investor = new Investor(address);
    investor.fund = FUND_ID;
    investor.shares = ZERO_BI;
    investor.totalInvested = ZERO_BI;
    investor.sharesMinted = ZERO_BI;
    investor.magnifiedDividendCorrection = ZERO_BI;
    investor.dividendsEarned = ZERO_BI;
    investor.dividendsClaimed = ZERO_BI;
    investor.dividendsWithdrawable = ZERO_BI;
    investor.investmentCount = ZERO_BI;
    investor.createdAt = event.block.timestamp;
    investor.createdAtBlock = event.block.number;
    investor.lastUpdatedAt = event.block.timestamp;
  }
  return investor;
}

/** A battery; a placeholder (status None) if its BatteryAdded has not been seen yet. */
export function getBattery(batteryId: BigInt, event: ethereum.Event): Battery {
  const key = batteryKey(batteryId);
  let battery = Battery.load(key);
  if (battery == null) {
    battery = new Battery(key);
    battery.batteryId = batteryId;
    battery.status = BatteryStatus.None;
    battery.serial = Bytes.empty();
    battery.capacityWh = ZERO_BI;
    battery.maxChargeW = ZERO_BI;
    battery.maxDischargeW = ZERO_BI;
    battery.roundTripEfficiencyBps = 0;
    battery.chargeBelowPrice = ZERO_BI;
    battery.dischargeAbovePrice = ZERO_BI;
    battery.active = false;
    battery.metadataURI = '';
    battery.stateOfChargeWh = ZERO_BI;
    battery.addedAt = event.block.timestamp;
    battery.addedAtBlock = event.block.number;
    battery.addedBy = ZERO_ADDRESS;
    battery.energyChargedWh = ZERO_BI;
    battery.energyStoredWh = ZERO_BI;
    battery.energyDischargedWh = ZERO_BI;
    battery.revenue = ZERO_BI;
    battery.cost = ZERO_BI;
    battery.netRevenue = ZERO_BI;
    battery.tradeCount = ZERO_BI;
    battery.chargeCount = ZERO_BI;
    battery.dischargeCount = ZERO_BI;
    battery.idleCount = ZERO_BI;
    battery.skipCount = ZERO_BI;
  }
  return battery;
}

export function getVendor(address: Address): Vendor {
  let vendor = Vendor.load(address);
  if (vendor == null) {
    vendor = new Vendor(address);
    vendor.totalSold = ZERO_BI;
    vendor.totalWithdrawn = ZERO_BI;
    vendor.balance = ZERO_BI;
  }
  return vendor;
}

export function getReporter(address: Address): Reporter {
  let reporter = Reporter.load(address);
  if (reporter == null) {
    reporter = new Reporter(address);
    reporter.allowed = false;
    reporter.roundCount = ZERO_BI;
  }
  return reporter;
}

export function getMarket(address: Address): GridMarket {
  let market = GridMarket.load(address);
  if (market == null) {
    market = new GridMarket(address);
    market.balance = ZERO_BI;
    market.totalFunded = ZERO_BI;
    market.totalWithdrawn = ZERO_BI;
    market.totalPaidToFund = ZERO_BI;
    market.totalReceivedFromFund = ZERO_BI;
    market.authorizedFunds = [];
  }
  return market;
}
