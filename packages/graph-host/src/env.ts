/**
 * Numeric settings read from the environment: unset or empty means the default; `_` separators are
 * allowed as in graph-node's settings (`1_000_000`); anything else that is not a number in range is an
 * error naming the variable, at start-up rather than at first use.
 */
export function envNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  opts: { min?: number; integer?: boolean } = {},
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim().replace(/_/g, ''));
  const min = opts.min ?? 0;
  if (!Number.isFinite(value) || value < min || (opts.integer && !Number.isSafeInteger(value))) {
    throw new EnvSettingError(`${name}=${raw} is not ${opts.integer ? 'an integer' : 'a number'} of at least ${min}`);
  }
  return value;
}

export class EnvSettingError extends Error {
  override name = 'EnvSettingError';
}
