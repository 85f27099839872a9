import { vppPriceOracle_ReporterUpdated, vppPriceOracle_setReporter } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { InvalidParameterError } from '../../errors/common.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetReporterParameters extends WriteParameters {
  reporter: Address;
  allowed: boolean;
}

/** What `setReporter` did, decoded from its events. */
export interface SetReporterOutcome {
  reporter: Address;
  allowed: boolean;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<SetReporterParameters, SetReporterOutcome>({
  call: (p) => {
    if (typeof p.allowed !== 'boolean') throw new InvalidParameterError('allowed', p.allowed, 'expected a boolean');
    return call('vppPriceOracle', vppPriceOracle_setReporter, [assertAddress('reporter', p.reporter), p.allowed]);
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppPriceOracle', vppPriceOracle_ReporterUpdated);
    return { reporter: e.reporter, allowed: e.allowed, by: e.by };
  },
});

/**
 * Allows or disallows a price reporter on the oracle (the oracle's owner).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setReporter(client, { reporter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', allowed: true });
 * const { outcome } = await wait();
 * @throws {ZeroAddressError}, {OwnableUnauthorizedAccountError}
 */
export function setReporter(client: VppClient, params: SetReporterParameters): Promise<WriteResult<SetReporterOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setReporter} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetReporter(client, { reporter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', allowed: true });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetReporter(client: VppClient, params: SetReporterParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setReporter} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetReporter(client, { reporter: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', allowed: true });
 */
export function simulateSetReporter(client: VppClient, params: SetReporterParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
