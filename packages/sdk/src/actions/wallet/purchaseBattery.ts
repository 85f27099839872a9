import { vppFund_BatteryPurchased, vppFund_purchaseBattery } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertAmount, toBatteryConfigStruct } from '../../internal/validate.js';
import type { BatteryConfigInput } from '../../types.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface PurchaseBatteryParameters extends WriteParameters {
  /** Seller, credited `price`. */
  vendor: Address;
  /** Price paid from the fund's free ether, wei (> 0). */
  price: bigint;
  config: BatteryConfigInput;
}

/** What `purchaseBattery` did, decoded from its events. */
export interface PurchaseBatteryOutcome {
  /** The new battery's id. */
  batteryId: bigint;
  vendor: Address;
  by: Address;
  /** wei. */
  price: bigint;
}

const spec = /* @__PURE__ */ defineWrite<PurchaseBatteryParameters, PurchaseBatteryOutcome>({
  call: (p) =>
    call('vppFund', vppFund_purchaseBattery, [assertAddress('vendor', p.vendor), assertAmount('price', p.price), toBatteryConfigStruct(p.config)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_BatteryPurchased);
    return { batteryId: e.batteryId, vendor: e.vendor, by: e.by, price: e.price };
  },
});

/**
 * Buys a battery with fund ether and adds it to the fleet (admins); the vendor withdraws the price with {@link withdrawVendorPayment}.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { hash, wait } = await purchaseBattery(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), config });
 * const { outcome } = await wait();
 * @throws {InsufficientFreeBalanceError}, {ZeroAddressError}, {ZeroAmountError}, config errors, {NotAdminError}
 */
export function purchaseBattery(client: VppClient, params: PurchaseBatteryParameters): Promise<WriteResult<PurchaseBatteryOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link purchaseBattery} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const request = encodePurchaseBattery(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), config });
 * await walletClient.sendTransaction(request);
 */
export function encodePurchaseBattery(client: VppClient, params: PurchaseBatteryParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link purchaseBattery} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { request, result } = await simulatePurchaseBattery(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), config });
 */
export function simulatePurchaseBattery(client: VppClient, params: PurchaseBatteryParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
