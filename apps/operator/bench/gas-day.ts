/**
 * The operator's own gas for one market day on anvil: price rounds, dispatch (performUpkeep), table publishing
 * (when the deployed contracts have it), epochs — for fleets of several sizes, a whole replayed day each
 * (2024-02-13 VIC1). Writes benchmarks/gas-day.json and prints a table. Costs at 0.05 gwei (L2-like) and 10 gwei,
 * 4000 AUD/ETH.
 *
 *   pnpm --filter @vpp/operator bench            # full day, fleets of 1, 3 and 10 batteries
 *   BENCH_INTERVALS=48 pnpm --filter @vpp/operator bench
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gasCostAud } from '@vpp/strategy';
import { generatedAbisHave, runOperatorDay, type ConfigOverrides } from '../src/index.js';
import { DAY_CSV, DEFAULT_FLEET, OPERATOR_KEY, repoRoot, setUpProfile, startSystem, type BatteryInput } from '../test/helpers/system.js';
import { packageRoot } from '../test/helpers/run.js';

const intervals = Number(process.env.BENCH_INTERVALS ?? 288);
const fleets: Record<string, BatteryInput[]> = {
  '1 battery': DEFAULT_FLEET.slice(2),
  '3 batteries': DEFAULT_FLEET,
  '10 batteries': Array.from({ length: 10 }, (_, k) => DEFAULT_FLEET[k % 3]!),
};

interface Scenario {
  fleet: BatteryInput[];
  tables?: { cadence: 'interval' | 'block' | 'day' };
}
const scenarios: Record<string, Scenario> = Object.fromEntries(Object.entries(fleets).map(([name, fleet]) => [name, { fleet }]));
if (generatedAbisHave('publishTable')) {
  // the water-value strategy's table writes for a 1 MW / 2 MWh battery, history from January
  for (const cadence of ['day', 'block', 'interval'] as const) scenarios[`1 battery, tables (${cadence})`] = { fleet: DEFAULT_FLEET.slice(2), tables: { cadence } };
}

const results: Record<string, unknown>[] = [];
for (const [name, { fleet, tables }] of Object.entries(scenarios)) {
  const system = await startSystem({ fleet });
  try {
    if (tables) await setUpProfile(system);
    const config: ConfigOverrides = tables ? { tables: { strategy: 'water-value', cadence: tables.cadence, profileIds: ['1'] } } : {};
    const prices = tables ? [join(repoRoot, 'data/aemo-vic1-2024/PRICE_AND_DEMAND_202401_VIC1.csv'), join(repoRoot, 'data/aemo-vic1-2024/PRICE_AND_DEMAND_202402_VIC1.csv')] : DAY_CSV;
    const r = await runOperatorDay({ rpcUrl: system.rpcUrl, deployment: system.deploymentPath, privateKey: OPERATOR_KEY, prices, date: '2024-02-13', intervals, config });
    const total = Object.values(r.gasUsed).reduce((a, b) => a + b, 0);
    const perDay = (g: number) => Math.round((g * 288) / intervals);
    results.push({
      fleet: name,
      batteries: fleet.length,
      intervals,
      roundsPushed: r.roundsPushed,
      dispatchTransactions: r.dispatchTransactions,
      tableWrites: r.tablesPublished,
      epochsSettled: r.epochsSettled,
      revenueAud: +r.revenueAud.toFixed(2),
      perfectForesightAud: +r.perfectForesightAud.toFixed(2),
      gasPerDay: Object.fromEntries(Object.entries(r.gasUsed).map(([k, v]) => [k, perDay(v)])),
      gasPerDayTotal: perDay(total),
      gasPerInterval: { price: Math.round((r.gasUsed.price ?? 0) / intervals), dispatch: Math.round((r.gasUsed.dispatch ?? 0) / intervals) },
      // idle intervals send no dispatch transaction (previewDispatch): the cost of one that is sent
      gasPerDispatchTransaction: r.dispatchTransactions > 0 ? Math.round((r.gasUsed.dispatch ?? 0) / r.dispatchTransactions) : 0,
      costPerDayAud: { at0_05gwei: +gasCostAud(perDay(total), '0.05', '4000').toFixed(4), at10gwei: +gasCostAud(perDay(total), '10', '4000').toFixed(2) },
      wallSeconds: +(r.elapsedMs / 1000).toFixed(1),
    });
    console.log(`${name}: ${perDay(total)} gas/day`, r.gasUsed);
  } finally {
    await system.stop();
  }
}
const out = {
  what: "operator's own gas for one market day (288 five-minute intervals), measured on anvil",
  data: 'AEMO VIC1 2024-02-13 (Source: AEMO, Aggregated price and demand data, VIC1)',
  note: 'test deployments close a fund epoch every hour (production: daily), so epoch gas here is 24 settlements a day',
  ethAud: '4000',
  date: new Date().toISOString(),
  results,
};
mkdirSync(join(packageRoot, 'benchmarks'), { recursive: true });
writeFileSync(join(packageRoot, 'benchmarks', 'gas-day.json'), JSON.stringify(out, null, 2) + '\n');
console.table(results.map((r) => ({ fleet: r.fleet, ...(r.gasPerDay as object), total: r.gasPerDayTotal, ...(r.costPerDayAud as object), s: r.wallSeconds })));
