import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PriceSeries } from './aemo.js';
import type { BatterySpec } from './battery.js';
import { dayRanges, loadHighs, solveDaySync, type ForesightOptions } from './perfect-foresight.js';

/** Perfect foresight of one market day, as a backtest needs it. */
export interface ForesightDay {
  day: number;
  from: number;
  to: number;
  revenueAud: number;
  degradationAud: number;
  dischargedMWh: number;
  upperBoundAud: number;
  provenOptimal: boolean;
  /** State of charge at the end of each interval, MWh (for plots). */
  socMWh?: number[];
}

/**
 * Perfect foresight per market day, cached on disk by the day's prices, the battery and the options (the MILP of a
 * day with many negative prices takes seconds; a year is minutes). Days outside [from, to) are skipped.
 */
export async function foresightDays(
  series: PriceSeries,
  battery: BatterySpec,
  options: ForesightOptions,
  range: { from: number; to: number },
  cacheDir: string | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<ForesightDay[]> {
  const highs = await loadHighs();
  const days = dayRanges(series).filter((d) => d.to > range.from && d.from < range.to);
  const out: ForesightDay[] = [];
  const key = JSON.stringify({
    v: 1,
    cap: String(battery.capacityWh),
    c: String(battery.maxChargeW),
    d: String(battery.maxDischargeW),
    e: battery.efficiencyBps,
    o: options,
  });
  if (cacheDir) mkdirSync(cacheDir, { recursive: true });
  for (const [i, r] of days.entries()) {
    const prices = series.rrp.slice(r.from, r.to);
    const hash = createHash('sha256').update(key).update(prices.join(',')).digest('hex').slice(0, 24);
    const file = cacheDir ? join(cacheDir, `pf-${hash}.json`) : undefined;
    let day: ForesightDay | undefined;
    if (file) {
      try {
        day = { ...(JSON.parse(readFileSync(file, 'utf8')) as ForesightDay), day: r.day, from: r.from, to: r.to };
      } catch {
        day = undefined;
      }
    }
    if (!day) {
      const sol = solveDaySync(highs, series.aud.subarray(r.from, r.to), battery, options);
      let dis = 0;
      for (const x of sol.dischargeMWh) dis += x;
      day = {
        day: r.day,
        from: r.from,
        to: r.to,
        revenueAud: sol.revenueAud,
        degradationAud: sol.degradationAud,
        dischargedMWh: dis,
        upperBoundAud: sol.upperBoundAud,
        provenOptimal: sol.provenOptimal,
        socMWh: Array.from(sol.socMWh, (x) => Math.round(x * 1e6) / 1e6),
      };
      if (file) writeFileSync(file, JSON.stringify(day));
    }
    out.push(day);
    onProgress?.(i + 1, days.length);
  }
  return out;
}
