/**
 * Strategy tables on the merged trader (StrategyBook): the owner creates a profile whose strategist is the
 * operator, the batteries use it; the operator runs the water-value strategy over replayed prices (history from
 * January on) and publishes the table before pushing prices, then updates blocks intraday. The trader then reads
 * its thresholds from the table; a restarted operator reads the buffers back from the chain.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAbi } from 'viem';
import { energyTraderAbi } from '@vpp/contracts';
import { chainEvents, DAY_START, movingDispatches, repoRoot, setUpProfile, startSystem, type TestSystem } from './helpers/system.js';
import { operatorFor } from './helpers/run.js';

const bookAbi = parseAbi([
  'function thresholdsFor(uint32 profileId, uint64 interval, uint64 socWh, uint64 capacityWh) view returns (int256 chargeBelow, int256 dischargeAbove, bool fromTable)',
  'event TablePublished(uint32 indexed profileId, uint8 indexed buffer, uint32 indexed effectiveFrom, uint32 validUntil, uint64 unitWei, bytes32 blocksHash)',
  'event BlocksUpdated(uint32 indexed profileId, uint8 indexed buffer, uint8 firstBlock, uint8 count, uint32 validUntil, bytes32 blocksHash)',
]);
const DATA = join(repoRoot, 'data', 'aemo-vic1-2024');
const first = DAY_START / 300;

describe('strategy tables', () => {
  let system: TestSystem;
  let book: `0x${string}`;
  beforeAll(async () => {
    system = await startSystem();
    book = await setUpProfile(system);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const flags = (until: number, state: string) => [
    '--clock', 'travel', '--replay', DATA, '--replay-from', '2024-02-13', '--replay-days', '1',
    '--strategy', 'water-value', '--cadence', 'block', '--profiles', '1', '--until', String(DAY_START + until * 300), '--state-file', join(system.dir, state),
  ];

  it('publishes the table before the first price, updates blocks, and the trader trades from it', async () => {
    const { operator, logs } = operatorFor(system, flags(8, 'a.json'));
    await operator.start();
    const summary = await operator.run();
    expect(summary.tablesPublished).toBeGreaterThanOrEqual(1);
    expect(summary.gasUsed.table).toBeGreaterThan(0);
    const published = await system.client.getContractEvents({ address: book, abi: bookAbi, eventName: 'TablePublished', fromBlock: 0n });
    expect(published[0]!.args.effectiveFrom).toBe(first);
    // the table came before the interval's price round
    const order = logs.filter((l) => l.event === 'table_published' || l.event === 'price_pushed').map((l) => l.event);
    expect(order[0]).toBe('table_published');
    const [, , fromTable] = await system.client.readContract({ address: book, abi: bookAbi, functionName: 'thresholdsFor', args: [1, BigInt(first + 7), 0n, 2_000_000n] });
    expect(fromTable).toBe(true);
    // the profile's battery (#3, 2 h / 85 %) traded from the table, the others from their static thresholds
    const trades = await system.client.getContractEvents({ address: book, abi: energyTraderAbi, eventName: 'Trade', fromBlock: 0n });
    const source = (id: bigint) => new Set(trades.filter((t) => t.args.batteryId === id).map((t) => Number(t.args.thresholds)));
    expect([...source(3n)].every((x) => x === 1 || x === 2)).toBe(true); // TableBuffer0 / TableBuffer1
    expect(source(3n).size).toBeGreaterThan(0);
    // batteries 1 and 2 keep static thresholds: they traded exactly when the exact rule moves energy, from Static
    const movers = movingDispatches(system, (await chainEvents(system)).rounds);
    for (const id of [1n, 2n]) {
      const traded = trades.filter((t) => t.args.batteryId === id);
      expect(new Set(traded.map((t) => `${id}:${t.args.interval}`))).toEqual(new Set([...movers].filter((k) => k.startsWith(`${id}:`))));
      expect(traded.every((t) => Number(t.args.thresholds) === 0)).toBe(true);
    }
  });

  it('a restarted operator reads the buffers back and does not publish the same table again', async () => {
    const before = await system.client.getContractEvents({ address: book, abi: bookAbi, eventName: 'TablePublished', fromBlock: 0n });
    const { operator, logs } = operatorFor(system, flags(14, 'b.json'));
    await operator.start();
    await operator.run();
    const after = await system.client.getContractEvents({ address: book, abi: bookAbi, eventName: 'TablePublished', fromBlock: 0n });
    expect(after.filter((e) => e.args.effectiveFrom === first)).toHaveLength(1);
    expect(after.length).toBe(before.length);
    expect(logs.filter((l) => l.event === 'table_failed')).toEqual([]);
  });
});
