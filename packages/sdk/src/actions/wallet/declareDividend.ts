import { vppFund_DividendDeclared, vppFund_declareDividend } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertBasisPoints } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DeclareDividendParameters extends WriteParameters {
  /** Share of the distributable earnings to declare, 1..10 000 bps. */
  basisPoints: number;
}

/** What `declareDividend` did, decoded from its events. */
export interface DeclareDividendOutcome {
  dividendId: bigint;
  /** True for a return of capital. */
  capitalReturn: boolean;
  /** Ether declared, wei. */
  amount: bigint;
  /** Share of the distributable earnings (0 for a capital return). */
  basisPoints: number;
  /** Shares the amount is split over. */
  totalSupply: bigint;
}

const spec = /* @__PURE__ */ defineWrite<DeclareDividendParameters, DeclareDividendOutcome>({
  call: (p) => call('vppFund', vppFund_declareDividend, [assertBasisPoints(p.basisPoints)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DividendDeclared);
    return { dividendId: e.dividendId, capitalReturn: e.capitalReturn, amount: e.amount, basisPoints: e.basisPoints, totalSupply: e.totalSupply };
  },
});

/**
 * Declares a dividend of `basisPoints` of the distributable earnings (admins).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await declareDividend(client, { basisPoints: 8_000 });
 * const { outcome } = await wait();
 * @throws {InvalidBasisPointsError}, {NotAdminError}, {NothingToDistributeError}, {NoSharesOutstandingError}, {SystemPausedError}
 */
export function declareDividend(client: VppClient, params: DeclareDividendParameters): Promise<WriteResult<DeclareDividendOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link declareDividend} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeDeclareDividend(client, { basisPoints: 8_000 });
 * await walletClient.sendTransaction(request);
 */
export function encodeDeclareDividend(client: VppClient, params: DeclareDividendParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link declareDividend} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateDeclareDividend(client, { basisPoints: 8_000 });
 */
export function simulateDeclareDividend(client: VppClient, params: DeclareDividendParameters): Promise<SimulateResult<readonly [bigint, bigint]>> {
  return simulateWrite(client, spec, params);
}
