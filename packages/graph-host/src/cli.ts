#!/usr/bin/env node
/**
 * graph-host CLI: `graph-host start --rpc <url> --subgraph <build dir> --name vpp`.
 * Progress (blocks/s, events/s, head lag) on one rewritten line on a TTY; plain lines every 10 s otherwise.
 */
import { cac } from 'cac';
import path from 'node:path';
import { logStoreConfigFromEnv } from './logs/log-store.js';
import { limitV8BackgroundWork } from './node-flags.js';
import { consoleLogger, startGraphHost, type DeploymentStatus } from './server/host.js';
import type { SubgraphLogger } from './types.js';

// Started without GRAPH_HOST_NODE_FLAGS (a plain `graph-host start`): limit V8's background work
// from inside, before anything is compiled, as far as V8 allows once running.
limitV8BackgroundWork();

const cli = cac('graph-host');

interface StartFlags {
  rpc: string;
  subgraph?: string;
  name: string;
  port: number;
  adminPort: number;
  ipfsPort: number;
  ipfs?: string;
  indexNodePort: number;
  host: string;
  dataDir: string;
  memory?: boolean;
  pollInterval: number;
  quiet?: boolean;
  postgresUrl?: string;
  adminToken?: string;
  allowedHost?: string | string[];
  logStoreBackend?: string;
  logStoreFileDir?: string;
  logStoreFileMaxSize?: string;
}

function formatProgress(status: DeploymentStatus, rates: { blocks: number; events: number }): string {
  const latest = status.latestBlock?.number ?? status.processedBlock;
  const lag = status.chainHead !== null && latest !== null ? Math.max(0, status.chainHead - latest) : null;
  const name = status.names[0] ?? status.deploymentId.slice(0, 10);
  return (
    `${name}: ${status.state} block ${latest ?? '-'}/${status.chainHead ?? '-'}` +
    ` (lag ${lag ?? '-'}) ${rates.blocks.toFixed(0)} blocks/s ${rates.events.toFixed(0)} events/s` +
    ` ${status.eventsProcessed} events ${status.handlerCalls} handler calls` +
    (status.error ? ` FAILED at ${status.error.blockNumber}: ${status.error.message}` : '')
  );
}

