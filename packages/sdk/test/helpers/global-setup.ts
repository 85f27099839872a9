/**
 * Once per test run, with @vpp/devkit: deploys the system to a fresh anvil with the contracts' own `deploySystem`
 * (the real deployment path), builds the subgraph for it (@vpp/subgraph/build: compiled mappings, reused while the
 * sources are unchanged, plus the manifest generated from the deployment), deploys it to a graph host over IPFS and
 * the admin API, lets it index, and saves both as a devkit snapshot.
 * Every test file then starts its own stack from the snapshot: anvil loads the saved chain and a graph host starts
 * on a copy of the saved store, in seconds — creating a fresh subgraph store is the slow part of a stack (PGlite
 * DDL, half a minute on a loaded machine), so it happens once per run instead of once per file.
 * VPP_SKIP_SUBGRAPH=1: no graph host (chain-only files still run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStackSnapshot, type Deployment, type LocalStackSnapshot } from '@vpp/devkit';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The saved stack every test file starts from (`startLocalStack({ snapshot })`). */
    snapshot: LocalStackSnapshot;
    deployment: Deployment;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpp-sdk-test-'));
  try {
    const snapshot = await createLocalStackSnapshot(dir, {
      anvil: { accounts: 10, balanceEther: 1_000_000 },
      subgraph: process.env.VPP_SKIP_SUBGRAPH === '1' ? false : undefined,
    });
    project.provide('snapshot', snapshot);
    project.provide('deployment', snapshot.deployment);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
