import { vppFund_PurchaseProposed, vppFund_proposePurchase } from '../../abi.generated.js';
import type { Address, Hex } from 'viem';
import type { BatteryConfigInput } from '../../types.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertAmount, toBatteryConfigStruct, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ProposePurchaseParameters extends WriteParameters {
  /** Seller; must be an allowed vendor (see {@link setVendorAllowed}). */
  vendor: Address;
  /** Price, wei (> 0, ≤ the fund's per-purchase cap; all live proposals together stay under it). */
  price: bigint;
  /** Depreciation life in epochs (≥ 1): the battery's book value falls to 0 straight-line over it. */
  lifeEpochs: number;
  config: BatteryConfigInput;
}

/** What `proposePurchase` did, decoded from its events. */
export interface ProposePurchaseOutcome {
  proposalId: bigint;
  vendor: Address;
  by: Address;
  /** wei. */
  price: bigint;
  lifeEpochs: number;
  /** Unix seconds from which {@link executePurchase} may run it. */
  eta: bigint;
  /** keccak256(abi.encode(vendor, price, lifeEpochs, config)): execute with exactly these. */
  configHash: Hex;
}

const spec = /* @__PURE__ */ defineWrite<ProposePurchaseParameters, ProposePurchaseOutcome>({
  call: (p) =>
    call('vppFund', vppFund_proposePurchase, [
      assertAddress('vendor', p.vendor),
      assertAmount('price', p.price),
      toUintNumber('lifeEpochs', p.lifeEpochs, 32, 1n),
      toBatteryConfigStruct(p.config),
    ]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_PurchaseProposed);
    return { proposalId: e.proposalId, vendor: e.vendor, by: e.by, price: e.price, lifeEpochs: e.lifeEpochs, eta: e.eta, configHash: e.configHash };
  },
});

/**
 * Proposes buying a battery from an allowed vendor with fund ether (owner or an effective purchaser). Nothing moves
 * now: after the fund's timelock (`eta`) a purchaser executes it with {@link executePurchase} and the same
 * parameters; until then guardians (admins) and purchasers can cancel it ({@link cancelPurchase}).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { hash, wait } = await proposePurchase(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), lifeEpochs: 3_650, config });
 * const { outcome } = await wait();
 * @throws {NotPurchaserError}, {VendorNotAllowedError}, {PurchaseAboveCapError}, {InvalidLifeError}, {ZeroAmountError}, config errors, {SystemPausedError}
 */
export function proposePurchase(client: VppClient, params: ProposePurchaseParameters): Promise<WriteResult<ProposePurchaseOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link proposePurchase} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const request = encodeProposePurchase(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), lifeEpochs: 3_650, config });
 * await walletClient.sendTransaction(request);
 */
export function encodeProposePurchase(client: VppClient, params: ProposePurchaseParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link proposePurchase} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the proposal id).
 *
 * @example
 * const config = { capacityWh: 13_500n, maxChargeW: 5_000n, maxDischargeW: 5_000n, roundTripEfficiencyBps: 9_000, chargeBelowPrice: parseEther('0.02'), dischargeAbovePrice: parseEther('0.05'), serial: 'PW-0001' };
 * const { request, result } = await simulateProposePurchase(client, { vendor: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', price: parseEther('2'), lifeEpochs: 3_650, config });
 */
export function simulateProposePurchase(client: VppClient, params: ProposePurchaseParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
