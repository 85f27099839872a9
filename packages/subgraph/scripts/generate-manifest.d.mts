export declare const CONTRACTS: Record<
  'virtualPowerPlant' | 'energyInvestmentFund' | 'energyTrader' | 'energyPriceOracle' | 'gridMarket',
  string
>;
export interface GenerateManifestOptions {
  /** Deployments file; default ../contracts/deployments/31337.json (placeholders if missing). */
  deployment?: string;
  /** graph-node network name; default from the chain id (31337 -> anvil). */
  network?: string;
  /** Manifest path to write; default ./subgraph.yaml. */
  out?: string;
  /** Directory of <Contract>.json ABIs; default ../contracts/abis. */
  abis?: string;
}
export declare function generateManifest(options: GenerateManifestOptions): {
  manifest: string;
  network: string;
  startBlock: number;
};
