/**
 * Step 3: dispatch the batteries that would move energy this interval, in batches of the trader's maxBatchSize,
 * through performUpkeep (which checks the interval). Only after this interval's own round is on chain (never on the
 * previous interval's price). Each batch is first previewed (`previewDispatch`, a view): batteries whose decision is
 * Idle, or a charge into a full battery, get no transaction — a no-op dispatch would only cost gas. Batteries already
 * dispatched preview as Idle, so a restart never dispatches twice; one dispatched meanwhile by another keeper is
 * skipped by the contract (or the batch reverts UpkeepNotNeeded, which is fine).
 */
import { encodeAbiParameters, encodeFunctionData, parseEventLogs } from 'viem';
import { energyTraderAbi } from '../chain.js';
import { IntervalDeadlineError, SimulationRevertedError, TxReplacedError } from '../errors.js';
import type { Address } from 'viem';
import type { JobContext } from './context.js';

export interface DispatchResult {
  transactions: number;
  batteries: number;
  /** Batteries that would not move energy this interval (no transaction sent for them). */
  idle: number;
  skippedForFunds: number;
  outcome: 'dispatched' | 'nothing' | 'paused' | 'no-price';
}

const isRevert = (error: unknown, name: string) => error instanceof SimulationRevertedError && error.errorName === name;

export async function dispatchFleet(ctx: JobContext, i: bigint, maxTransactions: number): Promise<DispatchResult> {
  const result: DispatchResult = { transactions: 0, batteries: 0, idle: 0, skippedForFunds: 0, outcome: 'nothing' };
  const stop = ctx.stopAt(i);
  if (await ctx.chain.paused()) {
    ctx.log.warn({ event: 'dispatch_paused', interval: i }, 'the system is paused: no dispatch');
    return { ...result, outcome: 'paused' };
  }
  const round = await ctx.chain.latestRound();
  if (round.updatedAt < BigInt(ctx.clock.startOf(i))) return { ...result, outcome: 'no-price' };
  const trader = ctx.chain.contracts.energyTrader;
  const fleet = await ctx.chain.activeFleet();
  const batchSize = (await ctx.chain.tradingParams()).maxBatchSize;
  for (let offset = 0; offset < fleet.length && result.transactions < maxTransactions; offset += batchSize) {
    const chunk = fleet.slice(offset, offset + batchSize);
    // a second attempt only when our transaction was replaced: what is left of the batch is previewed and sent again
    for (let attempt = 0; attempt < 2; attempt++) {
      const sent = await dispatchChunk(ctx, trader, i, chunk, result, stop, attempt === 0);
      if (sent !== 'replaced') break;
    }
  }
  result.outcome = result.batteries > 0 ? 'dispatched' : 'nothing';
  ctx.state.lastDispatched = { interval: i.toString(), batteries: result.batteries };
  ctx.save();
  ctx.metrics.set('last_dispatched_interval', i);
  return result;
}

/**
 * Previews one batch and sends `performUpkeep` for the batteries that would move energy. 'replaced' when our
 * transaction was replaced and the batch may be tried once more (`mayRetry`); a second replacement throws.
 */
async function dispatchChunk(
  ctx: JobContext,
  trader: Address,
  i: bigint,
  chunk: bigint[],
  result: DispatchResult,
  stop: ReturnType<JobContext['stopAt']>,
  mayRetry: boolean,
): Promise<'sent' | 'none' | 'replaced'> {
  if (await ctx.clock.isOver(i)) throw new IntervalDeadlineError(i, 'dispatch');
  const [actions, energyWh] = await ctx.chain.rpc(
    'previewDispatch',
    () =>
      ctx.chain.client.readContract({
        address: trader,
        abi: energyTraderAbi,
        functionName: 'previewDispatch',
        args: [chunk],
        account: ctx.chain.account.address,
      }),
    stop,
  );
  const trading = chunk.filter((_, k) => actions[k] !== 0 && energyWh[k]! > 0n);
  result.idle += chunk.length - trading.length;
  ctx.metrics.inc('batteries_idle_total', chunk.length - trading.length);
  if (trading.length === 0) return 'none';
  const performData = encodeAbiParameters([{ type: 'uint64' }, { type: 'uint256[]' }], [i, trading]);
  try {
    const { receipt, hash } = await ctx.sender.send({
      kind: 'dispatch',
      deadline: ctx.stopAt(i),
      interval: i,
      to: trader,
      data: encodeFunctionData({ abi: energyTraderAbi, functionName: 'performUpkeep', args: [performData] }),
      abi: energyTraderAbi,
    });
    const trades = parseEventLogs({ abi: energyTraderAbi, eventName: 'Trade', logs: receipt.logs }).length;
    const skipped = parseEventLogs({ abi: energyTraderAbi, eventName: 'DispatchSkipped', logs: receipt.logs }).length;
    result.transactions++;
    result.batteries += trades + skipped;
    result.skippedForFunds += skipped;
    ctx.metrics.inc('dispatch_tx_total');
    ctx.metrics.inc('batteries_dispatched_total', trades + skipped);
    ctx.log.info({ event: 'dispatched', interval: i, trades, skipped, idle: result.idle, tx: hash, gasUsed: receipt.gasUsed }, 'performUpkeep mined');
    return 'sent';
  } catch (error) {
    // someone else (another keeper, a manual dispatch) did this batch first: nothing left in it
    if (isRevert(error, 'UpkeepNotNeeded')) return 'none';
    if (error instanceof TxReplacedError && mayRetry) return 'replaced';
    throw error;
  }
}
