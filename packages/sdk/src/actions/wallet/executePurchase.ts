import { vppFund_BatteryPurchased, vppFund_executePurchase } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { BatteryConfigInput } from '../../types.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { MAX_UINT256, assertAddress, assertAmount, toBatteryConfigStruct, toInteger, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ExecutePurchaseParameters extends WriteParameters {
  /** The proposal (see {@link proposePurchase}). */
  proposalId: bigint;
  /** The proposal's vendor, price, life and configuration, exactly. */
  vendor: Address;
  price: bigint;
  lifeEpochs: number;
  config: BatteryConfigInput;
}

/** What `executePurchase` did, decoded from its events. */
export interface ExecutePurchaseOutcome {
  /** The new battery's id. */
  batteryId: bigint;
  vendor: Address;
  by: Address;
  /** wei, credited to the vendor (withdrawn with {@link withdrawVendorPayment}). */
  price: bigint;
  proposalId: bigint;
}

const spec = /* @__PURE__ */ defineWrite<ExecutePurchaseParameters, ExecutePurchaseOutcome>({
  call: (p) =>
    call('vppFund', vppFund_executePurchase, [
      toInteger('proposalId', p.proposalId, 1n, MAX_UINT256),
      assertAddress('vendor', p.vendor),
      assertAmount('price', p.price),
      toUintNumber('lifeEpochs', p.lifeEpochs, 32, 1n),
      toBatteryConfigStruct(p.config),
    ]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_BatteryPurchased);
    return { batteryId: e.batteryId, vendor: e.vendor, by: e.by, price: e.price, proposalId: e.proposalId };
  },
});

/**
 * Executes a purchase proposal once its timelock has elapsed (owner or an effective purchaser): the vendor is credited
 * the price from free cash, the battery joins the fleet and is booked at cost, depreciated over `lifeEpochs`.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * // the parameters of the proposal, after its eta
 * const { hash, wait } = await executePurchase(client, { proposalId: 1n, vendor, price: parseEther('2'), lifeEpochs: 3_650, config });
 * const { outcome } = await wait();
 * @throws {TimelockNotElapsedError}, {UnknownProposalError}, {ProposalMismatchError}, {InsufficientFreeBalanceError}, {NotPurchaserError}, {VendorNotAllowedError}, {SystemPausedError}
 */
export function executePurchase(client: VppClient, params: ExecutePurchaseParameters): Promise<WriteResult<ExecutePurchaseOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link executePurchase} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * // the parameters of the proposal, after its eta
 * const request = encodeExecutePurchase(client, { proposalId: 1n, vendor, price: parseEther('2'), lifeEpochs: 3_650, config });
 * await walletClient.sendTransaction(request);
 */
export function encodeExecutePurchase(client: VppClient, params: ExecutePurchaseParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link executePurchase} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the battery id).
 *
 * @example
 * // the parameters of the proposal, after its eta
 * const { request, result } = await simulateExecutePurchase(client, { proposalId: 1n, vendor, price: parseEther('2'), lifeEpochs: 3_650, config });
 */
export function simulateExecutePurchase(client: VppClient, params: ExecutePurchaseParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
