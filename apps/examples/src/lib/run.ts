/** Runs a numbered example as a command: configuration from the environment, clear errors, exit code. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AEMO_ATTRIBUTION } from './aemo.js';
import { loadConfig } from './config.js';
import { connect, type VppContext } from './context.js';

/** True when the module at `importMetaUrl` is the script node/tsx was started with. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(importMetaUrl));
  } catch {
    return false;
  }
}

export interface RunOptions {
  /** Print the AEMO attribution at the end (scripts that show AEMO data or results derived from it). */
  attribution?: boolean;
}

export function runExample(main: (ctx: VppContext) => Promise<unknown>, options: RunOptions = {}): void {
  (async () => {
    const ctx = await connect(loadConfig());
    console.log(`chain ${ctx.chainId}${ctx.local ? ' (local)' : ''} · ${ctx.config.rpcUrl} · deployment ${ctx.deploymentPath}`);
    await main(ctx);
    if (options.attribution) console.log(`\n${AEMO_ATTRIBUTION}.`);
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      const e = error as Error & { shortMessage?: string };
      console.error(`\n${e.name ?? 'Error'}: ${e.shortMessage ?? e.message}`);
      if (process.env.DEBUG) console.error(error);
      process.exit(1);
    },
  );
}
