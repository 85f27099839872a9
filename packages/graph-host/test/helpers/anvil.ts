/**
 * Starts a real anvil node (binary from the npm package @foundry-rs/anvil) on a free port.
 * Test files run in parallel, so each caller gets its own port and must call `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function anvilBinary(): string {
  const local = path.join(packageRoot, 'node_modules', '.bin', 'anvil');
  return existsSync(local) ? local : 'anvil';
}

/** Asks the OS for a free TCP port (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not get a free port'));
        return;
      }
      const port = address.port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForRpc(rpcUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`anvil did not answer on ${rpcUrl} within ${timeoutMs} ms`);
}

export async function startAnvil(
  opts: { blockTime?: number; args?: string[] } = {},
): Promise<{ rpcUrl: string; port: number; stop: () => Promise<void> }> {
  // Retry a few times: another process may grab the probed port before anvil binds it.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--silent'];
    if (opts.blockTime !== undefined) args.push('--block-time', String(opts.blockTime));
    if (opts.args) args.push(...opts.args);
    const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const rpcUrl = `http://127.0.0.1:${port}`;
    const stop = (): Promise<void> =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    try {
      await waitForRpc(rpcUrl, child, 15_000);
      return { rpcUrl, port, stop };
    } catch (error) {
      lastError = new Error(`${(error as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
      await stop();
    }
  }
  throw lastError;
}
