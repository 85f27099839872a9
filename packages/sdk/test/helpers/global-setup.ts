/**
 * Builds the subgraph once for the whole run, exactly as a user does (manifest from a deployments file, graph
 * codegen, graph build; the subgraph package's own build helper), and tells the test files where the build is
 * (VPP_SUBGRAPH_BUILD). Every test deployment has the same addresses (fresh anvil, same deployer and nonces), so
 * one build serves every test file's own anvil + graph host.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { deploySystem, startAnvil } from '@vpp/contracts/node';
// The subgraph package's build helper (generate-manifest + graph codegen + graph build into a temporary dir).
import { buildSubgraphFor, testBuildDir } from '../../../subgraph/test/helpers/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    subgraphBuild: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.VPP_SUBGRAPH_BUILD) {
    project.provide('subgraphBuild', process.env.VPP_SUBGRAPH_BUILD);
    return () => {};
  }
  const dir = testBuildDir();
  const anvil = await startAnvil();
  try {
    const deployment = await deploySystem({ rpcUrl: anvil.rpcUrl });
    project.provide('subgraphBuild', await buildSubgraphFor(deployment, dir));
  } finally {
    await anvil.stop();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
