/**
 * A build of the subgraph (packages/subgraph) for one deployment.
 *
 * The subgraph's WASM does not depend on the deployment: only its manifest does (addresses, start block,
 * network). So the mappings are compiled once — reusing packages/subgraph/build when it is up to date (turbo
 * builds it before `pnpm demo` and the tests), else `graph build` into a cache keyed by the sources — and each
 * deployment gets a copy of that build whose subgraph.yaml is regenerated with the subgraph package's own
 * manifest generator for the deployments file. Builds are written to a temporary directory and renamed into
 * place, so parallel test files never see half a build.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { examplesRoot, repoRoot } from './config.js';

export const subgraphRoot = join(repoRoot, 'packages', 'subgraph');
const cacheRoot = join(examplesRoot, 'node_modules', '.cache', 'vpp-examples', 'subgraph');
/** What the compiled mappings depend on. */
const SOURCES = ['schema.graphql', 'subgraph.template.yaml', 'src', 'abis'];

function walk(path: string, visit: (file: string) => void): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) return visit(path);
  for (const entry of readdirSync(path).sort()) walk(join(path, entry), visit);
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const part of SOURCES) {
    walk(join(subgraphRoot, part), (file) => {
      hash.update(relative(subgraphRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    });
  }
  return hash.digest('hex').slice(0, 16);
}

function newestSourceMtime(): number {
  let newest = 0;
  for (const part of SOURCES) walk(join(subgraphRoot, part), (f) => (newest = Math.max(newest, statSync(f).mtimeMs)));
  return newest;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Moves `from` to `to` unless another process got there first (then `from` is dropped). */
function publish(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!existsSync(join(to, 'subgraph.yaml'))) throw error;
    rmSync(from, { recursive: true, force: true });
  }
}

type ManifestGenerator = {
  generateManifest(options: { deployment: string; out: string }): { manifest: string };
};

async function generator(): Promise<ManifestGenerator> {
  return (await import(pathToFileURL(join(subgraphRoot, 'scripts', 'generate-manifest.mjs')).href)) as ManifestGenerator;
}

/** A compiled build of the current mapping sources (any deployment's manifest). */
async function compiledBuild(deploymentPath: string, log: (m: string) => void): Promise<string> {
  const packageBuild = join(subgraphRoot, 'build');
  if (existsSync(join(packageBuild, 'subgraph.yaml')) && statSync(join(packageBuild, 'subgraph.yaml')).mtimeMs >= newestSourceMtime()) {
    return packageBuild;
  }
  const target = join(cacheRoot, `compiled-${sourcesHash()}`);
  if (existsSync(join(target, 'subgraph.yaml'))) return target;

  log('compiling the subgraph mappings (graph build, once; about a minute and a half on 2 cores)');
  const graph = join(subgraphRoot, 'node_modules', '.bin', 'graph');
  if (!existsSync(graph)) throw new Error(`graph-cli not found at ${graph}: run pnpm install`);
  const work = join(cacheRoot, `work-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    const manifest = join(work, 'subgraph.yaml');
    (await generator()).generateManifest({ deployment: deploymentPath, out: manifest });
    if (!existsSync(join(subgraphRoot, 'generated', 'schema.ts'))) {
      await run(graph, ['codegen', manifest, '--output-dir', join(subgraphRoot, 'generated')], subgraphRoot);
    }
    await run(graph, ['build', manifest, '--output-dir', join(work, 'build')], subgraphRoot);
    publish(join(work, 'build'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface DataSourceYaml {
  name: string;
  network: string;
  source: { address?: string; startBlock?: number };
}

export interface SubgraphBuild {
  /** Build directory to hand to the graph host (contains subgraph.yaml). */
  dir: string;
  /** Whether the mappings had to be compiled by this call. */
  compiled: boolean;
}

/** Returns a build of the subgraph configured for the deployments file at `deploymentPath`. */
export async function ensureSubgraphBuild(
  deploymentPath: string,
  log: (message: string) => void = () => undefined,
): Promise<SubgraphBuild> {
  mkdirSync(cacheRoot, { recursive: true });
  const before = Date.now();
  const compiled = await compiledBuild(deploymentPath, log);
  const didCompile = compiled.startsWith(cacheRoot) && statSync(join(compiled, 'subgraph.yaml')).mtimeMs >= before;

  // The manifest the subgraph package generates for this deployment; its data sources' network, addresses and
  // start blocks replace those of the compiled build's manifest (everything else is identical).
  const work = join(cacheRoot, `work-${process.pid}-${Date.now()}-m`);
  mkdirSync(work, { recursive: true });
  try {
    const generated = join(work, 'subgraph.yaml');
    (await generator()).generateManifest({ deployment: deploymentPath, out: generated });
    const wanted = new Map(
      ((parse(readFileSync(generated, 'utf8')) as { dataSources: DataSourceYaml[] }).dataSources ?? []).map((d) => [d.name, d]),
    );
    let text = readFileSync(join(compiled, 'subgraph.yaml'), 'utf8');
    const built = parse(text) as { dataSources: DataSourceYaml[]; templates?: DataSourceYaml[] };
    for (const ds of built.dataSources) {
      const w = wanted.get(ds.name);
      if (!w) throw new Error(`the compiled subgraph has a data source ${ds.name} the generated manifest lacks`);
      // Rewrite within this data source's block only (from its `name:` line to the next data source).
      const start = text.indexOf(`name: ${ds.name}\n`);
      const end = text.indexOf('\n  - kind:', start);
      const block = text.slice(start, end === -1 ? undefined : end);
      const rewritten = block
        .replace(/network: .*/, `network: ${w.network}`)
        .replace(/address: .*/, `address: "${String(w.source.address).toLowerCase()}"`)
        .replace(/startBlock: .*/, `startBlock: ${w.source.startBlock ?? 0}`);
      text = text.slice(0, start) + rewritten + (end === -1 ? '' : text.slice(end));
    }
    const network = [...wanted.values()][0]?.network;
    if (network) text = text.replace(/(\n {4}network: ).*/g, `$1${network}`); // templates, if any
    const hash = createHash('sha256').update(compiled).update(text).digest('hex').slice(0, 16);
    const target = join(cacheRoot, `deployment-${hash}`);
    if (!existsSync(join(target, 'subgraph.yaml'))) {
      const staging = join(work, 'build');
      cpSync(compiled, staging, { recursive: true });
      writeFileSync(join(staging, 'subgraph.yaml'), text);
      publish(staging, target);
    }
    return { dir: target, compiled: didCompile };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
