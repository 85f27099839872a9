/**
 * Step 1: strategy tables, before the interval's price is pushed (a table for an interval may use prices up to
 * the previous interval only). Per profile:
 *  - full table: once a market day, after `fullAtMinute` market time, for the next market day
 *    (effectiveFrom = its first interval: the contract's second buffer switches atomically at midnight); and at
 *    once when no table covers the current day (first start);
 *  - intraday: every `blocksEveryIntervals` intervals, `updateBlocks` rewrites the current block and the next
 *    `blocksAhead − 1` from the latest prices and live state of charge.
 * Enabled when the deployed contract has publishTable/updateBlocks (see detectFeatures) or forced on.
 */
import { encodeFunctionData, type AbiFunction, type Hex } from 'viem';
import { blockOfInterval, marketDay, INTERVALS_PER_DAY, MARKET_UTC_OFFSET_SECONDS } from '@vpp/strategy';
import { errorMessage, TxReplacedError } from '../errors.js';
import type { FleetBattery } from '../strategy.js';
import type { JobContext } from './context.js';

/** Positional arguments coerced to what viem expects for each ABI input (small uints as numbers). */
export function coerceArgs(item: AbiFunction, values: readonly unknown[]): unknown[] {
  return item.inputs.map((input, k) => {
    const v = values[k];
    const m = /^u?int(\d+)$/.exec(input.type);
    if (m) return Number(m[1]) <= 48 ? Number(v) : BigInt(v as bigint | number);
    return v;
  });
}

/** First interval of the market day `day` (days since 1970-01-01, market time). */
export function firstIntervalOfDay(day: number, intervalSeconds: number): bigint {
  return BigInt((day * 86_400 - MARKET_UTC_OFFSET_SECONDS) / intervalSeconds);
}

async function fleetOf(ctx: JobContext): Promise<FleetBattery[]> {
  const ids = await ctx.chain.activeFleet();
  const out: FleetBattery[] = [];
  for (const batteryId of ids) {
    const s = await ctx.chain.dispatchState(batteryId);
    out.push({
      batteryId,
      capacityWh: s.capacityWh,
      stateOfChargeWh: s.stateOfChargeWh,
      maxChargeW: s.maxChargeW,
      maxDischargeW: s.maxDischargeW,
      roundTripEfficiencyBps: s.roundTripEfficiencyBps,
    });
  }
  return out;
}

export interface TablesResult {
  full: number;
  blocks: number;
}

export async function publishTables(ctx: JobContext, i: bigint): Promise<TablesResult> {
  const result: TablesResult = { full: 0, blocks: 0 };
  const { publishTable, updateBlocks } = ctx.features;
  if (ctx.tables.mode === 'off' || !ctx.strategy || ctx.tables.profileIds.length === 0) return result;
  if (!publishTable) return result;
  const start = ctx.clock.startOf(i);
  const day = marketDay(start);
  const minuteOfDay = Math.floor((((start + MARKET_UTC_OFFSET_SECONDS) % 86_400) + 86_400) % 86_400 / 60);
  const today = firstIntervalOfDay(day, ctx.intervalSeconds);
  const tomorrow = firstIntervalOfDay(day + 1, ctx.intervalSeconds);
  const perDay = BigInt((INTERVALS_PER_DAY * 300) / ctx.intervalSeconds);
  let fleet: FleetBattery[] | null = null;
  const history = ctx.source.history(i, ctx.intervalSeconds);
  const ethAud = await ctx.rate.current();

  for (const profileId of ctx.tables.profileIds) {
    const key = profileId.toString();
    const st = (ctx.state.tables[key] ??= { fullFrom: null, blocksAt: null });
    const fullFrom = st.fullFrom === null ? null : BigInt(st.fullFrom);
    let effectiveFrom: bigint | null = null;
    if (fullFrom === null || fullFrom < today) effectiveFrom = i; // nothing covers today: publish now
    else if (minuteOfDay >= ctx.tables.fullAtMinute && fullFrom < tomorrow) effectiveFrom = tomorrow;
    try {
      if (effectiveFrom !== null) {
        fleet ??= await fleetOf(ctx);
        const table = await ctx.strategy.tableFor({
          profileId,
          history,
          decisionInterval: i,
          effectiveFrom,
          intervalSeconds: ctx.intervalSeconds,
          ethAud,
          batteries: fleet,
          purpose: 'full',
        });
        const dayStart = effectiveFrom === i ? today : tomorrow;
        const validUntil = dayStart + perDay - 1n + BigInt(ctx.tables.graceIntervals);
        const { receipt, hash } = await ctx.sender.send({
          kind: 'table',
          deadline: ctx.stopAt(i),
          interval: i,
          to: publishTable.address,
          data: encodeFunctionData({
            abi: [publishTable.abiItem],
            functionName: publishTable.abiItem.name,
            args: coerceArgs(publishTable.abiItem, [profileId, effectiveFrom, validUntil, table.unitWei, table.blocks]),
          } as never),
          abi: [publishTable.abiItem],
        });
        st.fullFrom = (effectiveFrom === i ? today : tomorrow).toString();
        st.blocksAt = i.toString();
        ctx.save();
        result.full++;
        ctx.metrics.inc('tables_published_total', 1, { kind: 'full' });
        ctx.log.info({ event: 'table_published', interval: i, profileId, effectiveFrom, validUntil, tx: hash, gasUsed: receipt.gasUsed }, 'full strategy table published');
        continue;
      }
      const every = ctx.tables.blocksEveryIntervals;
      const lastBlocks = st.blocksAt === null ? null : BigInt(st.blocksAt);
      if (!updateBlocks || every <= 0 || (lastBlocks !== null && i - lastBlocks < BigInt(every))) continue;
      const first = blockOfInterval(Number(i), ctx.intervalSeconds);
      const count = Math.min(ctx.tables.blocksAhead, 48 - first);
      fleet ??= await fleetOf(ctx);
      const table = await ctx.strategy.tableFor({
        profileId,
        history,
        decisionInterval: i,
        effectiveFrom: i,
        intervalSeconds: ctx.intervalSeconds,
        ethAud,
        batteries: fleet,
        purpose: 'blocks',
      });
      const blocks = table.blocks.slice(first, first + count) as Hex[];
      const validUntil = today + perDay - 1n + BigInt(ctx.tables.graceIntervals);
      const { receipt, hash } = await ctx.sender.send({
        kind: 'blocks',
        deadline: ctx.stopAt(i),
        interval: i,
        to: updateBlocks.address,
        data: encodeFunctionData({
          abi: [updateBlocks.abiItem],
          functionName: updateBlocks.abiItem.name,
          args: coerceArgs(updateBlocks.abiItem, [profileId, first, blocks, validUntil]),
        } as never),
        abi: [updateBlocks.abiItem],
      });
      st.blocksAt = i.toString();
      ctx.save();
      result.blocks++;
      ctx.metrics.inc('tables_published_total', 1, { kind: 'blocks' });
      ctx.log.info({ event: 'blocks_updated', interval: i, profileId, firstBlock: first, count, tx: hash, gasUsed: receipt.gasUsed }, 'table blocks updated');
    } catch (error) {
      if (error instanceof TxReplacedError) continue; // re-evaluated next interval
      // a table failure never costs the interval its price and dispatch: the previous table (or the static
      // thresholds once it is stale) still trade
      ctx.metrics.inc('errors_total', 1, { kind: 'table' });
      ctx.log.error({ event: 'table_failed', interval: i, profileId, err: errorMessage(error) }, 'strategy table not published');
      if ((error as Error).name === 'ShutdownError') throw error;
    }
  }
  return result;
}
