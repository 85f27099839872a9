/**
 * A PGlite worker thread's entry: starts compiling PGlite's WASM (seconds of CPU on V8's background
 * threads, the longest step of a store's start) before loading PGlite's JavaScript and the store
 * code (pglite-worker-serve.ts), which would otherwise delay it by their load time.
 */
import { compilePgliteWasm } from './pglite-files.js';

const compiling = compilePgliteWasm();
compiling.catch(() => undefined); // reported when the store opens
const { serve } = await import('./pglite-worker-serve.js');
serve(compiling);
