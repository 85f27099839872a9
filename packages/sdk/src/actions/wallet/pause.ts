import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import type { WriteParameters, WriteResult } from '../../types.js';

/**
 * Pauses every state-changing path except withdrawals of ether already owed (owner or admins).
 * @throws {SystemPausedError}, {NotAdminError}
 */
export async function pause(client: VppClient, params: WriteParameters = {}): Promise<WriteResult> {
  return write(client, { contract: 'vppPlant', functionName: 'pause', account: params.account });
}
