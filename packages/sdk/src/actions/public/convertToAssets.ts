import { vppFund_convertToAssets } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { read, rpcAction } from '../../internal/contract.js';
import { MAX_UINT256, toInteger } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface ConvertToAssetsParameters extends ReadParameters {
  /** Shares, 18 decimals. */
  shares: bigint;
}

/**
 * ERC-4626 `convertToAssets`: what `shares` are worth at the current NAV per share, wei — an estimate, since a redeem
 * request is priced at its epoch's settlement.
 *
 * @example
 * const value = await convertToAssets(client, { shares: parseEther('1') });
 */
export function convertToAssets(client: VppClient, params: ConvertToAssetsParameters): Promise<bigint> {
  return rpcAction(client, params, () =>
    read<bigint>(client, 'vppFund', vppFund_convertToAssets, [toInteger('shares', params?.shares, 0n, MAX_UINT256)], params?.blockNumber),
  );
}
