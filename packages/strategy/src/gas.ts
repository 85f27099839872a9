import type { TableWrite } from './table.js';
import { gasCostAud } from './units.js';

/** Gas the operator spends; table writes are the strategy's, price rounds and dispatch are common to all. */
export interface GasModel {
  /** `publishTable` (48 slots overwritten). Design bound: 400k. */
  publishTableGas: number;
  /** `updateBlocks` with one block, its own transaction. Design bound: 30k. */
  updateBlockGas: number;
  /** Each further block in the same `updateBlocks` (one warm slot write + 32 bytes of calldata). */
  extraBlockGas: number;
  /** One oracle price round per interval. */
  priceRoundGas: number;
  /** Dispatch of one battery per interval. */
  dispatchGas: number;
  gasPriceGwei: string | number;
}

/**
 * Defaults: the design's bounds for table writes (until the StrategyBook benchmark measures them), the contracts
 * benchmark's dispatch of a batch of one (102,266), and a price round estimate.
 */
export const DEFAULT_GAS: GasModel = {
  publishTableGas: 400_000,
  updateBlockGas: 30_000,
  extraBlockGas: 6_000,
  priceRoundGas: 60_000,
  dispatchGas: 102_266,
  gasPriceGwei: '0.05',
};

export function writeGas(write: TableWrite, gas: GasModel): number {
  return write.kind === 'publishTable' ? gas.publishTableGas : gas.updateBlockGas + (write.blocks.length - 1) * gas.extraBlockGas;
}

export function gasAud(units: number, gas: GasModel, ethAud: string | number): number {
  return gasCostAud(units, gas.gasPriceGwei, ethAud);
}
