/**
 * kill -9 in the middle of a replayed day, then a restart of the real `vpp-operator` process: every interval gets
 * exactly one round and every battery exactly one dispatch per interval (chain events), nothing is lost, and
 * SIGTERM stops it cleanly (exit 0, health server closed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { chainEvents, DAY_CSV, DAY_START, startSystem, type TestSystem } from './helpers/system.js';
import { killChild, spawnOperator, type Child } from './helpers/run.js';

const COUNT = 36;
const until = String(DAY_START + COUNT * 300);
const series = loadAemoPrices(DAY_CSV);

describe('kill -9 and restart', () => {
  let system: TestSystem;
  const children: Child[] = [];
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    for (const c of children) await killChild(c);
    await system?.stop();
  });

  it('resumes without double pushes or dispatches and loses nothing', async () => {
    const flags = ['--clock', 'travel', '--replay', DAY_CSV, '--until', until];
    const first = spawnOperator(system, flags);
    children.push(first);
    // let it get a third of the way, then kill it without warning, in the middle of whatever it is doing
    await first.waitFor((l) => l.event === 'interval_done' && Number(l.interval) >= DAY_START / 300 + 12);
    await first.waitFor((l) => l.event === 'price_pushed' && Number(l.interval) >= DAY_START / 300 + 13);
    await killChild(first, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const mid = await chainEvents(system);
    expect(mid.rounds.length).toBeGreaterThanOrEqual(13);
    expect(mid.rounds.length).toBeLessThan(COUNT);

    const second = spawnOperator(system, flags);
    children.push(second);
    const reconciled = await second.waitFor((l) => l.event === 'reconciled');
    expect(reconciled.pushedForCurrent).toBe(true);
    const exit = await second.exited;
    expect(exit.code).toBe(0);
    expect(second.lines.some((l) => l.event === 'summary')).toBe(true);

    const { rounds, dispatches } = await chainEvents(system);
    const intervals = rounds.map((r) => r.interval);
    const expected = Array.from({ length: COUNT }, (_, k) => BigInt(DAY_START / 300 + k));
    expect(intervals).toEqual(expected); // one round per interval, none twice, none missing
    for (const [k, r] of rounds.entries()) expect(r.price).toBe(audToWeiPerMWh(series.rrp[k]!, '4000'));
    const keys = dispatches.map((d) => `${d.batteryId}:${d.interval}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of expected) for (const b of system.batteryIds) expect(keys).toContain(`${b}:${i}`);
  });

  it('stops cleanly on SIGTERM (exit 0, health closed)', async () => {
    const child = spawnOperator(system, ['--clock', 'scaled', '--speed', '30', '--replay', DAY_CSV, '--state-file', `${system.dir}/sigterm.json`]);
    children.push(child);
    const started = await child.waitFor((l) => l.event === 'started');
    await child.waitFor((l) => l.event === 'interval_done');
    const health = String(started.health);
    expect((await fetch(`${health}/health`)).ok).toBe(true);
    process.kill(child.process.pid!, 'SIGTERM');
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    expect(child.lines.some((l) => l.event === 'stopped')).toBe(true);
    await expect(fetch(`${health}/health`)).rejects.toThrow();
  });
});
