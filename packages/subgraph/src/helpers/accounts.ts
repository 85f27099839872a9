// Holders' dividend accounts, deposit escrow and redemption claims, following EnergyInvestmentFund's rules exactly
// (integer maths in BigInt; every division below is a floor of non-negative values, as Math.mulDiv).
import { BigInt } from '@graphprotocol/graph-ts';
import { Epoch, Fund, Investor } from '../../generated/schema';
import { MAGNITUDE, ZERO_BI } from './constants';

/** floor(shares * delta / 2**64): the fund's _accrual (the dropped fraction is the fund's dust, not anyone's). */
export function accrual(shares: BigInt, delta: BigInt): BigInt {
  if (shares.isZero() || delta.isZero()) return ZERO_BI;
  return shares.times(delta).div(MAGNITUDE);
}

/** _settleAccount before a balance change: credit what the balance earned since the snapshot, take a new snapshot. */
export function settleAccount(investor: Investor, mdps: BigInt): void {
  if (investor.accountSnapshot.equals(mdps)) return;
  if (!investor.shares.isZero()) {
    investor.accountCredit = investor.accountCredit.plus(accrual(investor.shares, mdps.minus(investor.accountSnapshot)));
  }
  investor.accountSnapshot = mdps;
}

function loadEpoch(epoch: BigInt): Epoch | null {
  if (epoch.isZero()) return null;
  return Epoch.load(epoch.toString());
}

/** Shares a settled deposit of `assets` in `epoch` converted to: floor(assets * depositShares / depositAssets). */
export function depositSharesOf(assets: BigInt, epoch: Epoch): BigInt {
  if (epoch.depositAssets.isZero()) return ZERO_BI;
  return assets.times(epoch.depositShares).div(epoch.depositAssets);
}

/**
 * _accrueEscrow (the caller saves the fund): credits the controller with what its escrowed deposit shares earned (the claimable bucket since its
 * snapshot, then a settled request's shares since their epoch's settlement) and folds a settled request into the
 * bucket. Runs where the fund runs it: at a claim, and at a new deposit request of a later epoch.
 */
export function accrueEscrow(investor: Investor, fund: Fund): void {
  const mdps = fund.magnifiedDividendPerShare;
  let credit = ZERO_BI;
  if (!investor.depositBucketSnapshot.equals(mdps)) {
    credit = accrual(investor.depositBucketShares, mdps.minus(investor.depositBucketSnapshot));
    investor.depositBucketSnapshot = mdps;
  }
  const assets = investor.depositAssets;
  if (!assets.isZero() && !investor.depositEpoch.equals(fund.currentEpoch)) {
    const ep = loadEpoch(investor.depositEpoch);
    if (ep != null && !ep.depositsRefused) {
      const s = depositSharesOf(assets, ep);
      const delta = mdps.minus(ep.depositMdps);
      credit = credit.plus(accrual(s, delta));
      // the epoch's rounding remainder (< 1 share per controller) is burnt when its last request is folded
      ep.depositAssetsLeft = ep.depositAssetsLeft.minus(assets);
      ep.depositSharesLeft = ep.depositSharesLeft.minus(s);
      if (ep.depositAssetsLeft.isZero() && !ep.depositSharesLeft.isZero()) {
        fund.escrowedDepositShares = fund.escrowedDepositShares.minus(ep.depositSharesLeft);
        ep.depositSharesLeft = ZERO_BI;
      }
      ep.save();
      investor.depositBucketShares = investor.depositBucketShares.plus(s);
      investor.depositBucketAssets = investor.depositBucketAssets.plus(assets);
      investor.depositAssets = ZERO_BI;
    }
  }
  if (!credit.isZero()) investor.accountCredit = investor.accountCredit.plus(credit);
}

/** Recomputes the investor's view fields (pending / claimable requests, dividends) from the mirrored state. */
export function refreshInvestor(investor: Investor, fund: Fund): void {
  const mdps = fund.magnifiedDividendPerShare;
  const current = fund.currentEpoch;

  // withdrawableDividendOf
  const due = investor.accountCredit.plus(accrual(investor.shares, mdps.minus(investor.accountSnapshot)));
  investor.dividendsWithdrawable = due.gt(ZERO_BI) ? due : ZERO_BI;

  // _escrowView: claimable deposit assets / shares and escrowedDividendOf
  let assets = investor.depositBucketAssets;
  let shares = investor.depositBucketShares;
  let escrowed = accrual(shares, mdps.minus(investor.depositBucketSnapshot));
  const pending = investor.depositAssets;
  const e = investor.depositEpoch;
  const ep = loadEpoch(e);
  const refused = ep != null && ep.depositsRefused;
  if (!e.equals(current) && !pending.isZero() && !refused && ep != null) {
    const s = depositSharesOf(pending, ep);
    assets = assets.plus(pending);
    shares = shares.plus(s);
    escrowed = escrowed.plus(accrual(s, mdps.minus(ep.depositMdps)));
  }
  investor.claimableDepositAssets = assets;
  investor.claimableDepositShares = shares;
  investor.dividendsEscrowed = escrowed;
  // pendingDepositRequest: the open epoch's request, or a refused (refundable) one
  investor.pendingDepositAssets = e.equals(current) || refused ? pending : ZERO_BI;

  // _redeemTotals / pendingRedeemRequest / _claimableRedeem
  let filled = ZERO_BI;
  let filledAssets = ZERO_BI;
  const rp = loadEpoch(investor.redeemEpoch);
  if (rp != null && !rp.redeemRequested.isZero()) {
    filled = investor.redeemShares.times(rp.redeemFilled).div(rp.redeemRequested);
    filledAssets = investor.redeemShares.times(rp.redeemAssets).div(rp.redeemRequested);
  }
  investor.pendingRedeemShares = investor.redeemShares.minus(filled);
  investor.claimableRedeemShares = filled.minus(investor.redeemClaimedShares);
  investor.claimableRedeemAssets = filledAssets.minus(investor.redeemClaimedAssets);

  investor.dividendsEarned = investor.dividendsClaimed.plus(investor.dividendsWithdrawable).plus(investor.dividendsEscrowed);
}
