import { vppGridMarket_MarketFunded, vppGridMarket_deposit } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DepositMarketLiquidityParameters extends WriteParameters {
  /** Ether for the grid market to settle trades with, wei (> 0): the transaction's value. */
  amount: bigint;
}

/** What `depositMarketLiquidity` did, decoded from its events. */
export interface DepositMarketLiquidityOutcome {
  from: Address;
  /** wei. */
  amount: bigint;
}

const spec = /* @__PURE__ */ defineWrite<DepositMarketLiquidityParameters, DepositMarketLiquidityOutcome>({
  call: (p) => call('vppGridMarket', vppGridMarket_deposit, [], assertAmount('amount', p.amount)),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppGridMarket', vppGridMarket_MarketFunded);
    return { from: e.from, amount: e.amount };
  },
});

/**
 * Adds operator liquidity to the reference grid market (local and test networks).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await depositMarketLiquidity(client, { amount: parseEther('100') });
 * const { outcome } = await wait();
 * @throws {ZeroAmountError}
 */
export function depositMarketLiquidity(client: VppClient, params: DepositMarketLiquidityParameters): Promise<WriteResult<DepositMarketLiquidityOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link depositMarketLiquidity} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeDepositMarketLiquidity(client, { amount: parseEther('100') });
 * await walletClient.sendTransaction(request);
 */
export function encodeDepositMarketLiquidity(client: VppClient, params: DepositMarketLiquidityParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link depositMarketLiquidity} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateDepositMarketLiquidity(client, { amount: parseEther('100') });
 */
export function simulateDepositMarketLiquidity(client: VppClient, params: DepositMarketLiquidityParameters): Promise<SimulateResult<void>> {
  return simulateWrite(client, spec, params);
}
