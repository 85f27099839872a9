// EnergyTrader: one Trade per battery and interval (Idle included), skipped dispatches, the trader's settings and
// timelocked oracle / market changes, and its strategy book (profiles, tables, battery assignments).
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  BatteryProfileSet,
  BlocksUpdated,
  DispatchSkipped,
  GridMarketProposed,
  GridMarketUpdated,
  IntervalScheduleChanged,
  PendingChangeCanceled,
  PriceOracleProposed,
  PriceOracleUpdated,
  ProfileCreated,
  StrategistUpdated,
  TablePublished,
  Trade as TradeEvent,
  TradingParamsUpdated,
} from '../../generated/EnergyTrader/EnergyTrader';
import {
  BatteryProfileAssignment,
  BlocksUpdate,
  DispatchSkip,
  IntervalScheduleChange,
  PriceRound,
  StrategistChange,
  StrategyProfile,
  TableBuffer,
  TablePublication,
  Trade,
  TraderAddressChange,
  TraderChangeProposal,
  TradingParamsChange,
} from '../../generated/schema';
import { enumName, ONE_BI, SKIP_REASONS, THRESHOLD_SOURCES, TRADE_ACTIONS, ZERO_BI } from '../helpers/constants';
import { eventId, stamp } from '../helpers/ids';
import { getBattery, getFund, getPlant } from '../helpers/loaders';
import { batteryDay, fundDay, saveBatteryDay, saveFund } from '../helpers/snapshots';

/** a / b rounded towards +infinity (b > 0), as the trader's _ceilDiv on int256. */
function ceilDiv(a: BigInt, b: BigInt): BigInt {
  const q = a.div(b); // truncates towards zero
  return a.gt(ZERO_BI) && !q.times(b).equals(a) ? q.plus(ONE_BI) : q;
}

