import { vppPlant_SystemPaused, vppPlant_pause } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type PauseParameters = WriteParameters;

/** What `pause` did, decoded from its events. */
export interface PauseOutcome {
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<PauseParameters, PauseOutcome>({
  call: () => call('vppPlant', vppPlant_pause, []),
  outcome: (client, receipt) => ({ by: eventOf(client, receipt, 'vppPlant', vppPlant_SystemPaused).by }),
});

/**
 * Pauses every state-changing path except withdrawals of ether already owed (owner or admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await pause(client);
 * const { outcome } = await wait();
 * @throws {SystemPausedError}, {NotAdminError}
 */
export function pause(client: VppClient, params: PauseParameters = {}): Promise<WriteResult<PauseOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link pause} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodePause(client);
 * await walletClient.sendTransaction(request);
 */
export function encodePause(client: VppClient, params: PauseParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link pause} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulatePause(client);
 */
export function simulatePause(client: VppClient, params: PauseParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
