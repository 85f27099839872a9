import type { Deployment } from '@vpp/contracts';

/** Root of the @vpp/subgraph package. */
export declare const subgraphRoot: string;
/** Where compiled mappings and per-deployment builds are cached by default. */
export declare const defaultCacheDir: string;

export interface SubgraphBuild {
  /** Build directory to hand to the graph host (contains subgraph.yaml). */
  dir: string;
  /** Whether the mappings had to be compiled by this call. */
  compiled: boolean;
}

export interface BuildSubgraphOptions {
  /** Where the deployment's build is kept (default: the package cache, <package>/node_modules/.cache/vpp-subgraph). */
  dir?: string;
  /** Receives progress messages (e.g. that the mappings are being compiled). */
  log?: (message: string) => void;
}

/**
 * Returns a build of the subgraph configured for `deployment` (a deployments file path or a Deployment object).
 * The mappings are compiled at most once per version of the sources; each deployment only gets its own manifest.
 */
export declare function buildSubgraphForDeployment(
  deployment: string | Deployment,
  options?: BuildSubgraphOptions,
): Promise<SubgraphBuild>;
