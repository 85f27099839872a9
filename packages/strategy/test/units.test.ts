import { describe, expect, it } from 'vitest';
import { audToWeiPerMWh, DecimalFormatError, gasCostAud, parseDecimal, weiToAud } from '../src/index.js';

describe('audToWeiPerMWh', () => {
  it('converts exactly: aud × 1e18 / ethAud', () => {
    expect(audToWeiPerMWh('1', '4000')).toBe(250_000_000_000_000n);
    expect(audToWeiPerMWh('16600', '4000')).toBe(4_150_000_000_000_000_000n);
    expect(audToWeiPerMWh('-999.99', '4000')).toBe(-249_997_500_000_000_000n);
    expect(audToWeiPerMWh('0.01', 4000)).toBe(2_500_000_000_000n);
    expect(audToWeiPerMWh('.5', 1n)).toBe(500_000_000_000_000_000n);
    expect(audToWeiPerMWh('0', '3333.33')).toBe(0n);
  });

  it('rounds half away from zero, symmetric in sign', () => {
    // 1 × 1e18 / 3 = 333…333.33 → down; 2e18/3 = 666…666.67 → up
    expect(audToWeiPerMWh('1', '3')).toBe(333_333_333_333_333_333n);
    expect(audToWeiPerMWh('2', '3')).toBe(666_666_666_666_666_667n);
    expect(audToWeiPerMWh('-2', '3')).toBe(-666_666_666_666_666_667n);
    // exact halves: 1e-18 AUD at 2 AUD/ETH = 0.5 wei → 1; negative → −1
    expect(audToWeiPerMWh('0.000000000000000001', '2')).toBe(1n);
    expect(audToWeiPerMWh('-0.000000000000000001', '2')).toBe(-1n);
    expect(audToWeiPerMWh('0.000000000000000001', '2.0000001')).toBe(0n);
  });

  it('handles decimal rates exactly', () => {
    // 100 AUD at 4000.5 AUD/ETH: 1e20 / 4000.5 = 24996875390576177.977… → …178
    expect(audToWeiPerMWh('100', '4000.5')).toBe(24_996_875_390_576_178n);
  });

  it('rejects malformed input with a typed error', () => {
    for (const bad of ['', '1e3', '12,5', 'abc', '--1', '1.2.3', ' ', 'NaN']) {
      expect(() => audToWeiPerMWh(bad, '4000')).toThrow(DecimalFormatError);
    }
    expect(() => audToWeiPerMWh('1', '0')).toThrow(DecimalFormatError);
    expect(() => audToWeiPerMWh('1', '-4000')).toThrow(DecimalFormatError);
    expect(() => audToWeiPerMWh('1', Number.NaN)).toThrow(DecimalFormatError);
    expect(() => audToWeiPerMWh('1', 1e21)).toThrow(DecimalFormatError);
  });

  it('parses decimals and reports wei and gas in AUD', () => {
    expect(parseDecimal('-12.50')).toEqual({ mantissa: -1250n, scale: 2 });
    expect(weiToAud(250_000_000_000_000n, '4000')).toBe(1);
    // 30,000 gas at 10 gwei = 3e14 wei = 1.2 AUD at 4,000 AUD/ETH
    expect(gasCostAud(30_000, '10', '4000')).toBeCloseTo(1.2, 9);
    expect(gasCostAud(30_000, 0, '4000')).toBe(0);
  });
});
