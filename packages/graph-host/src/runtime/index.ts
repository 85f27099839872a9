/** WASM mapping runtime of the local graph host (see ../types.ts for the module contract). */
export { loadSubgraph, immutableEntityTypes, ManifestError } from './manifest.js';
export { SubgraphRuntime, type SubgraphRuntimeOptions } from './runtime.js';
export { HandlerError, UnsupportedHostFunctionsError } from './errors.js';
export { SUPPORTED_IMPORTS } from './host-names.js';
export * as graphBigDecimal from './bigdecimal.js';
