/**
 * A build of the subgraph for one deployment (Node only): `import { buildSubgraphForDeployment } from
 * '@vpp/subgraph/build'`.
 *
 * The subgraph's WASM does not depend on the deployment: only its manifest does (addresses, start block,
 * network). So the mappings are compiled once — reusing this package's build/ when it is up to date (turbo builds
 * it before the tests and `pnpm demo`), else `graph codegen` + `graph build` into a cache keyed by a hash of the
 * sources — and each deployment gets a copy of that build whose subgraph.yaml is regenerated with
 * scripts/generate-manifest.mjs for the deployment. Builds are written to a temporary directory and renamed into
 * place, so parallel test files never see half a build.
 *
 * The cache lives under <package>/node_modules/.cache/vpp-subgraph: graph build resolves graph-ts from the
 * node_modules ancestors of the manifest, so compiling must happen inside this package.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generateManifest } from '../scripts/generate-manifest.mjs';

/** Root of the @vpp/subgraph package. */
export const subgraphRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where compiled mappings and per-deployment builds are cached by default. */
export const defaultCacheDir = join(subgraphRoot, 'node_modules', '.cache', 'vpp-subgraph');
/** What the compiled mappings depend on. */
const SOURCES = ['schema.graphql', 'subgraph.template.yaml', 'src', 'abis'];

function walk(path, visit) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) return visit(path);
  for (const entry of readdirSync(path).sort()) walk(join(path, entry), visit);
}

function sourcesHash() {
  const hash = createHash('sha256');
  for (const part of SOURCES) {
    walk(join(subgraphRoot, part), (file) => {
      hash.update(relative(subgraphRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    });
  }
  return hash.digest('hex').slice(0, 16);
}

function newestSourceMtime() {
  let newest = 0;
  for (const part of SOURCES) walk(join(subgraphRoot, part), (f) => (newest = Math.max(newest, statSync(f).mtimeMs)));
  return newest;
}

function graph(args) {
  const bin = join(subgraphRoot, 'node_modules', '.bin', 'graph');
  if (!existsSync(bin)) return Promise.reject(new Error(`graph-cli not found at ${bin}: run pnpm install`));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, {
      cwd: subgraphRoot,
      env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d.toString()));
    child.stderr.on('data', (d) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`graph ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Moves `from` to `to` unless another process got there first (then `from` is dropped). */
function publish(from, to) {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!existsSync(join(to, 'subgraph.yaml'))) throw error;
    rmSync(from, { recursive: true, force: true });
  }
}

/** A compiled build of the current mapping sources (any deployment's manifest); `compiled` if this call built it. */
async function compiledBuild(deploymentPath, log) {
  const packageManifest = join(subgraphRoot, 'build', 'subgraph.yaml');
  if (existsSync(packageManifest) && statSync(packageManifest).mtimeMs >= newestSourceMtime()) {
    return { dir: dirname(packageManifest), compiled: false };
  }
  const target = join(defaultCacheDir, `compiled-${sourcesHash()}`);
  if (existsSync(join(target, 'subgraph.yaml'))) return { dir: target, compiled: false };

  log('compiling the subgraph mappings (graph codegen + graph build, once; one to four minutes on 2 shared cores)');
  const work = join(defaultCacheDir, `work-${process.pid}-${Date.now()}-c`);
  mkdirSync(work, { recursive: true });
  try {
    const manifest = join(work, 'subgraph.yaml');
    generateManifest({ deployment: deploymentPath, out: manifest });
    await graph(['codegen', manifest, '--output-dir', join(subgraphRoot, 'generated')]);
    await graph(['build', manifest, '--output-dir', join(work, 'build')]);
    publish(join(work, 'build'), target);
    return { dir: target, compiled: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The compiled build's manifest with the data sources' network, addresses and start blocks of `generated`. */
function retarget(builtText, generatedText) {
  const wanted = new Map((parse(generatedText).dataSources ?? []).map((d) => [d.name, d]));
  let text = builtText;
  for (const ds of parse(builtText).dataSources) {
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
  return text;
}

/**
 * Returns a build of the subgraph configured for `deployment` (a deployments file path or a Deployment object):
 * `dir` holds subgraph.yaml and the WASM, ready for a graph host. `options.dir` is where the deployment's build
 * is kept (default: the package cache); `options.log` receives progress messages.
 */
export async function buildSubgraphForDeployment(deployment, options = {}) {
  const log = options.log ?? (() => undefined);
  const outDir = options.dir ?? defaultCacheDir;
  mkdirSync(defaultCacheDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const work = join(outDir, `work-${process.pid}-${Date.now()}-m`);
  mkdirSync(work, { recursive: true });
  try {
    let deploymentPath = deployment;
    if (typeof deployment !== 'string') {
      deploymentPath = join(work, 'deployment.json');
      writeFileSync(deploymentPath, JSON.stringify(deployment, null, 2));
    }
    const compiled = await compiledBuild(deploymentPath, log);
    const generated = join(work, 'subgraph.yaml');
    generateManifest({ deployment: deploymentPath, out: generated });
    const text = retarget(readFileSync(join(compiled.dir, 'subgraph.yaml'), 'utf8'), readFileSync(generated, 'utf8'));
    const hash = createHash('sha256').update(compiled.dir).update(text).digest('hex').slice(0, 16);
    const target = join(outDir, `deployment-${hash}`);
    if (!existsSync(join(target, 'subgraph.yaml'))) {
      const staging = join(work, 'build');
      cpSync(compiled.dir, staging, { recursive: true });
      writeFileSync(join(staging, 'subgraph.yaml'), text);
      publish(staging, target);
    }
    return { dir: target, compiled: compiled.compiled };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
