import { vppFund_purchaseEta, vppFund_timelockDelay } from '../../abi.generated.js';
import { getBlock } from 'viem/actions';
import type { VppClient } from '../../config.js';
import { readAll, rpcAction } from '../../internal/contract.js';
import { MAX_UINT256, toInteger } from '../../internal/validate.js';
import type { ReadParameters } from '../../types.js';

export interface GetPurchaseProposalParameters extends ReadParameters {
  proposalId: bigint | number;
}

/** A battery purchase proposal's timelock at one block. */
export interface PurchaseProposalState {
  blockNumber: bigint;
  proposalId: bigint;
  /** False once executed or canceled (or for an id never proposed). */
  live: boolean;
  /** Unix seconds from which `executePurchase` may run it (0n when not live). */
  eta: bigint;
  /** True when live and the block's timestamp has reached the eta. */
  executable: boolean;
  /** The fund's timelock, seconds. */
  timelockDelay: bigint;
}

/**
 * Whether a purchase proposal is live and when it can be executed (the proposal's parameters are in its
 * `PurchaseProposed` event, and in the outcome of `proposePurchase`).
 *
 * @example
 * const { live, eta, executable } = await getPurchaseProposal(client, { proposalId: 1n });
 */
export function getPurchaseProposal(client: VppClient, params: GetPurchaseProposalParameters): Promise<PurchaseProposalState> {
  return rpcAction(client, params, async () => {
    const proposalId = toInteger('proposalId', params.proposalId, 0n, MAX_UINT256);
    const {
      blockNumber,
      results: [eta, timelockDelay],
    } = await readAll<[bigint, bigint]>(
      client,
      [
        ['vppFund', vppFund_purchaseEta, [proposalId]],
        ['vppFund', vppFund_timelockDelay],
      ],
      params.blockNumber,
    );
    const { timestamp } = await getBlock(client, { blockNumber });
    return { blockNumber, proposalId, live: eta !== 0n, eta, executable: eta !== 0n && timestamp >= eta, timelockDelay };
  });
}
