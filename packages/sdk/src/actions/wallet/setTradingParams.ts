import { vppTrader_TradingParamsUpdated, vppTrader_setTradingParams } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { toTradingParamsStruct } from '../../internal/validate.js';
import type { TradingParams } from '../../types.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetTradingParamsParameters extends WriteParameters {
  params: TradingParams;
}

/** What `setTradingParams` did, decoded from its events. */
export interface SetTradingParamsOutcome {
  by: Address;
  params: TradingParams;
}

const spec = /* @__PURE__ */ defineWrite<SetTradingParamsParameters, SetTradingParamsOutcome>({
  call: (p) => call('vppTrader', vppTrader_setTradingParams, [toTradingParamsStruct(p.params)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_TradingParamsUpdated);
    return {
      by: e.by,
      params: { intervalSeconds: e.intervalSeconds, maxPriceAge: e.maxPriceAge, minValidPrice: e.minValidPrice, maxValidPrice: e.maxValidPrice, maxBatchSize: e.maxBatchSize },
    };
  },
});

/**
 * Sets the trader's parameters (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setTradingParams(client, { params: { intervalSeconds: 300, maxPriceAge: 600, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 50 } });
 * const { outcome } = await wait();
 * @throws {InvalidTradingParamsError}, {NotAdminError}
 */
export function setTradingParams(client: VppClient, params: SetTradingParamsParameters): Promise<WriteResult<SetTradingParamsOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setTradingParams} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetTradingParams(client, { params: { intervalSeconds: 300, maxPriceAge: 600, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 50 } });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetTradingParams(client: VppClient, params: SetTradingParamsParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setTradingParams} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetTradingParams(client, { params: { intervalSeconds: 300, maxPriceAge: 600, minValidPrice: -(10n ** 24n), maxValidPrice: 10n ** 25n, maxBatchSize: 50 } });
 */
export function simulateSetTradingParams(client: VppClient, params: SetTradingParamsParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
