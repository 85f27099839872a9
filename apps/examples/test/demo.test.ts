import { spawn, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '@vpp/contracts/node';
import { listening } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Command lines of the processes still running with `--port <port>` (the whole number: other suites' anvils run beside this one). */
function processesOnPort(port: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const flag = new RegExp(`--port[ =]${port}(?!\\d)`);
  return out.split('\n').filter((l) => flag.test(l) && !l.includes('ps -eo'));
}

describe('pnpm demo', () => {
  it('runs the whole story on a shorter day (10:00–14:00, through the price spike), prints the summary and exits 0 leaving no process behind', async () => {
    const anvilPort = await freePort();
    const graphPort = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo.ts'], {
      cwd: root,
      env: { ...process.env, DEMO_FROM: '120', DEMO_INTERVALS: '48', ANVIL_PORT: String(anvilPort), GRAPH_PORT: String(graphPort), CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const seconds = (Date.now() - started) / 1000;

    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stdout).toContain('Source: AEMO, Aggregated price and demand data, VIC1');
    expect(stdout).toContain('Summary');
    expect(stdout).toContain('Trades by action over 48 intervals × 4 batteries');
    expect(stdout).toMatch(/Revenue .* ETH \(.* AUD\) − cost .* = net .* ETH \(.* AUD\)/);
    expect(stdout).toContain('Dividend #1'); // the window includes the spike: the fund earned and paid out
    // A deposit request, an epoch settlement, a redemption and the NAV components.
    expect(stdout).toMatch(/Alice +requested a deposit of/);
    expect(stdout).toMatch(/epoch \d+ settled: .* ETH of deposits -> .* shares/);
    expect(stdout).toMatch(/Bob +claimed .* for .* redeemed shares/);
    expect(stdout).toContain('NAV components at block');
    expect(stdout).toMatch(/stored energy \(at cost\)/);
    expect(stdout).toMatch(/Alice +\d+\.\d+ %/); // the portfolio table, read from the subgraph
    expect(stdout).toContain('anvil and the graph host are stopped');
    // The operator service traded every interval of the window and settled the fund's epochs on the way.
    expect(stdout).toMatch(/operator: 48 intervals, 48 price rounds, \d+ performUpkeep \(\d+ idle battery-intervals sent nothing\), .* epochs settled, 0 missed/);
    // Nothing left: no anvil on the demo's port, nothing listening on its ports.
    expect(processesOnPort(anvilPort)).toEqual([]);
    expect(await listening(anvilPort)).toBe(false);
    expect(await listening(graphPort)).toBe(false);
    console.log(`demo (48 intervals) took ${seconds.toFixed(1)} s`);
  });
});
