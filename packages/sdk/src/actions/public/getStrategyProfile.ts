import { vppTrader_activeBuffer, vppTrader_currentInterval, vppTrader_profile, vppTrader_profileCount, vppTrader_tableBuffer } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { read, readAll, rpcAction } from '../../internal/contract.js';
import { toUintNumber } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetStrategyProfileParameters extends ReadParameters {
  profileId: number;
}

/** One of a profile's two table buffers (IStrategyBook.TableBuffer). */
export interface StrategyTableBuffer {
  /** First interval of the table (the trader's interval numbers). */
  effectiveFrom: number;
  /** Last interval in which it is fresh. */
  validUntil: number;
  /** wei/MWh per table unit; 0n: never written. */
  unitWei: bigint;
}

/** A strategy profile at one block. */
export interface StrategyProfile {
  blockNumber: bigint;
  profileId: number;
  /** Profiles created so far (ids 1..profileCount). */
  profileCount: number;
  /** Who publishes its tables (the zero address: nobody). */
  strategist: Address;
  /** The kind of battery it is for: storage duration at full power (minutes) and round-trip efficiency (bps). */
  durationMinutes: number;
  roundTripEfficiencyBps: number;
  buffers: [StrategyTableBuffer, StrategyTableBuffer];
  /** The current interval, and the buffer active in it (null when none is) and whether it is stale. */
  interval: bigint;
  active: { buffer: number; stale: boolean } | null;
}

const toBuffer = (b: { effectiveFrom: number; validUntil: number; unitWei: bigint }): StrategyTableBuffer => ({
  effectiveFrom: Number(b.effectiveFrom),
  validUntil: Number(b.validUntil),
  unitWei: b.unitWei,
});

/**
 * A strategy profile: its strategist, battery kind, both table buffers and which one the trader uses now.
 *
 * @example
 * const profile = await getStrategyProfile(client, { profileId: 1 });
 * if (!profile.active || profile.active.stale) console.log('batteries of profile 1 use their static thresholds');
 * @throws {UnknownProfileError}
 */
export function getStrategyProfile(client: VppClient, params: GetStrategyProfileParameters): Promise<StrategyProfile> {
  return rpcAction(client, params, async () => {
    const profileId = toUintNumber('profileId', params.profileId, 32, 1n);
    type B = { effectiveFrom: number; validUntil: number; unitWei: bigint };
    const {
      blockNumber,
      results: [profile, profileCount, b0, b1, interval],
    } = await readAll<[{ strategist: Address; durationMinutes: number; roundTripEfficiencyBps: number }, number, B, B, bigint]>(
      client,
      [
        ['vppTrader', vppTrader_profile, [profileId]],
        ['vppTrader', vppTrader_profileCount],
        ['vppTrader', vppTrader_tableBuffer, [profileId, 0]],
        ['vppTrader', vppTrader_tableBuffer, [profileId, 1]],
        ['vppTrader', vppTrader_currentInterval],
      ],
      params.blockNumber,
    );
    const [found, buffer, stale] = await read<readonly [boolean, number, boolean]>(client, 'vppTrader', vppTrader_activeBuffer, [profileId, interval], blockNumber);
    return {
      blockNumber,
      profileId,
      profileCount: Number(profileCount),
      strategist: profile.strategist,
      durationMinutes: Number(profile.durationMinutes),
      roundTripEfficiencyBps: Number(profile.roundTripEfficiencyBps),
      buffers: [toBuffer(b0), toBuffer(b1)],
      interval,
      active: found ? { buffer: Number(buffer), stale } : null,
    };
  });
}
