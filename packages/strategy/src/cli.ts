#!/usr/bin/env node
/**
 * `pnpm backtest [csv files or directories…] [options]` — walk-forward backtest of a strategy against perfect
 * foresight and the baselines on AEMO price CSVs; prints monthly and total figures, writes result.json and
 * report.html.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAemoPrices, marketDate, type PriceSeries } from './aemo.js';
import { parseBatterySpec, type BatterySpec } from './battery.js';
import { BacktestConfigError, StrategyError } from './errors.js';
import { evaluate, formatResult } from './evaluate.js';
import { DEFAULT_GAS, gasAud, type GasModel } from './gas.js';
import { renderHtml } from './html.js';
import { progressBar } from './progress.js';
import type { Strategy } from './strategy.js';
import { trailingQuantileStrategy, yesterdayScheduleStrategy } from './strategies/baselines.js';
import { waterValueStrategy, type WaterValueOptions } from './strategies/water-value.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA = join(packageDir, '..', '..', 'data', 'aemo-vic1-2024');

export const STRATEGIES = ['water-value-rolling', 'water-value-30min', 'water-value-daily', 'yesterday-schedule', 'trailing-quantile'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

const HELP = `Usage: pnpm backtest [CSV files or directories…] [options]

Walk-forward backtest on AEMO PRICE_AND_DEMAND_<YYYYMM>_<REGION>.csv files (default: data/aemo-vic1-2024).

  --strategy NAME        ${STRATEGIES.join(' | ')} (default water-value-rolling)
  --baselines LIST       comma-separated strategies to compare, or "none" (default yesterday-schedule,trailing-quantile,water-value-daily)
  --battery SPEC         power/energy/efficiency, e.g. 1MW/2MWh/90% (default)
  --from DATE            first traded market day YYYY-MM-DD (default: the second month of the data; earlier days are warm-up)
  --to DATE              end market day, exclusive (default: end of data)
  --eth-aud N            AUD per ether (default 4000)
  --gas-price GWEI       gas price (default 0.05)
  --publish-gas N        gas of publishTable (default ${DEFAULT_GAS.publishTableGas})
  --update-gas N         gas of updateBlocks with one block (default ${DEFAULT_GAS.updateBlockGas})
  --round-gas N          gas of one price round (default ${DEFAULT_GAS.priceRoundGas})
  --dispatch-gas N       gas of one battery's dispatch (default ${DEFAULT_GAS.dispatchGas})
  --degradation AUD      degradation cost per MWh discharged (default 0)
  --max-cycles N         cap of full discharges per market day (default none)
  --out DIR              where result.json and report.html go (default ./backtest-out)
  --cache DIR            perfect-foresight cache (default packages/strategy/node_modules/.cache/vpp-strategy; "none" to disable)
  -h, --help
`;

/** Paths on the command line are relative to where the user ran pnpm. */
const userPath = (p: string) => (isAbsolute(p) ? p : resolve(process.env.INIT_CWD ?? process.cwd(), p));

function num(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new BacktestConfigError(`--${name} must be a non-negative number, got ${v}`);
  return n;
}

function indexOfDate(series: PriceSeries, date: string, name: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new BacktestConfigError(`--${name} must be YYYY-MM-DD, got ${date}`);
  for (let k = 0; k < series.length; k += 1) {
    if (marketDate((series.firstInterval + k) * series.intervalSeconds) >= date) return k;
  }
  return series.length;
}

/**
 * A strategy by name. `options.cadence` of the strategy under test sets the baselines' re-publishing too:
 * the yesterday-schedule replay is per 5-minute interval unless the cadence is 30 minutes.
 */
