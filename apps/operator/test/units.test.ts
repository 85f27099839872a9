/** The pure parts: backoff, configuration precedence and secrets, state file, metrics text, helpers. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAbiItem, type AbiFunction } from 'viem';
import {
  backoffDelay,
  checkAudPrice,
  codeHasFunction,
  ConfigError,
  emptyState,
  FileStateStore,
  loadConfig,
  Metrics,
  parseMarketTime,
  PriceFormatError,
  withRetry,
  ShutdownError,
  helpText,
} from '../src/index.js';
import { coerceArgs, firstIntervalOfDay } from '../src/jobs/tables.js';
import { checkStateMatches } from '../src/state.js';
import { DAY_START } from './helpers/system.js';

const KEY = '0x' + '11'.repeat(32);
const env = { OPERATOR_PRIVATE_KEY: KEY };
const base = ['--replay', 'x.csv'];

describe('backoff', () => {
  it('grows exponentially with equal jitter and a cap', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, o, () => 0)).toBe(50);
    expect(backoffDelay(0, o, () => 1)).toBe(100);
    expect(backoffDelay(3, o, () => 0)).toBe(400);
    expect(backoffDelay(10, o, () => 1)).toBe(1000);
  });

  it('retries transient errors until success, stops on a definite one, and on shutdown', async () => {
    let calls = 0;
    const ok = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('fetch failed');
        return 'ok';
      },
      { baseMs: 1, maxMs: 2, retries: 10 },
    );
    expect([ok, calls]).toEqual(['ok', 3]);
    calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(new Error('execution reverted'))), { baseMs: 1, maxMs: 2, retries: 10 })).rejects.toThrow('reverted');
    expect(calls).toBe(1);
    const ac = new AbortController();
    const p = withRetry(() => Promise.reject(new Error('ECONNREFUSED')), { baseMs: 1000, maxMs: 1000, retries: Infinity, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(ShutdownError);
    let stops = 0;
    await expect(withRetry(() => Promise.reject(new Error('ECONNRESET')), { baseMs: 1, maxMs: 1, retries: Infinity, shouldStop: () => ++stops > 2 })).rejects.toThrow('ECONNRESET');
  });
});

describe('configuration', () => {
  it('defaults < file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ clock: { speed: 2, mode: 'scaled' }, rpcUrl: 'http://file', price: { replay: ['a.csv'] } }));
    const { config } = loadConfig(['--config', file, '--speed', '4'], { ...env, RPC_URL: 'http://env', VPP_OPERATOR_SPEED: '3' }, dir);
    expect(config.clock).toMatchObject({ mode: 'scaled', speed: 4 });
    expect(config.rpcUrl).toBe('http://env');
    expect(config.price.replay).toEqual([join(dir, 'a.csv')]);
    expect(config.tables.unitAud).toBe('1');
  });

  it('reads the key from the environment or a key file only, and never puts it in the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-key-'));
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, KEY.slice(2) + '\n');
    const fromFile = loadConfig([...base, '--private-key-file', keyFile], {}, dir);
    expect(fromFile.privateKey).toBe(KEY);
    expect(JSON.stringify(fromFile.config)).not.toContain('1111111111');
    expect(() => loadConfig([...base, '--private-key', KEY], env)).toThrow(ConfigError);
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ privateKey: KEY }));
    expect(() => loadConfig([...base, '--config', file], env)).toThrow(/not allowed in a config file/);
    expect(() => loadConfig(base, {})).toThrow(/no operator key/);
    expect(() => loadConfig(base, { OPERATOR_PRIVATE_KEY: '0x1234' })).toThrow(/32-byte/);
  });

  it('names the source of a bad value', () => {
    expect(() => loadConfig([...base, '--speed', 'fast'], env)).toThrow(/--speed: must be a number/);
    expect(() => loadConfig(base, { ...env, VPP_OPERATOR_CLOCK: 'sundial' })).toThrow(/\$VPP_OPERATOR_CLOCK: must be one of wall, scaled, travel/);
    expect(() => loadConfig(['--nope'], env)).toThrow(ConfigError);
    expect(() => loadConfig([], env)).toThrow(/needs --replay/);
    const dir = mkdtempSync(join(tmpdir(), 'op-bad-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ clock: { sped: 2 } }));
    expect(() => loadConfig([...base, '--config', join(dir, 'c.json')], env)).toThrow(/unknown option "clock.sped"/);
    expect(helpText()).toContain('--table-unit-aud');
  });
});

describe('state file', () => {
  it('writes atomically, reloads, refuses another deployment and moves a corrupt file aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-state-'));
    const path = join(dir, 'sub', 'state.json');
    const store = new FileStateStore(path);
    expect(store.load()).toBeNull();
    const id = { chainId: 1, oracle: '0x0000000000000000000000000000000000000001', trader: '0x0000000000000000000000000000000000000002', account: '0x0000000000000000000000000000000000000003' } as const;
    const state = { ...emptyState(id), lastHandled: '42' };
    store.save(state);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['state.json']); // no temporary left behind
    expect(store.load()).toEqual(state);
    expect(() => checkStateMatches(state, { ...id, chainId: 2 }, path)).toThrow(/another --state-file/);
    writeFileSync(path, '{"version":1,');
    expect(store.load()).toBeNull();
    expect(readdirSync(join(dir, 'sub')).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
  });
});

describe('prices and metrics', () => {
  it('parses market time and checks decimal prices', () => {
    expect(parseMarketTime('2024/02/13 00:05:00')).toBe(DAY_START + 300);
    expect(parseMarketTime('2024-02-13T00:05:00+10:00')).toBe(DAY_START + 300);
    expect(parseMarketTime('2024-02-12T14:05:00Z')).toBe(DAY_START + 300);
    expect(parseMarketTime('soon')).toBeNull();
    const r = { minAud: -1000, maxAud: 20000 };
    expect(checkAudPrice(' -999.99 ', 'x', 's', 1n, r)).toBe('-999.99');
    expect(checkAudPrice(86.16, 'x', 's', 1n, r)).toBe('86.16');
    for (const bad of [Infinity, '1,000', '', true, '0x10', -1000.01]) expect(() => checkAudPrice(bad, 'x', 's', 1n, r)).toThrow(PriceFormatError);
  });

  it('renders Prometheus text with labels', () => {
    const m = new Metrics();
    m.inc('gas_used_total', 50_000, { kind: 'price' });
    m.inc('gas_used_total', 70_000, { kind: 'dispatch' });
    m.set('up', 1);
    const text = m.render();
    expect(text).toContain('# TYPE vpp_operator_gas_used_total counter');
    expect(text).toContain('vpp_operator_gas_used_total{kind="price"} 50000');
    expect(text).toMatch(/^vpp_operator_up 1$/m);
    expect(m.byLabel('gas_used_total', 'kind')).toEqual({ price: 50000, dispatch: 70000 });
  });
});

describe('table helpers', () => {
  it('coerces positional arguments to the ABI types and finds selectors in code', () => {
    const item = parseAbiItem('function updateBlocks(uint256 profileId, uint8 firstBlock, bytes32[] blocks, uint64 validUntil)') as AbiFunction;
    expect(coerceArgs(item, [1n, 5, ['0x'], 9])).toEqual([1n, 5, ['0x'], 9n]);
    expect(codeHasFunction('0x6080604052348015600f57600080fd5b506004361060285760003560e01c8063aabbccdd14602d575b600080fd', parseAbiItem('function settleEpoch()') as AbiFunction)).toBe(false);
    expect(firstIntervalOfDay(Math.floor((DAY_START + 36_000) / 86_400), 300)).toBe(BigInt(DAY_START / 300));
    void readFileSync;
  });
});
