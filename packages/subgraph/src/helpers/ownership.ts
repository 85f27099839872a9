import { Address, ethereum } from '@graphprotocol/graph-ts';
import { OwnershipChange } from '../../generated/schema';
import { eventId, stamp } from './ids';

/** Records an Ownable2Step event (kind TransferStarted / Transferred) of any of the system's contracts. */
export function recordOwnershipChange(event: ethereum.Event, kind: string, previousOwner: Address, newOwner: Address): void {
  const change = new OwnershipChange(eventId(event));
  change.contract = event.address;
  change.kind = kind;
  change.previousOwner = previousOwner;
  change.newOwner = newOwner;
  stamp(change, event);
  change.save();
}
