/**
 * The live HTTP source against a local fake server: both documented shapes parse; every kind of garbage is a
 * clear typed error; and end to end on anvil, an interval whose price is garbage is skipped (no round, no
 * dispatch) while the others trade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { HttpPriceSource, PriceFormatError, PriceUnavailableError, StalePriceError } from '../src/index.js';
import { chainEvents, DAY_CSV, DAY_START, startSystem, type TestSystem } from './helpers/system.js';
import { operatorFor } from './helpers/run.js';
import { startPriceServer, type Answer, type FakePriceServer } from './helpers/price-server.js';

const series = loadAemoPrices(DAY_CSV);
const dayFirst = DAY_START / 300;
const aemoDate = (unix: number) => new Date((unix + 36_000) * 1000).toISOString().slice(0, 19);
const simple = (end: number, rrp: unknown) => JSON.stringify({ region: 'VIC1', intervalEnd: end, rrp });
const aemo = (end: number, price: unknown) =>
  JSON.stringify({ ELEC_NEM_SUMMARY: [{ REGIONID: 'NSW1', SETTLEMENTDATE: aemoDate(end), PRICE: 1 }, { REGIONID: 'VIC1', SETTLEMENTDATE: aemoDate(end), PRICE: price }] });

describe('HTTP price source', () => {
  let server: FakePriceServer;
  let script: (end: number) => Answer;
  beforeAll(async () => {
    server = await startPriceServer((end) => script(end));
  });
  afterAll(async () => {
    await server?.close();
  });
  // generous timeouts: the machine may be loaded; the timeout case sets its own
  const source = (timeoutMs = 5_000) => new HttpPriceSource({ url: server.url, region: 'VIC1', timeoutMs, pollMs: 30 });
  const i = BigInt(dayFirst + 10);
  const end = (dayFirst + 11) * 300;
  const ask = (s = source(), deadline = Date.now() + 5_000) => s.priceFor(i, { intervalSeconds: 300, deadlineMs: deadline });

  it('reads the simple and the AEMO-like shape', async () => {
    script = (e) => ({ body: simple(e, '86.16') });
    expect(await ask()).toMatchObject({ interval: i, start: end - 300, end, region: 'VIC1', audPerMWh: '86.16' });
    script = (e) => ({ body: aemo(e, -999.99) });
    expect((await ask()).audPerMWh).toBe('-999.99');
    script = (e) => ({ body: JSON.stringify({ prices: [JSON.parse(simple(e - 300, 1)), JSON.parse(simple(e, 16600))] }) });
    expect((await ask()).audPerMWh).toBe('16600');
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['null', 'null'],
    ['price is text', simple(0, 'eighty')],
    ['price NaN', '{"region":"VIC1","intervalEnd":END,"rrp":"NaN"}'],
    ['price with exponent', simple(0, '1e5')],
    ['price missing', '{"region":"VIC1","intervalEnd":END}'],
    ['absurd price', simple(0, 1e9)],
    ['no region', '{"intervalEnd":END,"rrp":"1"}'],
    ['bad date', '{"region":"VIC1","intervalEnd":"yesterday","rrp":"1"}'],
    ['other region only', '{"region":"QLD1","intervalEnd":END,"rrp":"1"}'],
  ])('garbage (%s) is a PriceFormatError', async (_name, body) => {
    script = (e) => ({ body: body.replaceAll('END', String(e)).replace('"intervalEnd":0', `"intervalEnd":${end}`) });
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PriceFormatError);
    expect((error as PriceFormatError).interval).toBe(i);
  });

  it('HTTP errors and timeouts are PriceUnavailableError after polling until the deadline', async () => {
    script = () => ({ status: 503, body: '{}' });
    const before = server.requests.length;
    await expect(ask(source(), Date.now() + 400)).rejects.toBeInstanceOf(PriceUnavailableError);
    expect(server.requests.length - before).toBeGreaterThan(1); // polled
    script = (e) => ({ body: simple(e, 1), delayMs: 3_000 });
    await expect(ask(source(200), Date.now() + 100)).rejects.toThrow(/timed out after 200 ms/);
  });

  it('an older interval (not yet published) is polled for, then a StalePriceError; a newer one at once', async () => {
    script = (e) => ({ body: simple(e - 300, '50') });
    await expect(ask(source(), Date.now() + 400)).rejects.toBeInstanceOf(StalePriceError);
    script = (e) => ({ body: simple(e + 300, '50') });
    await expect(ask()).rejects.toThrow(/moved past/);
  });

  it('refuses a response body over the limit', async () => {
    script = (e) => ({ body: JSON.stringify({ prices: [JSON.parse(simple(e, 1))], pad: 'x'.repeat(2 << 20) }) });
    await expect(ask()).rejects.toBeInstanceOf(PriceFormatError);
  });
});

describe('an operator whose source returns garbage', () => {
  let system: TestSystem;
  let server: FakePriceServer;
  const bad = new Set([dayFirst + 2, dayFirst + 5]);
  beforeAll(async () => {
    system = await startSystem();
    server = await startPriceServer((end) => {
      const interval = end / 300 - 1;
      if (bad.has(interval)) return { body: interval === dayFirst + 2 ? '{"region":"VIC1","rrp":' : simple(end, 'lots') };
      return { body: simple(end, series.rrp[interval - dayFirst]) };
    });
  });
  afterAll(async () => {
    await server?.close();
    await system?.stop();
  });

  it('logs a clear error, skips those intervals and trades the others', async () => {
    const { operator, logs } = operatorFor(system, [
      '--clock', 'travel', '--source', 'http', '--price-url', server.url, '--price-timeout-ms', '500', '--price-poll-ms', '50',
      '--start', String(DAY_START), '--until', String(DAY_START + 8 * 300),
    ]);
    await system.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [DAY_START] as never });
    await system.client.request({ method: 'evm_mine' as never, params: [] as never });
    await operator.start();
    const summary = await operator.run();
    const skipped = logs.filter((l) => l.event === 'interval_skipped');
    expect(skipped.map((l) => Number(l.interval))).toEqual([dayFirst + 2, dayFirst + 5]);
    expect(skipped.every((l) => l.errorType === 'PriceFormatError' && l.code === 'PRICE_FORMAT')).toBe(true);
    expect(String(skipped[0]!.err)).toMatch(/not JSON/);
    expect(String(skipped[1]!.err)).toMatch(/"lots" is not a decimal/);
    expect(summary.intervalsMissed).toBe(2);
    const { rounds, dispatches } = await chainEvents(system);
    expect(rounds.map((r) => Number(r.interval))).toEqual([0, 1, 3, 4, 6, 7].map((k) => dayFirst + k));
    for (const r of rounds) expect(r.price).toBe(audToWeiPerMWh(series.rrp[Number(r.interval) - dayFirst]!, '4000'));
    expect(dispatches.some((d) => bad.has(Number(d.interval)))).toBe(false);
  });
});