export function handleTrade(event: TradeEvent): void {
  const p = event.params;
  const action = enumName(TRADE_ACTIONS, p.action);
  const value = p.value;
  const battery = getBattery(p.batteryId, event);

  // Average-cost inventory (the trader's _decide): a charge adds the cost paid; a discharge removes
  // ceil(inventory * removed / soc), all of it when emptied; the difference to the value is realised.
  const inventory = battery.inventoryCost;
  let costDelta = ZERO_BI;
  let realised = ZERO_BI;
  if (action == 'Charge') {
    costDelta = value.neg();
  } else if (action == 'Discharge') {
    const soc = battery.stateOfChargeWh;
    costDelta = p.storedDeltaWh.equals(soc) || soc.isZero() ? inventory.neg() : ceilDiv(inventory.times(p.storedDeltaWh), soc).neg();
    realised = value.plus(costDelta);
  }

  const trade = new Trade(eventId(event));
  trade.battery = battery.id;
  trade.interval = p.interval;
  trade.action = action;
  trade.energyWh = p.energyWh;
  trade.storedDeltaWh = p.storedDeltaWh;
  trade.price = p.price;
  trade.value = value;
  trade.stateOfChargeWh = p.stateOfChargeWh;
  trade.roundId = p.roundId;
  trade.thresholdSource = enumName(THRESHOLD_SOURCES, p.thresholds);
  trade.profile = battery.profile;
  trade.inventoryCostDelta = costDelta;
  trade.realisedProfit = realised;
  const roundKey = p.roundId.toString();
  if (PriceRound.load(roundKey) != null) trade.priceRound = roundKey;
  stamp(trade, event);
  trade.save();

  // Battery totals and day.
  const bday = batteryDay(battery, event);
  battery.stateOfChargeWh = p.stateOfChargeWh;
  battery.inventoryCost = inventory.plus(costDelta);
  battery.realisedProfit = battery.realisedProfit.plus(realised);
  bday.realisedProfitDay = bday.realisedProfitDay.plus(realised);
  battery.lastInterval = p.interval;
  battery.tradeCount = battery.tradeCount.plus(ONE_BI);
  bday.tradeCountDay = bday.tradeCountDay.plus(ONE_BI);
  battery.netRevenue = battery.netRevenue.plus(value);
  bday.netRevenueDay = bday.netRevenueDay.plus(value);

  const fund = getFund();
  const fday = fundDay(event);
  if (value.gt(ZERO_BI)) {
    battery.revenue = battery.revenue.plus(value);
    bday.revenueDay = bday.revenueDay.plus(value);
    fund.tradeRevenue = fund.tradeRevenue.plus(value);
    fday.tradeRevenueDay = fday.tradeRevenueDay.plus(value);
  } else if (value.lt(ZERO_BI)) {
    battery.cost = battery.cost.minus(value);
    bday.costDay = bday.costDay.minus(value);
    fund.tradeCost = fund.tradeCost.minus(value);
    fday.tradeCostDay = fday.tradeCostDay.minus(value);
  }
  fday.tradeValueDay = fday.tradeValueDay.plus(value);
  fund.tradeCount = fund.tradeCount.plus(ONE_BI);
  fday.tradeCountDay = fday.tradeCountDay.plus(ONE_BI);
  if (action == 'Charge') {
    battery.chargeCount = battery.chargeCount.plus(ONE_BI);
    battery.energyChargedWh = battery.energyChargedWh.plus(p.energyWh);
    battery.energyStoredWh = battery.energyStoredWh.plus(p.storedDeltaWh);
    bday.chargeCountDay = bday.chargeCountDay.plus(ONE_BI);
    bday.energyChargedWhDay = bday.energyChargedWhDay.plus(p.energyWh);
    bday.energyStoredWhDay = bday.energyStoredWhDay.plus(p.storedDeltaWh);
    fund.chargeCount = fund.chargeCount.plus(ONE_BI);
    fund.energyChargedWh = fund.energyChargedWh.plus(p.energyWh);
    fund.energyStoredWh = fund.energyStoredWh.plus(p.storedDeltaWh);
    fday.energyChargedWhDay = fday.energyChargedWhDay.plus(p.energyWh);
  } else if (action == 'Discharge') {
    battery.dischargeCount = battery.dischargeCount.plus(ONE_BI);
    battery.energyDischargedWh = battery.energyDischargedWh.plus(p.energyWh);
    bday.dischargeCountDay = bday.dischargeCountDay.plus(ONE_BI);
    bday.energyDischargedWhDay = bday.energyDischargedWhDay.plus(p.energyWh);
    fund.dischargeCount = fund.dischargeCount.plus(ONE_BI);
    fund.energyDischargedWh = fund.energyDischargedWh.plus(p.energyWh);
    fday.energyDischargedWhDay = fday.energyDischargedWhDay.plus(p.energyWh);
  } else {
    battery.idleCount = battery.idleCount.plus(ONE_BI);
    bday.idleCountDay = bday.idleCountDay.plus(ONE_BI);
    fund.idleCount = fund.idleCount.plus(ONE_BI);
  }
  battery.save();
  saveBatteryDay(bday, battery);

  // Price statistics of the day's trades.
  const price: BigInt = p.price;
  if (fday.priceOpen === null) fday.priceOpen = price;
  const high = fday.priceHigh;
  if (high === null || price.gt(high)) fday.priceHigh = price;
  const low = fday.priceLow;
  if (low === null || price.lt(low)) fday.priceLow = price;
  fday.priceClose = price;
  saveFund(fund, fday, event);
}

export function handleDispatchSkipped(event: DispatchSkipped): void {
  const battery = getBattery(event.params.batteryId, event);
  const skip = new DispatchSkip(eventId(event));
  skip.battery = battery.id;
  skip.interval = event.params.interval;
  skip.reason = enumName(SKIP_REASONS, event.params.reason);
  skip.value = event.params.value;
  stamp(skip, event);
  skip.save();

  battery.skipCount = battery.skipCount.plus(ONE_BI);
  battery.save();
  const fund = getFund();
  fund.skipCount = fund.skipCount.plus(ONE_BI);
  saveFund(fund, fundDay(event), event);
}

export function handleTradingParamsUpdated(event: TradingParamsUpdated): void {
  const p = event.params;
  const change = new TradingParamsChange(eventId(event));
  change.by = p.by;
  change.intervalSeconds = p.intervalSeconds;
  change.maxPriceAge = p.maxPriceAge;
  change.minValidPrice = p.minValidPrice;
  change.maxValidPrice = p.maxValidPrice;
  change.maxBatchSize = BigInt.fromI32(p.maxBatchSize);
  stamp(change, event);
  change.save();

  const plant = getPlant();
  plant.traderAddress = event.address;
  plant.intervalSeconds = p.intervalSeconds;
  plant.maxPriceAge = p.maxPriceAge;
  plant.minValidPrice = p.minValidPrice;
  plant.maxValidPrice = p.maxValidPrice;
  plant.maxBatchSize = BigInt.fromI32(p.maxBatchSize);
  plant.save();
}

