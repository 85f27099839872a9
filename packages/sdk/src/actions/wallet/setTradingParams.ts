import type { VppClient } from '../../config.js';
import { write } from '../../internal/contract.js';
import { toTradingParamsStruct } from '../../internal/validate.js';
import type { TradingParams, WriteParameters, WriteResult } from '../../types.js';

export interface SetTradingParamsParameters extends WriteParameters {
  params: TradingParams;
}

/**
 * Sets the trader's parameters (admins).
 * @throws {InvalidTradingParamsError}, {NotAdminError}
 */
export async function setTradingParams(client: VppClient, params: SetTradingParamsParameters): Promise<WriteResult> {
  const struct = toTradingParamsStruct(params.params);
  return write(client, { contract: 'vppTrader', functionName: 'setTradingParams', args: [struct], account: params.account });
}
