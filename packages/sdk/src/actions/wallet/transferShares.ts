import { vppFund_Transfer, vppFund_transfer } from '../../abi.generated.js';
import type { Address } from 'viem';
import { getVppAddress, type VppClient } from '../../config.js';
import { SharesToFundError } from '../../errors/contract/SharesToFundError.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertAmount } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface TransferSharesParameters extends WriteParameters {
  to: Address;
  /** Shares (18 decimals, > 0). */
  amount: bigint;
}

/** What `transferShares` did, decoded from its events. */
export interface TransferSharesOutcome {
  from: Address;
  to: Address;
  /** Shares. */
  amount: bigint;
}

const spec = /* @__PURE__ */ defineWrite<TransferSharesParameters, TransferSharesOutcome>({
  call: (p) => call('vppFund', vppFund_transfer, [assertAddress('to', p.to), assertAmount('amount', p.amount)]),
  check: async (client, p) => {
    // Shares sent to the fund would sit in its escrow; the fund refuses them (requestRedeem is the way out).
    if (p.to.toLowerCase() === getVppAddress(client, 'vppFund').toLowerCase()) throw new SharesToFundError({ detectedBeforeSending: true });
  },
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_Transfer);
    return { from: e.from, to: e.to, amount: e.value };
  },
});

/**
 * Transfers fund shares (ERC-20). Dividends already earned stay with the sender.
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await transferShares(client, { to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: parseEther('1') });
 * const { outcome } = await wait();
 * @throws {SharesToFundError}, {ZeroAddressError}, {ZeroAmountError}, {ERC20InsufficientBalanceError}
 */
export function transferShares(client: VppClient, params: TransferSharesParameters): Promise<WriteResult<TransferSharesOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link transferShares} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeTransferShares(client, { to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: parseEther('1') });
 * await walletClient.sendTransaction(request);
 */
export function encodeTransferShares(client: VppClient, params: TransferSharesParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link transferShares} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateTransferShares(client, { to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', amount: parseEther('1') });
 */
export function simulateTransferShares(client: VppClient, params: TransferSharesParameters): Promise<SimulateResult<boolean>> {
  return simulateWrite(client, spec, params);
}