export function handleIntervalScheduleChanged(event: IntervalScheduleChanged): void {
  const p = event.params;
  const change = new IntervalScheduleChange(eventId(event));
  change.intervalSeconds = p.intervalSeconds;
  change.effectiveAt = p.effectiveAt;
  change.firstInterval = p.firstInterval;
  stamp(change, event);
  change.save();

  const plant = getPlant();
  plant.intervalScheduleSeconds = p.intervalSeconds;
  plant.intervalScheduleEffectiveAt = p.effectiveAt;
  plant.intervalScheduleFirstInterval = p.firstInterval;
  plant.save();
}

// ------------------------------------------------------------------------------------------ timelocked changes

function propose(event: ethereum.Event, oracle: boolean, target: Address, eta: BigInt, by: Address): void {
  const plant = getPlant();
  const previous = oracle ? plant.pendingPriceOracle : plant.pendingGridMarket;
  if (previous !== null) {
    const old = TraderChangeProposal.load(previous);
    if (old != null && old.status == 'Pending') {
      old.status = 'Superseded';
      old.resolvedAt = event.block.timestamp;
      old.save();
    }
  }
  const proposal = new TraderChangeProposal(eventId(event));
  proposal.kind = oracle ? 'PriceOracle' : 'GridMarket';
  proposal.target = target;
  proposal.eta = eta;
  proposal.proposedBy = by;
  proposal.status = 'Pending';
  proposal.proposedAt = event.block.timestamp;
  proposal.proposedAtBlock = event.block.number;
  proposal.save();
  if (oracle) plant.pendingPriceOracle = proposal.id;
  else plant.pendingGridMarket = proposal.id;
  plant.traderAddress = event.address;
  plant.save();
}

export function handlePriceOracleProposed(event: PriceOracleProposed): void {
  propose(event, true, event.params.oracle, event.params.eta, event.params.by);
}

export function handleGridMarketProposed(event: GridMarketProposed): void {
  propose(event, false, event.params.market, event.params.eta, event.params.by);
}

export function handlePendingChangeCanceled(event: PendingChangeCanceled): void {
  const plant = getPlant();
  const oracle = event.params.oracle;
  const pending = oracle ? plant.pendingPriceOracle : plant.pendingGridMarket;
  if (pending !== null) {
    const proposal = TraderChangeProposal.load(pending);
    if (proposal != null) {
      proposal.status = 'Canceled';
      proposal.canceledBy = event.params.by;
      proposal.resolvedAt = event.block.timestamp;
      proposal.save();
    }
  }
  if (oracle) plant.pendingPriceOracle = null;
  else plant.pendingGridMarket = null;
  plant.save();
}

/** PriceOracleUpdated / GridMarketUpdated: at deployment, or a timelocked proposal executed. */
function addressChanged(event: ethereum.Event, oracle: boolean, previous: Address, next: Address, by: Address): void {
  const plant = getPlant();
  const change = new TraderAddressChange(eventId(event));
  change.kind = oracle ? 'PriceOracle' : 'GridMarket';
  change.previousAddress = previous;
  change.newAddress = next;
  change.by = by;
  const pending = oracle ? plant.pendingPriceOracle : plant.pendingGridMarket;
  if (pending !== null) {
    const proposal = TraderChangeProposal.load(pending);
    if (proposal != null && proposal.status == 'Pending' && proposal.target.equals(next)) {
      proposal.status = 'Executed';
      proposal.resolvedAt = event.block.timestamp;
      proposal.save();
      change.proposal = proposal.id;
    }
    if (oracle) plant.pendingPriceOracle = null;
    else plant.pendingGridMarket = null;
  }
  stamp(change, event);
  change.save();

  plant.traderAddress = event.address;
  if (oracle) plant.priceOracleAddress = next;
  else plant.gridMarketAddress = next;
  plant.save();
}

export function handlePriceOracleUpdated(event: PriceOracleUpdated): void {
  addressChanged(event, true, event.params.previousOracle, event.params.newOracle, event.params.by);
}

export function handleGridMarketUpdated(event: GridMarketUpdated): void {
  addressChanged(event, false, event.params.previousMarket, event.params.newMarket, event.params.by);
}

// ------------------------------------------------------------------------------------------ strategy book

function profileKey(profileId: BigInt): string {
  return profileId.toString();
}

function getBuffer(profile: StrategyProfile, buffer: i32): TableBuffer {
  const key = profile.id + '-' + buffer.toString();
  let b = TableBuffer.load(key);
  if (b == null) {
    b = new TableBuffer(key);
    b.profile = profile.id;
    b.buffer = buffer;
    b.effectiveFrom = ZERO_BI;
    b.validUntil = ZERO_BI;
    b.unitWei = ZERO_BI;
    b.blocksHash = Bytes.empty();
    b.blocksUpdatedSincePublication = ZERO_BI;
  }
  return b;
}

