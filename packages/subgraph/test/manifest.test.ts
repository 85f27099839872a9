/** The manifest generator: addresses, start block and network come from the deployments file, never by hand. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateManifest } from '../scripts/generate-manifest.mjs';

const dir = mkdtempSync(join(tmpdir(), 'vpp-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deployment = {
  chainId: 11155111,
  startBlock: 7_654_321,
  deployer: '0x00000000000000000000000000000000000000d1',
  owner: '0x00000000000000000000000000000000000000d2',
  contracts: {
    virtualPowerPlant: '0x1111111111111111111111111111111111111111',
    energyInvestmentFund: '0x2222222222222222222222222222222222222222',
    energyTrader: '0x3333333333333333333333333333333333333333',
    energyPriceOracle: '0x4444444444444444444444444444444444444444',
    gridMarket: '0x5555555555555555555555555555555555555555',
  },
};

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('generate-manifest', () => {
  // Not handled: ERC-20 Approval, and the VPP's OwnershipRenounceDisabled (declared, never emitted: renounceOwnership
  // is a view that always reverts).
  const UNHANDLED: Record<string, string[]> = { EnergyInvestmentFund: ['Approval'], VirtualPowerPlant: ['OwnershipRenounceDisabled'] };

  it('has a handler for every event of every contract ABI (but ERC-20 Approval)', () => {
    const out = join(dir, 'complete.yaml');
    generateManifest({ deployment: write('complete.json', deployment), out });
    const manifest = parse(readFileSync(out, 'utf8'));
    for (const source of manifest.dataSources as { name: string; mapping: { abis: { file: string }[]; eventHandlers: { event: string }[] } }[]) {
      const abi = JSON.parse(readFileSync(join(dir, source.mapping.abis[0]!.file), 'utf8')) as { type: string; name: string }[];
      const events = abi.filter((item) => item.type === 'event').map((item) => item.name);
      const handled = source.mapping.eventHandlers.map((h) => h.event.slice(0, h.event.indexOf('(')));
      const unhandled = events.filter((name) => !handled.includes(name));
      expect(unhandled, source.name).toEqual(UNHANDLED[source.name] ?? []);
    }
  });

  it('writes one data source per contract with the deployment addresses, start block and network', () => {
    const out = join(dir, 'sepolia', 'subgraph.yaml');
    const result = generateManifest({ deployment: write('sepolia.json', deployment), out });
    expect(result.network).toBe('sepolia');
    const manifest = parse(readFileSync(out, 'utf8'));
    const sources = manifest.dataSources as { name: string; network: string; source: { address: string; startBlock: number }; mapping: { file: string; abis: { file: string }[] } }[];
    expect(sources.map((s) => s.name)).toEqual(['VirtualPowerPlant', 'EnergyInvestmentFund', 'EnergyTrader', 'EnergyPriceOracle', 'GridMarket']);
    const byName = Object.fromEntries(sources.map((s) => [s.name, s]));
    expect(byName.VirtualPowerPlant!.source.address).toBe(deployment.contracts.virtualPowerPlant);
    expect(byName.EnergyInvestmentFund!.source.address).toBe(deployment.contracts.energyInvestmentFund);
    expect(byName.EnergyTrader!.source.address).toBe(deployment.contracts.energyTrader);
    expect(byName.EnergyPriceOracle!.source.address).toBe(deployment.contracts.energyPriceOracle);
    expect(byName.GridMarket!.source.address).toBe(deployment.contracts.gridMarket);
    for (const s of sources) {
      expect(s.network).toBe('sepolia');
      expect(s.source.startBlock).toBe(7_654_321);
      // Paths are relative to the manifest's directory and point back into this package.
      expect(s.mapping.file).toMatch(/^\.\.\/.*src\/mappings\/[a-z-]+\.ts$/);
      expect(s.mapping.abis[0]!.file).toMatch(/abis\/[A-Za-z]+\.json$/);
    }
    expect(readFileSync(out, 'utf8')).not.toMatch(/\{\{/);
  });

  it('takes an explicit network name and rejects bad deployments with a clear error', () => {
    const out = join(dir, 'x.yaml');
    expect(generateManifest({ deployment: write('n.json', deployment), network: 'my-devnet', out }).network).toBe('my-devnet');
    expect(() => generateManifest({ deployment: join(dir, 'missing.json'), out })).toThrow(/not found/);
    const bad = { ...deployment, contracts: { ...deployment.contracts, energyTrader: '0x1234' } };
    expect(() => generateManifest({ deployment: write('bad.json', bad), out })).toThrow(/contracts\.energyTrader/);
    expect(() => generateManifest({ deployment: write('chain.json', { ...deployment, chainId: 999_999 }), out })).toThrow(/--network/);
  });
});