cli
  .command('start', 'Index a subgraph from a JSON-RPC node and serve the GraphQL API')
  .option('--rpc <url>', 'Ethereum JSON-RPC URL', { default: 'http://127.0.0.1:8545' })
  .option('--subgraph <dir>', 'Built subgraph directory (graph build output) or manifest path')
  .option('--name <name>', 'Subgraph name for /subgraphs/name/<name>', { default: 'vpp' })
  .option('--port <port>', 'GraphQL query port (graph-node: 8000)', { default: 8000 })
  .option('--admin-port <port>', 'Admin JSON-RPC port for graph create/deploy (graph-node: 8020)', { default: 8020 })
  .option('--ipfs-port <port>', 'IPFS API port for graph deploy --ipfs (kubo: 5001)', { default: 5001 })
  .option('--ipfs <url>', "Remote IPFS HTTP API file data sources also fetch from, besides the host's IPFS store (graph-node: --ipfs)")
  .option('--index-node-port <port>', 'Index-node status API port, path /graphql (graph-node: 8030)', { default: 8030 })
  .option('--host <host>', 'Interface to bind', { default: '127.0.0.1' })
  .option('--data-dir <dir>', 'Where the store, IPFS files and registry live', { default: '.graph-host' })
  .option('--memory', 'Keep everything in memory (no data dir)')
  .option('--poll-interval <ms>', 'Chain head polling interval', { default: 500 })
  .option('--postgres-url <url>', 'Store deployments in this PostgreSQL database instead of the embedded PGlite')
  .option('--admin-token <token>', 'Require `Authorization: Bearer <token>` on the admin API (graph deploy --access-token); env GRAPH_HOST_ADMIN_TOKEN')
  .option('--allowed-host <name>', 'Accept this Host/Origin on the admin and IPFS APIs besides loopback (repeatable; * = any); env GRAPH_HOST_ALLOWED_HOSTS')
  .option('--log-store-backend <backend>', 'Where indexing logs for the `_logs` query go: file, memory or disabled (graph-node: --log-store-backend; env GRAPH_LOG_STORE_BACKEND; default file under the data dir)')
  .option('--log-store-file-dir <dir>', 'Directory of the file log store (env GRAPH_LOG_STORE_FILE_DIR; default <data dir>/logs)')
  .option('--log-store-file-max-size <bytes>', 'Size past which a deployment log file is compacted (env GRAPH_LOG_STORE_FILE_MAX_SIZE; default 100 MB)')
  .option('--quiet', 'No progress output')
  .action(async (flags: StartFlags) => {
    const tty = process.stderr.isTTY === true;
    const baseLogger = consoleLogger('info');
    // On a TTY, clear the progress line before a log line so they do not interleave.
    const logger: SubgraphLogger = {
      log: (level, message, extra) => {
        if (tty) process.stderr.write('\r\x1b[2K');
        baseLogger.log(level, message, extra);
      },
    };
    // Opening the embedded Postgres (PGlite initdb) takes seconds on a first run; say so.
    process.stderr.write('graph-host: starting (loading the subgraph, opening the store)…\n');
    const dataDir = flags.memory ? null : flags.dataDir;
    // graph-node's precedence: a CLI argument over its environment variable over the default.
    const logStore = logStoreConfigFromEnv(
      {
        ...process.env,
        ...(flags.logStoreBackend !== undefined ? { GRAPH_LOG_STORE_BACKEND: String(flags.logStoreBackend) } : {}),
        ...(flags.logStoreFileDir !== undefined ? { GRAPH_LOG_STORE_FILE_DIR: String(flags.logStoreFileDir) } : {}),
        ...(flags.logStoreFileMaxSize !== undefined ? { GRAPH_LOG_STORE_FILE_MAX_SIZE: String(flags.logStoreFileMaxSize) } : {}),
      },
      dataDir ? path.resolve(dataDir) : null,
    );
    const host = await startGraphHost({
      rpcUrl: flags.rpc,
      logStore,
      ...(flags.subgraph ? { subgraph: flags.subgraph } : {}),
      name: flags.name,
      dataDir,
      port: Number(flags.port),
      adminPort: Number(flags.adminPort),
      ipfsPort: Number(flags.ipfsPort),
      indexNodePort: Number(flags.indexNodePort),
      hostname: flags.host,
      pollIntervalMs: Number(flags.pollInterval),
      logger,
      ...(flags.postgresUrl ? { postgresUrl: flags.postgresUrl } : {}),
      ...(flags.ipfs ? { remoteIpfsUrl: flags.ipfs } : {}),
      ...(flags.adminToken ? { adminToken: flags.adminToken } : {}),
      ...(flags.allowedHost !== undefined ? { allowedHosts: [flags.allowedHost].flat().map(String) } : {}),
    });
    process.stderr.write(
      `graph-host listening\n  queries: ${host.url}\n  admin:   ${host.adminUrl}\n  ipfs:    ${host.ipfsUrl}\n  status:  ${host.indexNodeUrl}\n` +
        (host.deploymentId ? `  deployment: ${host.deploymentId}\n` : ''),
    );
    // Machine-readable line for scripts and tests that spawn the CLI.
    process.stdout.write(`${JSON.stringify({ ready: true, url: host.url, port: host.port, adminPort: host.adminPort, ipfsPort: host.ipfsPort, indexNodePort: host.indexNodePort, deploymentId: host.deploymentId })}\n`);

    const previous = new Map<string, { at: number; blocks: number; events: number }>();
    let lastPlainLine = 0;
    const progressTimer = flags.quiet
      ? null
      : setInterval(() => {
          const now = Date.now();
          const lines = host.status().map((status) => {
            const before = previous.get(status.deploymentId) ?? { at: status.startedAt, blocks: 0, events: 0 };
            const seconds = Math.max(0.001, (now - before.at) / 1000);
            previous.set(status.deploymentId, { at: now, blocks: status.blocksProcessed, events: status.eventsProcessed });
            return formatProgress(status, {
              blocks: (status.blocksProcessed - before.blocks) / seconds,
              events: (status.eventsProcessed - before.events) / seconds,
            });
          });
          if (lines.length === 0) return;
          if (tty) process.stderr.write(`\r\x1b[2K${lines.join(' | ')}`);
          else if (now - lastPlainLine >= 10_000) {
            lastPlainLine = now;
            process.stderr.write(`${lines.join('\n')}\n`);
          }
        }, 1000);

    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      if (progressTimer) clearInterval(progressTimer);
      if (tty) process.stderr.write('\n');
      process.stderr.write(`${signal}: stopping (flushing indexed blocks)…\n`);
      host.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });

cli.help();
cli.version('0.1.0');

try {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand) {
    cli.outputHelp();
    process.exit(cli.args.length > 0 || process.argv.length > 2 ? 1 : 0);
  }
  await cli.runMatchedCommand();
} catch (error) {
  process.stderr.write(`graph-host: ${(error as Error).message}\n`);
  process.exit(1);
}
