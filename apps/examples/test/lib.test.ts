import { describe, expect, it } from 'vitest';
import {
  AEMO_ATTRIBUTION,
  centsPerMWhToWeiPerMWh,
  formatAud,
  loadAemoDay,
  marketTime,
  weiToAudCents,
} from '../src/lib/aemo.js';
import { ConfigError, parseAudPerEth, resolveKeys, ANVIL_KEYS } from '../src/lib/config.js';
import { loadConfig } from '../src/lib/config.js';

const cleanConfig = (env: Record<string, string> = {}) => loadConfig(env);

describe('AEMO day', () => {
  const day = loadAemoDay(cleanConfig().aemoDayPath);

  it('has the 288 five-minute intervals of 2024-02-13, contiguous, starting at midnight market time', () => {
    expect(day.intervals).toHaveLength(288);
    expect(day.marketDate).toBe('2024-02-13');
    expect(day.start).toBe(day.intervals[0]!.end - 300);
    expect(marketTime(day.start)).toBe('00:00');
    expect(marketTime(day.intervals[287]!.end)).toBe('00:00');
    expect(day.source).toBe(AEMO_ATTRIBUTION);
  });

  it('keeps the extremes: the market floor and the spike', () => {
    const cents = day.intervals.map((i) => i.rrpCentsPerMWh);
    expect(cents.reduce((a, b) => (a < b ? a : b))).toBe(-99_999n);
    expect(cents.reduce((a, b) => (a > b ? a : b))).toBe(1_660_000n);
  });
});

describe('price conversion (integer maths)', () => {
  const rate = parseAudPerEth('4000'); // 400000 AUD cents per ETH

  it('converts AUD cents/MWh to wei/MWh', () => {
    expect(centsPerMWhToWeiPerMWh(10_000n, rate)).toBe(25_000_000_000_000_000n); // 100 AUD -> 0.025 ETH
    expect(centsPerMWhToWeiPerMWh(0n, rate)).toBe(0n);
    expect(centsPerMWhToWeiPerMWh(-99_999n, rate)).toBe(-(99_999n * 10n ** 18n) / 400_000n);
    expect(centsPerMWhToWeiPerMWh(1_660_000n, rate)).toBe(4_150_000_000_000_000_000n); // 16600 AUD -> 4.15 ETH
  });

  it('truncates toward zero symmetrically for negative prices', () => {
    const r = parseAudPerEth('3');
    expect(centsPerMWhToWeiPerMWh(-1n, r)).toBe(-centsPerMWhToWeiPerMWh(1n, r));
  });

  it('round-trips through AUD cents', () => {
    expect(weiToAudCents(centsPerMWhToWeiPerMWh(12_345n, rate), rate)).toBe(12_345n);
    expect(formatAud(-123_456_789n)).toBe('-1,234,567.89 AUD');
  });

  it('parses AUD_PER_ETH with up to two decimals', () => {
    expect(parseAudPerEth('4012.35')).toBe(401_235n);
    expect(parseAudPerEth('4012.5')).toBe(401_250n);
    expect(() => parseAudPerEth('0')).toThrow(ConfigError);
    expect(() => parseAudPerEth('-5')).toThrow(ConfigError);
    expect(() => parseAudPerEth('1.234')).toThrow(ConfigError);
  });
});

describe('configuration', () => {
  it('defaults to the local stack', () => {
    const c = cleanConfig();
    expect(c.rpcUrl).toBe('http://127.0.0.1:8545');
    expect(c.subgraphUrl).toBe('http://127.0.0.1:8000/subgraphs/name/vpp');
    expect(c.deploymentPath).toBeNull();
  });

  it("uses anvil's keys on local chains only", () => {
    expect(resolveKeys(cleanConfig(), 31337).owner).toBe(ANVIL_KEYS[0]);
    expect(() => resolveKeys(cleanConfig(), 11155111)).toThrow(/PRIVATE_KEY is required/);
    const key = `0x${'11'.repeat(32)}`;
    const c = cleanConfig({
      PRIVATE_KEY: key,
      ADMIN_PRIVATE_KEY: key,
      OPERATOR_PRIVATE_KEY: key,
      VENDOR_PRIVATE_KEY: key,
      INVESTOR_PRIVATE_KEYS: `${key},${key}`,
    });
    expect(resolveKeys(c, 11155111).investors).toHaveLength(2);
  });

  it('rejects malformed keys', () => {
    expect(() => cleanConfig({ PRIVATE_KEY: '0x1234' })).toThrow(ConfigError);
  });
});
