import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { BacktestResult } from '../src/evaluate.js';
import { DEFAULT_GAS } from '../src/gas.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'data', 'aemo-vic1-2024');

describe('backtest CLI', () => {
  it('runs a strategy and the baselines on a few days and writes JSON and a self-contained HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    // 6 days of February (3 of warm-up)
    const lines = readFileSync(join(DATA, 'PRICE_AND_DEMAND_202402_VIC1.csv'), 'utf8').split(/\r?\n/);
    writeFileSync(join(dir, 'PRICE_AND_DEMAND_202402_VIC1.csv'), lines.slice(0, 1 + 6 * 288).join('\n'));
    const out = join(dir, 'out');
    const stdout: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (stdout.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const code = await main([dir, '--from', '2024-02-04', '--strategy', 'water-value-30min', '--gas-price', '10', '--out', out, '--cache', 'none']);
      expect(code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const text = stdout.join('');
    expect(text).toMatch(/Source: AEMO, Aggregated price and demand data, VIC1/);
    expect(text).toMatch(/2024-02 .*%/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as BacktestResult;
    expect(result.meta.strategies).toEqual(['water-value-30min', 'yesterday-schedule', 'trailing-quantile', 'water-value-daily']);
    expect(result.total.intervals).toBe(3 * 288);
    expect(result.total.foresightAud).toBeGreaterThan(0);
    const s = result.total.strategies['water-value-30min']!;
    expect(s.capturePct).toBeCloseTo((100 * s.revenueAud) / result.total.foresightAud, 6);
    // table gas at 10 gwei and 4,000 AUD/ETH: 4e-5 AUD per gas unit of each write
    expect(s.tableGasAud).toBeCloseTo((s.updates * DEFAULT_GAS.updateBlockGas + s.publishes * DEFAULT_GAS.publishTableGas) * 4e-5, 6);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toMatch(/<script/);
  });

  it('rejects bad options with a clear error', async () => {
    await expect(main(['--battery', '1MW'])).rejects.toThrow(/expected e\.g\. 1MW\/2MWh\/90%/);
    await expect(main(['--strategy', 'magic'])).rejects.toThrow(/unknown strategy/);
    await expect(main(['--from', '2024-13-45x'])).rejects.toThrow(/YYYY-MM-DD/);
  });
});
