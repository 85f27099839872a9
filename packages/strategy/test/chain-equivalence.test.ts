import { energyTraderAbi } from '@vpp/contracts';
import { deploySystem, startAnvil, type AnvilInstance } from '@vpp/contracts/node';
import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quote, type DispatchState } from '../src/energy-math.js';

// Property test: the BigInt simulator equals the deployed EnergyTrader.quote() on thousands of random states
// and prices (JSON-RPC batches of eth_call, so it takes seconds).
let anvil: AnvilInstance;
let client: PublicClient;
let trader: `0x${string}`;

beforeAll(async () => {
  // quote() is pure: the size limit is lifted so the test does not depend on how large the rest of the system is
  anvil = await startAnvil();
  const deployment = await deploySystem({ rpcUrl: anvil.rpcUrl });
  trader = deployment.contracts.energyTrader;
  client = createPublicClient({ transport: http(anvil.rpcUrl, { batch: { batchSize: 500 } }) });
});
afterAll(async () => {
  await anvil?.stop();
});

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(r: () => number): { state: DispatchState; price: bigint; seconds: number } {
  const big = (bits: number) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(Math.floor(r() * 65536));
    return v & ((1n << BigInt(bits)) - 1n);
  };
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  // mix realistic batteries with edge values (zero, full, tiny, uint64 extremes)
  const capacityWh = pick([2_000_000n, 1n, 7n, big(20) + 1n, big(40) + 1n, (1n << 64n) - 1n]);
  const socWh = pick([0n, capacityWh, capacityWh / 2n, big(64) % (capacityWh + 1n), capacityWh + big(8)]);
  const state: DispatchState = {
    capacityWh,
    maxChargeW: pick([1_000_000n, 0n, 1n, big(32), (1n << 64n) - 1n]),
    maxDischargeW: pick([1_000_000n, 0n, 1n, big(32), (1n << 64n) - 1n]),
    roundTripEfficiencyBps: pick([9000n, 10_000n, 1n, 0n, BigInt(Math.floor(r() * 10_001)), 65_535n]),
    chargeBelowPrice: (r() < 0.5 ? -1n : 1n) * big(80),
    dischargeAbovePrice: (r() < 0.5 ? -1n : 1n) * big(80),
    stateOfChargeWh: socWh > (1n << 64n) - 1n ? (1n << 64n) - 1n : socWh,
  };
  // prices: AEMO-like (±20,000 AUD at 4,000 AUD/ETH) and wide random ones, kept where int256 cannot overflow
  const price = pick([
    (r() < 0.5 ? -1n : 1n) * big(64),
    (r() < 0.5 ? -1n : 1n) * big(120),
    state.chargeBelowPrice,
    state.dischargeAbovePrice,
    state.chargeBelowPrice + 1n,
    state.dischargeAbovePrice - 1n,
  ]);
  return { state, price, seconds: pick([300, 1, 3600, Math.floor(r() * 100_000)]) };
}

describe('EnergyMath.quote simulator vs the deployed EnergyTrader.quote()', () => {
  it('agrees on 3,000 random states and prices', async () => {
    const r = rng(20240213);
    const cases = Array.from({ length: 3000 }, () => randomCase(r));
    const onChain = await Promise.all(
      cases.map((c) =>
        client.readContract({
          address: trader,
          abi: energyTraderAbi,
          functionName: 'quote',
          args: [{ status: 1, ...c.state, roundTripEfficiencyBps: Number(c.state.roundTripEfficiencyBps) }, c.price, c.seconds],
        }),
      ),
    );
    let charges = 0;
    let discharges = 0;
    for (const [i, c] of cases.entries()) {
      const sim = quote(c.state, c.price, c.seconds);
      const [action, energyWh, storedDeltaWh, value, after] = onChain[i] as readonly [number, bigint, bigint, bigint, bigint];
      expect({ i, action: sim.action, energyWh: sim.energyWh, storedDeltaWh: sim.storedDeltaWh, value: sim.value, after: sim.stateOfChargeAfterWh }).toEqual({
        i,
        action,
        energyWh,
        storedDeltaWh,
        value,
        after,
      });
      if (action === 1) charges++;
      if (action === 2) discharges++;
    }
    // the random mix really exercises every branch
    expect(charges).toBeGreaterThan(300);
    expect(discharges).toBeGreaterThan(300);
  });
});
