import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface RemoveAdminParameters {
  /** The admin. */
  account: Address;
  /** Sender (default: the client's account). */
  from?: WriteParameters['account'];
}

/**
 * Removes an admin (owner only).
 * @throws {ZeroAddressError}, {NotAnAdminError}, {OwnableUnauthorizedAccountError}
 */
export async function removeAdmin(client: VppClient, params: RemoveAdminParameters): Promise<WriteResult> {
  const account = assertAddress('account', params.account);
  return write(client, { contract: 'vppPlant', functionName: 'removeAdmin', args: [account], account: params.from });
}
