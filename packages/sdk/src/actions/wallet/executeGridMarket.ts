import { vppTrader_GridMarketUpdated, vppTrader_executeGridMarket } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type ExecuteGridMarketParameters = WriteParameters;

/** What `executeGridMarket` did, decoded from its events. */
export interface ExecuteGridMarketOutcome {
  previousMarket: Address;
  newMarket: Address;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<ExecuteGridMarketParameters, ExecuteGridMarketOutcome>({
  call: () => call('vppTrader', vppTrader_executeGridMarket, []),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_GridMarketUpdated);
    return { previousMarket: e.previousMarket, newMarket: e.newMarket, by: e.by };
  },
});

/**
 * Applies the proposed grid market once the trader's timelock has elapsed (owner).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await executeGridMarket(client, );
 * const { outcome } = await wait();
 * @throws {TimelockNotElapsedError}, {NoPendingChangeError}, {NotOwnerError}
 */
export function executeGridMarket(client: VppClient, params: ExecuteGridMarketParameters = {}): Promise<WriteResult<ExecuteGridMarketOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link executeGridMarket} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeExecuteGridMarket(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeExecuteGridMarket(client: VppClient, params: ExecuteGridMarketParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link executeGridMarket} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateExecuteGridMarket(client, );
 */
export function simulateExecuteGridMarket(client: VppClient, params: ExecuteGridMarketParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
