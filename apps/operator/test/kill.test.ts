/**
 * kill -9 in the middle of a replayed day, then a restart of the real `vpp-operator` process: every interval gets
 * exactly one round and every battery exactly one dispatch per interval (chain events), nothing is lost, and
 * SIGTERM stops it cleanly (exit 0, health server closed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { audWei, chainEvents, DAY_CSV, DAY_START, DEFAULT_FLEET, movingDispatches, startSystem, type TestSystem } from './helpers/system.js';
import { killChild, spawnOperator, type Child } from './helpers/run.js';
import { freePort } from '@vpp/contracts/node';

const COUNT = 36;
const until = String(DAY_START + COUNT * 300);
const series = loadAemoPrices(DAY_CSV);

describe('kill -9 and restart', () => {
  let system: TestSystem;
  const children: Child[] = [];
  beforeAll(async () => {
    // thresholds that trade in the small hours (57–113 AUD/MWh): charges and discharges between idle intervals, so
    // every phase below (a dispatch transaction included) happens
    system = await startSystem({ fleet: DEFAULT_FLEET.map((b) => ({ ...b, chargeBelowWei: audWei(75), dischargeAboveWei: audWei(90) })) });
  });
  afterAll(async () => {
    for (const c of children) await killChild(c);
    await system?.stop();
  });

  it('resumes without double pushes or dispatches and loses nothing', async () => {
    const flags = ['--clock', 'travel', '--replay', DAY_CSV, '--until', until];
    // killed without warning three times, each in another phase of an interval: right after a price round, right
    // after a dispatch transaction, right after an interval completed
    const phases = [
      { event: 'price_pushed', after: 6 },
      { event: 'dispatched', after: 14 },
      { event: 'interval_done', after: 22 },
    ];
    for (const phase of phases) {
      const child = spawnOperator(system, flags);
      children.push(child);
      await child.waitFor((l) => l.event === phase.event && Number(l.interval) >= DAY_START / 300 + phase.after);
      await killChild(child, 'SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      const mid = await chainEvents(system);
      expect(mid.rounds.length).toBeGreaterThan(phase.after);
      expect(mid.rounds.length).toBeLessThan(COUNT);
    }

    const last = spawnOperator(system, flags);
    children.push(last);
    await last.waitFor((l) => l.event === 'reconciled');
    const exit = await last.exited;
    expect(exit.code).toBe(0);
    expect(last.lines.some((l) => l.event === 'summary')).toBe(true);

    const { rounds, dispatches } = await chainEvents(system);
    const moving = movingDispatches(system, rounds);
    const intervals = rounds.map((r) => r.interval);
    const expected = Array.from({ length: COUNT }, (_, k) => BigInt(DAY_START / 300 + k));
    expect(intervals).toEqual(expected); // one round per interval, none twice, none missing
    for (const [k, r] of rounds.entries()) expect(r.price).toBe(audToWeiPerMWh(series.rrp[k]!, '4000'));
    const keys = dispatches.map((d) => `${d.batteryId}:${d.interval}`);
    expect(new Set(keys).size).toBe(keys.length);
    // every battery-interval that moves energy was dispatched once (none lost), and no other (no no-op sent)
    expect(new Set(keys)).toEqual(moving);
    expect(moving.size).toBeGreaterThan(0);
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

  it('stops cleanly on SIGTERM while still waiting for an RPC that does not answer', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const child = spawnOperator({ ...system, rpcUrl: dead }, ['--clock', 'travel', '--replay', DAY_CSV, '--state-file', `${system.dir}/dead.json`]);
    children.push(child);
    await child.waitFor((l) => l.event === 'rpc_retry');
    process.kill(child.process.pid!, 'SIGTERM');
    expect((await child.exited).code).toBe(0);
  });
});
