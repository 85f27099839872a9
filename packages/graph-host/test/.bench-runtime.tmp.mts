import { readFileSync } from 'node:fs';
import { createPublicClient, createWalletClient, http, toHex, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { SubgraphRuntime, loadSubgraph } from '../src/runtime/index.js';
import { startAnvil } from './helpers/anvil.js';
import { MemoryEntityCache } from './helpers/memory-cache.js';
import { emitterArtifact, emitterBuildDir } from './fixtures/ensure-built.js';

const deployer = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const anvil = await startAnvil();
try {
  const emitter = JSON.parse(readFileSync(emitterArtifact('Emitter'), 'utf8')) as { abi: Abi; bytecode: { object: Hex } };
  const pc = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  const wc = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: deployer });
  const hash = await wc.deployContract({ abi: emitter.abi, bytecode: emitter.bytecode.object, account: deployer, chain: foundry });
  const address = (await pc.waitForTransactionReceipt({ hash })).contractAddress!;
  const txHash = await wc.writeContract({ address, abi: emitter.abi, functionName: 'tag', args: ['x', [1n, 2n], 3n], account: deployer, chain: foundry });
  const txHash2 = await wc.writeContract({ address, abi: emitter.abi, functionName: 'remove', args: ['n'], account: deployer, chain: foundry });
  const r1 = await pc.waitForTransactionReceipt({ hash: txHash });
  const r2 = await pc.waitForTransactionReceipt({ hash: txHash2 });
  const subgraph = await loadSubgraph(emitterBuildDir);
  const ds = subgraph.dataSources.map((d) => ({ ...d, address: address.toLowerCase() as Hex }));
  const runtime = new SubgraphRuntime(subgraph, { rpcUrl: anvil.rpcUrl });
  const rpc = async (method: string, params: unknown[]) => ((await (await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json()) as any).result;
  for (const [label, receipt] of [['Tagged (decode tuple/arrays, 1 store.set)', r1], ['Removed (set/get/remove/set)', r2]] as const) {
    const raw = await rpc('eth_getBlockByNumber', [toHex(receipt.blockNumber), true]);
    const baseLog = (await rpc('eth_getLogs', [{ blockHash: raw.hash }]))[0];
    const N = 5000;
    const logs = Array.from({ length: N }, (_, i) => ({ ...baseLog, logIndex: toHex(i) }));
    const { transactions, ...header } = raw;
    const block = { header: { number: Number(raw.number), hash: raw.hash, parentHash: raw.parentHash, timestamp: BigInt(raw.timestamp), raw: header }, logs, transactions: new Map(transactions.map((t: any) => [t.hash, t])), receipts: new Map() };
    const cache = new MemoryEntityCache(subgraph.schemaText);
    runtime.processBlock({ ...block, logs: logs.slice(0, 200) }, ds, cache);
    const t0 = performance.now();
    const { handlerCalls } = runtime.processBlock(block, ds, cache);
    const ms = performance.now() - t0;
    console.log(`${label}: ${handlerCalls} handler calls in ${ms.toFixed(0)} ms = ${Math.round((handlerCalls / ms) * 1000)} triggers/s`);
  }
  runtime.close();
} finally {
  await anvil.stop();
}
