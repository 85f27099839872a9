import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AemoCsvError, AemoGapError, loadAemoPrices, parseAemoCsv } from '../src/index.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'data', 'aemo-vic1-2024');
const HEADER = 'REGION,SETTLEMENTDATE,TOTALDEMAND,RRP,PERIODTYPE';
const row = (end: string, rrp = '50.5') => `VIC1,${end},4000.1,${rrp},TRADE`;

describe('AEMO CSV loader', () => {
  it('loads a directory of monthly files into one contiguous series', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aemo-'));
    for (const m of ['01', '02']) {
      const f = `PRICE_AND_DEMAND_2024${m}_VIC1.csv`;
      writeFileSync(join(dir, f), readFileSync(join(DATA, f)));
    }
    const s = loadAemoPrices(dir);
    expect(s.length).toBe((31 + 29) * 288);
    expect(s.region).toBe('VIC1');
    // first row ends 2024/01/01 00:05 market time → starts 2023-12-31T14:00:00Z
    expect(s.firstInterval * 300).toBe(Date.UTC(2023, 11, 31, 14, 0, 0) / 1000);
    expect(s.rrp[0]).toBe('51.80');
    expect(s.aud[0]).toBe(51.8);
  });

  it('accepts CRLF and a BOM', () => {
    const text = `\uFEFF${HEADER}\r\n${row('2024/02/13 00:05:00')}\r\n${row('2024/02/13 00:10:00', '-999.99')}\r\n`;
    const rows = parseAemoCsv(text, 'x.csv');
    expect(rows.map((r) => r.rrp)).toEqual(['50.5', '-999.99']);
    expect(rows[1]!.startUnix - rows[0]!.startUnix).toBe(300);
  });

  it('gives typed errors with the line for bad rows', () => {
    const bad = (line: string) => () => parseAemoCsv(`${HEADER}\n${row('2024/02/13 00:05:00')}\n${line}\n`, 'f.csv');
    expect(bad('VIC1,2024/02/13 00:10:00,4000,abc,TRADE')).toThrow(/f\.csv:3: RRP "abc"/);
    expect(bad('VIC1,2024/02/13 00:10:00,4000,1e3,TRADE')).toThrow(AemoCsvError);
    expect(bad('VIC1,2024/02/30 00:10:00,4000,1,TRADE')).toThrow(/not a valid date/);
    expect(bad('VIC1,2024/02/13 00:11:00,4000,1,TRADE')).toThrow(/5-minute boundary/);
    expect(bad('VIC1,2024/02/13 00:10:00,4000,1')).toThrow(/expected 5 fields/);
    expect(bad('VIC1,2024/02/13 00:10:00,,1,TRADE')).toThrow(/TOTALDEMAND/);
    expect(bad('NSW1,2024/02/13 00:10:00,4000,1,TRADE')).toThrow(/REGION changes/);
    expect(() => parseAemoCsv('a,b,c\n', 'f.csv')).toThrow(/header must be/);
    expect(() => parseAemoCsv('', 'f.csv')).toThrow(/empty file/);
  });

  it('reports gaps, duplicates and unsorted rows', () => {
    const gap = `${HEADER}\n${row('2024/02/13 00:05:00')}\n${row('2024/02/13 00:20:00')}\n`;
    expect(() => parseAemoCsv(gap, 'g.csv')).toThrow(AemoGapError);
    expect(() => parseAemoCsv(gap, 'g.csv')).toThrow(/expected interval ending 2024\/02\/13 00:10:00, found 2024\/02\/13 00:20:00/);
    const dup = `${HEADER}\n${row('2024/02/13 00:05:00')}\n${row('2024/02/13 00:05:00')}\n`;
    expect(() => parseAemoCsv(dup, 'd.csv')).toThrow(AemoGapError);
  });

  it('checks region and month against AEMO file names, and gaps between files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aemo-'));
    writeFileSync(join(dir, 'PRICE_AND_DEMAND_202402_NSW1.csv'), `${HEADER}\n${row('2024/02/13 00:05:00')}\n`);
    expect(() => loadAemoPrices(dir)).toThrow(/does not match the file name's NSW1/);
    const dir2 = mkdtempSync(join(tmpdir(), 'aemo-'));
    writeFileSync(join(dir2, 'PRICE_AND_DEMAND_202403_VIC1.csv'), `${HEADER}\n${row('2024/02/13 00:05:00')}\n`);
    expect(() => loadAemoPrices(dir2)).toThrow(/outside 2024-03/);
    const dir3 = mkdtempSync(join(tmpdir(), 'aemo-'));
    writeFileSync(join(dir3, 'a.csv'), `${HEADER}\n${row('2024/02/13 00:05:00')}\n`);
    writeFileSync(join(dir3, 'b.csv'), `${HEADER}\n${row('2024/02/13 00:15:00')}\n`);
    expect(() => loadAemoPrices([join(dir3, 'a.csv'), join(dir3, 'b.csv')])).toThrow(AemoGapError);
    expect(() => loadAemoPrices(join(dir3, 'missing'))).toThrow(/no such file/);
    expect(() => loadAemoPrices(mkdtempSync(join(tmpdir(), 'aemo-')))).toThrow(/no PRICE_AND_DEMAND/);
  });
});
