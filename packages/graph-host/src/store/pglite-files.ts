/**
 * Where PGlite's files are, and its WASM compile: node built-ins only, so a worker's entry can start
 * the compile before it loads PGlite's JavaScript (pglite-worker-entry.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The directory of PGlite's dist files (pglite.wasm, pglite.data). */
export const pgliteDist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));

/** Compiles PGlite's WASM (V8 compiles on its background threads). */
export function compilePgliteWasm(): Promise<WebAssembly.Module> {
  return readFile(path.join(pgliteDist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
}
