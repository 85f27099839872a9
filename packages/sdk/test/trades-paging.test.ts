/**
 * getAllTrades pages past graph-node's 1 000-row limit (id_gt cursors, every page pinned to the first page's
 * block) against the real graph host: 40 batteries x 26 intervals = 1 040 trades.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'viem';
import { getAllTrades, getFundStatistics, getTrades, getTradingParams, setTradingParams } from '../src/index.js';
import { addBatteries, depositAndClaim, tradeCycle } from './helpers/scenario.js';
import { startStack, type Stack } from './helpers/stack.js';

let stack: Stack;
let ids: bigint[];

beforeAll(async () => {
  stack = await startStack({ graph: true });
  // the fund pays for charging: without ether every charge would be skipped (DispatchSkipped, not a Trade)
  await depositAndClaim(stack, [[1, parseEther('100')]]);
  ids = await addBatteries(stack, 40);
  const params = await getTradingParams(stack.publicClient);
  await (await setTradingParams(stack.walletFor(0), { params: { ...params, maxBatchSize: 40 } })).wait();
  let last;
  for (let cycle = 0; cycle < 13; cycle++) last = await tradeCycle(stack, ids, 40);
  await stack.waitForIndexing(last!.blockNumber, 120_000);
}, 600_000);
afterAll(async () => {
  await stack?.stop();
});

describe('getAllTrades', () => {
  it('reads more than 1 000 trades in one consistent snapshot', async () => {
    const all = await getAllTrades(stack.publicClient);
    expect(all.trades).toHaveLength(40 * 26);
    expect(new Set(all.trades.map((t) => t.id)).size).toBe(40 * 26);
    // chronological
    for (let i = 1; i < all.trades.length; i++) {
      const a = all.trades[i - 1]!;
      const b = all.trades[i]!;
      expect(a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex)).toBe(true);
    }
    const stats = await getFundStatistics(stack.publicClient, { blockNumber: all.blockNumber });
    expect(stats.tradeCount).toBe(BigInt(all.trades.length));
    expect(all.trades.reduce((s, t) => s + t.value, 0n)).toBe(stats.tradeCashFlow);
  });

  it('is pinned to the first page\'s block', async () => {
    const first = await getTrades(stack.publicClient, { first: 1000 });
    expect(first.nextCursor).not.toBeNull();
    // more trades after the snapshot's block do not leak into the pinned read
    await tradeCycle(stack, ids.slice(0, 5), 40);
    const pinned = await getAllTrades(stack.publicClient, { blockNumber: first.blockNumber });
    expect(pinned.trades).toHaveLength(40 * 26);
    expect(pinned.blockNumber).toBe(first.blockNumber);
    const limited = await getAllTrades(stack.publicClient, { limit: 1500, blockNumber: first.blockNumber });
    expect(limited.trades).toHaveLength(40 * 26);
    expect((await getAllTrades(stack.publicClient, { limit: 10 })).trades).toHaveLength(10);
  });
});
