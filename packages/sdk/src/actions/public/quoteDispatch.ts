import { vppPlant_dispatchState, vppTrader_currentInterval, vppTrader_lastDispatchedInterval, vppTrader_latestPrice, vppTrader_quote, vppTrader_tradingParams } from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { toStatus } from '../../internal/battery.js';
import { read, readAll, rpcAction } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import { BatteryNotFoundError } from '../../errors/contract/BatteryNotFoundError.js';
import { tradeActions, type BatteryStatus, type TradeAction, type ReadParameters } from '../../types.js';

export interface QuoteDispatchParameters extends ReadParameters {
  batteryId: bigint | number;
}

/** What dispatching the battery now would do (the trader's own decision rule, read from the chain). */
export interface DispatchQuote {
  blockNumber: bigint;
  batteryId: bigint;
  status: BatteryStatus;
  /** The current dispatch interval. */
  interval: bigint;
  /** True when the battery was already dispatched this interval (a dispatch would revert AlreadyDispatched). */
  alreadyDispatched: boolean;
  roundId: bigint;
  /** wei/MWh. */
  price: bigint;
  action: TradeAction;
  /** Grid energy, Wh. */
  energyWh: bigint;
  /** Change of stored energy, Wh. */
  storedDeltaWh: bigint;
  /** Fund cash flow, wei (signed: + received). */
  value: bigint;
  stateOfChargeAfterWh: bigint;
}

/**
 * Quotes a dispatch of one battery at the current price.
 * @throws {BatteryNotFoundError}, {StalePriceError}, {PriceOutOfBoundsError}
 */
export function quoteDispatch(client: VppClient, params: QuoteDispatchParameters): Promise<DispatchQuote> {
  return rpcAction(client, params, async () => {
    const batteryId = toBatteryId('batteryId', params.batteryId);
    type State = { status: number } & Record<string, unknown>;
    const {
      blockNumber,
      results: [state, [roundId, price], tradingParams, interval, last],
    } = await readAll<[State, readonly [bigint, bigint, bigint], { intervalSeconds: number }, bigint, bigint]>(
      client,
      [
        ['vppPlant', vppPlant_dispatchState, [batteryId]],
        ['vppTrader', vppTrader_latestPrice],
        ['vppTrader', vppTrader_tradingParams],
        ['vppTrader', vppTrader_currentInterval],
        ['vppTrader', vppTrader_lastDispatchedInterval, [batteryId]],
      ],
      params.blockNumber,
    );
    if (state.status === 0) throw new BatteryNotFoundError({ args: [batteryId], detectedBeforeSending: true });
    const [action, energyWh, storedDeltaWh, value, stateOfChargeAfterWh] = await read<
      readonly [number, bigint, bigint, bigint, bigint]
    >(client, 'vppTrader', vppTrader_quote, [state, price, tradingParams.intervalSeconds], blockNumber);
    return {
      blockNumber,
      batteryId,
      status: toStatus(state.status),
      interval,
      alreadyDispatched: last === interval && interval !== 0n,
      roundId,
      price,
      action: tradeActions[action] ?? 'Idle',
      energyWh,
      storedDeltaWh,
      value,
      stateOfChargeAfterWh,
    };
  });
}
