// EnergyTrader: one Trade per battery and interval (Idle included), skipped dispatches and the trader's settings.
import { BigInt } from '@graphprotocol/graph-ts';
import {
  DispatchSkipped,
  GridMarketUpdated,
  PriceOracleUpdated,
  Trade as TradeEvent,
  TradingParamsUpdated,
} from '../../generated/EnergyTrader/EnergyTrader';
import { DispatchSkip, PriceRound, Trade, TraderAddressChange, TradingParamsChange } from '../../generated/schema';
import { ONE_BI, SKIP_REASONS, TRADE_ACTIONS, ZERO_BI } from '../helpers/constants';
import { eventId, stamp } from '../helpers/ids';
import { getBattery, getFund, getPlant } from '../helpers/loaders';
import { batteryDay, fundDay, saveBatteryDay, saveFund } from '../helpers/snapshots';

function enumName(names: string[], index: i32): string {
  return index >= 0 && index < names.length ? names[index] : names[0];
}

export function handleTrade(event: TradeEvent): void {
  const p = event.params;
  const action = enumName(TRADE_ACTIONS, p.action);
  const value = p.value;

  const trade = new Trade(eventId(event));
  const battery = getBattery(p.batteryId, event);
  trade.battery = battery.id;
  trade.interval = p.interval;
  trade.action = action;
  trade.energyWh = p.energyWh;
  trade.storedDeltaWh = p.storedDeltaWh;
  trade.price = p.price;
  trade.value = value;
  trade.stateOfChargeWh = p.stateOfChargeWh;
  trade.roundId = p.roundId;
  const roundKey = p.roundId.toString();
  if (PriceRound.load(roundKey) != null) trade.priceRound = roundKey;
  stamp(trade, event);
  trade.save();

  // Battery totals and day.
  const bday = batteryDay(battery, event);
  battery.stateOfChargeWh = p.stateOfChargeWh;
  battery.lastInterval = p.interval;
  battery.tradeCount = battery.tradeCount.plus(ONE_BI);
  bday.tradeCountDay = bday.tradeCountDay.plus(ONE_BI);
  battery.netRevenue = battery.netRevenue.plus(value);
  bday.netRevenueDay = bday.netRevenueDay.plus(value);
  if (value.gt(ZERO_BI)) {
    battery.revenue = battery.revenue.plus(value);
    bday.revenueDay = bday.revenueDay.plus(value);
  } else if (value.lt(ZERO_BI)) {
    battery.cost = battery.cost.minus(value);
    bday.costDay = bday.costDay.minus(value);
  }

  const fund = getFund();
  const fday = fundDay(event);
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

export function handlePriceOracleUpdated(event: PriceOracleUpdated): void {
  const change = new TraderAddressChange(eventId(event));
  change.kind = 'PriceOracle';
  change.previousAddress = event.params.previousOracle;
  change.newAddress = event.params.newOracle;
  change.by = event.params.by;
  stamp(change, event);
  change.save();

  const plant = getPlant();
  plant.traderAddress = event.address;
  plant.priceOracleAddress = event.params.newOracle;
  plant.save();
}

export function handleGridMarketUpdated(event: GridMarketUpdated): void {
  const change = new TraderAddressChange(eventId(event));
  change.kind = 'GridMarket';
  change.previousAddress = event.params.previousMarket;
  change.newAddress = event.params.newMarket;
  change.by = event.params.by;
  stamp(change, event);
  change.save();

  const plant = getPlant();
  plant.traderAddress = event.address;
  plant.gridMarketAddress = event.params.newMarket;
  plant.save();
}
