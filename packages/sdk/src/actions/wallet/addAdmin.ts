import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface AddAdminParameters {
  /** The admin. */
  account: Address;
  /** Sender (default: the client's account). */
  from?: WriteParameters['account'];
}

/**
 * Adds an admin (owner only). `account` is the new admin; the sender is `from` or the client's account.
 * @throws {ZeroAddressError}, {AlreadyAdminError}, {OwnableUnauthorizedAccountError}
 */
export async function addAdmin(client: VppClient, params: AddAdminParameters): Promise<WriteResult> {
  const account = assertAddress('account', params.account);
  return write(client, { contract: 'vppPlant', functionName: 'addAdmin', args: [account], account: params.from });
}
