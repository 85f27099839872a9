import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import type { WriteParameters, WriteResult } from '../../types.js';

/**
 * Accepts a pending ownership transfer (the pending owner).
 * @throws {OwnableUnauthorizedAccountError} when the account is not the pending owner.
 */
export async function acceptOwnership(client: VppClient, params: WriteParameters = {}): Promise<WriteResult> {
  return write(client, { contract: 'vppPlant', functionName: 'acceptOwnership', account: params.account });
}
