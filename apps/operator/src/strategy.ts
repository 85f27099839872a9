/**
 * The operator publishes what a @vpp/strategy walk-forward `Strategy` decides — the same object the backtest
 * runs, so the chain gets exactly the writes the backtest measured. Called once per interval and profile, before
 * the interval's price is pushed, with a history cut before that interval and the live state of charge of the
 * profile's first battery; it returns the writes to send now (none, `publishTable` or `updateBlocks`).
 */
import type { Strategy } from '@vpp/strategy';

export type { Strategy, DecisionContext } from '@vpp/strategy';

/** One strategy for every profile, or one per profile (strategies may keep state between calls). */
export type StrategySource = Strategy | ((profileId: bigint) => Strategy);
