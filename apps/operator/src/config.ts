/**
 * Configuration: every option with its default, flag, environment variable and help in one table (OPTIONS);
 * values come from the defaults < a JSON file (--config / VPP_OPERATOR_CONFIG) < environment < flags.
 * The private key is a secret: only from OPERATOR_PRIVATE_KEY or a key file (--private-key-file), never a flag
 * or the JSON file, and never logged (see redactedConfig).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Hex } from 'viem';
import { ConfigError } from './errors.js';

type Kind = 'string' | 'number' | 'int' | 'bool' | 'list' | 'enum';

interface Option {
  /** Dotted path in the config object (and the JSON file). */
  path: string;
  flag: string;
  env: string;
  kind: Kind;
  default: unknown;
  choices?: readonly string[];
  help: string;
}

export const OPTIONS = [
  { path: 'rpcUrl', flag: 'rpc-url', env: 'RPC_URL', kind: 'string', default: 'http://127.0.0.1:8545', help: 'JSON-RPC endpoint' },
  { path: 'deployment', flag: 'deployment', env: 'DEPLOYMENT', kind: 'string', default: null, help: 'deployments JSON file (contracts.* addresses, chainId)' },
  { path: 'stateFile', flag: 'state-file', env: 'VPP_OPERATOR_STATE_FILE', kind: 'string', default: 'operator-state.json', help: 'state file (atomic write-rename)' },
  { path: 'privateKeyFile', flag: 'private-key-file', env: 'OPERATOR_PRIVATE_KEY_FILE', kind: 'string', default: null, help: 'file holding the operator key (else $OPERATOR_PRIVATE_KEY)' },
  { path: 'price.source', flag: 'source', env: 'VPP_OPERATOR_SOURCE', kind: 'enum', choices: ['replay', 'http'], default: 'replay', help: 'price source' },
  { path: 'price.replay', flag: 'replay', env: 'VPP_OPERATOR_REPLAY', kind: 'list', default: [], help: 'AEMO CSV files/directories to replay (comma-separated)' },
  { path: 'price.replayFrom', flag: 'replay-from', env: 'VPP_OPERATOR_REPLAY_FROM', kind: 'string', default: null, help: 'first market date to replay (YYYY-MM-DD); earlier rows are history only' },
  { path: 'price.replayDays', flag: 'replay-days', env: 'VPP_OPERATOR_REPLAY_DAYS', kind: 'number', default: null, help: 'market days to replay from --replay-from' },
  { path: 'price.timeShiftSeconds', flag: 'time-shift', env: 'VPP_OPERATOR_TIME_SHIFT', kind: 'int', default: 0, help: 'chain time minus data time, seconds (replay an old day on a live clock)' },
  { path: 'price.httpUrl', flag: 'price-url', env: 'VPP_OPERATOR_PRICE_URL', kind: 'string', default: null, help: 'live price URL ({intervalStart} {intervalEnd} {region} placeholders)' },
  { path: 'price.region', flag: 'region', env: 'VPP_OPERATOR_REGION', kind: 'string', default: 'VIC1', help: 'NEM region of the live source' },
  { path: 'price.httpTimeoutMs', flag: 'price-timeout-ms', env: 'VPP_OPERATOR_PRICE_TIMEOUT_MS', kind: 'int', default: 5000, help: 'one price request timeout' },
  { path: 'price.httpPollMs', flag: 'price-poll-ms', env: 'VPP_OPERATOR_PRICE_POLL_MS', kind: 'int', default: 2000, help: 'poll period while the price is not published' },
  { path: 'price.history', flag: 'history', env: 'VPP_OPERATOR_HISTORY', kind: 'list', default: [], help: 'AEMO CSVs giving the live source a history for strategies' },
  { path: 'price.minAud', flag: 'min-aud', env: 'VPP_OPERATOR_MIN_AUD', kind: 'number', default: -1000, help: 'lowest plausible price, AUD/MWh (below: garbage)' },
  { path: 'price.maxAud', flag: 'max-aud', env: 'VPP_OPERATOR_MAX_AUD', kind: 'number', default: 50000, help: 'highest plausible price, AUD/MWh' },
  { path: 'price.ethAud', flag: 'eth-aud', env: 'AUD_PER_ETH', kind: 'string', default: '4000', help: 'fixed AUD per ETH' },
  { path: 'price.ethAudFeed', flag: 'eth-aud-feed', env: 'VPP_OPERATOR_ETH_AUD_FEED', kind: 'string', default: null, help: 'AggregatorV3 ETH/AUD feed address (overrides --eth-aud)' },
  { path: 'price.ethAudFeedMaxAge', flag: 'eth-aud-feed-max-age', env: 'VPP_OPERATOR_ETH_AUD_FEED_MAX_AGE', kind: 'int', default: 3600, help: 'oldest accepted feed answer, seconds' },
  { path: 'clock.mode', flag: 'clock', env: 'VPP_OPERATOR_CLOCK', kind: 'enum', choices: ['wall', 'scaled', 'travel'], default: 'wall', help: 'wall (live), scaled (replay × speed on anvil), travel (anvil, as fast as possible)' },
  { path: 'clock.speed', flag: 'speed', env: 'VPP_OPERATOR_SPEED', kind: 'number', default: 1, help: 'scaled clock: times real time' },
  { path: 'clock.start', flag: 'start', env: 'VPP_OPERATOR_START', kind: 'int', default: null, help: 'scaled clock: unix seconds to start from (default: replay start or chain time)' },
  { path: 'clock.startDelaySeconds', flag: 'start-delay', env: 'VPP_OPERATOR_START_DELAY', kind: 'int', default: 1, help: 'seconds after an interval starts before its price is pushed' },
  { path: 'clock.intervals', flag: 'intervals', env: 'VPP_OPERATOR_INTERVALS', kind: 'int', default: null, help: 'stop after this many intervals' },
  { path: 'clock.until', flag: 'until', env: 'VPP_OPERATOR_UNTIL', kind: 'int', default: null, help: 'stop before the interval containing this unix time' },
  { path: 'dispatch.maxTransactions', flag: 'max-dispatch-tx', env: 'VPP_OPERATOR_MAX_DISPATCH_TX', kind: 'int', default: 100, help: 'performUpkeep transactions per interval at most' },
  { path: 'tables.mode', flag: 'tables', env: 'VPP_OPERATOR_TABLES', kind: 'enum', choices: ['auto', 'on', 'off'], default: 'auto', help: 'strategy tables: auto = when the contract has publishTable' },
  { path: 'tables.strategy', flag: 'strategy', env: 'VPP_OPERATOR_STRATEGY', kind: 'enum', choices: ['water-value', 'trailing-quantile', 'yesterday'], default: null, help: 'strategy deciding the table writes (none: no tables)' },
  { path: 'tables.cadence', flag: 'cadence', env: 'VPP_OPERATOR_CADENCE', kind: 'enum', choices: ['interval', 'block', 'day'], default: 'block', help: 'water-value re-publishing: every interval, every half-hour block, or once a day' },
  { path: 'tables.unitAud', flag: 'table-unit-aud', env: 'VPP_OPERATOR_TABLE_UNIT_AUD', kind: 'string', default: '1', help: 'table unit, AUD/MWh (unitWei = its wei value at the rate)' },
  { path: 'tables.profileIds', flag: 'profiles', env: 'VPP_OPERATOR_PROFILES', kind: 'list', default: ['1'], help: 'strategy profile ids to publish' },
  { path: 'epochs.mode', flag: 'epochs', env: 'VPP_OPERATOR_EPOCHS', kind: 'enum', choices: ['auto', 'on', 'off'], default: 'auto', help: 'settle fund epochs: auto = when the fund has settleEpoch' },
  { path: 'rpc.timeoutMs', flag: 'rpc-timeout-ms', env: 'VPP_OPERATOR_RPC_TIMEOUT_MS', kind: 'int', default: 10000, help: 'one RPC request timeout' },
  { path: 'rpc.retries', flag: 'rpc-retries', env: 'VPP_OPERATOR_RPC_RETRIES', kind: 'number', default: Infinity, help: 'retries per RPC call (bounded anyway by the interval)' },
  { path: 'rpc.baseDelayMs', flag: 'rpc-base-delay-ms', env: 'VPP_OPERATOR_RPC_BASE_DELAY_MS', kind: 'int', default: 250, help: 'first retry delay' },
  { path: 'rpc.maxDelayMs', flag: 'rpc-max-delay-ms', env: 'VPP_OPERATOR_RPC_MAX_DELAY_MS', kind: 'int', default: 15000, help: 'largest retry delay' },
  { path: 'tx.receiptTimeoutMs', flag: 'receipt-timeout-ms', env: 'VPP_OPERATOR_RECEIPT_TIMEOUT_MS', kind: 'int', default: 60000, help: 'wait before handling a stuck transaction' },
  { path: 'tx.pollMs', flag: 'tx-poll-ms', env: 'VPP_OPERATOR_TX_POLL_MS', kind: 'int', default: 500, help: 'receipt polling period' },
  { path: 'tx.maxFeeBumps', flag: 'max-fee-bumps', env: 'VPP_OPERATOR_MAX_FEE_BUMPS', kind: 'int', default: 3, help: 'fee bumps of a stuck transaction' },
  { path: 'tx.feeBumpPercent', flag: 'fee-bump-percent', env: 'VPP_OPERATOR_FEE_BUMP_PERCENT', kind: 'int', default: 25, help: 'fee increase per bump' },
  { path: 'health.port', flag: 'health-port', env: 'VPP_OPERATOR_HEALTH_PORT', kind: 'int', default: 9464, help: 'health/metrics HTTP port (0: any free port; off: --health-port=-1)' },
  { path: 'health.host', flag: 'health-host', env: 'VPP_OPERATOR_HEALTH_HOST', kind: 'string', default: '127.0.0.1', help: 'health/metrics listen address' },
  { path: 'log.level', flag: 'log-level', env: 'VPP_OPERATOR_LOG_LEVEL', kind: 'enum', choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info', help: 'log level' },
  { path: 'status', flag: 'status', env: 'VPP_OPERATOR_STATUS', kind: 'enum', choices: ['auto', 'on', 'off'], default: 'auto', help: 'status line (auto: when stdout is a TTY)' },
] as const satisfies readonly Option[];

export interface OperatorConfig {
  rpcUrl: string;
  deployment: string | null;
  stateFile: string;
  privateKeyFile: string | null;
  price: {
    source: 'replay' | 'http';
    replay: string[];
    replayFrom: string | null;
    replayDays: number | null;
    timeShiftSeconds: number;
    httpUrl: string | null;
    region: string;
    httpTimeoutMs: number;
    httpPollMs: number;
    history: string[];
    minAud: number;
    maxAud: number;
    ethAud: string;
    ethAudFeed: string | null;
    ethAudFeedMaxAge: number;
  };
  clock: {
    mode: 'wall' | 'scaled' | 'travel';
    speed: number;
    start: number | null;
    startDelaySeconds: number;
    intervals: number | null;
    until: number | null;
  };
  dispatch: { maxTransactions: number };
  tables: {
    mode: 'auto' | 'on' | 'off';
    profileIds: string[];
    strategy: 'water-value' | 'trailing-quantile' | 'yesterday' | null;
    cadence: 'interval' | 'block' | 'day';
    unitAud: string;
  };
  epochs: { mode: 'auto' | 'on' | 'off' };
  rpc: { timeoutMs: number; retries: number; baseDelayMs: number; maxDelayMs: number };
  tx: { receiptTimeoutMs: number; pollMs: number; maxFeeBumps: number; feeBumpPercent: number };
  health: { port: number; host: string };
  log: { level: string };
  status: 'auto' | 'on' | 'off';
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts[parts.length - 1]!] = value;
}

