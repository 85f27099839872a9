import { vppTrader_StrategistUpdated, vppTrader_setStrategist } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetStrategistParameters extends WriteParameters {
  profileId: number;
  /** The new strategist (the zero address disables publishing). */
  strategist: Address;
}

/** What `setStrategist` did, decoded from its events. */
export interface SetStrategistOutcome {
  profileId: number;
  previousStrategist: Address;
  strategist: Address;
}

const spec = /* @__PURE__ */ defineWrite<SetStrategistParameters, SetStrategistOutcome>({
  call: (p) => call('vppTrader', vppTrader_setStrategist, [toUintNumber('profileId', p.profileId, 32, 1n), assertAddress('strategist', p.strategist, { allowZero: true })]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_StrategistUpdated);
    return { profileId: e.profileId, previousStrategist: e.previousStrategist, strategist: e.strategist };
  },
});

/**
 * Sets a profile's strategist (owner).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setStrategist(client, { profileId: 1, strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' });
 * const { outcome } = await wait();
 * @throws {UnknownProfileError}, {NotOwnerError}
 */
export function setStrategist(client: VppClient, params: SetStrategistParameters): Promise<WriteResult<SetStrategistOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setStrategist} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetStrategist(client, { profileId: 1, strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetStrategist(client: VppClient, params: SetStrategistParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setStrategist} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetStrategist(client, { profileId: 1, strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' });
 */
export function simulateSetStrategist(client: VppClient, params: SetStrategistParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
