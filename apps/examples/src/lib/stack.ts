/**
 * The local stack, with no Docker and no configuration, from @vpp/devkit: anvil (from npm) whose clock starts before
 * the AEMO market day, the whole system deployed (the steps of the contracts' Deploy.s.sol; grid market funded;
 * hourly fund epochs), the subgraph built for that deployment and deployed to a graph host, which indexes it and
 * serves GraphQL. The examples' clients for every role are connected to it.
 *
 * `stop()` stops everything; so do SIGINT, SIGTERM and uncaught errors, so nothing is left running.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseEther } from 'viem';
import type { Deployment } from '@vpp/contracts';
import { startLocalStack as startDevkitStack, type LocalStack as DevkitStack } from '@vpp/devkit';
import { loadAemoDay } from './aemo.js';
import { loadConfig, type ExampleConfig } from './config.js';
import { connect, type VppContext } from './context.js';
import { ensureOperatorIsReporter, LOCAL_FUND_TIMING } from './deploy.js';

/**
 * How long before the AEMO day the chain's clock starts by default: the story before the trading (deposits settled at
 * an epoch close, a vendor grant and a purchase, each behind the 3-hour timelock) moves the clock about 7 hours.
 */
export const PRE_TRADING_SECONDS = 8 * 3600;

export interface LocalStackOptions {
  /**
   * Keep running (dev, demo --keep-running): the stack stays up until SIGINT / SIGTERM, which stop it and exit.
   * Await `closed`. Default false: the caller calls `stop()` when done.
   */
  keepRunning?: boolean;
  /** Stop every stack and exit on SIGINT / SIGTERM / uncaught errors. Default true (tests pass false). */
  exitHandlers?: boolean;
  /** Fixed ports (dev uses 8545 / 8000); default: free ports. */
  ports?: { anvil?: number; graph?: number; graphAdmin?: number; graphIpfs?: number };
  /** Genesis timestamp of anvil; default PRE_TRADING_SECONDS before the AEMO day (whose intervals are then traded). */
  timestamp?: number;
  /** Where to write the deployments file; default a temporary directory removed on stop. */
  deploymentPath?: string;
  /** Ether deposited into the reference GridMarket (it pays for discharged energy). Default 1000 ETH. */
  marketFundingWei?: bigint;
  /** Configuration (AUD rate, AEMO file, …); RPC/deployment/subgraph settings are overridden by the stack. */
  config?: ExampleConfig;
  /** Progress messages; default none. */
  log?: (message: string) => void;
}

export interface LocalStack {
  rpcUrl: string;
  subgraphUrl: string;
  deployment: Deployment;
  deploymentPath: string;
  /** The devkit's stack: anvil and graph host PIDs and URLs, time travel. */
  devkit: DevkitStack;
  /** The graph host's GraphQL, admin (graph deploy) and IPFS URLs. */
  graph: NonNullable<DevkitStack['graph']>;
  /** Clients for every role of the story, connected to this stack. */
  ctx: VppContext;
  /** Stops the graph host and anvil and removes temporary files. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once the stack has stopped. */
  closed: Promise<void>;
}

const stacks = new Set<LocalStack>();
let handlersInstalled = false;

/** On SIGINT / SIGTERM / an uncaught error, stop every stack of this process before exiting. */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const stopAll = async () => {
    await Promise.allSettled([...stacks].map((s) => s.stop()));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stacks.size > 0) console.error(`\n${signal}: stopping the local stack…`);
    void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const onFatal = (error: unknown) => {
    console.error(error);
    void stopAll().finally(() => process.exit(1));
  };
  process.once('uncaughtException', onFatal);
  process.once('unhandledRejection', onFatal);
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const baseConfig = options.config ?? loadConfig();
  const day = loadAemoDay(baseConfig.aemoDayPath);
  if (options.keepRunning || (options.exitHandlers ?? true)) installExitHandlers();

  const tmp = options.deploymentPath ? null : mkdtempSync(join(tmpdir(), 'vpp-examples-'));
  const deploymentPath = options.deploymentPath ?? join(tmp!, 'deployment.json');
  mkdirSync(dirname(deploymentPath), { recursive: true });

  let devkit: DevkitStack | undefined;
  // A stop during start-up (SIGINT while anvil starts) aborts the devkit's start, which stops what it started.
  const starting = new AbortController();
  let startingDevkit: Promise<DevkitStack> | undefined;
  let stopping: Promise<void> | null = null;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const stop = () =>
    (stopping ??= (async () => {
      if (!devkit && startingDevkit) {
        starting.abort(new Error('the local stack was stopped while starting'));
        await startingDevkit.catch(() => undefined);
      }
      await devkit?.stop().catch((e: unknown) => console.error('stopping the local stack failed:', e));
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      stacks.delete(stack);
      markClosed();
    })());
  // Registered before anything starts, so a signal during start-up stops what already runs.
  const stack = { stop, closed } as LocalStack;
  stacks.add(stack);

  try {
    const timestamp = options.timestamp ?? day.start - PRE_TRADING_SECONDS;
    const lead = day.start - timestamp;
    const when = lead === 0 ? 'the start of the AEMO day' : `${(lead / 3600).toFixed(1)} h before the AEMO day`;
    log(`starting anvil (clock at ${new Date(timestamp * 1000).toISOString()}, ${when}), deploying, starting the graph host`);
    startingDevkit = startDevkitStack({
      signal: starting.signal,
      anvil: { port: options.ports?.anvil, timestamp },
      deploy: {
        marketFundingWei: options.marketFundingWei ?? parseEther('1000'),
        intervalSeconds: day.intervalSeconds,
        ...LOCAL_FUND_TIMING,
      },
      deploymentPath,
      graph: {
        ...(options.ports?.graph !== undefined ? { port: options.ports.graph } : {}),
        ...(options.ports?.graphAdmin !== undefined ? { adminPort: options.ports.graphAdmin } : {}),
        ...(options.ports?.graphIpfs !== undefined ? { ipfsPort: options.ports.graphIpfs } : {}),
        pollIntervalMs: 100,
      },
      log,
    });
    devkit = await startingDevkit;
    const graph = devkit.graph!;
    log(`graph host serving ${graph.url}`);

    const config: ExampleConfig = {
      ...baseConfig,
      rpcUrl: devkit.rpcUrl,
      deploymentPath,
      subgraphUrl: graph.url,
    };
    const ctx = await connect(config);
    await ensureOperatorIsReporter(ctx); // the operator pushes prices and dispatches
    Object.assign(stack, { rpcUrl: devkit.rpcUrl, subgraphUrl: graph.url, deployment: devkit.deployment, deploymentPath, devkit, graph, ctx });
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}