function getPath(source: Record<string, unknown>, path: string): unknown {
  let o: unknown = source;
  for (const p of path.split('.')) {
    if (!o || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[p];
  }
  return o;
}

/** Converts and checks one value; `where` names its origin for the error message. */
function coerce(option: Option, value: unknown, where: string): unknown {
  const bad = (why: string) => new ConfigError(`${where}: ${why}`);
  if (value === null) return null;
  switch (option.kind) {
    case 'string':
      if (typeof value !== 'string' || value === '') throw bad('must be a non-empty string');
      return value;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      throw bad('must be true or false');
    case 'number':
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(n) || (option.kind === 'int' && Number.isFinite(n) && !Number.isInteger(n))) {
        throw bad(`must be ${option.kind === 'int' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
      }
      return n;
    }
    case 'list': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
      if (!list || list.some((x) => typeof x !== 'string')) throw bad('must be a list of strings');
      return list.map((x: string) => x.trim()).filter(Boolean);
    }
    case 'enum':
      if (typeof value !== 'string' || !option.choices!.includes(value)) throw bad(`must be one of ${option.choices!.join(', ')}`);
      return value;
  }
}

/** Applies a (partial) config object — the JSON file's shape — onto `config`; unknown keys and secrets refused. */
function applyObject(config: Record<string, unknown>, json: Record<string, unknown>, where: string): void {
  if (getPath(json, 'privateKey') !== undefined) throw new ConfigError(`${where}: privateKey is not allowed in a config file (use $OPERATOR_PRIVATE_KEY or privateKeyFile)`);
  const known = new Set<string>(OPTIONS.map((o) => o.path));
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (known.has(p)) setPath(config, p, coerce(OPTIONS.find((x) => x.path === p)!, v, `${where}: ${p}`));
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, p);
      else throw new ConfigError(`${where}: unknown option "${p}"`);
    }
  };
  walk(json, '');
}

/** Deep-partial config, the JSON file's shape. */
export type ConfigOverrides = { [K in keyof OperatorConfig]?: OperatorConfig[K] extends object ? Partial<OperatorConfig[K]> : OperatorConfig[K] };

/** The defaults with `overrides` applied and checked (library use: no flags, no environment). */
export function configFrom(overrides: ConfigOverrides, options: { skipSourceCheck?: boolean } = {}): OperatorConfig {
  const config: Record<string, unknown> = {};
  for (const o of OPTIONS) setPath(config, o.path, o.default);
  applyObject(config, overrides as Record<string, unknown>, 'options');
  const c = config as unknown as OperatorConfig;
  validate(c, options.skipSourceCheck);
  return c;
}

export interface LoadedConfig {
  config: OperatorConfig;
  privateKey: Hex;
}

/** Parses argv (without node and script), the environment and the JSON file into a checked config. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const parseOptions: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' }, help: { type: 'boolean' } };
  for (const o of OPTIONS) parseOptions[o.flag] = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see vpp-operator --help)`);
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  if ('private-key' in flags) throw new ConfigError('the private key is only read from $OPERATOR_PRIVATE_KEY or --private-key-file');

  const config: Record<string, unknown> = {};
  for (const o of OPTIONS) setPath(config, o.path, o.default);

  const file = (flags.config as string | undefined) ?? env.VPP_OPERATOR_CONFIG;
  if (file) {
    const path = resolve(cwd, file);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`config file ${path}: ${(error as Error).message}`);
    }
    applyObject(config, json, `config file ${path}`);
  }
  for (const o of OPTIONS) {
    const v = env[o.env];
    if (v !== undefined && v !== '') setPath(config, o.path, coerce(o, v, `$${o.env}`));
  }
  for (const o of OPTIONS) {
    const v = flags[o.flag];
    if (v !== undefined) setPath(config, o.path, coerce(o, v, `--${o.flag}`));
  }
  const c = config as unknown as OperatorConfig;
  for (const p of ['deployment', 'stateFile', 'privateKeyFile'] as const) {
    const v = c[p];
    if (typeof v === 'string' && !isAbsolute(v)) (c as unknown as Record<string, string>)[p] = resolve(cwd, v);
  }
  c.price.replay = c.price.replay.map((p) => resolve(cwd, p));
  c.price.history = c.price.history.map((p) => resolve(cwd, p));
  validate(c);
  return { config: c, privateKey: readPrivateKey(c, env) };
}

