import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { assertAddress, assertAmount, toBatteryConfigStruct } from '../../internal/validate.js';
import type { BatteryConfigInput, WriteParameters, WriteResult } from '../../types.js';

export interface PurchaseBatteryParameters extends WriteParameters {
  /** Seller, credited `price` (withdrawn with {@link withdrawVendorPayment}). */
  vendor: Address;
  /** Price paid from the fund's free ether, wei (> 0). */
  price: bigint;
  config: BatteryConfigInput;
}

/**
 * Buys a battery with fund ether and adds it to the fleet (admins).
 * @throws {InsufficientFreeBalanceError}, {ZeroAddressError}, {ZeroAmountError}, config errors, {NotAdminError}
 */
export async function purchaseBattery(client: VppClient, params: PurchaseBatteryParameters): Promise<WriteResult> {
  const vendor = assertAddress('vendor', params.vendor);
  const price = assertAmount('price', params.price);
  const config = toBatteryConfigStruct(params.config);
  return write(client, {
    contract: 'vppFund',
    functionName: 'purchaseBattery',
    args: [vendor, price, config],
    account: params.account,
  });
}
