/**
 * SDK benchmark (sizes: bench/size.mjs): getPortfolio latency (p50 / p95) against the local graph host with 1 000 investors. Writes bench/results.json.
 *
 *   pnpm --filter @vpp/sdk build && pnpm --filter @vpp/sdk bench
 *   BENCH_INVESTORS=1000 BENCH_QUERIES=200 (defaults)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { deploySystem, startAnvil } from '@vpp/contracts/node';
import {
  addVppContracts,
  addBattery,
  declareDividend,
  dispatch,
  getPortfolio,
  invest,
  submitPrice,
  waitForIndexedBlock,
} from '../dist/esm/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INVESTORS = Number(process.env.BENCH_INVESTORS ?? 1000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

async function portfolioLatency() {
  const anvil = await startAnvil({ args: ['--auto-impersonate', '--accounts', '2'] });
  const tmp = mkdtempSync(join(tmpdir(), 'vpp-sdk-bench-'));
  let host: { url: string; stop(): Promise<void> } | undefined;
  try {
    const deployment = await deploySystem({ rpcUrl: anvil.rpcUrl, marketFundingWei: parseEther('1000') });
    const { buildSubgraphForDeployment } = await import('@vpp/subgraph/build');
    const build = (await buildSubgraphForDeployment(deployment, { dir: tmp })).dir;
    const { startGraphHost } = (await import(
      process.env.VPP_GRAPH_HOST_MODULE ?? '@vpp/graph-host'
    )) as typeof import('@vpp/graph-host');
    host = await startGraphHost({ rpcUrl: anvil.rpcUrl, subgraph: build, name: 'vpp', dataDir: null, port: 0, pollIntervalMs: 100 });
    const chain = addVppContracts(foundry, { deployment, subgraphUrl: host.url });
    const transport = http(anvil.rpcUrl);
    const reader = createPublicClient({ chain, transport, pollingInterval: 50 });
    const test = createTestClient({ mode: 'anvil', chain: foundry, transport });
    const owner = createWalletClient({ chain, transport, account: deployment.owner, pollingInterval: 50 });

    // 1 000 investors (impersonated addresses), one battery trading, two dividends: every portfolio has history.
    const investors: Address[] = Array.from({ length: INVESTORS }, (_, i) => `0x${(0x1000 + i).toString(16).padStart(40, '0')}` as Address);
    const t0 = Date.now();
    for (const [i, investor] of investors.entries()) {
      await test.setBalance({ address: investor, value: parseEther('10') });
      const wallet = createWalletClient({ chain, transport, account: investor, pollingInterval: 50 });
      await (await invest(wallet, { amount: parseEther('1') + BigInt(i) })).wait();
    }
    await (await addBattery(owner, { config: { capacityWh: 10_000_000n, maxChargeW: 5_000_000n, maxDischargeW: 5_000_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'BENCH-1' } })).wait();
    for (const price of [parseEther('0.001'), parseEther('0.1')]) {
      await test.increaseTime({ seconds: 300 });
      await test.mine({ blocks: 1 });
      await (await submitPrice(owner, { price })).wait();
      await (await dispatch(owner, { batteryIds: [1n] })).wait();
    }
    const last = await (await declareDividend(owner, { basisPoints: 5_000 })).wait();
    const setupMs = Date.now() - t0;
    const t1 = Date.now();
    await waitForIndexedBlock(reader, { blockNumber: last.blockNumber, timeoutMs: 600_000 });
    const indexMs = Date.now() - t1;

    const samples: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const investor = investors[(q * 7919) % investors.length]!;
      const start = performance.now();
      const p = await getPortfolio(reader, { investor });
      samples.push(performance.now() - start);
      if (p.investments.length !== 1) throw new Error(`unexpected portfolio for ${investor}`);
    }
    samples.sort((a, b) => a - b);
    return {
      investors: INVESTORS,
      queries: QUERIES,
      setupMs,
      indexWaitMs: indexMs,
      p50Ms: Number(percentile(samples, 50).toFixed(2)),
      p95Ms: Number(percentile(samples, 95).toFixed(2)),
      maxMs: Number(samples[samples.length - 1]!.toFixed(2)),
    };
  } finally {
    await host?.stop();
    await anvil.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  // bundle sizes: bench/size.mjs (bench/size.json)
  getPortfolio: process.env.BENCH_SKIP_LATENCY === '1' ? null : await portfolioLatency(),
};
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('bundle sizes (min / min+gz bytes; viem and graphql external unless noted):');
for (const [name, s] of Object.entries(results.bundle)) console.log(`  ${name.padEnd(34)} ${String(s.minBytes).padStart(7)} / ${s.gzipBytes}`);
if (results.getPortfolio) {
  const r = results.getPortfolio;
  console.log(`getPortfolio over ${r.investors} investors, ${r.queries} queries: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (max ${r.maxMs} ms)`);
}
process.exit(0);
