import { INTERVALS_PER_DAY } from '../aemo.js';
import type { BatterySpec } from '../battery.js';
import { loadHighs, solveDaySync, type ForesightOptions } from '../perfect-foresight.js';
import type { DecisionContext, Strategy } from '../strategy.js';
import { blockOfInterval, packBlock, chargeUnits, dischargeUnits, NEVER_CHARGE, NEVER_DISCHARGE, INT16_MAX, INT16_MIN } from '../table.js';
import type { BlockThresholds, TableWrite } from '../table.js';
import { bandsOf, dayStartIndex, emptyTable, isDayStart, publishNow } from './common.js';

const ALWAYS_CHARGE = bandsOf(INT16_MAX, INT16_MAX);
const ALWAYS_DISCHARGE = bandsOf(INT16_MIN, INT16_MIN);
const IDLE = bandsOf(NEVER_CHARGE, NEVER_DISCHARGE);

/**
 * Baseline: yesterday's perfect-foresight schedule replayed by time of day. At each day's first interval it solves
 * yesterday's LP (all of yesterday is published by then; the relaxation, deterministic and fast) and publishes one
 * table: a block charges whatever the price if yesterday's optimum bought more than it sold in that half hour,
 * discharges if it sold, else idles. With `resolution: 'interval'` it also rewrites the current block before each
 * interval when yesterday's action at that 5-minute interval differs (a closer replay, more gas).
 */
export async function yesterdayScheduleStrategy(
  battery: BatterySpec,
  options: { resolution?: 'block' | 'interval'; lp?: ForesightOptions } = {},
): Promise<Strategy> {
  const highs = await loadHighs();
  const eps = 1e-6;
  let actions: Int8Array | null = null;
  let dayStart = -1;
  return {
    name: 'yesterday-schedule',
    decide(ctx: DecisionContext): TableWrite[] {
      const today = dayStartIndex(ctx);
      const writes: TableWrite[] = [];
      let published: BlockThresholds[] | null = null;
      if (isDayStart(ctx) || ctx.activeValidUntil === null || today !== dayStart) {
        const from = today - INTERVALS_PER_DAY;
        if (from < 0) return [];
        const prices = ctx.history.audRange(from, today);
        const sol = solveDaySync(highs, prices, battery, { relaxed: true, ...options.lp });
        actions = new Int8Array(prices.length);
        for (let t = 0; t < prices.length; t++) {
          const c = sol.chargeMWh[t]!;
          const d = sol.dischargeMWh[t]!;
          actions[t] = c > d && c > eps ? 1 : d > eps ? 2 : 0;
        }
        dayStart = today;
        const blocks = emptyTable(() => IDLE);
        for (let b = 0; b < blocks.length; b++) {
          let c = 0;
          let d = 0;
          for (let t = b * 6; t < b * 6 + 6 && t < prices.length; t++) {
            c += sol.chargeMWh[t]!;
            d += sol.dischargeMWh[t]!;
          }
          blocks[b] = c > d && c > eps ? ALWAYS_CHARGE : d > eps ? ALWAYS_DISCHARGE : IDLE;
        }
        // yesterday starts at block 0, so block b of yesterday is block b of the table
        writes.push(publishNow(ctx, blocks, INTERVALS_PER_DAY + 12));
        published = blocks;
      }
      if (options.resolution !== 'interval' || !actions) return writes;
      const a = actions[ctx.index - today] ?? 0;
      const want = a === 1 ? ALWAYS_CHARGE : a === 2 ? ALWAYS_DISCHARGE : IDLE;
      const block = blockOfInterval(ctx.interval, ctx.intervalSeconds);
      const current = published ? published[block] : ctx.activeTable?.block(block);
      if (current && current.chargeBelow[0] === want.chargeBelow[0] && current.dischargeAbove[0] === want.dischargeAbove[0]) return writes;
      writes.push({ kind: 'updateBlocks', firstBlock: block, blocks: [packBlock(want)], validUntil: ctx.interval + INTERVALS_PER_DAY });
      return writes;
    },
  };
}

export interface QuantileOptions {
  /** Trailing days of prices. Default 7. */
  days: number;
  /** Charge below this quantile, discharge above 1 − it. Default 0.25. */
  quantile: number;
}

/** Baseline: one pair of thresholds a day, the trailing quantiles of the last days' prices. */
export function trailingQuantileStrategy(options: Partial<QuantileOptions> = {}): Strategy {
  const o: QuantileOptions = { days: 7, quantile: 0.25, ...options };
  return {
    name: 'trailing-quantile',
    decide(ctx: DecisionContext): TableWrite[] {
      if (!isDayStart(ctx) && ctx.activeValidUntil !== null) return [];
      const n = ctx.history.length;
      const from = Math.max(0, n - o.days * INTERVALS_PER_DAY);
      if (n - from < INTERVALS_PER_DAY) return [];
      const prices = ctx.history.audRange(from, n).sort();
      const q = (f: number) => prices[Math.min(prices.length - 1, Math.floor(f * prices.length))]!;
      const lo = chargeUnits(q(o.quantile));
      const hi = Math.max(lo + 1, dischargeUnits(q(1 - o.quantile)));
      return [publishNow(ctx, emptyTable(() => bandsOf(lo, hi)), INTERVALS_PER_DAY + 12)];
    },
  };
}
