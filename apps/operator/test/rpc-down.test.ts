/**
 * The RPC goes away for a few intervals (a TCP proxy in front of anvil is stopped and started again) while the
 * operator replays at 200× real time: calls are retried with backoff, the intervals that passed meanwhile are
 * logged as missed and skipped — no round is ever pushed for a past interval — and it resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { chainEvents, DAY_CSV, DAY_START, startSystem, type TestSystem } from './helpers/system.js';
import { operatorFor } from './helpers/run.js';
import { startProxy, type TcpProxy } from './helpers/proxy.js';

const series = loadAemoPrices(DAY_CSV);
const dayFirst = DAY_START / 300;

describe('RPC down for a while', () => {
  let system: TestSystem;
  let proxy: TcpProxy;
  beforeAll(async () => {
    system = await startSystem();
    proxy = await startProxy(system.anvil.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  it('retries, skips the intervals it missed, never back-fills, resumes', async () => {
    // 1.5 s per interval
    const { operator, logs } = operatorFor(
      { ...system, rpcUrl: proxy.url },
      ['--clock', 'scaled', '--speed', '200', '--start', String(DAY_START), '--replay', DAY_CSV, '--intervals', '14', '--rpc-timeout-ms', '1000'],
    );
    await operator.start();
    const url = operator.healthUrl!;
    const running = operator.run();
    // after 4 intervals, the RPC disappears for ~4 intervals
    while (!logs.some((l) => l.event === 'interval_done' && Number(l.interval) >= dayFirst + 3)) await new Promise((r) => setTimeout(r, 50));
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 6_000));
    const duringOutage = (await (await fetch(`${url}/health`)).json()) as { rpcRetries: number };
    expect(duringOutage.rpcRetries).toBeGreaterThan(0);
    await proxy.start();
    const summary = await running;

    expect(logs.some((l) => l.event === 'rpc_retry')).toBe(true);
    const missed = logs.filter((l) => l.event === 'intervals_missed');
    expect(missed.length).toBeGreaterThan(0);
    expect(summary.intervalsMissed).toBeGreaterThanOrEqual(2);

    const { rounds, dispatches } = await chainEvents(system);
    // rounds before and after the outage
    expect(rounds.some((r) => r.interval <= BigInt(dayFirst + 3))).toBe(true);
    expect(rounds.some((r) => r.interval >= BigInt(dayFirst + 10))).toBe(true);
    // each round carries the price of the interval it landed in: nothing stale, nothing twice
    for (const r of rounds) expect(r.price).toBe(audToWeiPerMWh(series.rrp[Number(r.interval) - dayFirst]!, '4000'));
    expect(new Set(rounds.map((r) => r.interval)).size).toBe(rounds.length);
    expect(rounds.length + summary.intervalsMissed).toBe(14);
    // dispatch only in intervals that have their own round
    const priced = new Set(rounds.map((r) => r.interval));
    for (const d of dispatches) expect(priced.has(d.interval)).toBe(true);
  });
});
