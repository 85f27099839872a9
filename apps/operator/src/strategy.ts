/**
 * The operator publishes what a @vpp/strategy walk-forward `Strategy` decides — the same object the backtest
 * runs, so the chain gets exactly the writes the backtest measured. Called once per interval and profile, before
 * the interval's price is pushed, with a history cut before that interval and the live state of charge of the
 * profile's first battery; it returns the writes to send now (none, `publishTable` or `updateBlocks`).
 */
import { trailingQuantileStrategy, waterValueStrategy, yesterdayScheduleStrategy, type BatterySpec, type Strategy } from '@vpp/strategy';
import { ConfigError } from './errors.js';

export type { Strategy, DecisionContext } from '@vpp/strategy';

/** One strategy for every profile, or a factory called once per profile with its battery (strategies keep state). */
export type StrategySource = Strategy | ((profileId: bigint, battery: BatterySpec) => Strategy | Promise<Strategy>);

export const STRATEGY_NAMES = ['water-value', 'trailing-quantile', 'yesterday'] as const;

/** The strategy factory named on the command line. */
export function strategyByName(name: string, cadence: 'interval' | 'block' | 'day'): StrategySource {
  switch (name) {
    case 'water-value':
      return (_profileId, battery) => waterValueStrategy(battery, { cadence });
    case 'trailing-quantile':
      return () => trailingQuantileStrategy();
    case 'yesterday':
      return (_profileId, battery) => yesterdayScheduleStrategy(battery);
    default:
      throw new ConfigError(`unknown strategy "${name}" (${STRATEGY_NAMES.join(', ')})`);
  }
}
