/**
 * The fund-epoch time helpers against a real anvil with the deployed contracts (no subgraph): the clock lands on
 * the epoch grid, and settlements advance the open epoch.
 */
import { createPublicClient, http, parseAbi } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../src/index.js';

const abi = parseAbi(['function nextEpochAt() view returns (uint256)', 'function currentEpoch() view returns (uint256)']);
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ subgraph: false, anvil: { accounts: 2 }, deploy: { epochSeconds: 3_600n, timelockSeconds: 3_600n + 7_200n } });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

it('travels to the open epoch close and settles epochs in order', async () => {
  const client = createPublicClient({ transport: http(stack.rpcUrl) });
  const read = (functionName: 'nextEpochAt' | 'currentEpoch') =>
    client.readContract({ address: stack.deployment.contracts.energyInvestmentFund, abi, functionName });
  const close = await read('nextEpochAt');
  expect(await stack.toNextEpoch()).toBe(1n);
  expect((await client.getBlock()).timestamp).toBe(close);

  const first = await stack.settleEpoch();
  expect(first.epoch).toBe(1n);
  expect(await read('currentEpoch')).toBe(2n);
  expect(await read('nextEpochAt')).toBe(close + 3_600n);

  // Not due yet: settleEpoch travels to the close first (from another account: settling is permissionless).
  const second = await stack.settleEpoch({ account: 1 });
  expect(second.epoch).toBe(2n);
  expect((await client.getBlock({ blockNumber: second.blockNumber })).timestamp).toBeGreaterThanOrEqual(close + 3_600n);
  await expect(stack.settleEpoch({ account: 5 })).rejects.toThrow(/no funded account 5/);
});
