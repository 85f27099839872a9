/** The host's CLI as a child process, for the crash-safety tests (killed with SIGKILL). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../ingest-helpers.js';

export interface HostProcess {
  child: ChildProcess;
  url: string;
  port: number;
  ipfsPort: number;
  exited: Promise<void>;
}

/** The real CLI (`graph-host start`) in a child process on free ports, indexing `subgraphDir`; resolves once it printed its ready line. */
export async function spawnHost(rpcUrl: string, subgraphDir: string, dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(packageRoot, 'src', 'cli.ts'), 'start', '--rpc', rpcUrl, '--subgraph', subgraphDir,
      '--data-dir', dataDir, '--port', '0', '--admin-port', '0', '--ipfs-port', '0', '--index-node-port', '0', '--poll-interval', '50', '--quiet',
      ...extraArgs],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; port: number; ipfsPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 120_000);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; url: string; port: number; ipfsPort: number };
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
  return { child, url: ready.url, port: ready.port, ipfsPort: ready.ipfsPort, exited };
}

