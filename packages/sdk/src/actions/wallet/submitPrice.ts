import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { MAX_INT256, MIN_INT256, toInteger } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface SubmitPriceParameters extends WriteParameters {
  /** wei per MWh (signed: wholesale prices go negative). */
  price: bigint;
}

/**
 * Pushes a new oracle round timestamped now (reporters).
 * @throws {NotReporterError}, {InvalidParameterError}
 */
export async function submitPrice(client: VppClient, params: SubmitPriceParameters): Promise<WriteResult> {
  const price = toInteger('price', params.price, MIN_INT256, MAX_INT256);
  return write(client, { contract: 'vppPriceOracle', functionName: 'submitPrice', args: [price], account: params.account });
}
