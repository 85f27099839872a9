import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface TransferOwnershipParameters extends WriteParameters {
  /** The pending owner, who must call {@link acceptOwnership}. */
  newOwner: Address;
}

/**
 * Starts a two-step ownership transfer of the system (owner only).
 * @throws {ZeroAddressError} (use the contract directly to cancel a pending transfer), {OwnableUnauthorizedAccountError}
 */
export async function transferOwnership(client: VppClient, params: TransferOwnershipParameters): Promise<WriteResult> {
  const newOwner = assertAddress('newOwner', params.newOwner);
  return write(client, { contract: 'vppPlant', functionName: 'transferOwnership', args: [newOwner], account: params.account });
}
