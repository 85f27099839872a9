import { BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Battery, BatteryChange } from '../../generated/schema';

/** IVirtualPowerPlant.BatteryConfig decoded from an event's tuple (BatteryAdded / BatteryUpdated). */
export class BatteryConfig {
  capacityWh: BigInt;
  maxChargeW: BigInt;
  maxDischargeW: BigInt;
  roundTripEfficiencyBps: i32;
  chargeBelowPrice: BigInt;
  dischargeAbovePrice: BigInt;
  active: boolean;
  serial: Bytes;
  metadataURI: string;

  constructor(tuple: ethereum.Tuple) {
    this.capacityWh = tuple[0].toBigInt();
    this.maxChargeW = tuple[1].toBigInt();
    this.maxDischargeW = tuple[2].toBigInt();
    this.roundTripEfficiencyBps = tuple[3].toI32();
    this.chargeBelowPrice = tuple[4].toBigInt();
    this.dischargeAbovePrice = tuple[5].toBigInt();
    this.active = tuple[6].toBoolean();
    this.serial = tuple[7].toBytes();
    this.metadataURI = tuple[8].toString();
  }
}

export function applyConfig(battery: Battery, config: BatteryConfig): void {
  battery.capacityWh = config.capacityWh;
  battery.maxChargeW = config.maxChargeW;
  battery.maxDischargeW = config.maxDischargeW;
  battery.roundTripEfficiencyBps = config.roundTripEfficiencyBps;
  battery.chargeBelowPrice = config.chargeBelowPrice;
  battery.dischargeAbovePrice = config.dischargeAbovePrice;
  battery.active = config.active;
  battery.serial = config.serial;
  battery.metadataURI = config.metadataURI;
}

/** Copies the battery's current configuration and state into a history record. */
export function copyBatteryState(change: BatteryChange, battery: Battery): void {
  change.status = battery.status;
  change.capacityWh = battery.capacityWh;
  change.maxChargeW = battery.maxChargeW;
  change.maxDischargeW = battery.maxDischargeW;
  change.roundTripEfficiencyBps = battery.roundTripEfficiencyBps;
  change.chargeBelowPrice = battery.chargeBelowPrice;
  change.dischargeAbovePrice = battery.dischargeAbovePrice;
  change.active = battery.active;
  change.serial = battery.serial;
  change.metadataURI = battery.metadataURI;
  change.stateOfChargeWh = battery.stateOfChargeWh;
}
