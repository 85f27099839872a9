import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import type { WriteParameters, WriteResult } from '../../types.js';

/**
 * Unpauses the system (owner only).
 * @throws {SystemNotPausedError}, {OwnableUnauthorizedAccountError}
 */
export async function unpause(client: VppClient, params: WriteParameters = {}): Promise<WriteResult> {
  return write(client, { contract: 'vppPlant', functionName: 'unpause', account: params.account });
}
