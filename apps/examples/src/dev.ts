/**
 * `pnpm dev`: the local stack for development, on fixed ports, until Ctrl-C.
 *
 *   anvil       http://127.0.0.1:8545   (ANVIL_PORT)      chain 31337, clock 12 h before the AEMO day
 *   GraphQL     http://127.0.0.1:8000/subgraphs/name/vpp   (GRAPH_PORT)
 *   admin/IPFS  8020 / 5001             (GRAPH_ADMIN_PORT / GRAPH_IPFS_PORT), graph-node and IPFS compatible
 *
 * The system is deployed and its addresses written to packages/contracts/deployments/31337.json ($DEPLOYMENT), where the
 * examples (`pnpm example:02` …) and your own scripts find them. The chain's clock starts 12 hours before the
 * market day (DEV_LEAD_SECONDS), so you have time to invest and build the fleet before 04 replays the day.
 */
import { join } from 'node:path';
import { loadAemoDay } from './lib/aemo.js';
import { loadConfig, repoRoot } from './lib/config.js';
import { startLocalStack } from './lib/stack.js';

const config = loadConfig();
const day = loadAemoDay(config.aemoDayPath);
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const lead = port('DEV_LEAD_SECONDS', 12 * 3600);

const stack = await startLocalStack({
  keepRunning: true,
  config,
  ports: {
    anvil: port('ANVIL_PORT', 8545),
    graph: port('GRAPH_PORT', 8000),
    graphAdmin: port('GRAPH_ADMIN_PORT', 8020),
    graphIpfs: port('GRAPH_IPFS_PORT', 5001),
  },
  timestamp: day.start - lead,
  deploymentPath: config.deploymentPath ?? join(repoRoot, 'packages', 'contracts', 'deployments', '31337.json'),
  log: (m) => console.log(`· ${m}`),
});

console.log(`
Local stack ready
  RPC_URL       ${stack.rpcUrl}   (chain ${stack.deployment.chainId})
  SUBGRAPH_URL  ${stack.subgraphUrl}
  admin / IPFS  ${stack.graph.adminUrl} / ${stack.graph.ipfsUrl}
  DEPLOYMENT    ${stack.deploymentPath}
${Object.entries(stack.deployment.contracts)
  .map(([name, address]) => `  ${name.padEnd(22)} ${address}`)
  .join('\n')}

Now run the examples in another terminal: pnpm --filter @vpp/examples example:02 (… 06).
Ctrl-C stops anvil and the graph host.`);
await stack.closed;
