import { INTERVALS_PER_DAY, marketDay } from '../aemo.js';
import type { DecisionContext } from '../strategy.js';
import { BANDS, BLOCKS, packBlock, type BlockThresholds, type Bytes32, type TableWrite } from '../table.js';

/** Market day of the interval being decided. */
export const dayOf = (ctx: DecisionContext): number => marketDay(ctx.interval * ctx.intervalSeconds);
/** True at the first interval of a market day. */
export const isDayStart = (ctx: DecisionContext): boolean =>
  (((ctx.interval * ctx.intervalSeconds + 36_000) % 86_400) + 86_400) % 86_400 === 0;
/** Index (in the series) of the first interval of the current market day. */
export const dayStartIndex = (ctx: DecisionContext): number => {
  const secondsIntoDay = (((ctx.interval * ctx.intervalSeconds + 36_000) % 86_400) + 86_400) % 86_400;
  return ctx.index - secondsIntoDay / ctx.intervalSeconds;
};

/** A full-table write effective now and valid for `validFor` intervals. */
export function publishNow(ctx: DecisionContext, blocks: readonly BlockThresholds[], validFor = INTERVALS_PER_DAY): TableWrite {
  return {
    kind: 'publishTable',
    effectiveFrom: ctx.interval,
    validUntil: ctx.interval + validFor - 1,
    unitWei: ctx.unitWei,
    blocks: blocks.map(packBlock) as Bytes32[],
  };
}

export function emptyTable(fill: () => BlockThresholds): BlockThresholds[] {
  return Array.from({ length: BLOCKS }, fill);
}

export const bandsOf = (lo: number, hi: number): BlockThresholds => ({
  chargeBelow: new Array<number>(BANDS).fill(lo),
  dischargeAbove: new Array<number>(BANDS).fill(hi),
});
