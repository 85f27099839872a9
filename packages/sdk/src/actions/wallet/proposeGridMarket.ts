import { vppTrader_GridMarketProposed, vppTrader_proposeGridMarket } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface ProposeGridMarketParameters extends WriteParameters {
  market: Address;
}

/** What `proposeGridMarket` did, decoded from its events. */
export interface ProposeGridMarketOutcome {
  market: Address;
  /** Unix seconds from which it can be executed. */
  eta: bigint;
  by: Address;
}

const spec = /* @__PURE__ */ defineWrite<ProposeGridMarketParameters, ProposeGridMarketOutcome>({
  call: (p) => call('vppTrader', vppTrader_proposeGridMarket, [assertAddress('market', p.market)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppTrader', vppTrader_GridMarketProposed);
    return { market: e.market, eta: e.eta, by: e.by };
  },
});

/**
 * Proposes a new grid market for the trader (owner). {@link executeGridMarket} applies it after the trader's timelock;
 * admins can cancel it before ({@link cancelPendingChange}).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await proposeGridMarket(client, { market: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 * const { outcome } = await wait();
 * @throws {NotOwnerError}, {ZeroAddressError}
 */
export function proposeGridMarket(client: VppClient, params: ProposeGridMarketParameters): Promise<WriteResult<ProposeGridMarketOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link proposeGridMarket} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeProposeGridMarket(client, { market: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 * await walletClient.sendTransaction(request);
 */
export function encodeProposeGridMarket(client: VppClient, params: ProposeGridMarketParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link proposeGridMarket} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateProposeGridMarket(client, { market: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
 */
export function simulateProposeGridMarket(client: VppClient, params: ProposeGridMarketParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
