/**
 * `pnpm --filter @vpp/contracts local`: starts anvil (from npm) and deploys the whole system to it,
 * writing deployments/31337.json, then keeps the chain running until Ctrl-C.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploySystem, startAnvil } from './node.js';

const port = Number(process.env.ANVIL_PORT ?? 8545);
const packageRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');

const anvil = await startAnvil({ port });
const stop = async () => {
  await anvil.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
try {
  const deployment = await deploySystem({
    rpcUrl: anvil.rpcUrl,
    deploymentsPath: join(packageRoot, 'deployments', '31337.json'),
    marketFundingWei: 1000n * 10n ** 18n,
  });
  console.log(`anvil listening on ${anvil.rpcUrl} (chain ${deployment.chainId})`);
  for (const [name, address] of Object.entries(deployment.contracts)) console.log(`  ${name.padEnd(22)} ${address}`);
  console.log('deployments written to deployments/31337.json — Ctrl-C stops the chain');
} catch (error) {
  console.error(error);
  await anvil.stop();
  process.exit(1);
}
