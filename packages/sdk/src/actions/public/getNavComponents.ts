import { vppFund_navComponents, vppFund_totalSupply } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import type { ReadParameters } from '../../types.js';

/** The fund's NAV and its components (IEnergyInvestmentFund.navComponents), wei. */
export interface NavComponentFields {
  /** Ether held less everything owed (dividends, vendors, redemptions, pending and refused deposits). */
  freeCash: bigint;
  /** The part of the free cash that is realised earnings: what a dividend is paid from. */
  earningsCash: bigint;
  /** The rest of the free cash: invested capital not spent on batteries, what a capital return is paid from. */
  capitalCash: bigint;
  /** Energy stored in the batteries, at cost (average-cost inventory; signed: negative after charging at negative prices). */
  storedEnergyValue: bigint;
  /** Purchased batteries at cost less straight-line depreciation per epoch. */
  batteryBookValue: bigint;
  /** Ether owed to others (already excluded from the free cash). */
  owed: bigint;
  /** freeCash + storedEnergyValue + batteryBookValue (signed). */
  nav: bigint;
}

/** The fund's books at one block, with the supply and NAV per share. */
export interface NavComponents extends NavComponentFields {
  blockNumber: bigint;
  /** Shares outstanding (escrowed deposit and redeem shares included). */
  totalSupply: bigint;
  /** NAV per whole share (1e18 shares), wei; 0n without shares. */
  navPerShare: bigint;
}

/** NAV per whole share, wei (0n without shares or with a NAV ≤ 0). @internal */
export const navPerShareOf = (nav: bigint, supply: bigint): bigint => (supply === 0n || nav <= 0n ? 0n : (nav * 10n ** 18n) / supply);

/**
 * The NAV and its components — free cash (earnings and capital), stored energy at cost and batteries at book
 * value — with the supply and NAV per share, read at one block.
 *
 * @example
 * const { nav, freeCash, storedEnergyValue, batteryBookValue, navPerShare } = await getNavComponents(client);
 */
export function getNavComponents(client: VppClient, params: ReadParameters = {}): Promise<NavComponents> {
  return rpcAction(client, params, async () => {
    const {
      blockNumber,
      results: [[freeCash, earningsCash, capitalCash, storedEnergyValue, batteryBookValue, owed, nav], totalSupply],
    } = await readAll<[readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint], bigint]>(
      client,
      [
        ['vppFund', vppFund_navComponents],
        ['vppFund', vppFund_totalSupply],
      ],
      params.blockNumber,
    );
    return {
      blockNumber,
      freeCash,
      earningsCash,
      capitalCash,
      storedEnergyValue,
      batteryBookValue,
      owed,
      nav,
      totalSupply,
      navPerShare: navPerShareOf(nav, totalSupply),
    };
  });
}
