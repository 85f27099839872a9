/**
 * The graph host under measurement as users run it (the built package, plain node: no TypeScript
 * loader hooks on its imports, PGlite's own dynamic imports included), alone in a fresh process (start-up is cold: no JIT, no PGlite
 * compiled in this process) on a fresh data dir. The benchmark driver (index-throughput.ts) is the
 * client, in its own process. Prints JSON lines with CLOCK_MONOTONIC timestamps (µs, the clock of
 * process.hrtime in every process and of --cpu-prof samples):
 *   {"event":"starting","t":…}  right before startGraphHost
 *   {"event":"started","t":…}   startGraphHost resolved (deployment open, indexing)
 *   {"event":"head","t":…,…}    the head block is persisted and queryable
 * then stops the host and exits when its stdin closes.
 *
 *   node bench/run-once.mjs '{"rpcUrl":…,"port":…,"head":…}'   (after `pnpm build`)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {{ rpcUrl: string; port: number; head: number; memory?: boolean }} memory: keep the store in memory instead of a fresh data dir */
const args = JSON.parse(process.argv[2] ?? '{}');
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The fixture subgraph's build (test/ingest-helpers.ts names the same directory). */
const fixtureBuildDir = path.join(packageRoot, 'test', 'fixtures', 'emitter', 'build');
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const cpuMs = () => {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
};
/**
 * CPU time of this thread (the one that runs the handlers and PGlite), from Linux's /proc (clock
 * ticks of 10 ms); null elsewhere. The process's other threads are V8's compilers and GC: on 2 cores
 * their CPU is taken from this thread and the node, which a --cpu-prof profile (wall clock) cannot show.
 */
const mainThreadCpuMs = () => {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
};
const emit = (event, extra = {}) =>
  process.stdout.write(`${JSON.stringify({ event, t: monoUs(), cpuMs: cpuMs(), mainThreadCpuMs: mainThreadCpuMs(), ...extra })}\n`);

const importStart = performance.now();
const { startGraphHost } = await import('../dist/index.js');
const importMs = Math.round(performance.now() - importStart);

const dataDir = args.memory ? null : mkdtempSync(path.join(tmpdir(), 'graph-host-bench-'));
emit('starting', { importMs });
const host = await startGraphHost({
  rpcUrl: args.rpcUrl,
  subgraph: fixtureBuildDir,
  dataDir,
  port: args.port,
  pollIntervalMs: 50,
  logger: { log: (/** @type {string} */ level, /** @type {string} */ message) => (level === 'error' || level === 'critical' ? process.stderr.write(`${level}: ${message}\n`) : undefined) },
});
emit('started');
try {
  await host.waitForBlock(args.head, 600_000);
  const [status] = host.status();
  emit('head', {
    handlerCalls: status.handlerCalls,
    eventsProcessed: status.eventsProcessed,
    handlersMs: status.timings.handlersMs,
    flushMs: status.timings.flushMs,
  });
  // Serve queries until the driver is done with us.
  await new Promise((resolve) => {
    process.stdin.on('end', resolve).on('close', resolve).resume();
  });
} finally {
  await host.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