function validate(c: OperatorConfig, skipSourceCheck = false): void {
  const need = (ok: boolean, message: string) => {
    if (!ok) throw new ConfigError(message);
  };
  need(c.clock.speed > 0, '--speed must be positive');
  need(c.clock.intervals === null || c.clock.intervals > 0, '--intervals must be positive');
  need(skipSourceCheck || c.price.source !== 'replay' || c.price.replay.length > 0, 'the replay source needs --replay <CSV files or directories>');
  need(c.price.source !== 'http' || !!c.price.httpUrl, 'the http source needs --price-url');
  need(c.price.replayFrom === null || /^\d{4}-\d{2}-\d{2}$/.test(c.price.replayFrom), '--replay-from must be YYYY-MM-DD');
  need(/^\d+(\.\d+)?$/.test(c.tables.unitAud) && Number(c.tables.unitAud) > 0, '--table-unit-aud must be a positive decimal');
  need(c.tables.profileIds.every((p) => /^\d+$/.test(p)), '--profiles must be integers');
  need(c.tx.feeBumpPercent >= 10, '--fee-bump-percent must be at least 10 (nodes refuse smaller replacements)');
  need(c.health.port >= -1 && c.health.port <= 65535, '--health-port must be -1..65535');
  need(c.price.minAud < c.price.maxAud, '--min-aud must be below --max-aud');
}

