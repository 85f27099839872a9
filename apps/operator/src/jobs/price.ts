/**
 * Step 2 of an interval: exactly one oracle round per interval. The chain decides whether it is needed (the
 * oracle's latest round updated at or after the interval's start means it was pushed: a restart never pushes
 * twice); the source gives the interval's own price or a typed error (the interval is then skipped).
 */
import { encodeFunctionData, parseEventLogs } from 'viem';
import { audToWeiPerMWh } from '@vpp/strategy';
import { energyPriceOracleAbi } from '../chain.js';
import { IntervalDeadlineError, PriceOutOfBoundsError, TxReplacedError } from '../errors.js';
import type { JobContext } from './context.js';

export interface PushResult {
  outcome: 'pushed' | 'already';
  roundId: bigint;
  priceWei: bigint;
  audPerMWh: string | null;
}

export async function pushPrice(ctx: JobContext, i: bigint): Promise<PushResult> {
  const start = BigInt(ctx.clock.startOf(i));
  for (let attempt = 0; ; attempt++) {
    const round = await ctx.chain.latestRound();
    if (round.updatedAt >= start) {
      const already = BigInt(ctx.state.lastPushed?.interval ?? -1) === i;
      if (!already) {
        ctx.log.info({ event: 'price_already_pushed', interval: i, roundId: round.roundId, updatedAt: round.updatedAt }, 'the oracle already has a round for this interval; not pushing again');
        ctx.state.lastPushed = { interval: i.toString(), roundId: round.roundId.toString(), priceWei: round.answer.toString(), txHash: null };
        ctx.save();
      }
      ctx.metrics.set('last_round_id', round.roundId);
      ctx.metrics.set('last_pushed_interval', i);
      return { outcome: 'already', roundId: round.roundId, priceWei: round.answer, audPerMWh: null };
    }
    const deadlineMs = Math.min(ctx.clock.wallMsAt(ctx.clock.startOf(i + 1n)), Date.now() + 60_000);
    const point = await ctx.source.priceFor(i, { intervalSeconds: ctx.intervalSeconds, signal: ctx.signal, deadlineMs });
    const ethAud = await ctx.rate.current();
    const priceWei = audToWeiPerMWh(point.audPerMWh, ethAud);
    if (priceWei < ctx.minValidPrice || priceWei > ctx.maxValidPrice) {
      throw new PriceOutOfBoundsError(
        `${point.audPerMWh} AUD/MWh = ${priceWei} wei/MWh at ${ethAud} AUD/ETH is outside the trader's bounds [${ctx.minValidPrice}, ${ctx.maxValidPrice}]`,
        ctx.source.name,
        i,
      );
    }
    if (await ctx.clock.isOver(i)) throw new IntervalDeadlineError(i, 'price');
    try {
      const { receipt, hash } = await ctx.sender.send({
        kind: 'price',
        deadline: ctx.stopAt(i),
        interval: i,
        to: ctx.chain.contracts.energyPriceOracle,
        data: encodeFunctionData({ abi: energyPriceOracleAbi, functionName: 'submitPrice', args: [priceWei] }),
        abi: energyPriceOracleAbi,
      });
      const [event] = parseEventLogs({ abi: energyPriceOracleAbi, eventName: 'NewRound', logs: receipt.logs });
      const roundId = event?.args.roundId ?? 0n;
      const minedAt = event?.args.startedAt ?? 0n;
      if (minedAt >= start + BigInt(ctx.intervalSeconds)) {
        ctx.log.warn({ event: 'price_late', interval: i, roundId, minedAt }, 'the round was mined after its interval ended');
      }
      ctx.state.lastPushed = { interval: i.toString(), roundId: roundId.toString(), priceWei: priceWei.toString(), txHash: hash };
      ctx.save();
      ctx.metrics.inc('rounds_pushed_total');
      ctx.metrics.set('last_round_id', roundId);
      ctx.metrics.set('last_pushed_interval', i);
      ctx.log.info(
        { event: 'price_pushed', interval: i, roundId, audPerMWh: point.audPerMWh, ethAud, priceWei, tx: hash, gasUsed: receipt.gasUsed },
        'price round pushed',
      );
      return { outcome: 'pushed', roundId, priceWei, audPerMWh: point.audPerMWh };
    } catch (error) {
      // replaced or dropped: look at the oracle again (another reporter may have pushed) and decide afresh
      if (error instanceof TxReplacedError && attempt < 3) continue;
      throw error;
    }
  }
}
