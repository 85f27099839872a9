import { zeroAddress, type Address } from 'viem';
import type { VppClient } from '../../config.js';
import { readAll } from '../../internal/contract.js';

export interface Roles {
  blockNumber: bigint;
  owner: Address;
  /** Pending owner of a two-step transfer (null when none). */
  pendingOwner: Address | null;
  /** Admins (the owner is an admin implicitly and is not listed unless added). */
  admins: Address[];
  paused: boolean;
}

/** Owner, pending owner, admins and pause state of the system, at one block. */
export async function getRoles(client: VppClient, params: { blockNumber?: bigint } = {}): Promise<Roles> {
  const {
    blockNumber,
    results: [owner, pendingOwner, admins, paused],
  } = await readAll<[Address, Address, readonly Address[], boolean]>(
    client,
    [
      ['vppPlant', 'owner'],
      ['vppPlant', 'pendingOwner'],
      ['vppPlant', 'admins'],
      ['vppPlant', 'paused'],
    ],
    params.blockNumber,
  );
  return { blockNumber, owner, pendingOwner: pendingOwner === zeroAddress ? null : pendingOwner, admins: [...admins], paused };
}
