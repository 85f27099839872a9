import { BigInt, Bytes, Entity, Value, ethereum } from '@graphprotocol/graph-ts';
import { SECONDS_PER_DAY } from './constants';

/** Id of an immutable event entity: transaction hash ++ log index (Uniswap v3-subgraph style). */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

/** UTC day index of a block timestamp. */
export function dayIndex(timestamp: BigInt): i32 {
  return timestamp.toI32() / SECONDS_PER_DAY;
}

/** Start (unix seconds) of a UTC day. */
export function dayStart(day: i32): BigInt {
  return BigInt.fromI32(day).times(BigInt.fromI32(SECONDS_PER_DAY));
}

/** Battery entity id: the decimal battery id. */
export function batteryKey(batteryId: BigInt): string {
  return batteryId.toString();
}

/** Sets the block / transaction fields every event entity carries. */
export function stamp(entity: Entity, event: ethereum.Event): void {
  entity.set('blockNumber', Value.fromBigInt(event.block.number));
  entity.set('timestamp', Value.fromBigInt(event.block.timestamp));
  entity.set('transactionHash', Value.fromBytes(event.transaction.hash));
  entity.set('logIndex', Value.fromBigInt(event.logIndex));
}
