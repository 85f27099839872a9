/**
 * The root of the SDK's errors: {@link VppError} extends viem's `BaseError`, so `shortMessage`, `details`,
 * `metaMessages`, `docsPath` and `walk()` work the same on an SDK error and on the viem error it wraps (its `cause`).
 * @module
 */
import { BaseError } from 'viem';

declare const __SDK_VERSION__: string;
/** The SDK's version (set at build time). */
export const sdkVersion: string = typeof __SDK_VERSION__ === 'string' ? __SDK_VERSION__ : '0.0.0-dev';

/** Where the SDK's error documentation lives; `docsPath` is appended. */
export const docsBaseUrl = 'https://github.com/vpp-protocol/vpp/blob/main/packages/sdk';

export interface VppErrorOptions {
  cause?: unknown;
  details?: string | undefined;
  /** Path under the SDK's documentation root on GitHub (default: the README's error section). */
  docsPath?: string | undefined;
  metaMessages?: string[] | undefined;
}

/** Base class of every error thrown by the SDK (a viem `BaseError`). */
export class VppError extends BaseError {
  override name: string = 'VppError';
  constructor(shortMessage: string, options: VppErrorOptions = {}) {
    const cause = options.cause instanceof Error ? options.cause : undefined;
    const docsPath = options.docsPath ?? '/README.md#errors';
    super(shortMessage, {
      ...(cause ? { cause } : {}),
      details: options.details ?? (options.cause !== undefined && !cause ? String(options.cause) : undefined),
      docsBaseUrl,
      docsPath,
      metaMessages: options.metaMessages,
    });
    // viem's message ends with viem's version; an SDK error names the SDK's (and keeps the cause's details).
    this.version = `@vpp/sdk@${sdkVersion}`;
    this.message = [
      shortMessage,
      '',
      ...(options.metaMessages?.length ? [...options.metaMessages, ''] : []),
      `Docs: ${docsBaseUrl}${docsPath}`,
      ...(this.details ? [`Details: ${this.details}`] : []),
      `Version: ${this.version}`,
    ].join('\n');
  }
}

/** Shortens an address for a sentence: `0xa0Ee…9720`. */
export const shortAddress = (address: string): string =>
  /^0x[0-9a-fA-F]{40}$/.test(address) ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;

/** A value as it reads in a message (bigint without `n`, objects as JSON). */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
