/**
 * HTTP-level protections shared by the host's servers: bounded request bodies answered with 413
 * (not a reset), and — for the admin and IPFS APIs, which change what the host serves — a Host and
 * Origin check against DNS rebinding and cross-site requests from a developer's browser, plus an
 * optional bearer token (what `graph create/deploy --access-token` sends).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** How long an oversized upload may keep sending after its 413 before the connection is dropped. */
const DRAIN_GRACE_MS = 5_000;

/**
 * Reads a request body of at most `limit` bytes. Over the limit it rejects with BodyTooLargeError
 * at once, stops buffering and keeps discarding what the client still sends, so the client reads
 * the 413 answer instead of a reset; the connection closes after the answer.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      // The connection stays open while the client finishes sending (discarded), so it reads the
      // 413 instead of failing its write with EPIPE; a client still sending after the grace period is cut off.
      void res;
      const timer = setTimeout(() => req.destroy(), DRAIN_GRACE_MS);
      timer.unref();
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
      reject(new BodyTooLargeError(limit));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume(); // discard
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!over) reject(error);
    });
  });
}

/** Host name of a Host or Origin value, lowercased and without port or IPv6 brackets. */
export function hostName(value: string): string | null {
  let host = value.trim().toLowerCase();
  if (host === '') return null;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(host);
  if (scheme) {
    try {
      host = new URL(host).host;
    } catch {
      return null;
    }
  }
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(1, end) : null;
  }
  const colon = host.lastIndexOf(':');
  // A bare IPv6 address has several colons and no port.
  if (colon !== -1 && host.indexOf(':') === colon) host = host.slice(0, colon);
  return host;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function isLoopbackAddress(host: string): boolean {
  const name = hostName(host) ?? host;
  return LOOPBACK_NAMES.includes(name) || /^127\.\d+\.\d+\.\d+$/.test(name) || name.endsWith('.localhost');
}

export interface AccessPolicy {
  /** Host names accepted in Host/Origin besides the loopback names; `*` accepts any. */
  allowedHosts: string[];
  /** Required as `Authorization: Bearer <token>` when set. */
  token: string | null;
}

export type AccessDenial = { status: 401 | 403; message: string };

/** Checks Host, Origin and (when configured) the bearer token of a request. */
export function checkAccess(req: IncomingMessage, policy: AccessPolicy, requireToken: boolean): AccessDenial | null {
  const allowed = new Set([...LOOPBACK_NAMES, ...policy.allowedHosts.map((h) => hostName(h) ?? h)]);
  const anyHost = allowed.has('*');
  const accepted = (name: string | null) => name !== null && (anyHost || allowed.has(name) || isLoopbackAddress(name));
  const host = req.headers.host;
  if (!host || !accepted(hostName(host))) {
    return { status: 403, message: `Host ${JSON.stringify(host ?? '')} is not allowed (allowed: loopback names${policy.allowedHosts.length ? `, ${policy.allowedHosts.join(', ')}` : ''})` };
  }
  const origin = req.headers.origin;
  // Browsers send Origin on cross-site requests; command-line clients (graph-cli) send none.
  if (origin !== undefined && (origin === 'null' || !accepted(hostName(origin)))) {
    return { status: 403, message: `Origin ${JSON.stringify(origin)} is not allowed` };
  }
  if (requireToken && policy.token !== null) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const given = Buffer.from(match?.[1] ?? '');
    const expected = Buffer.from(policy.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { status: 401, message: 'missing or wrong access token (send `Authorization: Bearer <token>`, e.g. graph deploy --access-token)' };
    }
  }
  return null;
}
