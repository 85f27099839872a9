/**
 * Live configuration: the wall clock and the HTTP source (a local fake of the price API) on a chain whose clock is
 * real time — the current interval gets its round and its dispatch, the health endpoint is up while the operator
 * waits for the next interval, and SIGTERM stops the real process cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEvents, DAY_START, OPERATOR_KEY, startSystem, type TestSystem } from './helpers/system.js';
import { killChild, spawnOperator, type Child } from './helpers/run.js';
import { startPriceServer, type FakePriceServer } from './helpers/price-server.js';

describe('live: wall clock and HTTP prices', () => {
  let system: TestSystem;
  let server: FakePriceServer;
  const children: Child[] = [];
  beforeAll(async () => {
    system = await startSystem({ timestamp: DAY_START - 7_200 });
    // the fake API publishes 123.45 AUD/MWh for whatever interval is asked
    server = await startPriceServer((end) => ({ body: JSON.stringify({ region: 'VIC1', intervalEnd: end, rrp: '123.45' }) }));
  });
  afterAll(async () => {
    for (const c of children) await killChild(c);
    await server?.close();
    await system?.stop();
  });

  it('prices and dispatches the current interval, then waits for the next; SIGTERM exits 0', async () => {
    // not in the last 45 s of an interval (the operator would rightly skip it as too late)
    const left = 300 - ((Date.now() / 1000) % 300);
    if (left < 45) await new Promise((r) => setTimeout(r, left * 1000 + 1_000));
    // the chain's clock to real time
    await system.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [Math.floor(Date.now() / 1000)] as never });
    await system.client.request({ method: 'evm_mine' as never, params: [] as never });
    const child = spawnOperator(system, ['--clock', 'wall', '--source', 'http', '--price-url', server.url, '--start-delay', '0', '--state-file', `${system.dir}/live.json`]);
    children.push(child);
    const started = await child.waitFor((l) => l.event === 'started');
    const done = await child.waitFor((l) => l.event === 'interval_done', 60_000);
    expect(done.price).toBe('pushed');
    // 123.45 AUD/MWh is inside every test battery's thresholds: all idle, so no dispatch transaction is sent
    expect(done.batteries).toBe(0);
    expect(done.idle).toBe(system.batteryIds.length);
    const health = (await (await fetch(`${String(started.health)}/health`)).json()) as { status: string; lastRound: { interval: string } };
    expect(health.status).toBe('ok');
    expect(health.lastRound.interval).toBe(String(done.interval));
    const { rounds } = await chainEvents(system);
    expect(rounds.at(-1)!.interval).toBe(BigInt(done.interval as number));
    expect(rounds.at(-1)!.price).toBe(30_862_500_000_000_000n); // 123.45 AUD/MWh at 4000 AUD/ETH
    process.kill(child.process.pid!, 'SIGTERM');
    expect((await child.exited).code).toBe(0);
    // the key is never logged (the configuration is, at start-up)
    expect(child.lines.some((l) => l.event === 'config')).toBe(true);
    expect(JSON.stringify(child.lines) + child.stderr.join('')).not.toContain(OPERATOR_KEY.slice(2));
  });
});
