import { vppTrader_PriceOracleUpdated, vppTrader_executePriceOracle } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export type ExecutePriceOracleParameters = WriteParameters;

/** What `executePriceOracle` did, decoded from its events. */
export interface ExecutePriceOracleOutcome {
  previousOracle: Address;
  newOracle: Address;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<ExecutePriceOracleParameters, ExecutePriceOracleOutcome>({
  call: () => call('vppTrader', vppTrader_executePriceOracle, []),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_PriceOracleUpdated);
    return { previousOracle: e.previousOracle, newOracle: e.newOracle, by: e.by };
  },
});

/**
 * Applies the proposed price feed once the trader's timelock has elapsed (owner).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await executePriceOracle(client, );
 * const { outcome } = await wait();
 * @throws {TimelockNotElapsedError}, {NoPendingChangeError}, {InvalidOracleDecimalsError}, {NotOwnerError}
 */
export function executePriceOracle(client: VppClient, params: ExecutePriceOracleParameters = {}): Promise<WriteResult<ExecutePriceOracleOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link executePriceOracle} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeExecutePriceOracle(client, );
 * await walletClient.sendTransaction(request);
 */
export function encodeExecutePriceOracle(client: VppClient, params: ExecutePriceOracleParameters = {}): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link executePriceOracle} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateExecutePriceOracle(client, );
 */
export function simulateExecutePriceOracle(client: VppClient, params: ExecutePriceOracleParameters = {}): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
