import { hexToString, trim, type Hex } from 'viem';
import { batteryStatuses, type BatteryConfig, type BatteryStatus } from '../types.js';

export interface RawBatteryConfig {
  capacityWh: bigint;
  maxChargeW: bigint;
  maxDischargeW: bigint;
  roundTripEfficiencyBps: number;
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  active: boolean;
  serial: Hex;
  metadataURI: string;
}

export function toStatus(status: number): BatteryStatus {
  return batteryStatuses[status] ?? 'None';
}

/** The serial's text when it is printable UTF-8 padded with zero bytes. */
export function serialText(serial: Hex): string | undefined {
  const trimmed = trim(serial, { dir: 'right' });
  if (trimmed === '0x' || trimmed === '0x00') return undefined;
  try {
    const text = hexToString(trimmed.length % 2 === 0 ? trimmed : `${trimmed}0`);
    // eslint-disable-next-line no-control-regex
    return /^[^\u0000-\u001f\ufffd]+$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

export function toBatteryConfig(raw: RawBatteryConfig): BatteryConfig {
  return {
    capacityWh: raw.capacityWh,
    maxChargeW: raw.maxChargeW,
    maxDischargeW: raw.maxDischargeW,
    roundTripEfficiencyBps: Number(raw.roundTripEfficiencyBps),
    chargeBelowPrice: raw.chargeBelowPrice,
    dischargeAbovePrice: raw.dischargeAbovePrice,
    active: raw.active,
    serial: raw.serial,
    serialText: serialText(raw.serial),
    metadataURI: raw.metadataURI,
  };
}