function readPrivateKey(c: OperatorConfig, env: NodeJS.ProcessEnv): Hex {
  let raw: string | undefined;
  let where: string;
  if (c.privateKeyFile) {
    if (!existsSync(c.privateKeyFile)) throw new ConfigError(`private key file ${c.privateKeyFile} does not exist`);
    raw = readFileSync(c.privateKeyFile, 'utf8').trim();
    where = `private key file ${c.privateKeyFile}`;
  } else {
    raw = env.OPERATOR_PRIVATE_KEY?.trim();
    where = '$OPERATOR_PRIVATE_KEY';
  }
  if (!raw) throw new ConfigError('no operator key: set $OPERATOR_PRIVATE_KEY or --private-key-file');
  const key = raw.startsWith('0x') ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new ConfigError(`${where} is not a 32-byte hex private key`);
  return key as Hex;
}

/** Help text generated from OPTIONS. */
export function helpText(): string {
  const lines = [
    'vpp-operator — pushes one price round per interval, dispatches the fleet, publishes strategy tables, settles epochs',
    '',
    'usage: vpp-operator [--config file.json] [options]      (secrets: $OPERATOR_PRIVATE_KEY or --private-key-file)',
    '',
  ];
  for (const o of OPTIONS as readonly Option[]) {
    const d = o.default === null ? '' : ` (default ${Array.isArray(o.default) ? o.default.join(',') || 'none' : String(o.default)})`;
    lines.push(`  --${o.flag.padEnd(22)} $${o.env.padEnd(34)} ${o.help}${d}`);
  }
  return lines.join('\n');
}

/** The config as it may be logged (the key never is: it is not in the config object at all). */
export function redactedConfig(c: OperatorConfig): OperatorConfig {
  return structuredClone(c);
}
