// VirtualPowerPlant: roles (Ownable2Step + admins), pause, system addresses and the battery fleet.
import {
  AdminAdded,
  AdminRemoved,
  BatteryAdded,
  BatteryDecommissioned,
  BatteryUpdated,
  OwnershipTransferStarted,
  OwnershipTransferred,
  SystemDeployed,
  SystemPaused,
  SystemUnpaused,
} from '../../generated/VirtualPowerPlant/VirtualPowerPlant';
import { Admin, AdminChange, Battery, BatteryChange, PauseChange, Plant } from '../../generated/schema';
import { recordOwnershipChange } from '../helpers/ownership';
import { applyConfig, BatteryConfig, copyBatteryState } from '../helpers/battery-config';
import { BatteryStatus, ONE_BI, PLANT_ID } from '../helpers/constants';
import { eventId, stamp } from '../helpers/ids';
import { getBattery, getEpoch, getFund, getPlant } from '../helpers/loaders';
import { saveBattery } from '../helpers/snapshots';
import { Address, ethereum } from '@graphprotocol/graph-ts';
import { EnergyInvestmentFund } from '../../generated/VirtualPowerPlant/EnergyInvestmentFund';

function plantOf(event: ethereum.Event): Plant {
  const plant = getPlant();
  plant.address = event.address;
  return plant;
}

export function handleSystemDeployed(event: SystemDeployed): void {
  const plant = plantOf(event);
  plant.fundAddress = event.params.fund;
  plant.traderAddress = event.params.trader;
  plant.priceOracleAddress = event.params.priceOracle;
  plant.gridMarketAddress = event.params.gridMarket;
  plant.owner = event.params.owner;
  plant.deployedAtBlock = event.block.number;
  plant.deployedAtTimestamp = event.block.timestamp;
  plant.save();
  // The fund was deployed just before the plant (in an earlier block): its genesis (the epoch grid's origin) is that
  // block's timestamp, recovered from nextEpochAt() of its first epoch. Its parameters are immutable and no event
  // carries them, so they are read once, here.
  const fund = getFund();
  fund.address = event.params.fund;
  fund.genesisTimestamp = event.block.timestamp;
  const contract = EnergyInvestmentFund.bind(event.params.fund);
  const duration = contract.try_epochDuration();
  const next = contract.try_nextEpochAt();
  if (!duration.reverted) {
    fund.epochDuration = duration.value;
    if (!next.reverted) {
      fund.nextEpochAt = next.value;
      fund.genesisTimestamp = next.value.minus(duration.value.times(fund.currentEpoch));
    } else {
      fund.nextEpochAt = event.block.timestamp.plus(duration.value.times(fund.currentEpoch));
    }
  }
  const delay = contract.try_timelockDelay();
  if (!delay.reverted) fund.timelockDelay = delay.value;
  const cap = contract.try_maxPurchaseWei();
  if (!cap.reverted) fund.maxPurchaseWei = cap.value;
  const epoch = getEpoch(fund, fund.currentEpoch);
  epoch.save();
  fund.openEpoch = epoch.id;
  fund.save();
}

export function handleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  const plant = plantOf(event);
  plant.pendingOwner = event.params.newOwner;
  plant.save();
  recordOwnershipChange(event, 'TransferStarted', event.params.previousOwner, event.params.newOwner);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  const plant = plantOf(event);
  plant.owner = event.params.newOwner;
  plant.pendingOwner = null;
  plant.save();
  recordOwnershipChange(event, 'Transferred', event.params.previousOwner, event.params.newOwner);
}

export function handleAdminAdded(event: AdminAdded): void {
  const plant = plantOf(event);
  plant.adminCount = plant.adminCount.plus(ONE_BI);
  plant.save();
  let admin = Admin.load(event.params.admin);
  if (admin == null) admin = new Admin(event.params.admin);
  admin.plant = PLANT_ID;
  admin.active = true;
  admin.addedAt = event.block.timestamp;
  admin.addedAtBlock = event.block.number;
  admin.removedAt = null;
  admin.save();
  const change = new AdminChange(eventId(event));
  change.admin = admin.id;
  change.kind = 'Added';
  change.by = event.params.by;
  stamp(change, event);
  change.save();
}

