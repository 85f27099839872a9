import { expect } from 'vitest';

/** Awaits `promise`, expecting it to reject with an instance of `Class`; returns the error. */
export async function expectError<T extends Error>(
  promise: Promise<unknown> | (() => Promise<unknown>),
  Class: abstract new (...args: never[]) => T,
): Promise<T> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (!(error instanceof Class)) {
      throw new Error(`expected ${Class.name}, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`, {
        cause: error,
      });
    }
    expect(error).toBeInstanceOf(Class);
    return error;
  }
  throw new Error(`expected ${Class.name}, but it resolved`);
}
