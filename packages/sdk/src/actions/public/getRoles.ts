import { vppPlant_admins, vppPlant_owner, vppPlant_paused, vppPlant_pendingOwner } from '../../abi.generated.js';
import { zeroAddress, type Address } from 'viem';
import type { VppClient } from '../../config.js';
import type { ReadParameters } from '../../types.js';
import { readAll, rpcAction } from '../../internal/contract.js';

export interface Roles {
  blockNumber: bigint;
  owner: Address;
  /** Pending owner of a two-step transfer (null when none). */
  pendingOwner: Address | null;
  /** Admins (the owner is an admin implicitly and is not listed unless added). */
  admins: Address[];
  paused: boolean;
}

/**
 * Owner, pending owner, admins and pause state of the system, at one block.
 *
 * @example
 * const { owner, admins, paused } = await getRoles(client);
 */
export function getRoles(client: VppClient, params: ReadParameters = {}): Promise<Roles> {
  return rpcAction(client, params, async () => {
    const {
      blockNumber,
      results: [owner, pendingOwner, admins, paused],
    } = await readAll<[Address, Address, readonly Address[], boolean]>(
      client,
      [
        ['vppPlant', vppPlant_owner],
        ['vppPlant', vppPlant_pendingOwner],
        ['vppPlant', vppPlant_admins],
        ['vppPlant', vppPlant_paused],
      ],
      params.blockNumber,
    );
    return { blockNumber, owner, pendingOwner: pendingOwner === zeroAddress ? null : pendingOwner, admins: [...admins], paused };
  });
}
