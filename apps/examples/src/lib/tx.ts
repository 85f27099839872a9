/** Waiting for writes. */
import type { Client, TransactionReceipt } from 'viem';
import { getTransactionReceipt } from 'viem/actions';
import type { WriteResult } from '@vpp/sdk';

/**
 * Waits for a write's receipt and checks it succeeded — what the SDK's `tx.wait()` does, but by polling
 * eth_getTransactionReceipt directly: with automine, anvil sometimes answers for the block before the receipt
 * is stored, and a block watcher then waits for a next block that never comes.
 */
export async function confirmed(
  tx: WriteResult | Promise<WriteResult>,
  client: Client,
  timeoutMs = 60_000,
): Promise<TransactionReceipt> {
  const { hash } = await tx;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 500)) {
    const receipt = await getTransactionReceipt(client, { hash }).catch((error: Error) => {
      if (error.name === 'TransactionReceiptNotFoundError') return null;
      throw error;
    });
    if (receipt) {
      if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
      return receipt;
    }
    if (Date.now() > deadline) throw new Error(`transaction ${hash} not mined after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
