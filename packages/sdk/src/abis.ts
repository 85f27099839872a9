import {
  energyInvestmentFundAbi,
  energyPriceOracleAbi,
  energyTraderAbi,
  gridMarketAbi,
  virtualPowerPlantAbi,
} from '@vpp/contracts';
import type { Abi } from 'viem';

type AbiError = Extract<Abi[number], { type: 'error' }>;

export { energyInvestmentFundAbi, energyPriceOracleAbi, energyTraderAbi, gridMarketAbi, virtualPowerPlantAbi };

/** The ABI of each of the SDK's contract keys. */
export const vppAbis = {
  vppPlant: virtualPowerPlantAbi,
  vppFund: energyInvestmentFundAbi,
  vppTrader: energyTraderAbi,
  vppPriceOracle: energyPriceOracleAbi,
  vppGridMarket: gridMarketAbi,
} as const;

let allErrors: readonly AbiError[] | undefined;

/** The custom errors of every contract of the system, deduplicated by signature. */
export function getAllErrorsAbi(): readonly AbiError[] {
  if (allErrors) return allErrors;
  const seen = new Set<string>();
  const out: AbiError[] = [];
  for (const abi of Object.values(vppAbis) as readonly Abi[]) {
    for (const item of abi) {
      if (item.type !== 'error') continue;
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
  }
  return (allErrors = out);
}
