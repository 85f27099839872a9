import { vppFund_currentEpoch, vppFund_epochDuration, vppFund_nextEpochAt } from '../../abi.generated.js';
import { getBlock } from 'viem/actions';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import type { ReadParameters } from '../../types.js';

/** The fund's epoch schedule at one block. */
export interface EpochSchedule {
  blockNumber: bigint;
  /** The block's timestamp, unix seconds. */
  blockTimestamp: bigint;
  /** The open epoch: new requests join it, its settlement prices them. */
  currentEpoch: bigint;
  /** Unix seconds from which the open epoch can be settled (genesis + epoch × duration; a late settlement does not move the grid). */
  nextEpochAt: bigint;
  /** Seconds between scheduled settlements. */
  epochDuration: bigint;
  /** True when `settleEpoch` can run in the next block (the block's timestamp has reached `nextEpochAt`). */
  due: boolean;
}

/**
 * The open epoch, when it can be settled and the epoch length.
 *
 * @example
 * const { currentEpoch, nextEpochAt, due } = await getEpoch(client);
 * if (due) await (await settleEpoch(wallet)).wait();
 */
export function getEpoch(client: VppClient, params: ReadParameters = {}): Promise<EpochSchedule> {
  return rpcAction(client, params, async () => {
    const {
      blockNumber,
      results: [currentEpoch, nextEpochAt, epochDuration],
    } = await readAll<[bigint, bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_currentEpoch],
        ['vppFund', vppFund_nextEpochAt],
        ['vppFund', vppFund_epochDuration],
      ],
      params.blockNumber,
    );
    const { timestamp } = await getBlock(client, { blockNumber });
    return { blockNumber, blockTimestamp: timestamp, currentEpoch, nextEpochAt, epochDuration, due: timestamp >= nextEpochAt };
  });
}
