import type { TableWrite } from './table.js';
import { gasCostAud } from './units.js';

/** Gas the operator spends; table writes are the strategy's, price rounds and dispatch are common to all. */
export interface GasModel {
  /** `publishTable` (48 slots). Design bound when overwriting: 400k. */
  publishTableGas: number;
  /** `updateBlocks` with one block, its own transaction. Design bound: 30k. */
  updateBlockGas: number;
  /** Each further block in the same `updateBlocks` (one warm slot write + 32 bytes of calldata). */
  extraBlockGas: number;
  /** One oracle price round per interval. */
  priceRoundGas: number;
  /** One dispatch transaction for one battery, sent only in intervals where the decision moves energy. */
  dispatchGas: number;
  gasPriceGwei: string | number;
}

/**
 * Defaults: measured on anvil by the operator's gas benchmark (apps/operator/benchmarks/gas-day.json, one 1 MW battery
 * with a water-value table re-published every interval, 2024-02-13): a price round 55,261 (one storage slot per
 * round); a dispatch transaction that moves energy 140,221 (the operator sends none for an idle interval: see
 * `previewDispatch`); `updateBlocks` of one block 41,962; `publishTable` 1,143,316 (first write of fresh slots;
 * overwriting is cheaper). The extra-block figure is an estimate (one warm slot + calldata).
 */
export const DEFAULT_GAS: GasModel = {
  publishTableGas: 1_143_316,
  updateBlockGas: 41_962,
  extraBlockGas: 6_000,
  priceRoundGas: 55_261,
  dispatchGas: 140_221,
  gasPriceGwei: '0.05',
};

export function writeGas(write: TableWrite, gas: GasModel): number {
  return write.kind === 'publishTable' ? gas.publishTableGas : gas.updateBlockGas + (write.blocks.length - 1) * gas.extraBlockGas;
}

export function gasAud(units: number, gas: GasModel, ethAud: string | number): number {
  return gasCostAud(units, gas.gasPriceGwei, ethAud);
}
