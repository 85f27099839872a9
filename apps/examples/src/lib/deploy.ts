/**
 * Deploys the system with the contracts' forge script (via `deploySystem` of `@vpp/contracts/node`) and writes
 * the deployments file to `path`. Forge scripts may only write under packages/contracts/deployments
 * (foundry.toml `fs_permissions`), so other destinations go through a uniquely named file there.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { deploySystem, type DeploySystemOptions } from '@vpp/contracts/node';
import type { Deployment } from '@vpp/contracts';
import { repoRoot } from './config.js';

const deploymentsDir = join(repoRoot, 'packages', 'contracts', 'deployments');
let counter = 0;

export async function deployTo(path: string, options: Omit<DeploySystemOptions, 'deploymentsPath'>): Promise<Deployment> {
  const target = resolve(path);
  const rel = relative(deploymentsDir, target);
  if (!rel.startsWith('..') && !rel.startsWith('/')) {
    mkdirSync(dirname(target), { recursive: true });
    return deploySystem({ ...options, deploymentsPath: target });
  }
  const scratch = join(deploymentsDir, `.examples-${process.pid}-${Date.now()}-${counter++}.json`);
  try {
    const deployment = await deploySystem({ ...options, deploymentsPath: scratch });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(deployment, null, 2) + '\n');
    return deployment;
  } finally {
    rmSync(scratch, { force: true });
  }
}
