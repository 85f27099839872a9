import {
  vppPlant_dispatchState,
  vppTrader_activeBuffer,
  vppTrader_batteryState,
  vppTrader_currentInterval,
  vppTrader_latestPrice,
  vppTrader_quote,
  vppTrader_thresholdsFor,
  vppTrader_tradingParams,
} from '../../abi.generated.js';
import type { VppClient } from '../../config.js';
import { toStatus } from '../../internal/battery.js';
import { read, readAll, rpcAction } from '../../internal/contract.js';
import { toBatteryId } from '../../internal/validate.js';
import { BatteryNotFoundError } from '../../errors/contract/BatteryNotFoundError.js';
import { tradeActions, type BatteryStatus, type ReadParameters, type ThresholdSource, type TradeAction } from '../../types.js';
import type { RawDispatchState } from './getBatteryState.js';

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
  /** True when the battery was already dispatched this interval (a dispatch would skip it: AlreadyDispatched). */
  alreadyDispatched: boolean;
  roundId: bigint;
  /** wei/MWh. */
  price: bigint;
  /** The thresholds the decision uses, wei/MWh, and where they come from (static pair or strategy table). */
  chargeBelowPrice: bigint;
  dischargeAbovePrice: bigint;
  thresholds: ThresholdSource;
  action: TradeAction;
  /** Grid energy, Wh. */
  energyWh: bigint;
  /** Change of stored energy, Wh. */
  storedDeltaWh: bigint;
  /** Fund cash flow, wei (signed: + received). */
  value: bigint;
  stateOfChargeAfterWh: bigint;
}

type State = { status: number; stateOfChargeWh: bigint; capacityWh: bigint; chargeBelowPrice: bigint; dischargeAbovePrice: bigint } & Record<string, unknown>;

/**
 * Quotes a dispatch of one battery at the current price, with the thresholds a dispatch would use (its strategy
 * table's when the profile has a fresh one).
 *
 * @example
 * const quote = await quoteDispatch(client, { batteryId: 1n });
 * console.log(quote.action, quote.energyWh, quote.value, quote.thresholds);
 * @throws {BatteryNotFoundError}, {PriceNotForIntervalError}, {StalePriceError}, {PriceOutOfBoundsError}
 */
export function quoteDispatch(client: VppClient, params: QuoteDispatchParameters): Promise<DispatchQuote> {
  return rpcAction(client, params, async () => {
    const batteryId = toBatteryId('batteryId', params.batteryId);
    const {
      blockNumber,
      results: [state, dispatch, [roundId, price], tradingParams, interval],
    } = await readAll<[State, RawDispatchState, readonly [bigint, bigint, bigint], { intervalSeconds: number }, bigint]>(
      client,
      [
        ['vppPlant', vppPlant_dispatchState, [batteryId]],
        ['vppTrader', vppTrader_batteryState, [batteryId]],
        ['vppTrader', vppTrader_latestPrice],
        ['vppTrader', vppTrader_tradingParams],
        ['vppTrader', vppTrader_currentInterval],
      ],
      params.blockNumber,
    );
    if (state.status === 0) throw new BatteryNotFoundError({ args: [batteryId], detectedBeforeSending: true });
    let thresholds: ThresholdSource = 'Static';
    let decided = state;
    const profileId = Number(dispatch.profileId);
    if (profileId !== 0) {
      const [[lo, hi, fromTable], [, buffer]] = await Promise.all([
        read<readonly [bigint, bigint, boolean]>(client, 'vppTrader', vppTrader_thresholdsFor, [profileId, interval, state.stateOfChargeWh, state.capacityWh], blockNumber),
        read<readonly [boolean, number, boolean]>(client, 'vppTrader', vppTrader_activeBuffer, [profileId, interval], blockNumber),
      ]);
      thresholds = fromTable ? (buffer === 1 ? 'TableBuffer1' : 'TableBuffer0') : 'StaticFallback';
      if (fromTable) decided = { ...state, chargeBelowPrice: lo, dischargeAbovePrice: hi };
    }
    const [action, energyWh, storedDeltaWh, value, stateOfChargeAfterWh] = await read<readonly [number, bigint, bigint, bigint, bigint]>(
      client,
      'vppTrader',
      vppTrader_quote,
      [decided, price, tradingParams.intervalSeconds],
      blockNumber,
    );
    const plusOne = BigInt(dispatch.intervalPlusOne);
    return {
      blockNumber,
      batteryId,
      status: toStatus(state.status),
      interval,
      alreadyDispatched: plusOne === interval + 1n,
      roundId,
      price,
      chargeBelowPrice: decided.chargeBelowPrice,
      dischargeAbovePrice: decided.dischargeAbovePrice,
      thresholds,
      action: tradeActions[action] ?? 'Idle',
      energyWh,
      storedDeltaWh,
      value,
      stateOfChargeAfterWh,
    };
  });
}
