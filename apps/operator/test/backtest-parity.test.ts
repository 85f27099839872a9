/**
 * The operator on chain trades exactly what @vpp/strategy's backtest simulates: the same water-value strategy,
 * the same prices (January on as history), the same battery starting empty — the on-chain Trade events have the
 * simulator's action in every interval that moves energy (the others send no transaction) and the same total value
 * to the wei. (13 Feb 2024, 12:30–16:30: the
 * 16,600 AUD/MWh spike and the negative prices after it.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { battery, loadAemoPrices, runStrategy, waterValueStrategy } from '@vpp/strategy';
import { runOperatorDay } from '../src/index.js';
import { DAY_START, DEFAULT_FLEET, OPERATOR_KEY, repoRoot, setUpProfile, startSystem } from './helpers/system.js';

const data = join(repoRoot, 'data', 'aemo-vic1-2024');
const files = [join(data, 'PRICE_AND_DEMAND_202401_VIC1.csv'), join(data, 'PRICE_AND_DEMAND_202402_VIC1.csv')];
const FROM = 150;
const COUNT = 48;

describe('operator vs backtest', () => {
  it.each(['block', 'interval'] as const)('water-value (%s cadence): same actions, same value', async (cadence) => {
    const series = loadAemoPrices(files);
    const from = DAY_START / 300 + FROM - series.firstInterval;
    const b = battery(1, 2, 85);
    const sim = runStrategy(series, waterValueStrategy(b, { cadence }), { battery: b, from, to: from + COUNT, initialSocFraction: 0 });

    const system = await startSystem({ fleet: DEFAULT_FLEET.slice(2) }); // 1 MW / 2 MWh / 85 %, empty
    try {
      await setUpProfile(system);
      const result = await runOperatorDay({
        rpcUrl: system.rpcUrl,
        deployment: system.deploymentPath,
        privateKey: OPERATOR_KEY,
        prices: series,
        date: '2024-02-13',
        from: FROM,
        intervals: COUNT,
        config: { tables: { strategy: 'water-value', cadence, profileIds: ['1'] } },
      });
      // The operator sends no transaction for an interval that would move no energy (previewDispatch): such an
      // interval has no Trade on chain and must be idle, or a charge into a full battery, in the simulation.
      const onChain = new Map(result.trades.map((t) => [t.interval, t.action]));
      const chainActions = Array.from({ length: COUNT }, (_, k) => onChain.get(result.firstInterval + BigInt(k)) ?? 0);
      const expected = [...sim.action].map((action, k) => (sim.energyMWh[k]! > 0 ? action : 0));
      expect(chainActions).toEqual(expected);
      expect(result.trades.every((t) => t.energyWh > 0n)).toBe(true);
      expect(expected.filter((action) => action !== 0).length).toBeGreaterThan(COUNT / 4);
      expect(result.revenueWei).toBe(sim.totalValueWei);
      expect(result.tablesPublished).toBe(sim.publishes + sim.updates);
    } finally {
      await system.stop();
    }
  });
});
