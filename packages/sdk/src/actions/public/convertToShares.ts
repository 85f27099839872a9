import { vppFund_convertToShares } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { read, rpcAction } from '../../internal/contract.js';
import { MAX_UINT256, toInteger } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface ConvertToSharesParameters extends ReadParameters {
  /** Ether, wei. */
  assets: bigint;
}

/**
 * ERC-4626 `convertToShares`: the shares `assets` wei buy at the current NAV per share — an estimate, since a deposit
 * request is priced at its epoch's settlement.
 *
 * @example
 * const shares = await convertToShares(client, { assets: parseEther('1') });
 */
export function convertToShares(client: VppClient, params: ConvertToSharesParameters): Promise<bigint> {
  return rpcAction(client, params, () =>
    read<bigint>(client, 'vppFund', vppFund_convertToShares, [toInteger('assets', params?.assets, 0n, MAX_UINT256)], params?.blockNumber),
  );
}
