/**
 * 04 · Trade one real day of wholesale prices
 *
 * The operator replays AEMO's 288 five-minute prices of 13 February 2024 in Victoria — negative at night and
 * midday (down to the −1000 AUD/MWh floor), then two hours at 16,600 AUD/MWh — interval by interval:
 *   1. (local chains only) set the next block's timestamp to the interval's real start, so the trader's
 *      interval = block.timestamp / 300 is the real 2024 interval;
 *   2. push the price to the oracle (submitPrice, wei/MWh, signed);
 *   3. dispatch every active battery (the trader charges at or below a battery's threshold, discharges at or
 *      above the other one, else idles; the fund settles each trade with the grid market).
 * Off a local chain the script cannot time-travel: it pushes one price per live interval (INTERVALS limits how
 * many). `performUpkeep` (Chainlink Automation) does the same as `dispatch` in batches it picks itself.
 *
 *   pnpm example:04                 # the whole day (288 intervals)
 *   INTERVALS=48 pnpm example:04    # the first four hours
 *   FROM_INTERVAL=120 INTERVALS=48 pnpm example:04   # 10:00–14:00 (cheap midday power, then the spike)
 *
 * Source: AEMO, Aggregated price and demand data, VIC1.
 */
import { parseEventLogs, type TransactionReceipt } from 'viem';
import { energyTraderAbi } from '@vpp/contracts';
import { dispatch, getFleet, getTradingParams, submitPrice } from '@vpp/sdk';
import { centsPerMWhToWeiPerMWh, formatAud, marketTime } from './lib/aemo.js';
import type { VppContext } from './lib/context.js';
import { energy, ethAud, progress, table } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';
import { confirmed } from './lib/tx.js';

export const ACTIONS = ['Idle', 'Charge', 'Discharge'] as const;
export type ActionName = (typeof ACTIONS)[number];

export interface TradeRecord {
  batteryId: bigint;
  interval: bigint;
  action: ActionName;
  energyWh: bigint;
  price: bigint;
  value: bigint;
  stateOfChargeWh: bigint;
}

