/**
 * Waiting for the fund's clock: epochs settle at `nextEpochAt`, purchases and vendor grants take effect after the
 * timelock. Local chains (anvil) travel there at once; a live network cannot, so the example says when to run again.
 */
import { getFundState, settleEpoch, type SettleEpochOutcome } from '@vpp/sdk';
import type { VppContext } from './context.js';

/**
 * Makes the chain's clock reach `timestamp` (unix seconds): on a local chain the next block is mined then (or now
 * when it has passed); on a live network it only checks. Returns false when the time has not come yet.
 */
export async function reach(ctx: VppContext, timestamp: bigint, what: string, log: (line: string) => void): Promise<boolean> {
  const { timestamp: now } = await ctx.publicClient.getBlock();
  if (now >= timestamp) return true;
  if (!ctx.local) {
    log(`${what} at ${new Date(Number(timestamp) * 1000).toISOString()}: run this example again then`);
    return false;
  }
  await ctx.publicClient.request({ method: 'evm_setNextBlockTimestamp' as 'eth_chainId', params: [Number(timestamp)] as unknown as undefined });
  await ctx.publicClient.request({ method: 'evm_mine' as 'eth_chainId' });
  log(`(local chain: the clock moved ${formatDuration(timestamp - now)} forward, to ${what})`);
  return true;
}

/** Settles the open epoch once it is due (anyone may: the operator sends it); null when it is not due on a live network. */
export async function settleOpenEpoch(ctx: VppContext, log: (line: string) => void): Promise<SettleEpochOutcome | null> {
  const { nextEpochAt, currentEpoch } = await getFundState(ctx.operator.client);
  if (!(await reach(ctx, nextEpochAt, `the close of epoch ${currentEpoch}`, log))) return null;
  const { outcome } = await (await settleEpoch(ctx.operator.client)).wait();
  return outcome;
}

function formatDuration(seconds: bigint): string {
  const s = Number(seconds);
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.ceil(s / 60)} min`;
}
