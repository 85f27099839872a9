import { vppTrader_PriceOracleProposed, vppTrader_proposePriceOracle } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ProposePriceOracleParameters extends WriteParameters {
  oracle: Address;
}

/** What `proposePriceOracle` did, decoded from its events. */
export interface ProposePriceOracleOutcome {
  oracle: Address;
  /** Unix seconds from which it can be executed. */
  eta: bigint;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<ProposePriceOracleParameters, ProposePriceOracleOutcome>({
  call: (p) => call('vppTrader', vppTrader_proposePriceOracle, [assertAddress('oracle', p.oracle)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_PriceOracleProposed);
    return { oracle: e.oracle, eta: e.eta, by: e.by };
  },
});

/**
 * Proposes a new price feed for the trader (owner); it must have 18 decimals. {@link executePriceOracle} applies it
 * after the trader's timelock; admins can cancel it before ({@link cancelPendingChange}).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await proposePriceOracle(client, { oracle: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 * const { outcome } = await wait();
 * @throws {InvalidOracleDecimalsError}, {NotOwnerError}, {ZeroAddressError}
 */
export function proposePriceOracle(client: VppClient, params: ProposePriceOracleParameters): Promise<WriteResult<ProposePriceOracleOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link proposePriceOracle} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeProposePriceOracle(client, { oracle: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 * await walletClient.sendTransaction(request);
 */
export function encodeProposePriceOracle(client: VppClient, params: ProposePriceOracleParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link proposePriceOracle} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateProposePriceOracle(client, { oracle: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 */
export function simulateProposePriceOracle(client: VppClient, params: ProposePriceOracleParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
