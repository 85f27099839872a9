import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '@vpp/contracts';
import { freePort } from '@vpp/contracts/node';
import { listening } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `src/dev.ts` on free ports (what `pnpm dev` runs), its output collected; the caller ends it with a signal. */
async function startDev(deployment: string) {
  const ports = { anvil: await freePort(), graph: await freePort(), admin: await freePort(), ipfs: await freePort() };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ANVIL_PORT: String(ports.anvil),
      GRAPH_PORT: String(ports.graph),
      GRAPH_ADMIN_PORT: String(ports.admin),
      GRAPH_IPFS_PORT: String(ports.ipfs),
      DEPLOYMENT: deployment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { ports, child, exited, output: () => output };
}

describe('pnpm dev', () => {
  it('serves the chain and GraphQL on the given ports until SIGINT, then stops everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpp-examples-dev-'));
    const deployment = join(dir, 'deployment.json');
    const { ports, child, exited, output } = await startDev(deployment);
    try {
      const deadline = Date.now() + 120_000;
      while (!output().includes('Local stack ready') && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output()).toContain('Local stack ready');
      expect(parseDeployment(JSON.parse(readFileSync(deployment, 'utf8'))).chainId).toBe(31337);
      const res = await fetch(`http://127.0.0.1:${ports.graph}/subgraphs/name/vpp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _meta { block { number } } }' }),
      });
      expect(res.status).toBe(200);
      expect(await listening(ports.anvil)).toBe(true);
    } finally {
      child.kill('SIGINT');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      expect(code).toBe(130);
    }
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
  });

  it('stops anvil when SIGINT comes while the stack is still starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpp-examples-dev-'));
    const { ports, child, exited, output } = await startDev(join(dir, 'deployment.json'));
    try {
      // Anvil answers, the contracts are not deployed yet: the signal goes to this process only
      // (not to its process group, as a terminal's Ctrl-C would), so anvil must be stopped by it.
      const deadline = Date.now() + 60_000;
      while (!(await listening(ports.anvil)) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await listening(ports.anvil)).toBe(true);
      expect(output()).not.toContain('Local stack ready');
    } finally {
      child.kill('SIGINT');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      expect(code).toBe(130);
    }
    expect(await listening(ports.anvil)).toBe(false);
    expect(await listening(ports.graph)).toBe(false);
  });
});
