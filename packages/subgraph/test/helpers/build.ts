/**
 * Builds the subgraph for a deployment exactly as a user does: generate the manifest from a deployments file,
 * `graph codegen`, `graph build`. Output goes to a temporary directory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from '@vpp/contracts';
import { generateManifest } from '../../scripts/generate-manifest.mjs';

export const packageRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const graphBin = join(packageRoot, 'node_modules', '.bin', 'graph');

export async function graph(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(graphBin, args, {
      cwd: packageRoot,
      env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`graph ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Writes `deployment` to `dir`, generates `dir`/subgraph.yaml and builds it into `dir`/build. Returns the build dir. */
export async function buildSubgraphFor(deployment: Deployment, dir: string): Promise<string> {
  const deploymentPath = join(dir, 'deployment.json');
  writeFileSync(deploymentPath, JSON.stringify(deployment, null, 2));
  const { manifest } = generateManifest({ deployment: deploymentPath, out: join(dir, 'subgraph.yaml') });
  await graph(['codegen', manifest, '--output-dir', join(packageRoot, 'generated')]);
  const buildDir = join(dir, 'build');
  await graph(['build', manifest, '--output-dir', buildDir]);
  return buildDir;
}

/** A fresh build directory under <package>/.test-builds (graph build needs node_modules above the manifest). */
export function testBuildDir(): string {
  const parent = join(packageRoot, '.test-builds');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'build-'));
}
