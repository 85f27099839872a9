import type { Hex } from 'viem';
import type { VppClient } from '../../config.js';
import { read, write } from '../../internal/contract.js';
import type { WriteParameters, WriteResult } from '../../types.js';

/**
 * Chainlink Automation, by hand: `checkUpkeep`, then `performUpkeep` with its batch. Returns null when no upkeep
 * is needed (nothing left to dispatch this interval, a stale price, or the system paused).
 */
export async function performUpkeep(client: VppClient, params: WriteParameters = {}): Promise<WriteResult | null> {
  const [upkeepNeeded, performData] = await read<readonly [boolean, Hex]>(client, 'vppTrader', 'checkUpkeep', ['0x']);
  if (!upkeepNeeded) return null;
  return write(client, {
    contract: 'vppTrader',
    functionName: 'performUpkeep',
    args: [performData],
    account: params.account,
  });
}
