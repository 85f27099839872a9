/**
 * Step 4: close the fund's epoch when it is due (settleEpoch is permissionless once
 * block.timestamp >= nextEpochAt()). Idempotent by construction: the chain says whether one is due, and a
 * settlement by someone else first makes our simulation revert (nothing sent).
 */
import { encodeFunctionData } from 'viem';
import { errorMessage, SimulationRevertedError, TxReplacedError } from '../errors.js';
import type { JobContext } from './context.js';

export async function settleEpochs(ctx: JobContext, i: bigint): Promise<number> {
  const { settleEpoch, nextEpochAt } = ctx.features;
  if (ctx.epochs === 'off' || !settleEpoch || !nextEpochAt) return 0;
  try {
    const due = (await ctx.chain.rpc('nextEpochAt', () =>
      ctx.chain.client.readContract({ address: nextEpochAt.address, abi: [nextEpochAt.abiItem], functionName: nextEpochAt.abiItem.name } as never),
    )) as bigint;
    const now = BigInt(await ctx.chain.chainTime());
    if (now < due) return 0;
    const { receipt, hash } = await ctx.sender.send({
      kind: 'epoch',
      deadline: ctx.stopAt(i),
      interval: i,
      to: settleEpoch.address,
      data: encodeFunctionData({ abi: [settleEpoch.abiItem], functionName: settleEpoch.abiItem.name } as never),
      abi: [settleEpoch.abiItem],
    });
    ctx.state.lastEpochSettled = { epoch: due.toString(), txHash: hash };
    ctx.save();
    ctx.metrics.inc('epochs_settled_total');
    ctx.log.info({ event: 'epoch_settled', interval: i, dueAt: due, tx: hash, gasUsed: receipt.gasUsed }, 'fund epoch settled');
    return 1;
  } catch (error) {
    if (error instanceof SimulationRevertedError || error instanceof TxReplacedError) {
      ctx.log.info({ event: 'epoch_not_settled', interval: i, reason: errorMessage(error) }, 'epoch settled by someone else or not due');
      return 0;
    }
    if ((error as Error).name === 'ShutdownError') throw error;
    ctx.metrics.inc('errors_total', 1, { kind: 'epoch' });
    ctx.log.error({ event: 'epoch_failed', interval: i, err: errorMessage(error) }, 'epoch settlement failed');
    return 0;
  }
}
