import { vppPriceOracle_AnswerUpdated, vppPriceOracle_submitPrice } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { MAX_INT256, MIN_INT256, toInteger } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SubmitPriceParameters extends WriteParameters {
  /** wei per MWh (signed: wholesale prices go negative). */
  price: bigint;
}

/** What `submitPrice` did, decoded from its events. */
export interface SubmitPriceOutcome {
  roundId: bigint;
  /** wei/MWh. */
  price: bigint;
  /** Unix seconds. */
  updatedAt: bigint;
}

const spec = /* @__PURE__ */ defineWrite<SubmitPriceParameters, SubmitPriceOutcome>({
  call: (p) => call('vppPriceOracle', vppPriceOracle_submitPrice, [toInteger('price', p.price, MIN_INT256, MAX_INT256)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPriceOracle', vppPriceOracle_AnswerUpdated);
    return { roundId: e.roundId, price: e.current, updatedAt: e.updatedAt };
  },
});

/**
 * Pushes a new oracle round timestamped now (reporters).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await submitPrice(client, { price: parseEther('0.025') });
 * const { outcome } = await wait();
 * @throws {NotReporterError}, {InvalidParameterError}
 */
export function submitPrice(client: VppClient, params: SubmitPriceParameters): Promise<WriteResult<SubmitPriceOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link submitPrice} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSubmitPrice(client, { price: parseEther('0.025') });
 * await walletClient.sendTransaction(request);
 */
export function encodeSubmitPrice(client: VppClient, params: SubmitPriceParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link submitPrice} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSubmitPrice(client, { price: parseEther('0.025') });
 */
export function simulateSubmitPrice(client: VppClient, params: SubmitPriceParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
