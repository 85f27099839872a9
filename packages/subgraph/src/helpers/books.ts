// The fund's books as the subgraph keeps them: the NAV components of navComponents(), derived from the fund's events
// with the fund's own rules (see README "NAV components").
import { BigInt, ethereum } from '@graphprotocol/graph-ts';
import { Battery, Fund } from '../../generated/schema';
import { WAD, ZERO_BI, ONE_BI } from './constants';

/** The depreciation period of `timestamp` on the fund's epoch grid (null while the grid is unknown). */
export function periodAt(fund: Fund, timestamp: BigInt): BigInt | null {
  const genesis = fund.genesisTimestamp;
  const duration = fund.epochDuration;
  if (genesis === null || duration === null || duration.isZero()) return null;
  return timestamp.minus(genesis).div(duration);
}

/** fund.batteryBookValue(id) in period `p`: cost less `rate` per elapsed period, 0 from the end of its life. */
export function bookValueAt(battery: Battery, p: BigInt): BigInt {
  const cost = battery.bookCost;
  const rate = battery.depreciationPerEpoch;
  const start = battery.bookStartPeriod;
  const life = battery.bookLifeEpochs;
  if (battery.writtenOff || cost === null || rate === null || start === null || life === null) return ZERO_BI;
  const elapsed = p.minus(start);
  if (elapsed.ge(life)) return ZERO_BI;
  return cost.minus(elapsed.times(rate));
}

/**
 * Recomputes the battery book for the event's period (Σ of the live batteries' straight-line book values, which is
 * exactly the fund's accrued `_book`), when the period changed or `force`. Without the grid the book only moves
 * with purchases, write-offs and NavUpdated.
 */
export function refreshBook(fund: Fund, event: ethereum.Event, force: boolean): void {
  const p = periodAt(fund, event.block.timestamp);
  if (p === null) return;
  if (!force && p.equals(fund.bookPeriod)) return;
  let total = ZERO_BI;
  const ids = fund.bookBatteries;
  for (let i = 0; i < ids.length; i++) {
    const battery = Battery.load(ids[i]);
    if (battery == null) continue;
    const value = bookValueAt(battery, p);
    if (!value.equals(battery.bookValue)) {
      battery.bookValue = value;
      battery.save();
    }
    total = total.plus(value);
  }
  fund.batteryBookValue = total;
  fund.bookPeriod = p;
}

/** Everything owed: the fund's _owed(). */
export function owedOf(fund: Fund): BigInt {
  return fund.owedDividends
    .plus(fund.vendorPaymentsOwed)
    .plus(fund.reservedRedeemAssets)
    .plus(fund.pendingDepositAssets)
    .plus(fund.refundableDepositAssets);
}

/** The fund's _freeCash(): ether held less everything owed, floored at 0. */
export function freeCashOf(fund: Fund): BigInt {
  const free = fund.etherBalance.minus(owedOf(fund));
  return free.gt(ZERO_BI) ? free : ZERO_BI;
}

/** The fund's _spendCash() after an outflow: earnings cash never exceeds free cash. */
export function spendCash(fund: Fund): void {
  const free = freeCashOf(fund);
  if (fund.earningsCash.gt(free)) fund.earningsCash = free;
}

/** Recomputes the derived NAV figures from the tracked parts. */
export function refreshFund(fund: Fund, event: ethereum.Event): void {
  refreshBook(fund, event, false);
  fund.owed = owedOf(fund);
  fund.freeCash = freeCashOf(fund);
  fund.capitalCash = fund.freeCash.minus(fund.earningsCash);
  fund.nav = fund.freeCash.plus(fund.storedEnergyValue).plus(fund.batteryBookValue);
  fund.totalAssets = fund.nav.gt(ZERO_BI) ? fund.nav : ZERO_BI;
  // convertToAssets(1e18) = mulDiv(1e18, totalAssets + 1, totalSupply + 1)
  fund.sharePrice = WAD.times(fund.totalAssets.plus(ONE_BI)).div(fund.totalSupply.plus(ONE_BI));
  fund.lastUpdatedBlock = event.block.number;
  fund.lastUpdatedTimestamp = event.block.timestamp;
}
