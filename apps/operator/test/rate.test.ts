/**
 * An oracle-fed ETH/AUD rate: a Chainlink-shaped feed on the same chain (a second EnergyPriceOracle answering
 * 5000 AUD/ETH, 18 decimals) converts the prices; a stale feed makes the interval a clear, skipped error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient, http, parseUnits } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { energyPriceOracleAbi } from '@vpp/contracts';
import { ANVIL_PRIVATE_KEY_0, deploySystem } from '@vpp/contracts/node';
import { audToWeiPerMWh, loadAemoPrices } from '@vpp/strategy';
import { chainEvents, DAY_CSV, DAY_START, startSystem, type TestSystem } from './helpers/system.js';
import { operatorFor } from './helpers/run.js';

const series = loadAemoPrices(DAY_CSV);
const dayFirst = DAY_START / 300;

describe('ETH/AUD from an on-chain feed', () => {
  let system: TestSystem;
  let feed: `0x${string}`;
  beforeAll(async () => {
    system = await startSystem();
    feed = (await deploySystem({ rpcUrl: system.rpcUrl })).contracts.energyPriceOracle;
    // the feed answers at a known time: 3000 s before the day starts
    await system.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [DAY_START - 3_000] as never });
    const owner = createWalletClient({ account: privateKeyToAccount(ANVIL_PRIVATE_KEY_0), transport: http(system.rpcUrl) });
    const hash = await owner.writeContract({ chain: null, address: feed, abi: energyPriceOracleAbi, functionName: 'submitPrice', args: [parseUnits('5000', 18)] });
    await system.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('converts at the feed rate while it is fresh, and skips intervals once it is stale', async () => {
    const { operator, logs } = operatorFor(system, [
      '--clock', 'travel', '--replay', DAY_CSV, '--eth-aud-feed', feed, '--eth-aud-feed-max-age', '3900',
      '--until', String(DAY_START + 6 * 300),
    ]);
    await operator.start();
    const summary = await operator.run();
    const { rounds } = await chainEvents(system);
    // prices are converted 1 s into each interval: fresh up to 900 s into the day (intervals 0, 1, 2)
    const fresh = rounds.filter((r) => r.interval < BigInt(dayFirst + 6));
    expect(fresh.map((r) => Number(r.interval) - dayFirst)).toEqual([0, 1, 2]);
    for (const r of fresh) expect(r.price).toBe(audToWeiPerMWh(series.rrp[Number(r.interval) - dayFirst]!, '5000'));
    const stale = logs.filter((l) => l.event === 'interval_skipped');
    expect(stale.map((l) => Number(l.interval) - dayFirst)).toEqual([3, 4, 5]);
    expect(stale.every((l) => l.code === 'PRICE_UNAVAILABLE' && /ETH\/AUD feed .* is stale/.test(String(l.err)))).toBe(true);
    expect(fresh.length + stale.length).toBe(6);
    expect(summary.intervalsMissed).toBe(stale.length);
  });
});
