import { vppTrader_ProfileCreated, vppTrader_createProfile } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, toUintNumber } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface CreateProfileParameters extends WriteParameters {
  /** The account allowed to publish the profile's tables (the operator's key; the zero address: nobody yet). */
  strategist: Address;
  /** The batteries' storage duration at full power (capacity × 60 / max discharge power, minutes, floor), > 0. */
  durationMinutes: number;
  /** The batteries' round-trip efficiency, 1..10 000 bps. */
  roundTripEfficiencyBps: number;
}

/** What `createProfile` did, decoded from its events. */
export interface CreateProfileOutcome {
  /** The new profile's id (1, 2, …). */
  profileId: number;
  strategist: Address;
  durationMinutes: number;
  roundTripEfficiencyBps: number;
}

const spec = /* @__PURE__ */ defineWrite<CreateProfileParameters, CreateProfileOutcome>({
  call: (p) =>
    call('vppTrader', vppTrader_createProfile, [
      assertAddress('strategist', p.strategist, { allowZero: true }),
      toUintNumber('durationMinutes', p.durationMinutes, 16),
      toUintNumber('roundTripEfficiencyBps', p.roundTripEfficiencyBps, 16),
    ]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_ProfileCreated);
    return { profileId: e.profileId, strategist: e.strategist, durationMinutes: e.durationMinutes, roundTripEfficiencyBps: e.roundTripEfficiencyBps };
  },
});

/**
 * Creates a strategy profile for batteries of one kind (owner): its strategist publishes water-value tables that replace
 * the static thresholds of the batteries assigned to it ({@link setBatteryProfile}).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await createProfile(client, { strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', durationMinutes: 162, roundTripEfficiencyBps: 9_000 });
 * const { outcome } = await wait();
 * @throws {InvalidProfileKindError}, {NotOwnerError}
 */
export function createProfile(client: VppClient, params: CreateProfileParameters): Promise<WriteResult<CreateProfileOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link createProfile} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeCreateProfile(client, { strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', durationMinutes: 162, roundTripEfficiencyBps: 9_000 });
 * await walletClient.sendTransaction(request);
 */
export function encodeCreateProfile(client: VppClient, params: CreateProfileParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link createProfile} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value (the profile id).
 *
 * @example
 * const { request, result } = await simulateCreateProfile(client, { strategist: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', durationMinutes: 162, roundTripEfficiencyBps: 9_000 });
 */
export function simulateCreateProfile(client: VppClient, params: CreateProfileParameters): Promise<SimulateResult<number>> {
  return simulateWrite(client, spec, params);
}
