/** Runs the operator in-process from CLI-style flags (the real config path), or as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, Operator, sourceFromConfig, type IntervalReport, type PriceSource, type StrategySource } from '../../src/index.js';
import { readDeployment } from '../../src/chain.js';
import { OPERATOR_KEY, type TestSystem } from './system.js';

export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Fast settings for anvil: short polls and backoff. */
export const FAST = ['--tx-poll-ms', '20', '--rpc-base-delay-ms', '50', '--rpc-max-delay-ms', '400', '--health-port', '0', '--status', 'off'];

export interface InProcess {
  operator: Operator;
  logs: Record<string, unknown>[];
  reports: IntervalReport[];
}

export function operatorFor(
  system: TestSystem,
  flags: string[],
  extra: { source?: PriceSource; strategy?: StrategySource } = {},
): InProcess {
  const { config, privateKey } = loadConfig(
    ['--deployment', system.deploymentPath, '--rpc-url', system.rpcUrl, '--state-file', join(system.dir, 'state.json'), ...FAST, ...flags],
    { OPERATOR_PRIVATE_KEY: OPERATOR_KEY },
  );
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const deployment = readDeployment(config.deployment!);
  const reports: IntervalReport[] = [];
  const operator = new Operator({
    config,
    privateKey,
    contracts: deployment.contracts,
    expectedChainId: deployment.chainId,
    source: extra.source ?? sourceFromConfig(config),
    ...(extra.strategy ? { strategy: extra.strategy } : {}),
    log: createLogger({ level: 'debug', destination: sink }),
    onInterval: (r) => reports.push(r),
  });
  return { operator, logs, reports };
}

export interface Child {
  process: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line matches. */
  waitFor(pred: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts `vpp-operator` from its sources as a real child process (tsx), logs parsed from stdout. */
export function spawnOperator(system: TestSystem, flags: string[], env: Record<string, string> = {}): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(packageRoot, 'src', 'cli.ts'), '--deployment', system.deploymentPath, '--rpc-url', system.rpcUrl, '--state-file', join(system.dir, 'state.json'), ...FAST, ...flags],
    { cwd: packageRoot, env: { ...process.env, OPERATOR_PRIVATE_KEY: OPERATOR_KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }> = [];
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!text.trim()) continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { raw: text };
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    stderr,
    exited,
    waitFor(pred, timeoutMs = 120_000) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for a log line; last: ${JSON.stringify(lines.slice(-3))} stderr: ${stderr.join('')}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`operator exited before the awaited log line; stderr: ${stderr.join('')}; last: ${JSON.stringify(lines.slice(-3))}`));
        });
      });
    },
  };
}

/** Kills a child by PID if it still runs. */
export async function killChild(child: Child, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  process.kill(child.process.pid!, signal);
  await child.exited;
}
