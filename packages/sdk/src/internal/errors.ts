/** Error conversion for the actions, with the decoder loaded on the first error only. @internal */
import { BaseError } from 'viem';
import { VppError } from '../errors/base.js';
import type { ErrorContext } from '../errors/decode.js';

/**
 * `toVppError`, loaded on demand: the revert decoder (every contract error class and its sentence) and the viem
 * error mapping stay out of an action's bundle until something fails.
 */
export async function vppError(error: unknown, context: ErrorContext): Promise<unknown> {
  if (error instanceof VppError || !(error instanceof BaseError)) return error;
  const { toVppError } = await import('../errors/decode.js');
  return toVppError(error, context);
}
