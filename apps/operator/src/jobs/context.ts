import type { Chain, Features } from '../chain.js';
import type { IntervalClock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { EthAudRate } from '../prices/rate.js';
import type { PriceSource } from '../prices/source.js';
import type { Sender } from '../sender.js';
import type { OperatorState } from '../state.js';
import type { StrategyPublisher } from '../strategy.js';

export interface TablesSchedule {
  mode: 'auto' | 'on' | 'off';
  profileIds: bigint[];
  /** Market time (minutes after midnight) after which the next day's full table is published. */
  fullAtMinute: number;
  /** Intraday updateBlocks every this many intervals (0: never; 1: every interval; 6: every 30 min). */
  blocksEveryIntervals: number;
  /** How many blocks from the current one an intraday update rewrites. */
  blocksAhead: number;
  /** Intervals a table stays valid after the end of its day (then batteries fall back to static thresholds). */
  graceIntervals: number;
}

/** What every job of one interval gets. */
export interface JobContext {
  chain: Chain;
  clock: IntervalClock;
  sender: Sender;
  source: PriceSource;
  rate: EthAudRate;
  strategy: StrategyPublisher | null;
  features: Features;
  log: Logger;
  metrics: Metrics;
  state: OperatorState;
  save: () => void;
  signal: AbortSignal;
  intervalSeconds: number;
  minValidPrice: bigint;
  maxValidPrice: bigint;
  tables: TablesSchedule;
  epochs: 'auto' | 'on' | 'off';
  /** Retry RPC calls of interval `i` until it is over. */
  stopAt: (i: bigint) => () => Promise<boolean>;
}
