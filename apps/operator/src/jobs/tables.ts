/**
 * Step 1 of an interval: strategy tables, before the interval's price is pushed (a table for an interval may use
 * prices up to the previous interval only). For each configured profile the strategy decides the writes to send
 * now; they are sent as `publishTable` / `updateBlocks` to the contract that has them (see detectFeatures).
 * A write the contract refuses (e.g. EffectiveFromTaken after a restart re-publishes the same table) is logged
 * and skipped; a table failure never costs the interval its price and dispatch.
 */
import { encodeFunctionData, type AbiFunction, type Hex } from 'viem';
import {
  audToWeiPerMWh,
  MARKET_UTC_OFFSET_SECONDS,
  NEVER_CHARGE_WEI,
  NEVER_DISCHARGE_WEI,
  PriceHistory,
  ProfileState,
  unpackBlock,
  type ActiveTable,
  type BatterySpec,
  type Strategy,
  type TableWrite,
} from '@vpp/strategy';
import { errorMessage, SimulationRevertedError, TxReplacedError } from '../errors.js';
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

export interface TablesResult {
  full: number;
  blocks: number;
}

async function strategyFor(ctx: JobContext, profileId: bigint, battery: BatterySpec): Promise<Strategy | null> {
  const s = ctx.strategy;
  if (!s) return null;
  if (typeof s !== 'function') return s;
  const key = profileId.toString();
  return (ctx.strategies[key] ??= await s(profileId, battery));
}

/**
 * The operator's mirror of a profile's two buffers (it is the profile's only strategist): read from the chain
 * once (when the contract has the views), then updated with every write it sends.
 */
async function mirrorOf(ctx: JobContext, profileId: bigint): Promise<ProfileState> {
  const key = profileId.toString();
  const known = ctx.mirrors[key];
  if (known) return known;
  const mirror = new ProfileState();
  const { tableBuffer, tableBlock } = ctx.features;
  if (tableBuffer && tableBlock) {
    for (const b of [0, 1] as const) {
      const buf = (await ctx.chain.rpc('tableBuffer', () =>
        ctx.chain.client.readContract({ address: tableBuffer.address, abi: [tableBuffer.abiItem], functionName: tableBuffer.abiItem.name, args: [Number(profileId), b] } as never),
      )) as { effectiveFrom: number; validUntil: number; unitWei: bigint };
      if (BigInt(buf.unitWei) === 0n) continue;
      const words: bigint[] = [];
      for (let k = 0; k < 48; k++) {
        const w = (await ctx.chain.rpc('tableBlock', () =>
          ctx.chain.client.readContract({ address: tableBlock.address, abi: [tableBlock.abiItem], functionName: tableBlock.abiItem.name, args: [Number(profileId), b, k] } as never),
        )) as Hex;
        words.push(BigInt(w));
      }
      mirror.buffers[b] = { published: true, effectiveFrom: Number(buf.effectiveFrom), validUntil: Number(buf.validUntil), unitWei: BigInt(buf.unitWei), words };
    }
  }
  ctx.mirrors[key] = mirror;
  return mirror;
}

function activeTableOf(mirror: ProfileState, interval: number): ActiveTable | null {
  const a = mirror.activeBuffer(interval);
  if (a === -1) return null;
  const buf = mirror.buffers[a];
  return { validUntil: buf.validUntil, unitWei: buf.unitWei, block: (b: number) => unpackBlock(buf.words[b]!) };
}

