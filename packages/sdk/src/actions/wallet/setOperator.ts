import { vppFund_OperatorSet, vppFund_setOperator } from '../../abi.generated.js';
import type { Address } from 'viem';
import type { VppClient } from '../../config.js';
import { call, defineWrite, encodeWrite, eventOf, sendWrite, simulateWrite } from '../../internal/contract.js';
import { assertAddress, assertBoolean } from '../../internal/validate.js';
import type { SimulateResult, VppTransactionRequest, WriteParameters, WriteResult } from '../../types.js';

export interface SetOperatorParameters extends WriteParameters {
  /** The account that may then request, cancel and claim for the sender (ERC-7540 operator). */
  operator: Address;
  /** True to approve, false to revoke. */
  approved: boolean;
}

/** What `setOperator` did, decoded from its events. */
export interface SetOperatorOutcome {
  controller: Address;
  operator: Address;
  approved: boolean;
}

const spec = /* @__PURE__ */ defineWrite<SetOperatorParameters, SetOperatorOutcome>({
  call: (p) => call('vppFund', vppFund_setOperator, [assertAddress('operator', p.operator, { allowZero: true }), assertBoolean('approved', p.approved)]),
  outcome: (client, receipt) => {
    const e = eventOf(client, receipt, 'vppFund', vppFund_OperatorSet);
    return { controller: e.controller, operator: e.operator, approved: e.approved };
  },
});

/**
 * Approves or revokes an operator of the sender's requests and claims (ERC-7540 `setOperator`).
 *
 * Validates the parameters, runs the contract's own checks by simulating, then sends; `wait()` resolves with the
 * receipt and its decoded `outcome`. Accepts viem's transaction overrides (`account`, `gas`, `nonce`, fees) and
 * `timeoutMs` / `signal`.
 *
 * @example
 * const { hash, wait } = await setOperator(client, { operator: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', approved: true });
 * const { outcome } = await wait();
 * @throws {InvalidAddressError}
 */
export function setOperator(client: VppClient, params: SetOperatorParameters): Promise<WriteResult<SetOperatorOutcome>> {
  return sendWrite(client, spec, params);
}

/**
 * The transaction request of {@link setOperator} (`{ to, data, value? }`, ENSjs' `makeFunctionData` shape), validated and
 * encoded without any network request: send it with any wallet, a multisig or a batch.
 *
 * @example
 * const request = encodeSetOperator(client, { operator: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', approved: true });
 * await walletClient.sendTransaction(request);
 */
export function encodeSetOperator(client: VppClient, params: SetOperatorParameters): VppTransactionRequest {
  return encodeWrite(client, spec, params);
}

/**
 * Simulates {@link setOperator} (validation, the SDK's checks, then `eth_call`): a revert throws its typed error. Returns
 * viem's `request` (for `writeContract`) and the function's return value.
 *
 * @example
 * const { request, result } = await simulateSetOperator(client, { operator: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', approved: true });
 */
export function simulateSetOperator(client: VppClient, params: SetOperatorParameters): Promise<SimulateResult<boolean>> {
  return simulateWrite(client, spec, params);
}
