import { vppTrader_gridMarket, vppTrader_pendingChanges, vppTrader_priceOracle, vppTrader_timelockDelay } from '../../abi.generated.js';
import { zeroAddress, type Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import type { ReadParameters } from '../../types.js';

/** A proposed swap of the trader's price feed or grid market. */
export interface PendingChange {
  /** The proposed contract. */
  target: Address;
  /** Unix seconds from which it can be executed. */
  eta: bigint;
}

/** The trader's timelocked configuration at one block. */
export interface PendingChanges {
  blockNumber: bigint;
  /** The feed and market in force. */
  priceOracle: Address;
  gridMarket: Address;
  /** The proposed feed and market, or null. */
  pendingPriceOracle: PendingChange | null;
  pendingGridMarket: PendingChange | null;
  /** The trader's timelock, seconds. */
  timelockDelay: bigint;
}

const pending = (p: { target: Address; eta: bigint | number }): PendingChange | null =>
  p.target === zeroAddress ? null : { target: p.target, eta: BigInt(p.eta) };

/**
 * The trader's price feed and grid market, the changes proposed to them (see `proposePriceOracle` /
 * `proposeGridMarket`) and its timelock.
 *
 * @example
 * const { pendingPriceOracle } = await getPendingChanges(client);
 * if (pendingPriceOracle) console.log('new feed from', new Date(Number(pendingPriceOracle.eta) * 1000));
 */
export function getPendingChanges(client: VppClient, params: ReadParameters = {}): Promise<PendingChanges> {
  return rpcAction(client, params, async () => {
    type P = { target: Address; eta: bigint | number };
    const {
      blockNumber,
      results: [[oracle, market], priceOracle, gridMarket, timelockDelay],
    } = await readAll<[readonly [P, P], Address, Address, bigint]>(
      client,
      [
        ['vppTrader', vppTrader_pendingChanges],
        ['vppTrader', vppTrader_priceOracle],
        ['vppTrader', vppTrader_gridMarket],
        ['vppTrader', vppTrader_timelockDelay],
      ],
      params.blockNumber,
    );
    return { blockNumber, priceOracle, gridMarket, pendingPriceOracle: pending(oracle), pendingGridMarket: pending(market), timelockDelay };
  });
}
