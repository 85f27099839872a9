import type { VppClient } from '../../config.js';
import { toStatus } from '../../internal/battery.js';
import { read, readAll } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import { BatteryNotFoundError } from '../../errors.js';
import { tradeActions, type BatteryStatus, type TradeAction } from '../../types.js';

export interface QuoteDispatchParameters {
  batteryId: bigint | number;
  blockNumber?: bigint;
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
export async function quoteDispatch(client: VppClient, params: QuoteDispatchParameters): Promise<DispatchQuote> {
  const batteryId = toBatteryId('batteryId', params.batteryId);
  type State = { status: number } & Record<string, unknown>;
  const {
    blockNumber,
    results: [state, [roundId, price], tradingParams, interval, last],
  } = await readAll<[State, readonly [bigint, bigint, bigint], { intervalSeconds: number }, bigint, bigint]>(
    client,
    [
      ['vppPlant', 'dispatchState', [batteryId]],
      ['vppTrader', 'latestPrice'],
      ['vppTrader', 'tradingParams'],
      ['vppTrader', 'currentInterval'],
      ['vppTrader', 'lastDispatchedInterval', [batteryId]],
    ],
    params.blockNumber,
  );
  if (state.status === 0) throw new BatteryNotFoundError({ args: [batteryId], detectedBeforeSending: true });
  const [action, energyWh, storedDeltaWh, value, stateOfChargeAfterWh] = await read<
    readonly [number, bigint, bigint, bigint, bigint]
  >(client, 'vppTrader', 'quote', [state, price, tradingParams.intervalSeconds], blockNumber);
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
}
