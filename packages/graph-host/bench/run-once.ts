/**
 * The graph host under measurement, alone in a fresh process (start-up is cold: no JIT, no PGlite
 * compiled in this process) on a fresh data dir. The benchmark driver (index-throughput.ts) is the
 * client, in its own process. Prints JSON lines with CLOCK_MONOTONIC timestamps (µs, the clock of
 * process.hrtime in every process and of --cpu-prof samples):
 *   {"event":"starting","t":…}  right before startGraphHost
 *   {"event":"started","t":…}   startGraphHost resolved (deployment open, indexing)
 *   {"event":"head","t":…,…}    the head block is persisted and queryable
 * then stops the host and exits when its stdin closes.
 *
 *   tsx bench/run-once.ts '{"rpcUrl":…,"port":…,"head":…}'
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface RunArgs {
  rpcUrl: string;
  port: number;
  head: number;
  /** Keep the store in memory instead of a fresh data dir. */
  memory?: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as RunArgs;
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const cpuMs = () => {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
};
const emit = (event: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, t: monoUs(), cpuMs: cpuMs(), ...extra })}\n`);

const importStart = performance.now();
const { startGraphHost } = await import('../src/index.js');
const { fixtureBuildDir } = await import('../test/ingest-helpers.js');
const importMs = Math.round(performance.now() - importStart);

const dataDir = args.memory ? null : mkdtempSync(path.join(tmpdir(), 'graph-host-bench-'));
emit('starting', { importMs });
const host = await startGraphHost({
  rpcUrl: args.rpcUrl,
  subgraph: fixtureBuildDir,
  dataDir,
  port: args.port,
  pollIntervalMs: 50,
  logger: { log: (level, message) => (level === 'error' || level === 'critical' ? process.stderr.write(`${level}: ${message}\n`) : undefined) },
});
emit('started');
try {
  await host.waitForBlock(args.head, 600_000);
  const [status] = host.status();
  emit('head', {
    handlerCalls: status!.handlerCalls,
    eventsProcessed: status!.eventsProcessed,
    handlersMs: status!.timings.handlersMs,
    flushMs: status!.timings.flushMs,
  });
  // Serve queries until the driver is done with us.
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve).on('close', resolve).resume();
  });
} finally {
  await host.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
