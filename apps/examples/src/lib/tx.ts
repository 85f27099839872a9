/** Waiting for writes. */
import type { Client, TransactionReceipt } from 'viem';
import type { WriteResult } from '@vpp/sdk';

/**
 * Waits for a write's receipt and checks it succeeded (the SDK's `wait()`, which polls the receipt itself so
 * anvil's automine cannot leave it waiting for a block that never comes).
 */
export async function confirmed(
  tx: WriteResult | Promise<WriteResult>,
  _client?: Client,
  timeoutMs = 60_000,
): Promise<TransactionReceipt> {
  return (await tx).wait({ timeoutMs });
}
