/**
 * Where PGlite's files are, and its WASM compile: node built-ins (and env.ts) only, so a worker's entry
 * can start the compile before it loads PGlite's JavaScript (pglite-worker-entry.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { envNumber } from '../env.js';

/** The directory of PGlite's dist files (pglite.wasm, pglite.data). */
export const pgliteDist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));

/** V8's own `--wasm-tiering-budget` (`node --v8-options` of Node 20, V8 11.3), restored after PGlite's compile. */
export const V8_DEFAULT_WASM_TIERING_BUDGET = 1_800_000;
/** PGlite's tiering budget unless GRAPH_HOST_PGLITE_TIERING_BUDGET says otherwise (bench/results.md). */
export const PGLITE_WASM_TIERING_BUDGET = 18_000_000;

/**
 * The tiering budget PGlite's module is compiled with, or null to leave V8's alone. V8 runs each
 * WASM function first as Liftoff code and recompiles it with TurboFan once it has run "enough"
 * (the budget, roughly bytes executed). PGlite is Postgres in 9 MB of WASM with some huge functions:
 * with V8's budget a 10k-event backfill recompiled ~460 of them, 5.6 s of TurboFan CPU (single
 * functions up to 0.9 s) on background threads that, on 2 cores, the handlers and the node need.
 * Ten times the budget recompiles the ~190 hottest (2.6 s). Users who set V8's tiering flags
 * themselves (node options) keep them.
 */
export function pgliteTieringBudget(env: Record<string, string | undefined> = process.env, nodeOptions = [...process.execArgv, env.NODE_OPTIONS ?? '']): number | null {
  if (nodeOptions.some((option) => /wasm[-_](tiering[-_]budget|dynamic[-_]tiering|tier[-_]up)|liftoff/.test(option))) return null;
  const budget = envNumber(env, 'GRAPH_HOST_PGLITE_TIERING_BUDGET', PGLITE_WASM_TIERING_BUDGET, { min: 0, integer: true });
  return budget === 0 || budget === V8_DEFAULT_WASM_TIERING_BUDGET ? null : budget;
}

/** Compiles PGlite's WASM (V8 compiles on its background threads) with its tiering budget. */
export async function compilePgliteWasm(): Promise<WebAssembly.Module> {
  const budget = pgliteTieringBudget();
  const bytes = await readFile(path.join(pgliteDist, 'pglite.wasm'));
  // V8 reads the budget when it creates the compiled module, which an asynchronous compile does
  // later than this call: the flag stays raised until the compile is done (restoring it right after
  // the call measured no effect). A module compiled meanwhile, such as a subgraph's mapping, gets the
  // same budget: its functions only tier up later.
  if (budget !== null) setFlagsFromString(`--wasm-tiering-budget=${budget}`);
  try {
    return await WebAssembly.compile(bytes);
  } finally {
    if (budget !== null) setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_WASM_TIERING_BUDGET}`);
  }
}
