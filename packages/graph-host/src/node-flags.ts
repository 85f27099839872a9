import { setFlagsFromString } from 'node:v8';

/**
 * Node flags for a process whose main job is the graph host: the devkit starts the CLI with them,
 * the benchmark its host, and the README gives them for `graph-host start`
 * (`NODE_OPTIONS=--v8-pool-size=1`). A library cannot set them for its host process: Node reads
 * them when it starts.
 *
 * `--v8-pool-size=1`: one V8 background thread instead of four. The host indexes and answers
 * queries on one thread; V8's background threads only compile (TurboFan for PGlite's WASM and for
 * JavaScript) and collect garbage. On 2 cores, four of them took the indexing thread's core: it
 * ran 74 % of a 10k-event backfill, and 95 % with one background thread, so the backfill went from
 * 14.3k to 16.5k events/s and the 50k one from 21.2k to 22.2k (bench/results.md; the README's
 * "Performance" section has the measurement).
 */
export const GRAPH_HOST_NODE_FLAGS: readonly string[] = Object.freeze(['--v8-pool-size=1']);

/**
 * V8 flags to the same end that V8 still reads once running: one WASM compile task, one queued
 * JavaScript optimisation, one concurrent-marking helper. Measured on 2 cores without the node
 * flag: a 10k backfill of 14.6–15.2k events/s went to 15.4–16.2k (the node flag gives ~17.2k).
 */
export const GRAPH_HOST_RUNTIME_V8_FLAGS: readonly string[] = Object.freeze([
  '--wasm-num-compilation-tasks=1',
  '--concurrent-recompilation-queue-length=1',
  '--concurrent-marking-max-worker-num=1',
]);

/**
 * For the CLI's own process (never called by the library: these flags are process-wide): sets
 * GRAPH_HOST_RUNTIME_V8_FLAGS unless the process was started with a `--v8-pool-size` (in its
 * arguments or NODE_OPTIONS), which already limits V8's background threads. Returns whether it did.
 */
export function limitV8BackgroundWork(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => arg === '--v8-pool-size' || arg.startsWith('--v8-pool-size='));
  if (given) return false;
  setFlagsFromString(GRAPH_HOST_RUNTIME_V8_FLAGS.join(' '));
  return true;
}
