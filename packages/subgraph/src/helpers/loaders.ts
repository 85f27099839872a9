import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Battery, Epoch, Fund, GridMarket, Investor, Plant, Purchaser, Reporter, Vendor } from '../../generated/schema';
import { BatteryStatus, FUND_ID, ONE_BI, PLANT_ID, ZERO_ADDRESS, ZERO_BI } from './constants';
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
    plant.profileCount = ZERO_BI;
    getFund().save();
  }
  return plant;
}

/** The Fund singleton. */
export function getFund(): Fund {
  let fund = Fund.load(FUND_ID);
  if (fund == null) {
    fund = new Fund(FUND_ID);
    fund.currentEpoch = ONE_BI;
    fund.redeemHead = ONE_BI;
    fund.totalSupply = ZERO_BI;
    fund.escrowedDepositShares = ZERO_BI;
    fund.redeemSharesPending = ZERO_BI;
    fund.freeCash = ZERO_BI;
    fund.earningsCash = ZERO_BI;
    fund.capitalCash = ZERO_BI;
    fund.storedEnergyValue = ZERO_BI;
    fund.batteryBookValue = ZERO_BI;
    fund.owed = ZERO_BI;
    fund.nav = ZERO_BI;
    fund.totalAssets = ZERO_BI;
    fund.sharePrice = ZERO_BI;
    fund.owedDividends = ZERO_BI;
    fund.vendorPaymentsOwed = ZERO_BI;
    fund.reservedRedeemAssets = ZERO_BI;
    fund.pendingDepositAssets = ZERO_BI;
    fund.refundableDepositAssets = ZERO_BI;
    fund.etherBalance = ZERO_BI;
    fund.realisedProfit = ZERO_BI;
    fund.tradeCashFlow = ZERO_BI;
    fund.tradeRevenue = ZERO_BI;
    fund.tradeCost = ZERO_BI;
    fund.totalDepositRequested = ZERO_BI;
    fund.totalDepositCanceled = ZERO_BI;
    fund.totalDeposited = ZERO_BI;
    fund.totalDepositShares = ZERO_BI;
    fund.totalRedeemRequested = ZERO_BI;
    fund.totalRedeemCanceled = ZERO_BI;
    fund.totalRedeemFilled = ZERO_BI;
    fund.totalRedeemAssets = ZERO_BI;
    fund.totalRedeemClaimed = ZERO_BI;
    fund.totalDividendsDeclared = ZERO_BI;
    fund.totalCapitalReturned = ZERO_BI;
    fund.totalDividendsWithdrawn = ZERO_BI;
    fund.totalDustSwept = ZERO_BI;
    fund.totalVendorPaymentsWithdrawn = ZERO_BI;
    fund.totalSpentOnBatteries = ZERO_BI;
    fund.totalWrittenOff = ZERO_BI;
    fund.bookBatteries = [];
    fund.bookPeriod = ZERO_BI;
    fund.magnifiedDividendPerShare = ZERO_BI;
    fund.scheduledDividendBps = 0;
    fund.scheduledCapitalAmount = ZERO_BI;
    fund.proposedPurchaseValue = ZERO_BI;
    fund.investorCount = ZERO_BI;
    fund.holderCount = ZERO_BI;
    fund.depositRequestCount = ZERO_BI;
    fund.redeemRequestCount = ZERO_BI;
    fund.epochCount = ZERO_BI;
    fund.dividendCount = ZERO_BI;
    fund.capitalReturnCount = ZERO_BI;
    fund.dividendClaimCount = ZERO_BI;
    fund.shareTransferCount = ZERO_BI;
    fund.purchaseProposalCount = ZERO_BI;
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

/** An epoch (created open, with its close time on the fund's grid when the grid is known). */
export function getEpoch(fund: Fund, epoch: BigInt): Epoch {
  const key = epoch.toString();
  let e = Epoch.load(key);
  if (e == null) {
    e = new Epoch(key);
    e.fund = FUND_ID;
    e.epoch = epoch;
    e.open = true;
    const genesis = fund.genesisTimestamp;
    const duration = fund.epochDuration;
    if (genesis !== null && duration !== null) e.closesAt = genesis.plus(duration.times(epoch));
    e.depositRequested = ZERO_BI;
    e.depositRequestCount = ZERO_BI;
    e.redeemRequested = ZERO_BI;
    e.redeemRequestCount = ZERO_BI;
    e.depositAssets = ZERO_BI;
    e.depositShares = ZERO_BI;
    e.depositsRefused = false;
    e.refusedAssets = ZERO_BI;
    e.depositMdps = ZERO_BI;
    e.depositAssetsLeft = ZERO_BI;
    e.depositSharesLeft = ZERO_BI;
    e.redeemFilled = ZERO_BI;
    e.redeemAssets = ZERO_BI;
    e.redeemQueued = ZERO_BI;
    e.dustSwept = ZERO_BI;
  }
  return e;
}

/** An account of the fund, created on first sight. */
export function getInvestor(address: Address, event: ethereum.Event): Investor {
  let investor = Investor.load(address);
  if (investor == null) {
    investor = new Investor(address);
    investor.fund = FUND_ID;
    investor.shares = ZERO_BI;
    investor.pendingDepositAssets = ZERO_BI;
    investor.claimableDepositAssets = ZERO_BI;
    investor.claimableDepositShares = ZERO_BI;
    investor.pendingRedeemShares = ZERO_BI;
    investor.claimableRedeemShares = ZERO_BI;
    investor.claimableRedeemAssets = ZERO_BI;
    investor.dividendsWithdrawable = ZERO_BI;
    investor.dividendsEscrowed = ZERO_BI;
    investor.dividendsClaimed = ZERO_BI;
    investor.dividendsEarned = ZERO_BI;
    investor.accountSnapshot = ZERO_BI;
    investor.accountCredit = ZERO_BI;
    investor.depositEpoch = ZERO_BI;
    investor.depositAssets = ZERO_BI;
    investor.depositBucketShares = ZERO_BI;
    investor.depositBucketAssets = ZERO_BI;
    investor.depositBucketSnapshot = ZERO_BI;
    investor.redeemEpoch = ZERO_BI;
    investor.redeemShares = ZERO_BI;
    investor.redeemClaimedShares = ZERO_BI;
    investor.redeemClaimedAssets = ZERO_BI;
    investor.totalDepositRequested = ZERO_BI;
    investor.totalDepositCanceled = ZERO_BI;
    investor.totalDepositClaimed = ZERO_BI;
    investor.totalDepositSharesClaimed = ZERO_BI;
    investor.totalRedeemRequested = ZERO_BI;
    investor.totalRedeemClaimed = ZERO_BI;
    investor.depositRequestCount = ZERO_BI;
    investor.redeemRequestCount = ZERO_BI;
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
    battery.inventoryCost = ZERO_BI;
    battery.addedAt = event.block.timestamp;
    battery.addedAtBlock = event.block.number;
    battery.addedBy = ZERO_ADDRESS;
    battery.bookValue = ZERO_BI;
    battery.writtenOff = false;
    battery.energyChargedWh = ZERO_BI;
    battery.energyStoredWh = ZERO_BI;
    battery.energyDischargedWh = ZERO_BI;
    battery.revenue = ZERO_BI;
    battery.cost = ZERO_BI;
    battery.netRevenue = ZERO_BI;
    battery.realisedProfit = ZERO_BI;
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
    vendor.granted = false;
    vendor.totalSold = ZERO_BI;
    vendor.totalWithdrawn = ZERO_BI;
    vendor.balance = ZERO_BI;
  }
  return vendor;
}

export function getPurchaser(address: Address): Purchaser {
  let purchaser = Purchaser.load(address);
  if (purchaser == null) {
    purchaser = new Purchaser(address);
    purchaser.granted = false;
  }
  return purchaser;
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
