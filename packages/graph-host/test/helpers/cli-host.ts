/**
 * The real CLI as a child process, for crash-safety tests (SIGKILL): started on a subgraph build dir
 * with every port picked free, and its /status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fixtureBuildDir, packageRoot } from '../ingest-helpers.js';

export interface HostProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Its IPFS API port (kubo's /api/v0/add and cat). */
  ipfsPort: number;
  /** Its index-node status API (graph-node's 8030), `http://127.0.0.1:<port>/graphql`. */
  indexNodeUrl: string;
  exited: Promise<void>;
}

/**
 * How to run the CLI: the built `dist/cli.js` (what the package's bin runs) when it is newer than every
 * source file, otherwise the sources through tsx. tsx transforms the sources again in every child
 * (~2 s, far more on a loaded CI machine), and these suites start a host many times.
 */
function cliCommand(): string[] {
  const built = path.join(packageRoot, 'dist', 'cli.js');
  try {
    const builtAt = statSync(built).mtimeMs;
    const newest = (dir: string): number =>
      Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
    if (newest(path.join(packageRoot, 'src')) < builtAt) return [built];
  } catch {
    // not built
  }
  return ['--import', 'tsx', path.join(packageRoot, 'src', 'cli.ts')];
}

export async function spawnHost(rpcUrl: string, dataDir: string, extraArgs: string[] = [], subgraphDir = fixtureBuildDir): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [...cliCommand(), 'start', '--rpc', rpcUrl, '--subgraph', subgraphDir,
      '--data-dir', dataDir, '--port', '0', '--admin-port', '0', '--ipfs-port', '0', '--index-node-port', '0', '--poll-interval', '50', '--quiet',
      ...extraArgs],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; port: number; ipfsPort: number; indexNodePort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 120_000);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; url: string; port: number; ipfsPort: number; indexNodePort: number };
        if (message.ready) {
          clearTimeout(timer);
          resolve(message);
        }
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr}`));
    });
  });
  return { child, url: ready.url, port: ready.port, ipfsPort: ready.ipfsPort, indexNodeUrl: `http://127.0.0.1:${ready.indexNodePort}/graphql`, exited };
}

export async function statusOf(host: HostProcess): Promise<{ latestBlock: { number: number } | null; state: string }> {
  const response = await fetch(`http://127.0.0.1:${host.port}/status`);
  const [status] = (await response.json()) as { latestBlock: { number: number } | null; state: string }[];
  return status ?? { latestBlock: null, state: 'starting' };
}

/**
 * SIGKILLs `host` as soon as it has persisted a block below `head` (mid-sync) and waits for it to
 * exit; returns the last persisted block, or -1 if the sync finished (or nothing was persisted) first.
 */
export async function killMidSync(host: HostProcess, head: number, pollMs: number, timeoutMs = 120_000): Promise<number> {
  let killedAt = -1;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const latest = (await statusOf(host)).latestBlock?.number ?? -1;
    if (latest >= 0 && latest < head) {
      host.child.kill('SIGKILL');
      killedAt = latest;
      break;
    }
    if (latest >= head) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  // Too late (or never saw it mid-sync): stopped anyway, so the caller never waits for an exit forever.
  if (killedAt < 0) host.child.kill('SIGKILL');
  await host.exited;
  return killedAt;
}
