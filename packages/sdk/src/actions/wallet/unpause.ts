import { vppPlant_SystemUnpaused, vppPlant_unpause } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type UnpauseParameters = WriteParameters;

/** What `unpause` did, decoded from its events. */
export interface UnpauseOutcome {
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<UnpauseParameters, UnpauseOutcome>({
  call: () => call('vppPlant', vppPlant_unpause, []),
  outcome: (client, receipt) => ({ by: eventOf(client, receipt, 'vppPlant', vppPlant_SystemUnpaused).by }),
});

/**
 * Unpauses the system (owner only).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await unpause(client);
 * const { outcome } = await wait();
 * @throws {SystemNotPausedError}, {OwnableUnauthorizedAccountError}
 */
export function unpause(client: VppClient, params: UnpauseParameters = {}): Promise<WriteResult<UnpauseOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link unpause} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeUnpause(client);
 * await walletClient.sendTransaction(request);
 */
export function encodeUnpause(client: VppClient, params: UnpauseParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link unpause} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateUnpause(client);
 */
export function simulateUnpause(client: VppClient, params: UnpauseParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
