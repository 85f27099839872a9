import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { InvalidParameterError } from '../../errors.js';
import { write } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { WriteParameters, WriteResult } from '../../types.js';

export interface SetReporterParameters extends WriteParameters {
  reporter: Address;
  allowed: boolean;
}

/**
 * Allows or disallows a price reporter on the oracle (the oracle's owner).
 * @throws {ZeroAddressError}, {OwnableUnauthorizedAccountError}
 */
export async function setReporter(client: VppClient, params: SetReporterParameters): Promise<WriteResult> {
  const reporter = assertAddress('reporter', params.reporter);
  if (typeof params.allowed !== 'boolean') throw new InvalidParameterError('allowed', params.allowed, 'expected a boolean');
  return write(client, {
    contract: 'vppPriceOracle',
    functionName: 'setReporter',
    args: [reporter, params.allowed],
    account: params.account,
  });
}
