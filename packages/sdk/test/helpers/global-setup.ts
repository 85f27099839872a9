/**
 * Once per test run: deploys the system to a fresh anvil with the contracts' own `deploySystem` (the real
 * deployment path), dumps that chain's state, and builds the subgraph for the deployment exactly as a user
 * does (the subgraph package's build helper, @vpp/subgraph/build: compiled mappings plus the manifest generated
 * from the deployments file).
 * Every test file then starts its own anvil from the dumped state (`--load-state`: blocks, logs and contracts
 * included, in ~0.2 s) and, when it needs one, its own graph host on the build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploySystem, startAnvil } from '@vpp/contracts/node';
import type { Deployment } from '@vpp/contracts';
import { parseEther } from 'viem';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** anvil state with the system deployed (anvil --load-state). */
    anvilState: string;
    deployment: Deployment;
    /** The subgraph built for `deployment` ('' when it could not be built). */
    subgraphBuild: string;
  }
}

/** anvil options shared by the dump and every test chain. */
export const ANVIL_ARGS = ['--accounts', '10', '--balance', '1000000'];

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpp-sdk-test-'));
  const anvilState = join(dir, 'anvil-state.json');
  const anvil = await startAnvil({ args: [...ANVIL_ARGS, '--dump-state', anvilState] });
  let deployment: Deployment;
  try {
    deployment = await deploySystem({ rpcUrl: anvil.rpcUrl, marketFundingWei: parseEther('1000') });
  } finally {
    await anvil.stop();
  }
  project.provide('anvilState', anvilState);
  project.provide('deployment', deployment);

  let buildDir: string | undefined;
  let subgraphBuild = process.env.VPP_SUBGRAPH_BUILD ?? '';
  if (!subgraphBuild && process.env.VPP_SKIP_SUBGRAPH !== '1') {
    // The subgraph package's own build helper (it compiles inside that package, where graph build must run).
    const { buildSubgraphForDeployment } = await import('@vpp/subgraph/build');
    buildDir = mkdtempSync(join(tmpdir(), 'vpp-sdk-subgraph-'));
    subgraphBuild = (await buildSubgraphForDeployment(deployment, { dir: buildDir })).dir;
  }
  project.provide('subgraphBuild', subgraphBuild);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  };
}
