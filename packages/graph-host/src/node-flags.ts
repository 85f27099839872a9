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
