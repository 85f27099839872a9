import { connect } from 'node:net';
import { loadConfig, type ExampleConfig } from '../src/lib/config.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../src/lib/stack.js';

/** Configuration as with an empty environment (tests never depend on the caller's variables). */
export function cleanConfig(overrides: Record<string, string> = {}): ExampleConfig {
  return loadConfig(overrides);
}

/** A fresh local stack on free ports, without process-wide signal handlers (vitest owns the process). */
export function startTestStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({ config: cleanConfig(), exitHandlers: false, ...options });
}

/** Collects a script's output lines instead of printing them. */
export function collector(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

/** A raw GraphQL query against the stack's subgraph (independent of the SDK, to check what it returns). */
export async function graphql<T>(url: string, query: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('\n'));
  return body.data as T;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
