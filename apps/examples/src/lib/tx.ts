/** Waiting for writes. */
import type { TransactionReceipt } from 'viem';
import type { WriteResult } from '@vpp/sdk';

/**
 * `tx.wait()`, retried when the node reports a mined transaction without its receipt yet (anvil can answer
 * eth_getTransactionByHash before eth_getTransactionReceipt under a fast polling loop).
 */
export async function confirmed(tx: WriteResult | Promise<WriteResult>, attempts = 20): Promise<TransactionReceipt> {
  const write = await tx;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write.wait();
    } catch (error) {
      if ((error as Error).name !== 'TransactionReceiptNotFoundError' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}
