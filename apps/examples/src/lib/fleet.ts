/**
 * The example fleet: household batteries in Melbourne's west, a community battery and a grid-scale one, with
 * price thresholds set in AUD/MWh and converted to the protocol's wei/MWh at the fixed AUD/ETH rate.
 */
import type { BatteryConfigInput } from '@vpp/sdk';
import { audPerMWhToWeiPerMWh } from './aemo.js';

export interface BatterySpec {
  name: string;
  serial: string;
  capacityWh: number;
  maxChargeW: number;
  maxDischargeW: number;
  roundTripEfficiencyBps: number;
  /** Charge at or below this price, AUD/MWh. */
  chargeBelowAud: number;
  /** Discharge at or above this price, AUD/MWh. */
  dischargeAboveAud: number;
}

export const FLEET = {
  brunswick: {
    name: 'Powerwall · Brunswick',
    serial: 'PW2-BRU-0001',
    capacityWh: 13_500,
    maxChargeW: 5_000,
    maxDischargeW: 5_000,
    roundTripEfficiencyBps: 9_000,
    chargeBelowAud: 20,
    dischargeAboveAud: 150,
  },
  footscray: {
    name: 'Powerwall · Footscray',
    serial: 'PW2-FOO-0002',
    capacityWh: 13_500,
    maxChargeW: 5_000,
    maxDischargeW: 5_000,
    roundTripEfficiencyBps: 9_000,
    chargeBelowAud: 0,
    dischargeAboveAud: 300,
  },
  yarraville: {
    name: 'Community battery · Yarraville',
    serial: 'CB-YAR-0003',
    capacityWh: 500_000,
    maxChargeW: 250_000,
    maxDischargeW: 250_000,
    roundTripEfficiencyBps: 8_800,
    chargeBelowAud: 10,
    dischargeAboveAud: 200,
  },
  moorabool: {
    name: 'Grid battery · Moorabool',
    serial: 'GB-MOO-0004',
    capacityWh: 2_000_000,
    maxChargeW: 1_000_000,
    maxDischargeW: 1_000_000,
    roundTripEfficiencyBps: 8_500,
    chargeBelowAud: 0,
    dischargeAboveAud: 1_000,
  },
  geelong: {
    name: 'Lead-acid bank · Geelong (retired)',
    serial: 'PB-GEE-0005',
    capacityWh: 20_000,
    maxChargeW: 3_000,
    maxDischargeW: 3_000,
    roundTripEfficiencyBps: 7_500,
    chargeBelowAud: 0,
    dischargeAboveAud: 200,
  },
} as const satisfies Record<string, BatterySpec>;

/** The on-chain configuration of a spec: thresholds in wei/MWh, the name in a data: metadata URI. */
export function batteryConfig(spec: BatterySpec, audCentsPerEth: bigint, active = true): BatteryConfigInput {
  return {
    capacityWh: BigInt(spec.capacityWh),
    maxChargeW: BigInt(spec.maxChargeW),
    maxDischargeW: BigInt(spec.maxDischargeW),
    roundTripEfficiencyBps: spec.roundTripEfficiencyBps,
    chargeBelowPrice: audPerMWhToWeiPerMWh(spec.chargeBelowAud, audCentsPerEth),
    dischargeAbovePrice: audPerMWhToWeiPerMWh(spec.dischargeAboveAud, audCentsPerEth),
    active,
    serial: spec.serial,
    metadataURI: `data:application/json,${encodeURIComponent(JSON.stringify({ name: spec.name }))}`,
  };
}

/** The battery's name from its metadata URI (as written by `batteryConfig`), or null. */
export function batteryName(metadataURI: string): string | null {
  const prefix = 'data:application/json,';
  if (!metadataURI.startsWith(prefix)) return null;
  try {
    const meta = JSON.parse(decodeURIComponent(metadataURI.slice(prefix.length))) as { name?: unknown };
    return typeof meta.name === 'string' ? meta.name : null;
  } catch {
    return null;
  }
}
