/**
 * A replayed day end to end on anvil (time travel): 10:00–14:00 market time of 2024-02-13 — cheap midday power,
 * negative prices, then the climb — one round per interval at exactly the CSV price, every battery that would move
 * energy dispatched once per interval through performUpkeep (the others previewed idle, no transaction); health and
 * metrics; a second run is a no-op.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { chainEvents, DAY_CSV, DAY_START, movingDispatches, startSystem, type TestSystem } from './helpers/system.js';
import { operatorFor } from './helpers/run.js';

const FROM = 120; // 10:00
const COUNT = 48; // until 14:00
const series = loadAemoPrices(DAY_CSV);
const firstInterval = BigInt(DAY_START / 300 + FROM);

describe('a replayed day', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('pushes one exact round per interval and dispatches every battery that would move energy, once per interval', async () => {
    const { operator, reports, logs } = operatorFor(system, [
      '--clock', 'travel', '--replay', DAY_CSV, '--start-delay', '1',
      '--until', String(DAY_START + (FROM + COUNT) * 300),
    ]);
    // the replay starts at 10:00: skip the morning by starting the chain there
    await system.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [DAY_START + FROM * 300] as never });
    await system.client.request({ method: 'evm_mine' as never, params: [] as never });
    await operator.start();
    const url = operator.healthUrl!;
    const summary = await operator.run();
    expect(summary.intervalsHandled).toBe(COUNT);
    expect(summary.roundsPushed).toBe(COUNT);
    expect(summary.intervalsMissed).toBe(0);
    expect(summary.batteriesDispatched + summary.batteriesIdle).toBe(COUNT * system.batteryIds.length);
    expect(summary.batteriesDispatched).toBeGreaterThan(0);
    expect(summary.batteriesIdle).toBeGreaterThan(0);
    expect(summary.gasUsed.price).toBeGreaterThan(0);
    expect(summary.gasUsed.dispatch).toBeGreaterThan(0);

    const { rounds, dispatches, tradedWh } = await chainEvents(system);
    expect(new Set(dispatches.map((d) => `${d.batteryId}:${d.interval}`))).toEqual(movingDispatches(system, rounds));
    expect(rounds.map((r) => r.interval)).toEqual(Array.from({ length: COUNT }, (_, k) => firstInterval + BigInt(k)));
    for (const [k, r] of rounds.entries()) expect(r.price).toBe(audToWeiPerMWh(series.rrp[FROM + k]!, '4000'));
    const seen = new Set(dispatches.map((d) => `${d.batteryId}:${d.interval}`));
    expect(seen.size).toBe(dispatches.length); // never twice
    expect(dispatches.length).toBe(summary.batteriesDispatched);
    expect(tradedWh.every((wh) => wh > 0n)).toBe(true); // no no-op dispatch was sent
    expect(reports.every((r) => r.skipped === null && r.price?.outcome === 'pushed')).toBe(true);
    expect(logs.some((l) => l.event === 'interval_done')).toBe(true);
    // the health server is closed after run()
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('a second run over the same intervals does nothing (the chain says it is done)', async () => {
    const before = await chainEvents(system);
    // chain time is inside the last interval: a new run handles it again, idempotently, and stops at --until
    const { operator, reports } = operatorFor(system, [
      '--clock', 'travel', '--replay', DAY_CSV, '--until', String(DAY_START + (FROM + COUNT) * 300), '--state-file', `${system.dir}/other-state.json`,
    ]);
    await operator.start();
    const summary = await operator.run();
    const after = await chainEvents(system);
    expect(after.rounds.length).toBe(before.rounds.length);
    expect(after.dispatches.length).toBe(before.dispatches.length);
    expect(summary.roundsPushed).toBe(0);
    expect(reports.map((r) => r.price?.outcome)).toEqual(['already']);
  });

  it('serves /health and /metrics while running', async () => {
    const { operator } = operatorFor(system, [
      '--clock', 'travel', '--replay', DAY_CSV, '--until', String(DAY_START + (FROM + COUNT + 4) * 300), '--state-file', `${system.dir}/third.json`,
    ]);
    await operator.start();
    const url = operator.healthUrl!;
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', chainId: 31337, clock: 'travel' });
    expect(JSON.stringify(health)).not.toMatch(/5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a/);
    const done = operator.run();
    const summary = await done;
    expect(summary.roundsPushed).toBe(4);
    // a fresh instance to read metrics from a live server
    const { operator: again } = operatorFor(system, ['--clock', 'travel', '--replay', DAY_CSV, '--until', String(DAY_START + (FROM + COUNT + 4) * 300), '--state-file', `${system.dir}/third.json`]);
    await again.start();
    const metrics = await (await fetch(`${again.healthUrl}/metrics`)).text();
    expect(metrics).toMatch(/^vpp_operator_up 1$/m);
    expect(metrics).toMatch(/^# TYPE vpp_operator_rounds_pushed_total counter$/m);
    expect(metrics).toMatch(/^vpp_operator_last_pushed_interval \d+$/m);
    const bad = await fetch(`${again.healthUrl}/nope`, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(bad.status).toBe(405);
    expect((await fetch(`${again.healthUrl}/nope`)).status).toBe(404);
    again.stop();
    await again.run();
  });
});
