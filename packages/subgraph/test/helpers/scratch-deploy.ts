// TEMPORARY (validation while deploySystem's forge script fails): deploys like script/Deploy.s.sol, with viem.
import { createPublicClient, createWalletClient, http, parseEther, type Abi, type Address, type Hex } from 'viem';
import { anvil } from 'viem/chains';
import * as C from '@vpp/contracts';
import type { Deployment } from '@vpp/contracts';

export async function scratchDeploy(rpcUrl: string): Promise<Deployment> {
  const pub = createPublicClient({ chain: anvil, transport: http(rpcUrl) });
  const [owner] = await createWalletClient({ chain: anvil, transport: http(rpcUrl) }).getAddresses();
  const w = createWalletClient({ account: owner!, chain: anvil, transport: http(rpcUrl) });
  const startBlock = Number(await pub.getBlockNumber());
  const deploy = async (abi: Abi, bytecode: Hex, args: unknown[]) => {
    const hash = await w.deployContract({ abi, bytecode, args } as never);
    return (await pub.waitForTransactionReceipt({ hash })).contractAddress as Address;
  };
  const call = async (address: Address, abi: Abi, functionName: string, args: unknown[], value?: bigint) => {
    const hash = await w.writeContract({ address, abi, functionName, args, value } as never);
    await pub.waitForTransactionReceipt({ hash });
  };
  const oracle = await deploy(C.energyPriceOracleAbi as Abi, C.energyPriceOracleBytecode as Hex, [owner, 'ETH / MWh']);
  const market = await deploy(C.gridMarketAbi as Abi, C.gridMarketBytecode as Hex, [owner]);
  const vpp = await deploy(C.virtualPowerPlantAbi as Abi, C.virtualPowerPlantBytecode as Hex, [
    owner, oracle, market,
    { intervalSeconds: 300, maxPriceAge: 600, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 50 },
  ]);
  const fund = (await pub.readContract({ address: vpp, abi: C.virtualPowerPlantAbi, functionName: 'fund' })) as Address;
  const trader = (await pub.readContract({ address: vpp, abi: C.virtualPowerPlantAbi, functionName: 'trader' })) as Address;
  await call(oracle, C.energyPriceOracleAbi as Abi, 'setReporter', [owner, true]);
  await call(market, C.gridMarketAbi as Abi, 'setFundAuthorized', [fund, true]);
  await call(market, C.gridMarketAbi as Abi, 'deposit', [], parseEther('20'));
  return {
    chainId: 31337, startBlock, deployer: owner!, owner: owner!,
    contracts: { virtualPowerPlant: vpp, energyInvestmentFund: fund, energyTrader: trader, energyPriceOracle: oracle, gridMarket: market },
  };
}
