import type { Chain, Features } from '../chain.js';
import type { IntervalClock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { EthAudRate } from '../prices/rate.js';
import type { PriceSource } from '../prices/source.js';
import type { Sender } from '../sender.js';
import type { OperatorState } from '../state.js';
import type { Abi } from 'viem';
import type { ProfileState, Strategy } from '@vpp/strategy';
import type { StrategySource } from '../strategy.js';

export interface TablesSchedule {
  mode: 'auto' | 'on' | 'off';
  profileIds: bigint[];
  /** Table unit in AUD/MWh (unitWei = its wei value at the current rate), unless unitWei is fixed. */
  unitAud: string;
  unitWei: bigint | null;
}

/** What every job of one interval gets. */
export interface JobContext {
  chain: Chain;
  clock: IntervalClock;
  sender: Sender;
  source: PriceSource;
  rate: EthAudRate;
  strategy: StrategySource | null;
  /** Per-profile strategy instances (when `strategy` is a factory). */
  strategies: Record<string, Strategy>;
  /** Mirrors of the profiles' table buffers on chain. */
  mirrors: Record<string, ProfileState>;
  /** Custom errors of the table contract, to decode refusals. */
  tableErrors: Abi;
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
