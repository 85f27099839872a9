import { vppFund_DistributionScheduled, vppFund_declareDividend } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertBasisPoints } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface DeclareDividendParameters extends WriteParameters {
  /** Share of the earnings cash held at the next settlement to distribute, 1..10 000 bps. */
  basisPoints: number;
}

/** What `declareDividend` did, decoded from its events. */
export interface DeclareDividendOutcome {
  /** The epoch whose settlement pays it. */
  epoch: bigint;
  by: Address;
  basisPoints: number;
}

const spec = /* @__PURE__ */ defineWrite<DeclareDividendParameters, DeclareDividendOutcome>({
  call: (p) => call('vppFund', vppFund_declareDividend, [assertBasisPoints(p.basisPoints)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_DistributionScheduled);
    return { epoch: e.epoch, by: e.by, basisPoints: e.basisPoints };
  },
});

/**
 * Schedules a dividend of `basisPoints` of the fund's earnings cash (realised trading profit held in ether), paid at
 * the next epoch settlement over every share, escrowed deposit shares included (admins). Declaring again in the same
 * epoch replaces the schedule; {@link cancelDistributions} drops it. The amount is known at the settlement
 * ({@link settleEpoch}'s outcome, `distributions`).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await declareDividend(client, { basisPoints: 8_000 });
 * const { outcome } = await wait();
 * @throws {InvalidBasisPointsError}, {NotAdminError}, {NothingToDistributeError}, {SystemPausedError}
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
 * viem's `request` (for `writeContract`) and the function's return value (the epoch that pays it).
 *
 * @example
 * const { request, result } = await simulateDeclareDividend(client, { basisPoints: 8_000 });
 */
export function simulateDeclareDividend(client: VppClient, params: DeclareDividendParameters): Promise<SimulateResult<bigint>> {
  return simulateWrite(client, spec, params);
}