export async function makeStrategy(name: string, battery: BatterySpec, options: Partial<WaterValueOptions>): Promise<Strategy> {
  switch (name) {
    case 'water-value-rolling':
      return waterValueStrategy(battery, { ...options, cadence: 'interval' });
    case 'water-value-30min':
      return waterValueStrategy(battery, { ...options, cadence: 'block' });
    case 'water-value-daily':
      return waterValueStrategy(battery, { ...options, cadence: 'day' });
    case 'yesterday-schedule':
      return yesterdayScheduleStrategy(battery, { resolution: options.cadence === 'block' ? 'block' : 'interval' });
    case 'trailing-quantile':
      return trailingQuantileStrategy();
    default:
      throw new BacktestConfigError(`unknown strategy ${JSON.stringify(name)}; one of ${STRATEGIES.join(', ')}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      strategy: { type: 'string', default: 'water-value-rolling' },
      baselines: { type: 'string', default: 'yesterday-schedule,trailing-quantile,water-value-daily' },
      battery: { type: 'string', default: '1MW/2MWh/90%' },
      from: { type: 'string' },
      to: { type: 'string' },
      'eth-aud': { type: 'string', default: '4000' },
      'gas-price': { type: 'string', default: '0.05' },
      'publish-gas': { type: 'string' },
      'update-gas': { type: 'string' },
      'round-gas': { type: 'string' },
      'dispatch-gas': { type: 'string' },
      degradation: { type: 'string' },
      'max-cycles': { type: 'string' },
      out: { type: 'string', default: 'backtest-out' },
      cache: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const battery = parseBatterySpec(values.battery!);
  const baselineNames = values.baselines === 'none' ? [] : values.baselines!.split(',').filter(Boolean);
  const names = [values.strategy!, ...baselineNames.filter((n) => n !== values.strategy)];
  for (const n of names) {
    if (!(STRATEGIES as readonly string[]).includes(n)) {
      throw new BacktestConfigError(`unknown strategy ${JSON.stringify(n)}; one of ${STRATEGIES.join(', ')}`);
    }
  }
  const series = loadAemoPrices(positionals.length ? positionals.map(userPath) : [DEFAULT_DATA]);
  const firstDate = marketDate(series.firstInterval * series.intervalSeconds);
  let defaultFrom = 0;
  for (let k = 0; k < series.length; k++) {
    if (marketDate((series.firstInterval + k) * series.intervalSeconds).slice(0, 7) !== firstDate.slice(0, 7)) {
      defaultFrom = k;
      break;
    }
  }
  if (defaultFrom === 0) defaultFrom = Math.min(series.length - 1, 7 * 288);
  const from = values.from ? indexOfDate(series, values.from, 'from') : defaultFrom;
  const to = values.to ? indexOfDate(series, values.to, 'to') : series.length;
  if (from >= to) throw new BacktestConfigError('nothing to trade: --from is not before --to / the end of the data');
  const ethAud = values['eth-aud']!;
  const gas: GasModel = {
    publishTableGas: num(values['publish-gas'], 'publish-gas', DEFAULT_GAS.publishTableGas),
    updateBlockGas: num(values['update-gas'], 'update-gas', DEFAULT_GAS.updateBlockGas),
    extraBlockGas: DEFAULT_GAS.extraBlockGas,
    priceRoundGas: num(values['round-gas'], 'round-gas', DEFAULT_GAS.priceRoundGas),
    dispatchGas: num(values['dispatch-gas'], 'dispatch-gas', DEFAULT_GAS.dispatchGas),
    gasPriceGwei: String(num(values['gas-price'], 'gas-price', 0.05)),
  };
  const degradation = num(values.degradation, 'degradation', 0);
  const maxCycles = values['max-cycles'] === undefined ? undefined : num(values['max-cycles'], 'max-cycles', 0);
  const wv: Partial<WaterValueOptions> = {
    degradationAudPerMWh: degradation,
    maxCyclesPerDay: maxCycles,
    // the expected-gain check on updates pays off where updates are expensive (30-minute cadence on L1)
    updateCostAud: values.strategy === 'water-value-30min' ? gasAud(gas.updateBlockGas, gas, ethAud) : 0,
  };
  if (values.strategy === 'water-value-30min') wv.cadence = 'block';
  const strategies = await Promise.all(names.map((n) => makeStrategy(n, battery, wv)));
  const cache = values.cache === 'none' ? undefined : values.cache ? userPath(values.cache) : join(packageDir, 'node_modules', '.cache', 'vpp-strategy');
  const result = await evaluate(series, strategies, {
    battery,
    ethAud,
    gas,
    from,
    to,
    foresight: { degradationAudPerMWh: degradation, ...(maxCycles === undefined ? {} : { maxCyclesPerDay: maxCycles }) },
    ...(cache ? { cacheDir: cache } : {}),
    progress: (label) => progressBar(label),
  });
  const out = userPath(values.out!);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'result.json'), JSON.stringify(result, null, 1));
  writeFileSync(join(out, 'report.html'), renderHtml(result));
  process.stdout.write(`${formatResult(result)}\n\nwrote ${join(out, 'result.json')} and ${join(out, 'report.html')}\n`);
  return 0;
}

const invoked = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked || process.argv[1]?.endsWith('/cli.js')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof StrategyError || (err instanceof Error && err.name === 'TypeError' && 'code' in err)) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exit(2);
      }
      throw err;
    },
  );
}
