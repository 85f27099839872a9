import { virtualPowerPlantAbi } from '@vpp/contracts';
import { parseEther, parseEventLogs, type TransactionReceipt } from 'viem';
import { addBattery, dispatch, submitPrice } from '../../src/index.js';
import { batteryConfig, type Stack } from './stack.js';

export function batteryIdOf(receipt: TransactionReceipt): bigint {
  const [log] = parseEventLogs({ abi: virtualPowerPlantAbi, logs: receipt.logs, eventName: 'BatteryAdded' });
  return log!.args.batteryId;
}

export async function nextInterval(stack: Stack, seconds = 300): Promise<void> {
  await stack.testClient.increaseTime({ seconds });
  await stack.testClient.mine({ blocks: 1 });
}

/** Adds `count` batteries (account 0, the owner). */
export async function addBatteries(stack: Stack, count: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const r = await (await addBattery(stack.walletFor(0), { config: batteryConfig({ serial: `SN-${i}` }) })).wait();
    ids.push(batteryIdOf(r));
  }
  return ids;
}

/** One trading cycle over `ids`: a cheap interval (charge) and an expensive one (discharge). Returns the last receipt. */
export async function tradeCycle(stack: Stack, ids: bigint[], batch = 50): Promise<TransactionReceipt> {
  let last!: TransactionReceipt;
  for (const price of [parseEther('0.001'), parseEther('0.1')]) {
    await nextInterval(stack);
    await (await submitPrice(stack.walletFor(0), { price })).wait();
    for (let i = 0; i < ids.length; i += batch) {
      last = await (await dispatch(stack.walletFor(0), { batteryIds: ids.slice(i, i + batch) })).wait();
    }
  }
  return last;
}