export async function publishTables(ctx: JobContext, i: bigint): Promise<TablesResult> {
  const result: TablesResult = { full: 0, blocks: 0 };
  const { publishTable, updateBlocks, batteryProfile } = ctx.features;
  if (ctx.tables.mode === 'off' || !ctx.strategy || ctx.tables.profileIds.length === 0 || !publishTable) return result;
  const series = ctx.source.history(i, ctx.intervalSeconds);
  if (!series || series.firstInterval + series.length !== Number(i)) {
    ctx.log.warn({ event: 'table_no_history', interval: i }, 'no price history up to the previous interval: no table decision');
    return result;
  }
  const history = new PriceHistory(series, series.length);
  const ethAud = await ctx.rate.current();
  const unitWei = ctx.tables.unitWei ?? audToWeiPerMWh(ctx.tables.unitAud, ethAud);
  const fleet = await ctx.chain.activeFleet();

  for (const profileId of ctx.tables.profileIds) {
    const key = profileId.toString();
    const st = (ctx.state.tables[key] ??= { fullFrom: null, blocksAt: null, validUntil: null });
    // the profile's batteries (all active ones when the contract cannot tell); the first one's live state decides
    let members = fleet;
    if (batteryProfile) {
      members = [];
      for (const id of fleet) {
        const p = (await ctx.chain.rpc('batteryProfile', () =>
          ctx.chain.client.readContract({ address: batteryProfile.address, abi: [batteryProfile.abiItem], functionName: batteryProfile.abiItem.name, args: [id] } as never),
        )) as number | bigint;
        if (BigInt(p) === profileId) members.push(id);
      }
    }
    const first = members[0];
    if (first === undefined) continue;
    const s = await ctx.chain.dispatchState(first);
    const battery: BatterySpec = {
      capacityWh: s.capacityWh,
      maxChargeW: s.maxChargeW,
      maxDischargeW: s.maxDischargeW,
      efficiencyBps: s.roundTripEfficiencyBps,
      staticChargeBelowWei: s.chargeBelowPrice < s.dischargeAbovePrice ? BigInt(s.chargeBelowPrice) : NEVER_CHARGE_WEI,
      staticDischargeAboveWei: s.chargeBelowPrice < s.dischargeAbovePrice ? BigInt(s.dischargeAbovePrice) : NEVER_DISCHARGE_WEI,
    };
    const strategy = await strategyFor(ctx, profileId, battery);
    if (!strategy) continue;
    const mirror = await mirrorOf(ctx, profileId);
    const activeTable = activeTableOf(mirror, Number(i));
    let writes: TableWrite[];
    try {
      writes = strategy.decide({
        interval: Number(i),
        index: history.length,
        history,
        socWh: s.stateOfChargeWh,
        battery,
        unitWei,
        activeValidUntil: activeTable?.validUntil ?? null,
        activeTable,
        intervalSeconds: ctx.intervalSeconds,
      });
    } catch (error) {
      ctx.metrics.inc('errors_total', 1, { kind: 'strategy' });
      ctx.log.error({ event: 'strategy_failed', interval: i, profileId, strategy: strategy.name, err: errorMessage(error) }, 'the strategy failed: no table write');
      continue;
    }
    for (const w of writes) {
      const feature = w.kind === 'publishTable' ? publishTable : updateBlocks;
      if (!feature) continue;
      const args =
        w.kind === 'publishTable'
          ? [profileId, w.effectiveFrom, w.validUntil, w.unitWei, w.blocks]
          : [profileId, w.firstBlock, w.blocks as Hex[], w.validUntil];
      try {
        const { receipt, hash } = await ctx.sender.send({
          kind: w.kind === 'publishTable' ? 'table' : 'blocks',
          deadline: ctx.stopAt(i),
          interval: i,
          to: feature.address,
          data: encodeFunctionData({ abi: [feature.abiItem], functionName: feature.abiItem.name, args: coerceArgs(feature.abiItem, args) } as never),
          abi: [feature.abiItem, ...ctx.tableErrors],
        });
        if (w.kind === 'publishTable') {
          st.fullFrom = String(w.effectiveFrom);
          result.full++;
        } else result.blocks++;
        st.validUntil = String(w.validUntil);
        st.blocksAt = i.toString();
        try {
          mirror.apply(w, Number(i));
        } catch {
          delete ctx.mirrors[profileId.toString()]; // re-read from the chain next time
        }
        ctx.save();
        ctx.metrics.inc('tables_published_total', 1, { kind: w.kind === 'publishTable' ? 'full' : 'blocks' });
        ctx.log.info(
          { event: w.kind === 'publishTable' ? 'table_published' : 'blocks_updated', interval: i, profileId, validUntil: w.validUntil, ...(w.kind === 'publishTable' ? { effectiveFrom: w.effectiveFrom } : { firstBlock: w.firstBlock, count: w.blocks.length }), tx: hash, gasUsed: receipt.gasUsed },
          w.kind === 'publishTable' ? 'strategy table published' : 'table blocks updated',
        );
      } catch (error) {
        if ((error as Error).name === 'ShutdownError' || (error as Error).name === 'IntervalDeadlineError') throw error;
        if (error instanceof TxReplacedError) continue;
        ctx.metrics.inc('errors_total', 1, { kind: 'table' });
        const refused = error instanceof SimulationRevertedError;
        ctx.log[refused ? 'warn' : 'error']({ event: 'table_failed', interval: i, profileId, write: w.kind, err: errorMessage(error) }, refused ? 'the contract refused the table write' : 'strategy table not published');
      }
    }
  }
  return result;
}
