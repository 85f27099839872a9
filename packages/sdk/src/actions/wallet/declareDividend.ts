import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertBasisPoints } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface DeclareDividendParameters extends WriteParameters {
  /** Share of the distributable earnings to declare, 1..10 000 bps. */
  basisPoints: number;
}

/**
 * Declares a dividend of `basisPoints` of the distributable earnings (admins).
 * @throws {InvalidBasisPointsError}, {NotAdminError}, {NothingToDistributeError}, {NoSharesOutstandingError}, {SystemPausedError}
 */
export async function declareDividend(client: VppClient, params: DeclareDividendParameters): Promise<WriteResult> {
  const basisPoints = assertBasisPoints(params.basisPoints);
  return write(client, {
    contract: 'vppFund',
    functionName: 'declareDividend',
    args: [basisPoints],
    account: params.account,
  });
}
