/** runOperatorDay (what `pnpm demo` calls): a slice of 2024-02-13 traded on anvil, revenue vs perfect foresight. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { codeHasFunction, formatOperatorDay, optionalAbiItem, runOperatorDay, setUpStrategyProfiles } from '../src/index.js';
import { ANVIL_PRIVATE_KEY_0 } from '@vpp/contracts/node';
import { chainEvents, DAY_CSV, movingDispatches, OPERATOR, OPERATOR_KEY, repoRoot, startSystem, type TestSystem } from './helpers/system.js';

describe('runOperatorDay', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('trades the intervals of the day and reports revenue against perfect foresight', async () => {
    const reports: bigint[] = [];
    // 09:50–13:50: cheap and negative prices, then the 16,600 AUD/MWh spike from 13:15
    const result = await runOperatorDay({
      rpcUrl: system.rpcUrl,
      deployment: system.deploymentPath,
      privateKey: OPERATOR_KEY,
      prices: DAY_CSV,
      date: '2024-02-13',
      from: 118,
      intervals: 48,
      onInterval: (r) => reports.push(r.interval),
    });
    expect(result.marketDate).toBe('2024-02-13');
    expect(result.roundsPushed).toBe(48);
    expect(reports.length).toBe(48);
    expect(result.intervalsMissed).toBe(0);
    expect(result.batteries).toHaveLength(system.batteryIds.length);
    const { dispatches, rounds } = await chainEvents(system);
    expect(new Set(dispatches.map((d) => `${d.batteryId}:${d.interval}`))).toEqual(movingDispatches(system, rounds));
    expect(result.batteriesDispatched + result.batteriesIdle).toBe(48 * system.batteryIds.length);
    expect(result.revenueWei).toBe(result.batteries.reduce((s, b) => s + b.revenueWei, 0n));
    expect(result.revenueAud).toBeGreaterThan(0); // the spike pays
    expect(result.perfectForesightAud).toBeGreaterThan(result.revenueAud * 0.5);
    expect(result.gasUsed.price! / 48).toBeGreaterThan(20_000);
    expect(result.capture).not.toBeNull();
    // the fund closes an epoch every hour (test deployment): the operator settles them as they fall due
    const fundCode = (await system.client.getCode({ address: system.deployment.contracts.energyInvestmentFund })) ?? '0x';
    if (codeHasFunction(fundCode, optionalAbiItem('settleEpoch'))) expect(result.epochsSettled).toBeGreaterThanOrEqual(3);
    else expect(result.epochsSettled).toBe(0);
  });

  it('with a profile per battery kind, publishes water-value tables from the preceding days and trades with them', async () => {
    const kinds = await setUpStrategyProfiles({ rpcUrl: system.rpcUrl, deployment: system.deploymentPath, ownerKey: ANVIL_PRIVATE_KEY_0, strategist: OPERATOR });
    expect(kinds.map((k) => [k.durationMinutes, k.roundTripEfficiencyBps])).toEqual([[162, 9_000], [120, 8_800], [120, 8_500]]);
    const data = join(repoRoot, 'data', 'aemo-vic1-2024');
    const result = await runOperatorDay({
      rpcUrl: system.rpcUrl,
      deployment: system.deploymentPath,
      privateKey: OPERATOR_KEY,
      prices: [join(data, 'PRICE_AND_DEMAND_202401_VIC1.csv'), join(data, 'PRICE_AND_DEMAND_202402_VIC1.csv')],
      date: '2024-02-13',
      from: 166,
      intervals: 12,
      config: { tables: { strategy: 'water-value', cadence: 'block', profileIds: kinds.map((k) => String(k.profileId)) } },
    });
    expect(result.tablesPublished).toBeGreaterThanOrEqual(3); // one full table per profile, then block updates
    expect(result.gasUsed.table).toBeGreaterThan(0);
    expect(result.batteriesDispatched + result.batteriesIdle).toBe(12 * 3);
    expect(result.trades.every((t) => t.energyWh > 0n)).toBe(true); // idle intervals send nothing
    const lines = formatOperatorDay(result);
    expect(lines.at(-1)).toMatch(/^day 2024-02-13: revenue .* vs perfect foresight .* AUD/);
    expect(lines.join('\n')).toContain('table writes');
  });
});
