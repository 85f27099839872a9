/**
 * Compiles the subgraph mappings once before the test files start their stacks in parallel (each stack then only
 * writes a manifest for its deployment).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphForDeployment } from '@vpp/subgraph/build';

export default async function setup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpp-examples-setup-'));
  try {
    const zero = '0x0000000000000000000000000000000000000000';
    const deployment = join(dir, 'deployment.json');
    writeFileSync(
      deployment,
      JSON.stringify({
        chainId: 31337,
        startBlock: 0,
        deployer: zero,
        owner: zero,
        contracts: {
          virtualPowerPlant: zero,
          energyInvestmentFund: zero,
          energyTrader: zero,
          energyPriceOracle: zero,
          gridMarket: zero,
        },
      }),
    );
    await buildSubgraphForDeployment(deployment, { log: (m) => console.log(`[examples] ${m}`) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
