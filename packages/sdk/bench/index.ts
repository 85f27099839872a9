/**
 * SDK benchmark (sizes: bench/size.mjs): getPortfolio latency (p50 / p95) against the local graph host (@vpp/devkit)
 * with 1 000 investors, each with a deposit request, its claim, trades and a dividend. Writes bench/results.json.
 *
 *   pnpm --filter @vpp/sdk build && pnpm --filter @vpp/sdk bench
 *   BENCH_INVESTORS=1000 BENCH_QUERIES=200 (defaults); BENCH_SKIP_LATENCY=1 skips it
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '@vpp/devkit';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Address } from 'viem';
import { foundry } from 'viem/chains';
import {
  addBattery,
  addVppContracts,
  declareDividend,
  deposit,
  dispatch,
  getPortfolio,
  requestDeposit,
  submitPrice,
  waitForIndexedBlock,
} from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INVESTORS = Number(process.env.BENCH_INVESTORS ?? 1000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function portfolioLatency() {
  const stack = await startLocalStack({ anvil: { accounts: 2, args: ['--auto-impersonate'] }, graph: { pollIntervalMs: 100 } });
  try {
    const { deployment } = stack;
    const chain = addVppContracts(foundry, { deployment, subgraphUrl: stack.subgraphUrl });
    const transport = http(stack.rpcUrl);
    const reader = createPublicClient({ chain, transport, pollingInterval: 50 });
    const test = createTestClient({ mode: 'anvil', chain: foundry, transport });
    const owner = createWalletClient({ chain, transport, account: deployment.owner, pollingInterval: 50 });
    const wallet = (account: Address) => createWalletClient({ chain, transport, account, pollingInterval: 50 });

    // 1 000 investors (impersonated addresses) request deposits; one settlement; each claims its shares.
    const investors: Address[] = Array.from({ length: INVESTORS }, (_, i) => `0x${(0x1000 + i).toString(16).padStart(40, '0')}` as Address);
    const t0 = Date.now();
    for (const [i, investor] of investors.entries()) {
      await test.setBalance({ address: investor, value: parseEther('10') });
      await (await requestDeposit(wallet(investor), { assets: parseEther('1') + BigInt(i) })).wait();
    }
    await stack.settleEpoch();
    for (const [i, investor] of investors.entries()) await (await deposit(wallet(investor), { assets: parseEther('1') + BigInt(i) })).wait();
    // One battery trades a cheap and an expensive interval; a dividend is declared and paid at the next settlement.
    await (await addBattery(owner, { config: { capacityWh: 10_000_000n, maxChargeW: 5_000_000n, maxDischargeW: 5_000_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'BENCH-1' } })).wait();
    for (const price of [parseEther('0.001'), parseEther('0.1')]) {
      await stack.toNextInterval();
      await (await submitPrice(owner, { price })).wait();
      await (await dispatch(owner, { batteryIds: [1n] })).wait();
    }
    await (await declareDividend(owner, { basisPoints: 5_000 })).wait();
    const { blockNumber: last } = await stack.settleEpoch();
    const setupMs = Date.now() - t0;
    const t1 = Date.now();
    await waitForIndexedBlock(reader, { blockNumber: last, timeoutMs: 600_000 });
    const indexMs = Date.now() - t1;

    const samples: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const investor = investors[(q * 7919) % investors.length]!;
      const start = performance.now();
      const p = await getPortfolio(reader, { investor });
      samples.push(performance.now() - start);
      if (p.depositRequests.length !== 1 || p.depositClaims.length !== 1) throw new Error(`unexpected portfolio for ${investor}`);
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
    await stack.stop();
  }
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  // bundle sizes: bench/size.mjs (bench/size.json)
  getPortfolio: process.env.BENCH_SKIP_LATENCY === '1' ? null : await portfolioLatency(),
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
if (results.getPortfolio) {
  const r = results.getPortfolio;
  console.log(`getPortfolio over ${r.investors} investors, ${r.queries} queries: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms (max ${r.maxMs} ms)`);
}
process.exit(0);
