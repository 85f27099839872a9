import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { battery, loadAemoPrices, solveDay } from '../src/index.js';

const b = battery(1, 2, 90);
const C = 83_333 / 1e6;

describe('perfect-foresight LP', () => {
  it('earns nothing from simultaneous charge and discharge at negative prices', async () => {
    // constant −100 AUD/MWh for 1 hour, SoC 1 MWh at start and end. Burning energy in the losses would earn
    // 100 × 0.1 × C in each interval (charge C and discharge 0.9 C at once: 12 × 0.8333 = 10 AUD).
    // One action per interval: charge n intervals and discharge m with 0.9 n C = m C, n + m <= 12
    // → at most 12 / 1.9 charging intervals: revenue <= 100 × 0.1 × C × 12 / 1.9 = 5.26 AUD.
    const sol = await solveDay(new Array(12).fill(-100), b, { mipTimeLimitSeconds: 20 });
    expect(sol.revenueAud).toBeLessThanOrEqual((100 * 0.1 * C * 12) / 1.9 + 1e-6);
    expect(sol.revenueAud).toBeGreaterThan(4);
    expect(sol.upperBoundAud).toBeGreaterThanOrEqual(sol.revenueAud);
    for (let t = 0; t < 12; t++) expect(sol.chargeMWh[t]! === 0 || sol.dischargeMWh[t]! === 0).toBe(true);
  });

  it('makes the choice binary where the relaxation burns energy (2024-01-01: 101 negative intervals)', async () => {
    const s = loadAemoPrices(join(import.meta.dirname, '..', '..', '..', 'data', 'aemo-vic1-2024', 'PRICE_AND_DEMAND_202401_VIC1.csv'));
    const sol = await solveDay(s.aud.subarray(0, 288), b, { mipTimeLimitSeconds: 3 });
    expect(sol.binaries).toBeGreaterThan(0);
    expect(sol.revenueAud).toBeLessThan(sol.upperBoundAud);
    for (let t = 0; t < 288; t++) expect(sol.chargeMWh[t]! === 0 || sol.dischargeMWh[t]! === 0).toBe(true);
    // the schedule is feasible: replaying it keeps the SoC in [0, 2] and ends at 1
    let soc = 1;
    for (let t = 0; t < 288; t++) {
      soc += 0.9 * sol.chargeMWh[t]! - sol.dischargeMWh[t]!;
      expect(soc).toBeGreaterThan(-1e-6);
      expect(soc).toBeLessThan(2 + 1e-6);
    }
    expect(soc).toBeCloseTo(1, 5);
  });

  it('buys low and sells high within the battery model', async () => {
    // 12 intervals at 0, then 12 at 100: from 1 MWh charge 12 × 0.075 = 0.9 MWh… capacity 2 MWh, end at 1 MWh
    const prices = [...new Array(12).fill(0), ...new Array(12).fill(100)];
    const sol = await solveDay(prices, b);
    // discharge everything bought plus nothing more (SoC back to 1): sold = 0.9 × bought
    const bought = sol.chargeMWh.reduce((a, x) => a + x, 0);
    const sold = sol.dischargeMWh.reduce((a, x) => a + x, 0);
    expect(bought).toBeCloseTo(12 * C, 6);
    expect(sold).toBeCloseTo(0.9 * 12 * C, 6);
    expect(sol.revenueAud).toBeCloseTo(100 * 0.9 * 12 * C, 4);
    expect(sol.socMWh[23]).toBeCloseTo(1, 9);
  });

  it('solves a real day with extremes (2024-02-13: floor prices and a 16,600 spike) within the model bounds', async () => {
    const s = loadAemoPrices(join(import.meta.dirname, '..', '..', '..', 'data', 'aemo-vic1-2024', 'PRICE_AND_DEMAND_202402_VIC1.csv'));
    const day = s.aud.subarray(12 * 288, 13 * 288);
    const sol = await solveDay(day, b);
    for (let t = 0; t < 288; t++) {
      expect(sol.socMWh[t]!).toBeGreaterThanOrEqual(-1e-6);
      expect(sol.socMWh[t]!).toBeLessThanOrEqual(2 + 1e-6);
      expect(sol.chargeMWh[t]! <= C + 1e-9 && sol.dischargeMWh[t]! <= C + 1e-9).toBe(true);
      expect(sol.chargeMWh[t]! === 0 || sol.dischargeMWh[t]! === 0).toBe(true);
    }
    expect(sol.socMWh[287]).toBeCloseTo(1, 6);
    // two hours at 16,600 and a 2-hour battery: at least 2 MWh sold into the spike
    expect(sol.revenueAud).toBeGreaterThan(2 * 16_600 * 0.98);
    expect(sol.revenueAud).toBeLessThanOrEqual(sol.upperBoundAud + 1e-6);
  });

  it('honours the degradation cost and the cycle cap', async () => {
    const prices = Array.from({ length: 288 }, (_, t) => (Math.floor(t / 24) % 2 === 0 ? 0 : 100));
    const free = await solveDay(prices, b);
    const capped = await solveDay(prices, b, { maxCyclesPerDay: 1 });
    const worn = await solveDay(prices, b, { degradationAudPerMWh: 200 });
    expect(capped.dischargeMWh.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(2 + 1e-6);
    expect(capped.revenueAud).toBeLessThan(free.revenueAud);
    // 100 AUD spread < 200 AUD wear: only the SoC constraints' round trip… nothing to gain
    expect(worn.revenueAud - worn.degradationAud).toBeLessThanOrEqual(1e-6);
  });
});
