// GridMarket: the settlement counterparty's ether flows and fund authorizations.
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  FundAuthorized,
  MarketFunded,
  MarketWithdrawn,
  OwnershipTransferStarted,
  OwnershipTransferred,
  PaidFund,
  ReceivedFromFund,
} from '../../generated/GridMarket/GridMarket';
import { GridMarket, MarketAuthorization, MarketFlow } from '../../generated/schema';
import { eventId, stamp } from '../helpers/ids';
import { recordOwnershipChange } from '../helpers/ownership';
import { getMarket } from '../helpers/loaders';

function flow(event: ethereum.Event, market: GridMarket, kind: string, account: Address, amount: BigInt): MarketFlow {
  const f = new MarketFlow(eventId(event));
  f.market = market.id;
  f.kind = kind;
  f.account = account;
  f.amount = amount;
  stamp(f, event);
  return f;
}

export function handleMarketFunded(event: MarketFunded): void {
  const market = getMarket(event.address);
  market.totalFunded = market.totalFunded.plus(event.params.amount);
  market.balance = market.balance.plus(event.params.amount);
  market.save();
  flow(event, market, 'Funded', event.params.from, event.params.amount).save();
}

export function handleMarketWithdrawn(event: MarketWithdrawn): void {
  const market = getMarket(event.address);
  market.totalWithdrawn = market.totalWithdrawn.plus(event.params.amount);
  market.balance = market.balance.minus(event.params.amount);
  market.save();
  const f = flow(event, market, 'Withdrawn', event.params.to, event.params.amount);
  f.by = event.params.by;
  f.save();
}

export function handlePaidFund(event: PaidFund): void {
  const market = getMarket(event.address);
  market.totalPaidToFund = market.totalPaidToFund.plus(event.params.amount);
  market.balance = market.balance.minus(event.params.amount);
  market.save();
  flow(event, market, 'PaidFund', event.params.fund, event.params.amount).save();
}

export function handleReceivedFromFund(event: ReceivedFromFund): void {
  const market = getMarket(event.address);
  market.totalReceivedFromFund = market.totalReceivedFromFund.plus(event.params.amount);
  market.balance = market.balance.plus(event.params.amount);
  market.save();
  flow(event, market, 'ReceivedFromFund', event.params.fund, event.params.amount).save();
}

export function handleFundAuthorized(event: FundAuthorized): void {
  const market = getMarket(event.address);
  const fund = event.params.fund;
  const current = market.authorizedFunds;
  const next: Bytes[] = [];
  for (let i = 0; i < current.length; i++) {
    if (!current[i].equals(fund)) next.push(current[i]);
  }
  if (event.params.authorized) next.push(fund);
  market.authorizedFunds = next;
  market.save();

  const change = new MarketAuthorization(eventId(event));
  change.market = market.id;
  change.fund = fund;
  change.authorized = event.params.authorized;
  change.by = event.params.by;
  stamp(change, event);
  change.save();
}

export function handleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  recordOwnershipChange(event, 'TransferStarted', event.params.previousOwner, event.params.newOwner);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  recordOwnershipChange(event, 'Transferred', event.params.previousOwner, event.params.newOwner);
}
