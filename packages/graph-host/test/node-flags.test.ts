/**
 * The CLI limits V8's background work from inside when its process was not started with
 * GRAPH_HOST_NODE_FLAGS, and leaves V8 alone when it was (in the arguments or NODE_OPTIONS).
 * Each case runs in a process of its own: the flags are process-wide.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GRAPH_HOST_NODE_FLAGS } from '../src/node-flags.js';

const nodeFlagsModule = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'node-flags.ts');
/** What limitV8BackgroundWork() answers in a fresh node process with these flags and NODE_OPTIONS. */
function limitedIn(nodeFlags: readonly string[], nodeOptions = ''): boolean {
  const out = execFileSync(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(nodeFlagsModule)}); console.log(JSON.stringify(m.limitV8BackgroundWork()));`],
    { env: { ...process.env, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' },
  );
  return JSON.parse(out.trim()) as boolean;
}

describe('limitV8BackgroundWork', () => {
  it('sets the runtime flags in a process started without --v8-pool-size', () => {
    expect(limitedIn([])).toBe(true);
  });

  it('leaves V8 alone when the process has GRAPH_HOST_NODE_FLAGS, as arguments or in NODE_OPTIONS', () => {
    expect(limitedIn(GRAPH_HOST_NODE_FLAGS)).toBe(false);
    expect(limitedIn([], GRAPH_HOST_NODE_FLAGS.join(' '))).toBe(false);
    expect(limitedIn(['--v8-pool-size=2'])).toBe(false);
    expect(limitedIn(['--v8-pool-size', '2'])).toBe(false);
  });
});