export function handleAdminRemoved(event: AdminRemoved): void {
  const plant = plantOf(event);
  plant.adminCount = plant.adminCount.minus(ONE_BI);
  plant.save();
  let admin = Admin.load(event.params.admin);
  if (admin == null) {
    admin = new Admin(event.params.admin);
    admin.plant = PLANT_ID;
    admin.addedAt = event.block.timestamp;
    admin.addedAtBlock = event.block.number;
  }
  admin.active = false;
  admin.removedAt = event.block.timestamp;
  admin.save();
  const change = new AdminChange(eventId(event));
  change.admin = admin.id;
  change.kind = 'Removed';
  change.by = event.params.by;
  stamp(change, event);
  change.save();
}

function pauseChange(event: ethereum.Event, paused: boolean, by: Address): void {
  const plant = plantOf(event);
  plant.paused = paused;
  plant.save();
  const change = new PauseChange(eventId(event));
  change.kind = paused ? 'Paused' : 'Unpaused';
  change.paused = paused;
  change.by = by;
  stamp(change, event);
  change.save();
}

export function handleSystemPaused(event: SystemPaused): void {
  pauseChange(event, true, event.params.by);
}

export function handleSystemUnpaused(event: SystemUnpaused): void {
  pauseChange(event, false, event.params.by);
}

function recordChange(event: ethereum.Event, battery: Battery, kind: string, by: Address): void {
  const change = new BatteryChange(eventId(event));
  change.battery = battery.id;
  change.kind = kind;
  change.by = by;
  copyBatteryState(change, battery);
  stamp(change, event);
  change.save();
}

export function handleBatteryAdded(event: BatteryAdded): void {
  const config = new BatteryConfig(event.params.config);
  const battery = getBattery(event.params.batteryId, event);
  applyConfig(battery, config);
  battery.status = config.active ? BatteryStatus.Active : BatteryStatus.Inactive;
  battery.addedAt = event.block.timestamp;
  battery.addedAtBlock = event.block.number;
  battery.addedBy = event.params.by;
  saveBattery(battery, event);

  const plant = plantOf(event);
  plant.batteryCount = plant.batteryCount.plus(ONE_BI);
  plant.fleetSize = plant.fleetSize.plus(ONE_BI);
  if (config.active) plant.activeBatteryCount = plant.activeBatteryCount.plus(ONE_BI);
  plant.save();

  recordChange(event, battery, 'Added', event.params.by);
}

export function handleBatteryUpdated(event: BatteryUpdated): void {
  const config = new BatteryConfig(event.params.config);
  const battery = getBattery(event.params.batteryId, event);
  const wasActive = battery.status == BatteryStatus.Active;
  applyConfig(battery, config);
  battery.status = config.active ? BatteryStatus.Active : BatteryStatus.Inactive;
  saveBattery(battery, event);

  if (wasActive != config.active) {
    const plant = plantOf(event);
    plant.activeBatteryCount = config.active
      ? plant.activeBatteryCount.plus(ONE_BI)
      : plant.activeBatteryCount.minus(ONE_BI);
    plant.save();
  }

  recordChange(event, battery, 'Updated', event.params.by);
}

export function handleBatteryDecommissioned(event: BatteryDecommissioned): void {
  const battery = getBattery(event.params.batteryId, event);
  const wasActive = battery.status == BatteryStatus.Active;
  battery.status = BatteryStatus.Decommissioned;
  battery.active = false;
  // only an empty battery can be decommissioned (the field is always 0)
  battery.stateOfChargeWh = event.params.stateOfChargeWhAtDecommission;
  battery.decommissionedAt = event.block.timestamp;
  saveBattery(battery, event);

  const plant = plantOf(event);
  plant.fleetSize = plant.fleetSize.minus(ONE_BI);
  plant.decommissionedBatteryCount = plant.decommissionedBatteryCount.plus(ONE_BI);
  if (wasActive) plant.activeBatteryCount = plant.activeBatteryCount.minus(ONE_BI);
  plant.save();

  recordChange(event, battery, 'Decommissioned', event.params.by);
}
