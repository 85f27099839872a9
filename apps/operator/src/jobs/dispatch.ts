/**
 * Step 3: dispatch the fleet through the Automation interface until checkUpkeep says there is nothing left for
 * this interval. Only after this interval's own round is on chain (never on the previous interval's price);
 * batteries already dispatched are never in checkUpkeep's batch, so a restart never dispatches twice.
 */
import { decodeAbiParameters, encodeFunctionData, parseEventLogs, type Hex } from 'viem';
import { energyTraderAbi } from '../chain.js';
import { IntervalDeadlineError, SimulationRevertedError, TxReplacedError } from '../errors.js';
import type { JobContext } from './context.js';

export interface DispatchResult {
  transactions: number;
  batteries: number;
  skippedForFunds: number;
  outcome: 'dispatched' | 'nothing' | 'paused' | 'no-price';
}

const isRevert = (error: unknown, name: string) => error instanceof SimulationRevertedError && error.errorName === name;

export async function dispatchFleet(ctx: JobContext, i: bigint, maxTransactions: number): Promise<DispatchResult> {
  const result: DispatchResult = { transactions: 0, batteries: 0, skippedForFunds: 0, outcome: 'nothing' };
  const stop = ctx.stopAt(i);
  if (await ctx.chain.paused()) {
    ctx.log.warn({ event: 'dispatch_paused', interval: i }, 'the system is paused: no dispatch');
    return { ...result, outcome: 'paused' };
  }
  const round = await ctx.chain.latestRound();
  if (round.updatedAt < BigInt(ctx.clock.startOf(i))) return { ...result, outcome: 'no-price' };
  const trader = ctx.chain.contracts.energyTrader;
  for (let n = 0; n < maxTransactions; n++) {
    if (await ctx.clock.isOver(i)) throw new IntervalDeadlineError(i, 'dispatch');
    const [needed, performData] = await ctx.chain.rpc(
      'checkUpkeep',
      () =>
        ctx.chain.client.readContract({
          address: trader,
          abi: energyTraderAbi,
          functionName: 'checkUpkeep',
          args: ['0x'],
          account: ctx.chain.account.address,
        }),
      stop,
    );
    if (!needed) break;
    const [batchInterval] = decodeAbiParameters([{ type: 'uint64' }, { type: 'uint256[]' }], performData as Hex);
    if (batchInterval !== i) {
      ctx.log.warn({ event: 'dispatch_interval_moved', interval: i, chainInterval: batchInterval }, 'the chain moved to another interval');
      throw new IntervalDeadlineError(i, 'dispatch');
    }
    try {
      const { receipt, hash } = await ctx.sender.send({
        kind: 'dispatch',
        deadline: ctx.stopAt(i),
        interval: i,
        to: trader,
        data: encodeFunctionData({ abi: energyTraderAbi, functionName: 'performUpkeep', args: [performData as Hex] }),
        abi: energyTraderAbi,
      });
      const trades = parseEventLogs({ abi: energyTraderAbi, eventName: 'Trade', logs: receipt.logs }).length;
      const skipped = parseEventLogs({ abi: energyTraderAbi, eventName: 'DispatchSkipped', logs: receipt.logs }).length;
      result.transactions++;
      result.batteries += trades + skipped;
      result.skippedForFunds += skipped;
      ctx.metrics.inc('dispatch_tx_total');
      ctx.metrics.inc('batteries_dispatched_total', trades + skipped);
      ctx.log.info({ event: 'dispatched', interval: i, trades, skipped, tx: hash, gasUsed: receipt.gasUsed }, 'performUpkeep mined');
    } catch (error) {
      // someone else (another keeper, a manual dispatch) did this batch first: look again
      if (isRevert(error, 'UpkeepNotNeeded') || error instanceof TxReplacedError) continue;
      throw error;
    }
  }
  result.outcome = result.batteries > 0 ? 'dispatched' : 'nothing';
  ctx.state.lastDispatched = { interval: i.toString(), batteries: result.batteries };
  ctx.save();
  ctx.metrics.set('last_dispatched_interval', i);
  return result;
}