export function handleProfileCreated(event: ProfileCreated): void {
  const p = event.params;
  const profile = new StrategyProfile(profileKey(p.profileId));
  profile.profileId = p.profileId;
  profile.strategist = p.strategist;
  profile.durationMinutes = p.durationMinutes;
  profile.roundTripEfficiencyBps = p.roundTripEfficiencyBps;
  profile.batteryCount = ZERO_BI;
  profile.tablePublicationCount = ZERO_BI;
  profile.blocksUpdateCount = ZERO_BI;
  profile.createdAt = event.block.timestamp;
  profile.createdAtBlock = event.block.number;
  profile.save();
  const plant = getPlant();
  plant.profileCount = plant.profileCount.plus(ONE_BI);
  plant.save();
}

export function handleStrategistUpdated(event: StrategistUpdated): void {
  const profile = StrategyProfile.load(profileKey(event.params.profileId));
  if (profile == null) return;
  profile.strategist = event.params.strategist;
  profile.save();
  const change = new StrategistChange(eventId(event));
  change.profile = profile.id;
  change.previousStrategist = event.params.previousStrategist;
  change.strategist = event.params.strategist;
  stamp(change, event);
  change.save();
}

export function handleTablePublished(event: TablePublished): void {
  const p = event.params;
  const profile = StrategyProfile.load(profileKey(p.profileId));
  if (profile == null) return;
  const publication = new TablePublication(eventId(event));
  publication.profile = profile.id;
  publication.buffer = p.buffer;
  publication.effectiveFrom = p.effectiveFrom;
  publication.validUntil = p.validUntil;
  publication.unitWei = p.unitWei;
  publication.blocksHash = p.blocksHash;
  publication.by = event.transaction.from;
  stamp(publication, event);
  publication.save();

  const buffer = getBuffer(profile, p.buffer);
  buffer.effectiveFrom = p.effectiveFrom;
  buffer.validUntil = p.validUntil;
  buffer.unitWei = p.unitWei;
  buffer.blocksHash = p.blocksHash;
  buffer.blocksUpdatedSincePublication = ZERO_BI;
  buffer.lastPublication = publication.id;
  buffer.updatedAt = event.block.timestamp;
  buffer.save();
  if (p.buffer == 0) profile.buffer0 = buffer.id;
  else profile.buffer1 = buffer.id;
  profile.tablePublicationCount = profile.tablePublicationCount.plus(ONE_BI);
  profile.save();
}

export function handleBlocksUpdated(event: BlocksUpdated): void {
  const p = event.params;
  const profile = StrategyProfile.load(profileKey(p.profileId));
  if (profile == null) return;
  const update = new BlocksUpdate(eventId(event));
  update.profile = profile.id;
  update.buffer = p.buffer;
  update.firstBlock = p.firstBlock;
  update.count = p.count;
  update.validUntil = p.validUntil;
  update.blocksHash = p.blocksHash;
  update.by = event.transaction.from;
  stamp(update, event);
  update.save();

  const buffer = getBuffer(profile, p.buffer);
  buffer.validUntil = p.validUntil;
  buffer.blocksUpdatedSincePublication = buffer.blocksUpdatedSincePublication.plus(BigInt.fromI32(p.count));
  buffer.updatedAt = event.block.timestamp;
  buffer.save();
  profile.blocksUpdateCount = profile.blocksUpdateCount.plus(ONE_BI);
  profile.save();
}

export function handleBatteryProfileSet(event: BatteryProfileSet): void {
  const p = event.params;
  const battery = getBattery(p.batteryId, event);
  const assignment = new BatteryProfileAssignment(eventId(event));
  assignment.battery = battery.id;
  assignment.previousProfileId = p.previousProfileId;
  assignment.profileId = p.profileId;
  assignment.by = event.transaction.from;
  if (!p.previousProfileId.isZero()) {
    const previous = StrategyProfile.load(profileKey(p.previousProfileId));
    if (previous != null) {
      previous.batteryCount = previous.batteryCount.minus(ONE_BI);
      previous.save();
      assignment.previousProfile = previous.id;
    }
  }
  battery.profile = null;
  if (!p.profileId.isZero()) {
    const profile = StrategyProfile.load(profileKey(p.profileId));
    if (profile != null) {
      profile.batteryCount = profile.batteryCount.plus(ONE_BI);
      profile.save();
      assignment.profile = profile.id;
      battery.profile = profile.id;
    }
  }
  battery.save();
  stamp(assignment, event);
  assignment.save();
}