export interface TradeDayOptions {
  /** How many intervals to trade (default $INTERVALS, else the whole day). */
  intervals?: number;
  /** Index of the first interval (default 0). */
  from?: number;
  /** Show a progress bar / progress lines (default true). */
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TradeDayResult {
  intervalsDispatched: number;
  intervalsSkipped: number;
  batteryIds: bigint[];
  trades: TradeRecord[];
  byAction: Record<ActionName, { count: number; energyWh: bigint; value: bigint }>;
  /** Dispatches the fund or the market could not pay (DispatchSkipped). */
  skipped: number;
  /** Net trading cash flow of these trades, wei (signed). */
  netValue: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** Price range of the replayed intervals, AUD cents/MWh. */
  minCents: bigint;
  maxCents: bigint;
  elapsedMs: number;
}

/** Sets the timestamp of the next block on anvil (evm_setNextBlockTimestamp). */
async function setNextBlockTimestamp(ctx: VppContext, timestamp: number): Promise<void> {
  await ctx.publicClient.request({
    method: 'evm_setNextBlockTimestamp' as 'eth_chainId',
    params: [timestamp] as unknown as undefined,
  });
}

/** Live networks: waits until the chain's clock is in a dispatch interval after `after`; returns it. */
async function waitForNewInterval(ctx: VppContext, intervalSeconds: number, after: bigint): Promise<bigint> {
  for (;;) {
    const block = await ctx.publicClient.getBlock();
    const current = block.timestamp / BigInt(intervalSeconds);
    if (current > after) return current;
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

export async function main(ctx: VppContext, options: TradeDayOptions = {}): Promise<TradeDayResult> {
  const log = options.log ?? console.log;
  const started = Date.now();
  const { operator } = ctx;
  const rate = ctx.config.audCentsPerEth;
  const from = options.from ?? Number(process.env.FROM_INTERVAL ?? 0);
  const count = Math.min(options.intervals ?? ctx.config.intervals ?? ctx.day.intervals.length, ctx.day.intervals.length - from);
  const intervals = ctx.day.intervals.slice(from, from + count);

  // The trader's settings and the fleet it dispatches.
  const params = await getTradingParams(operator.client);
  if (params.intervalSeconds !== ctx.day.intervalSeconds) {
    log(`note: the trader's interval is ${params.intervalSeconds} s, AEMO's ${ctx.day.intervalSeconds} s`);
  }
  const { batteries } = await getFleet(operator.client);
  const active = batteries.filter((b) => b.status === 'Active');
  const batteryIds = active.map((b) => b.batteryId);
  // Intervals already dispatched (a second run of this script) are skipped: the trader rejects them.
  const lastDispatched = active.reduce((max, b) => (b.lastDispatchedInterval > max ? b.lastDispatchedInterval : max), 0n);
  if (batteryIds.length === 0) throw new Error('no active battery: run 03-manage-fleet first');
  const batches: bigint[][] = [];
  for (let i = 0; i < batteryIds.length; i += params.maxBatchSize) batches.push(batteryIds.slice(i, i + params.maxBatchSize));
  log(`Trading ${intervals.length} intervals of ${ctx.day.marketDate} (${ctx.day.region}) with ${batteryIds.length} batteries` +
    ` at ${formatAud(rate)}/ETH`);

  const fromBlock = (await ctx.publicClient.getBlockNumber()) + 1n;
  const receipts: TransactionReceipt[] = [];
  const bar = options.progress === false ? null : progress(intervals.length, 'trading');
  let dispatched = 0;
  let skippedIntervals = 0;
  let lastInterval = -1n;
  let minCents = intervals[0]?.rrpCentsPerMWh ?? 0n;
  let maxCents = minCents;

  for (const [n, interval] of intervals.entries()) {
    const aemoInterval = BigInt(Math.floor(interval.start / params.intervalSeconds));
    if (ctx.local) {
      // 1. Time travel (local chains only): the next block starts at the real interval's start.
      const latest = await ctx.publicClient.getBlock();
      if (aemoInterval <= lastDispatched || Number(latest.timestamp) >= interval.end) {
        skippedIntervals++; // already dispatched (a second run), or the chain's clock is past it
        continue;
      }
      await setNextBlockTimestamp(ctx, Math.max(interval.start, Number(latest.timestamp)));
      lastInterval = aemoInterval;
    } else {
      // Live networks cannot time-travel: one AEMO price per new live interval.
      lastInterval = await waitForNewInterval(ctx, params.intervalSeconds, lastInterval > lastDispatched ? lastInterval : lastDispatched);
    }

    // 2. Push the interval's price: AUD cents/MWh -> wei/MWh at the fixed rate (integer maths).
    const price = centsPerMWhToWeiPerMWh(interval.rrpCentsPerMWh, rate);
    receipts.push(await confirmed(submitPrice(operator.client, { price }), operator.client));

    // 3. Dispatch every active battery for this interval.
    for (const batch of batches) receipts.push(await confirmed(dispatch(operator.client, { batteryIds: batch }), operator.client));

    dispatched++;
    if (interval.rrpCentsPerMWh < minCents) minCents = interval.rrpCentsPerMWh;
    if (interval.rrpCentsPerMWh > maxCents) maxCents = interval.rrpCentsPerMWh;
    bar?.update(n + 1, `${marketTime(interval.end)} ${formatAud(interval.rrpCentsPerMWh)}/MWh`.padEnd(32));
  }
  bar?.done();
  if (skippedIntervals > 0) log(`${skippedIntervals} intervals skipped: already dispatched, or the chain's clock is past them`);

  // What happened: the trader's Trade events (one per battery and interval, Idle included).
  const logs = receipts.flatMap((r) => r.logs);
  const trades: TradeRecord[] = parseEventLogs({ abi: energyTraderAbi, eventName: 'Trade', logs }).map((e) => ({
    batteryId: e.args.batteryId,
    interval: e.args.interval,
    action: ACTIONS[e.args.action]!,
    energyWh: e.args.energyWh,
    price: e.args.price,
    value: e.args.value,
    stateOfChargeWh: e.args.stateOfChargeWh,
  }));
  const skipped = parseEventLogs({ abi: energyTraderAbi, eventName: 'DispatchSkipped', logs }).length;
  const byAction = Object.fromEntries(ACTIONS.map((a) => [a, { count: 0, energyWh: 0n, value: 0n }])) as TradeDayResult['byAction'];
  let netValue = 0n;
  for (const t of trades) {
    byAction[t.action].count++;
    byAction[t.action].energyWh += t.energyWh;
    byAction[t.action].value += t.value;
    netValue += t.value;
  }
  const toBlock = receipts.length > 0 ? receipts[receipts.length - 1]!.blockNumber : fromBlock - 1n;

  table(
    [
      ['action', 'trades', 'energy', 'cash flow'],
      ...ACTIONS.map((a) => [a, byAction[a].count, energy(byAction[a].energyWh), ethAud(byAction[a].value, rate)]),
    ],
    log,
  );
  log(`net trading result ${ethAud(netValue, rate)} over ${dispatched} intervals` +
    (skipped ? ` (${skipped} dispatches skipped for lack of funds)` : ''));
  return {
    intervalsDispatched: dispatched,
    intervalsSkipped: skippedIntervals,
    batteryIds,
    trades,
    byAction,
    skipped,
    netValue,
    fromBlock,
    toBlock,
    minCents,
    maxCents,
    elapsedMs: Date.now() - started,
  };
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx), { attribution: true });
