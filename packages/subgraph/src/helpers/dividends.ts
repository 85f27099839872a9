import { BigInt } from '@graphprotocol/graph-ts';
import { Investor } from '../../generated/schema';
import { MAGNITUDE } from './constants';

// Mirror of EnergyInvestmentFund's dividend accumulator ("dividend paying token"), exactly, in BigInt:
//   accumulativeDividendOf(h) = uint(int(mdps * balanceOf(h)) + correction[h]) / 2**128
//   withdrawableDividendOf(h) = accumulativeDividendOf(h) - withdrawn[h]
//   _update(from, to, value):  correction[from] += mdps * value;  correction[to] -= mdps * value

/** Applies a share balance change of `delta` (signed) at the current `mdps` to the investor's correction. */
export function applyShareChange(investor: Investor, delta: BigInt, mdps: BigInt): void {
  investor.shares = investor.shares.plus(delta);
  investor.magnifiedDividendCorrection = investor.magnifiedDividendCorrection.minus(mdps.times(delta));
}

/** Recomputes dividendsEarned / dividendsWithdrawable from the shares, correction and `mdps`. */
export function refreshDividends(investor: Investor, mdps: BigInt): void {
  const magnified = mdps.times(investor.shares).plus(investor.magnifiedDividendCorrection);
  // The fund reverts (SafeCast) on a negative value; it cannot happen, so clamp rather than trap.
  const earned = magnified.lt(BigInt.zero()) ? BigInt.zero() : magnified.div(MAGNITUDE);
  investor.dividendsEarned = earned;
  const withdrawable = earned.minus(investor.dividendsClaimed);
  investor.dividendsWithdrawable = withdrawable.lt(BigInt.zero()) ? BigInt.zero() : withdrawable;
}
