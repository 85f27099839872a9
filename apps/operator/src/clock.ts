/**
 * When intervals happen. Three clocks:
 *  - wall:   real time (live networks; the chain's clock is real time too);
 *  - scaled: a replayed day at `speed` × real time from `start` (demos on anvil): before each interval and each
 *            broadcast the operator moves anvil's next block timestamp to the scaled time;
 *  - travel: as fast as possible on anvil: when an interval is done, the chain jumps to the next one's start.
 *            Chain time is the clock, so a restarted operator picks up exactly where the chain is.
 */
import type { Chain } from './chain.js';
import { ConfigError } from './errors.js';
import { sleep } from './retry.js';

export type ClockMode = 'wall' | 'scaled' | 'travel';

export interface ClockOptions {
  mode: ClockMode;
  intervalSeconds: number;
  speed: number;
  /** scaled: unix seconds where the replay starts (default: chain time). */
  start: number | null;
  /** Seconds after an interval's start at which its price is pushed (a live source needs the price published). */
  startDelaySeconds: number;
}

export class IntervalClock {
  private anchorTs = 0;
  private anchorWall = 0;
  constructor(
    private readonly chain: Chain,
    readonly o: ClockOptions,
  ) {
    if ((o.mode === 'scaled' || o.mode === 'travel') && !chain.local) {
      throw new ConfigError(`clock "${o.mode}" moves the chain's time: it needs a local chain (anvil), not chain ${chain.chainId}`);
    }
    if (!(o.speed > 0)) throw new ConfigError('speed must be positive');
  }

  async init(): Promise<void> {
    if (this.o.mode !== 'scaled') return;
    const chainTs = await this.chain.chainTime();
    // a restarted scaled replay continues from the chain's time: block timestamps never go backwards
    this.anchorTs = Math.max(this.o.start ?? chainTs, chainTs);
    this.anchorWall = Date.now();
  }

  get mode(): ClockMode {
    return this.o.mode;
  }

  /** Operator time, unix seconds (fractional for wall and scaled). */
  async now(): Promise<number> {
    switch (this.o.mode) {
      case 'wall':
        return Date.now() / 1000;
      case 'scaled':
        return this.anchorTs + ((Date.now() - this.anchorWall) / 1000) * this.o.speed;
      case 'travel':
        return this.chain.chainTime();
    }
  }

  intervalOf(t: number): bigint {
    return BigInt(Math.floor(t / this.o.intervalSeconds));
  }

  startOf(i: bigint): number {
    return Number(i) * this.o.intervalSeconds;
  }

  /** Wall-clock ms at which operator time reaches `t` (travel: time does not pass by itself). */
  wallMsAt(t: number): number {
    switch (this.o.mode) {
      case 'wall':
        return t * 1000;
      case 'scaled':
        return this.anchorWall + ((t - this.anchorTs) / this.o.speed) * 1000;
      case 'travel':
        return Infinity;
    }
  }

  /** Waits until interval `i` has started (plus the start delay); on local clocks, moves the chain there. */
  async enter(i: bigint, signal: AbortSignal): Promise<void> {
    const target = this.startOf(i) + this.o.startDelaySeconds;
    if (this.o.mode === 'travel') {
      const chainTs = await this.chain.chainTime();
      if (chainTs < target) await this.chain.travelTo(target, true);
      return;
    }
    const wait = this.wallMsAt(target) - Date.now();
    if (wait > 0) await sleep(wait, signal);
    if (this.o.mode === 'scaled') await this.chain.travelTo(Math.floor(await this.now()), true);
  }

  /** Before a broadcast on the scaled clock: the next block is stamped with the scaled time. */
  async beforeBroadcast(): Promise<void> {
    if (this.o.mode === 'scaled') await this.chain.stampNextBlock(Math.floor(await this.now()));
  }

  /**
   * Whether interval `i` is over on this clock. Travel: never by itself — the operator moves time (a step that
   * outlives its interval anyway is refused on chain: performUpkeep checks the interval).
   */
  async isOver(i: bigint): Promise<boolean> {
    if (this.o.mode === 'travel') return false;
    return (await this.now()) >= this.startOf(i + 1n);
  }
}
