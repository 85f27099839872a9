import { virtualPowerPlantAbi } from '@vpp/contracts';
import { parseEther, parseEventLogs, type TransactionReceipt } from 'viem';
import { addBattery, dispatch, getDepositRequest, mint, requestDeposit, settleEpoch, submitPrice } from '../../src/index.js';
import { batteryConfig, type Stack } from './stack.js';

export function batteryIdOf(receipt: TransactionReceipt): bigint {
  const [log] = parseEventLogs({ abi: virtualPowerPlantAbi, logs: receipt.logs, eventName: 'BatteryAdded' });
  return log!.args.batteryId;
}

/** One block at the start of the next dispatch interval (a price round must be published in the interval it is used). */
export async function nextInterval(stack: Stack): Promise<void> {
  await stack.local.toNextInterval();
}

/** Travels to the open epoch's close and settles it with the SDK (account 0); returns the outcome. */
export async function settle(stack: Stack) {
  await stack.local.toNextEpoch();
  return (await (await settleEpoch(stack.walletFor(0))).wait()).outcome;
}

/**
 * Investors (account index, ether) request deposits, the epoch is settled and each claims its shares: the fund then
 * holds the ether as capital cash.
 */
export async function depositAndClaim(stack: Stack, deposits: readonly (readonly [number, bigint])[]): Promise<void> {
  for (const [i, assets] of deposits) await (await requestDeposit(stack.walletFor(i), { assets })).wait();
  await settle(stack);
  for (const i of new Set(deposits.map(([i]) => i))) {
    const { claimableShares } = await getDepositRequest(stack.publicClient, { controller: stack.accounts[i]!.address });
    if (claimableShares > 0n) await (await mint(stack.walletFor(i), { shares: claimableShares })).wait();
  }
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
