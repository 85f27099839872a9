import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http } from 'viem';
import { energyPriceOracleAbi, parseDeployment } from '@vpp/contracts';
import { startAnvil, type AnvilInstance } from '@vpp/contracts/node';
import { main as deploy } from '../src/01-deploy.js';
import { loadConfig } from '../src/lib/config.js';
import { collector } from './helpers.js';

describe('01-deploy', () => {
  let anvil: AnvilInstance;
  let dir: string;
  beforeAll(async () => {
    anvil = await startAnvil({ timestamp: 1_707_746_400 });
    dir = mkdtempSync(join(tmpdir(), 'vpp-examples-01-'));
  });
  afterAll(async () => {
    await anvil?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('deploys the system, writes the deployments file, appoints the operator and builds the subgraph', async () => {
    const config = loadConfig({ RPC_URL: anvil.rpcUrl, DEPLOYMENT: join(dir, 'deployment.json') });
    const out = collector();
    const result = await deploy({ config, log: out.log });

    expect(result.deployed).toBe(true);
    const file = parseDeployment(JSON.parse(readFileSync(join(dir, 'deployment.json'), 'utf8')));
    expect(file).toEqual(result.deployment);
    expect(file.chainId).toBe(31337);

    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    for (const address of Object.values(file.contracts)) {
      expect((await client.getCode({ address }))?.length ?? 0).toBeGreaterThan(2);
    }
    const reporter = await client.readContract({
      address: file.contracts.energyPriceOracle,
      abi: energyPriceOracleAbi,
      functionName: 'isReporter',
      args: [result.operator],
    });
    expect(reporter).toBe(true);
    // The grid market was funded (it pays for discharged energy).
    expect(await client.getBalance({ address: file.contracts.gridMarket })).toBe(1000n * 10n ** 18n);

    // The subgraph build indexes exactly these addresses from the deployment's start block.
    expect(result.subgraphBuildDir).not.toBeNull();
    const manifest = readFileSync(join(result.subgraphBuildDir!, 'subgraph.yaml'), 'utf8');
    for (const address of Object.values(file.contracts)) expect(manifest).toContain(address.toLowerCase());
    expect(manifest).toContain(`startBlock: ${file.startBlock}`);
    expect(existsSync(join(result.subgraphBuildDir!, 'EnergyTrader', 'EnergyTrader.wasm'))).toBe(true);
    expect(out.lines.join('\n')).toContain('Deployments written to');
  });

  it('reuses a live deployment, and deploys a new one when forced', async () => {
    const config = loadConfig({ RPC_URL: anvil.rpcUrl, DEPLOYMENT: join(dir, 'deployment.json') });
    const first = parseDeployment(JSON.parse(readFileSync(join(dir, 'deployment.json'), 'utf8')));
    const again = await deploy({ config, log: () => undefined, buildSubgraph: false });
    expect(again.deployed).toBe(false);
    expect(again.deployment.contracts).toEqual(first.contracts);

    const forced = await deploy({ config, log: () => undefined, buildSubgraph: false, force: true });
    expect(forced.deployed).toBe(true);
    expect(forced.deployment.contracts.virtualPowerPlant).not.toBe(first.contracts.virtualPowerPlant);
  });
});
