/**
 * graph-node's rule for `indexing_error` and `_meta.hasIndexingErrors`: a query at block `b` sees
 * indexing errors when a deterministic error (fatal, or non-fatal under `nonFatalErrors`) was
 * recorded at a block <= b (its subgraph_error block range contains b).
 */
import type { SubgraphStore } from '../types.js';

export function hasIndexingErrorsAt(store: SubgraphStore, block: number, latest: number | null): boolean {
  const status = store.status();
  if (status.failed && status.error?.deterministic) {
    // Data dirs from before the failing block was transacted have their pointer just below it.
    if (block >= status.error.blockNumber || block === latest) return true;
  }
  return (store.nonFatalErrors?.() ?? []).some((error) => error.deterministic && error.blockNumber <= block);
}
