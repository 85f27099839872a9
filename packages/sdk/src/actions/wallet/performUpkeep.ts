import { vppTrader_checkUpkeep, vppTrader_performUpkeep } from '../../abi.generated.js';
import type { Hex } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, read, rpcAction, sendWrite, simulateWrite } from '../../internal/contract.js';
import { dispatchOutcome, type DispatchOutcome } from '../../internal/dispatch.js';
import { InvalidParameterError } from '../../errors/common.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type PerformUpkeepParameters = WriteParameters;

export interface EncodePerformUpkeepParameters {
  /** `performData` from the trader's `checkUpkeep` (see {@link checkUpkeep}). */
  performData: Hex;
}

const spec = /* @__PURE__ */ defineWrite<EncodePerformUpkeepParameters, DispatchOutcome>({
  call: (p) => {
    if (typeof p?.performData !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(p.performData)) {
      throw new InvalidParameterError('performData', p?.performData, 'expected hex bytes from checkUpkeep');
    }
    return call('vppTrader', vppTrader_performUpkeep, [p.performData]);
  },
  outcome: dispatchOutcome,
});

/**
 * The trader's `checkUpkeep`: whether a dispatch is due now and the batch to pass to `performUpkeep`.
 *
 * @example
 * const { upkeepNeeded, performData } = await checkUpkeep(client);
 */
export function checkUpkeep(
  client: VppClient,
  params: { blockNumber?: bigint; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<{ upkeepNeeded: boolean; performData: Hex }> {
  return rpcAction(client, params, async () => {
    const [upkeepNeeded, performData] = await read<readonly [boolean, Hex]>(client, 'vppTrader', vppTrader_checkUpkeep, ['0x'], params.blockNumber);
    return { upkeepNeeded, performData };
  });
}

/**
 * Chainlink Automation, by hand: `checkUpkeep`, then `performUpkeep` with its batch. Resolves null when no upkeep
 * is needed (nothing left to dispatch this interval, a stale price, or the system paused); else like
 * {@link dispatch}, with the trades and skipped dispatches as the outcome.
 *
 * @example
 * const result = await performUpkeep(client);
 * if (result) console.log((await result.wait()).outcome.trades.length, 'trades');
 */
export async function performUpkeep(client: VppClient, params: PerformUpkeepParameters = {}): Promise<WriteResult<DispatchOutcome> | null> {
  const { upkeepNeeded, performData } = await checkUpkeep(client, params);
  if (!upkeepNeeded) return null;
  return sendWrite(client, spec, { performData }, params);
}

/**
 * The transaction request of `performUpkeep(performData)` (no network request).
 *
 * @example
 * const { performData } = await checkUpkeep(client);
 * const request = encodePerformUpkeep(client, { performData });
 */
export function encodePerformUpkeep(client: VppClient, params: EncodePerformUpkeepParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates `performUpkeep(performData)`.
 *
 * @example
 * const { performData } = await checkUpkeep(client);
 * await simulatePerformUpkeep(client, { performData });
 */
export function simulatePerformUpkeep(
  client: VppClient,
  params: EncodePerformUpkeepParameters & WriteParameters,
): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
