import { hexToString, type Hex } from 'viem';
import { batteryStatuses, type BatteryConfig, type BatteryStatus } from '../types.js';

/** IVirtualPowerPlant.Battery as viem decodes it. */
export interface RawBattery {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  status: number;
  addedAt: number | bigint;
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
}

export function toStatus(status: number): BatteryStatus {
  return batteryStatuses[status] ?? 'None';
}

/** The serial's text when it is printable UTF-8 padded with zero bytes. */
export function serialText(serial: Hex): string | undefined {
  // trailing zero *bytes* (viem's trim works on nibbles)
  const trimmed = serial.toLowerCase().replace(/^0x((?:[0-9a-f]{2})*?)(?:00)*$/, '0x$1') as Hex;
  if (trimmed === '0x') return undefined;
  try {
    const text = hexToString(trimmed);
    // eslint-disable-next-line no-control-regex
    return /^[^\u0000-\u001f\ufffd]+$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

export function toBatteryConfig(raw: RawBattery): BatteryConfig {
  return {
    capacityWh: raw.capacityWh,
    maxChargeW: raw.maxChargeW,
    maxDischargeW: raw.maxDischargeW,
    roundTripEfficiencyBps: Number(raw.roundTripEfficiencyBps),
    chargeBelowPrice: raw.chargeBelowPrice,
    dischargeAbovePrice: raw.dischargeAbovePrice,
    active: raw.status === 1,
  };
}
