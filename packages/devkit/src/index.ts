/**
 * @vpp/devkit — the local stack for development, examples and tests, in one call:
 *
 * - anvil (from npm) on a free port (or a fixed one), optionally at a given genesis timestamp or from a state dump;
 * - the whole system deployed with the contracts' own deployment path (`deploySystem`, the steps of Deploy.s.sol);
 * - the subgraph built for that deployment and deployed to a local graph host over its IPFS and admin APIs, exactly
 *   as `graph deploy` does against a graph-node;
 * - anvil's funded accounts, time travel to dispatch-interval boundaries and fund epoch closes (`toNextEpoch`,
 *   `settleEpoch`), and `stop()`, which ends both child processes by PID;
 * - snapshots (`createLocalStackSnapshot`): the chain's state and the graph host's data directory after deployment
 *   (and any setup), from which many stacks start in seconds — a fresh subgraph store costs several seconds of
 *   PGlite DDL (half a minute on a loaded machine), a copied one only has to be opened.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { deploySystem, startAnvil, type DeploySystemOptions } from '@vpp/contracts/node';
import type { Deployment } from '@vpp/contracts';
import { createPublicClient, createTestClient, createWalletClient, http, parseAbi, parseEventLogs, toHex, type Address, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

/** The fund's epoch functions the time helpers use. */
const fundEpochAbi = parseAbi([
  'function nextEpochAt() view returns (uint256)',
  'function currentEpoch() view returns (uint256)',
  'function settleEpoch() returns (uint256)',
  'event EpochSettled(uint256 indexed epoch, uint256 nav, uint256 supply, uint256 depositAssets, uint256 depositShares, uint256 redeemSharesFilled, uint256 redeemAssetsPaid, uint256 redeemSharesQueued)',
]);

/** anvil's default mnemonic: its accounts are public knowledge, for local chains only. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export interface LocalStackOptions {
  anvil?: {
    /** Default: a free port. */
    port?: number | undefined;
    /** Unix seconds of the genesis block. */
    timestamp?: number | undefined;
    /** Funded accounts (default 10) and their balance in ether (default 10 000). */
    accounts?: number | undefined;
    balanceEther?: number | undefined;
    /** Start from an `anvil --dump-state` file (then pass `deployment`, the system it holds). */
    loadState?: string | undefined;
    /** Extra anvil arguments. */
    args?: string[] | undefined;
  };
  /** The system already on the chain (with `anvil.loadState`); otherwise it is deployed. */
  deployment?: Deployment | undefined;
  /** Deployment options (default: anvil's first account deploys and owns; grid market funded with 1000 ETH). */
  deploy?: Omit<DeploySystemOptions, 'rpcUrl' | 'deploymentsPath'> | undefined;
  /** Also write the deployments file here. */
  deploymentPath?: string | undefined;
  /** Build the subgraph and deploy it to a local graph host (default true). */
  subgraph?: boolean | { name?: string | undefined; build?: string | undefined } | undefined;
  /**
   * Graph host ports (query, admin, IPFS, index-node status; default: free ports), head polling (default 50 ms) and where it keeps its store, IPFS files
   * and registry (default: in memory). A data directory is kept after `stop()`.
   */
  graph?: { port?: number; adminPort?: number; ipfsPort?: number; indexNodePort?: number; pollIntervalMs?: number; dataDir?: string } | undefined;
  /**
   * Start from a snapshot (`createLocalStackSnapshot`, or the path of its `snapshot.json`): anvil loads the saved
   * chain, and the graph host starts on a private copy of the saved data directory, resuming at the saved block.
   * `anvil.accounts`, `anvil.balanceEther`, `anvil.loadState`, `deployment` and `deploy` are then the snapshot's;
   * `subgraph: false` starts no graph host.
   */
  snapshot?: LocalStackSnapshot | string | undefined;
  /** Progress messages. */
  log?: ((message: string) => void) | undefined;
  /**
   * Aborts the start (e.g. on SIGINT): what has started is stopped, at once for processes already
   * running, and the call rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
}

export interface LocalAccount {
  address: Address;
  privateKey: Hex;
}

export interface LocalStack {
  rpcUrl: string;
  chainId: number;
  deployment: Deployment;
  /** Written deployments file, when `deploymentPath` was given. */
  deploymentPath: string | undefined;
  /** GraphQL URL of the subgraph (undefined with `subgraph: false`). */
  subgraphUrl: string | undefined;
  /** The graph host: GraphQL, admin (graph deploy), IPFS and index-node status (`/graphql`) URLs, its PID. */
  graph: { url: string; adminUrl: string; ipfsUrl: string; indexNodeUrl: string; pid: number; deploymentId: string } | undefined;
  anvil: { pid: number; port: number };
  /** Every child process started (anvil, graph host): `stop()` ends them by PID. */
  pids: number[];
  /** anvil's funded accounts (the default mnemonic). */
  accounts: LocalAccount[];
  /** The dispatch interval length of the deployment, seconds. */
  intervalSeconds: number;
  /** Moves the chain's clock forward and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** Mines one block at the start of the next dispatch interval; returns that interval's number. */
  toNextInterval(): Promise<bigint>;
  /** Mines one block at the start of dispatch interval `interval` (in the future). */
  toInterval(interval: bigint): Promise<void>;
  /**
   * Mines one block at the open fund epoch's close (`nextEpochAt`; the next second when it has passed already), so
   * that `settleEpoch` can run; returns the epoch now due.
   */
  toNextEpoch(): Promise<bigint>;
  /**
   * Settles the open fund epoch (`settleEpoch` is permissionless), travelling to its close first when it is not due
   * yet; sent from funded account `account` (default 0). Returns the epoch settled and the transaction.
   */
  settleEpoch(options?: { account?: number }): Promise<{ epoch: bigint; transactionHash: Hex; blockNumber: bigint }>;
  /** Resolves once the subgraph has indexed `blockNumber` (default: the chain head). */
  waitForIndexing(blockNumber?: bigint, timeoutMs?: number): Promise<void>;
  /** Stops the graph host and anvil (SIGTERM, then SIGKILL) by PID. Idempotent. */
  stop(): Promise<void>;
}

/** What `createLocalStackSnapshot` saved; JSON (`snapshot.json` in the snapshot directory). */
export interface LocalStackSnapshot {
  version: 1;
  /** anvil's state (`--dump-state`). */
  anvilState: string;
  accounts: number;
  balanceEther: number;
  /** Extra anvil arguments the snapshot was made with (`anvil.args`), for the stacks started from it. */
  anvilArgs: string[];
  deployment: Deployment;
  intervalSeconds: number;
  /** The graph host's data directory, the subgraph deployed as `subgraphName` and indexed to the saved head. */
  graph: { dataDir: string; subgraphName: string; deploymentId: string } | undefined;
}

/** Ends one child process by PID: SIGTERM, SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      resolve();
      return;
    }
    setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs).unref();
  });
}

/** The graph host's CLI (its exports map has no `require` entry, so look the package up on the resolution paths). */
function graphHostCli(): string {
  for (const dir of createRequire(import.meta.url).resolve.paths('@vpp/graph-host') ?? []) {
    const cli = join(dir, '@vpp', 'graph-host', 'dist', 'cli.js');
    if (existsSync(cli)) return cli;
  }
  throw new Error('@vpp/graph-host is not built or not installed (pnpm --filter @vpp/graph-host build)');
}

/**
 * The node flags the graph host's process runs with: @vpp/graph-host's GRAPH_HOST_NODE_FLAGS (one V8
 * background thread, so compiling and GC leave the indexing thread its core). Written out because
 * @vpp/graph-host is ESM only and this package is also built as CommonJS; a test keeps them equal.
 */
export const GRAPH_HOST_NODE_FLAGS: readonly string[] = Object.freeze(['--v8-pool-size=1']);

/** Starts the graph host CLI as a child process (in memory unless given a data directory; free ports unless given) and reads its ready line. */
async function startGraphHostProcess(rpcUrl: string, o: NonNullable<LocalStackOptions['graph']>) {
  const args = [graphHostCli(), 'start', '--rpc', rpcUrl, '--quiet', ...(o.dataDir ? ['--data-dir', o.dataDir] : ['--memory'])];
  args.push('--port', String(o.port ?? 0), '--admin-port', String(o.adminPort ?? 0), '--ipfs-port', String(o.ipfsPort ?? 0));
  args.push('--index-node-port', String(o.indexNodePort ?? 0));
  args.push('--poll-interval', String(o.pollIntervalMs ?? 50));
  const child = spawn(process.execPath, [...GRAPH_HOST_NODE_FLAGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; adminPort: number; ipfsPort: number; indexNodePort: number }>((resolve, reject) => {
    // Ready after the servers bind and a data directory's deployments are reopened (PGlite start: seconds).
    const timer = setTimeout(() => reject(new Error(`graph host did not start in 180 s: ${stderr}`)), 180_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`graph host exited (${code}): ${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { port: number; adminPort: number; ipfsPort: number; indexNodePort: number });
      } catch {
        reject(new Error(`unexpected graph host output: ${line}`));
      }
    });
  }).catch(async (error: unknown) => {
    await stopProcess(child);
    throw error;
  });
  child.stdout!.resume();
  return { child, ...ready };
}

/** Uploads a subgraph build to an IPFS API and deploys it through a graph-node admin API (what `graph deploy` does). */
export async function deploySubgraph(options: { buildDir: string; name: string; adminUrl: string; ipfsUrl: string }): Promise<string> {
  const add = async (content: Uint8Array | string, fileName: string): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([typeof content === 'string' ? new TextEncoder().encode(content) : content]), fileName);
    const response = await fetch(`${options.ipfsUrl}/api/v0/add`, { method: 'POST', body: form, signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`IPFS add ${fileName}: HTTP ${response.status}`);
    return (JSON.parse((await response.text()).trim().split('\n').pop()!) as { Hash: string }).Hash;
  };
  const manifest = readFileSync(join(options.buildDir, 'subgraph.yaml'), 'utf8');
  const hashes = new Map<string, string>();
  for (const [, file] of manifest.matchAll(/^\s*file: (\S+)\s*$/gm)) {
    if (!hashes.has(file!)) hashes.set(file!, await add(readFileSync(join(options.buildDir, file!)), file!.split('/').pop()!));
  }
  const linked = manifest.replace(/^(\s*)file: (\S+)\s*$/gm, (_m, indent: string, file: string) => `${indent}file:\n${indent}  /: /ipfs/${hashes.get(file)}`);
  const manifestHash = await add(linked, 'subgraph.yaml');
  const admin = async (method: string, params: object) => {
    const response = await fetch(options.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      // subgraph_deploy opens the deployment's store (PGlite): seconds, more on a loaded machine
      signal: AbortSignal.timeout(240_000),
    });
    const body = (await response.json()) as { error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
  };
  await admin('subgraph_create', { name: options.name }).catch((error: Error) => {
    // Redeploying to a host that kept its data directory: the name is there already.
    if (!/already exists/.test(error.message)) throw error;
  });
  await admin('subgraph_deploy', { name: options.name, ipfs_hash: manifestHash, version_label: 'devkit' });
  return manifestHash;
}

/**
 * Starts the local stack. Everything started is stopped again if a later step fails.
 *
 * @example
 * const stack = await startLocalStack();
 * const client = createPublicClient({ transport: http(stack.rpcUrl) }).extend(vppPublicActions({ deployment: stack.deployment, subgraphUrl: stack.subgraphUrl }));
 * await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const snapshot = typeof options.snapshot === 'string' ? readSnapshot(options.snapshot) : options.snapshot;
  const a = options.anvil ?? {};
  const accountCount = snapshot?.accounts ?? a.accounts ?? 10;
  const balance = snapshot?.balanceEther ?? a.balanceEther ?? 10_000;
  const anvilArgs = ['--accounts', String(accountCount), '--balance', String(balance), ...(snapshot?.anvilArgs ?? []), ...(a.args ?? [])];
  const loadState = snapshot?.anvilState ?? a.loadState;
  if (loadState) anvilArgs.push('--load-state', loadState);
  // A snapshot's graph data directory is copied: the host writes to it, and many stacks start from one snapshot.
  const withSnapshotGraph = snapshot?.graph !== undefined && options.subgraph !== false;
  const graphDataCopy = withSnapshotGraph ? mkdtempSync(join(tmpdir(), 'vpp-devkit-graph-')) : undefined;
  const { signal } = options;
  signal?.throwIfAborted();
  log('starting anvil');
  const anvil = await startAnvil({ port: a.port, timestamp: a.timestamp, args: anvilArgs }).catch((error: unknown) => {
    if (graphDataCopy) rmSync(graphDataCopy, { recursive: true, force: true });
    throw error;
  });
  let graphChild: ChildProcess | undefined;
  const stopAll = async () => {
    signal?.removeEventListener('abort', onAbort);
    if (graphChild) await stopProcess(graphChild);
    await stopProcess(anvil.process);
    if (graphDataCopy) rmSync(graphDataCopy, { recursive: true, force: true });
  };
  // Processes are stopped as soon as the start is aborted; the step in progress then fails (its
  // node or host is gone) or finishes, and the checks between steps end the start.
  let aborting: Promise<void> | undefined;
  function onAbort() {
    aborting ??= stopAll();
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const rpcUrl = anvil.rpcUrl;
    let deployment = snapshot?.deployment ?? options.deployment;
    if (!deployment) {
      log('deploying the system');
      deployment = await deploySystem({ marketFundingWei: 1000n * 10n ** 18n, ...options.deploy, rpcUrl });
      signal?.throwIfAborted();
    }
    if (options.deploymentPath) {
      mkdirSync(dirname(options.deploymentPath), { recursive: true });
      writeFileSync(options.deploymentPath, `${JSON.stringify(deployment, null, 2)}\n`);
    }
    const publicClient = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(rpcUrl) });

    let graph: LocalStack['graph'];
    let subgraphUrl: string | undefined;
    const base = 'http://127.0.0.1';
    if (snapshot?.graph && withSnapshotGraph) {
      cpSync(snapshot.graph.dataDir, graphDataCopy!, { recursive: true });
      log('starting the graph host on a copy of the snapshot\'s data directory');
      const host = await startGraphHostProcess(rpcUrl, { ...options.graph, dataDir: graphDataCopy! });
      graphChild = host.child;
      signal?.throwIfAborted();
      subgraphUrl = `${base}:${host.port}/subgraphs/name/${snapshot.graph.subgraphName}`;
      graph = {
        url: subgraphUrl,
        adminUrl: `${base}:${host.adminPort}/`,
        ipfsUrl: `${base}:${host.ipfsPort}`,
        indexNodeUrl: `${base}:${host.indexNodePort}/graphql`,
        pid: host.child.pid!,
        deploymentId: snapshot.graph.deploymentId,
      };
    } else if (options.subgraph !== false && !snapshot) {
      const sub = typeof options.subgraph === 'object' ? options.subgraph : {};
      const name = sub.name ?? 'vpp';
      let buildDir = sub.build;
      if (!buildDir) {
        log('building the subgraph for this deployment');
        const { buildSubgraphForDeployment } = await import('@vpp/subgraph/build');
        buildDir = (await buildSubgraphForDeployment(deployment, { log })).dir;
        signal?.throwIfAborted();
      }
      log('starting the graph host');
      const host = await startGraphHostProcess(rpcUrl, options.graph ?? {});
      graphChild = host.child;
      signal?.throwIfAborted();
      const adminUrl = `${base}:${host.adminPort}/`;
      const ipfsUrl = `${base}:${host.ipfsPort}`;
      log('deploying the subgraph to the graph host (IPFS + admin API)');
      const deploymentId = await deploySubgraph({ buildDir, name, adminUrl, ipfsUrl });
      signal?.throwIfAborted();
      subgraphUrl = `${base}:${host.port}/subgraphs/name/${name}`;
      graph = { url: subgraphUrl, adminUrl, ipfsUrl, indexNodeUrl: `${base}:${host.indexNodePort}/graphql`, pid: host.child.pid!, deploymentId };
    }

    const intervalSeconds = snapshot?.intervalSeconds ?? options.deploy?.intervalSeconds ?? 300;
    const accounts = Array.from({ length: accountCount }, (_, i) => {
      const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i });
      return { address: account.address, privateKey: toHex(account.getHdKey().privateKey!) };
    });
    const mineAt = async (timestamp: bigint) => {
      await testClient.setNextBlockTimestamp({ timestamp });
      await testClient.mine({ blocks: 1 });
    };
    /**
     * Mines the first block at or after a time computed from the chain's clock. A chain loaded from a
     * snapshot keeps anvil's wall clock as its floor: a target between the last block and now is
     * refused ("lower than previous block's timestamp"), so one block is mined at anvil's now and the
     * target computed again from it.
     */
    const mineNext = async (target: (now: bigint) => Promise<bigint> | bigint) => {
      const { timestamp } = await publicClient.getBlock();
      try {
        await mineAt(await target(timestamp));
      } catch (error) {
        if (!/lower than previous block's timestamp/.test(String((error as Error).message ?? error))) throw error;
        await testClient.mine({ blocks: 1 });
        const { timestamp: now } = await publicClient.getBlock();
        await mineAt(await target(now));
      }
    };
    const fund = deployment.contracts.energyInvestmentFund;
    const epochDue = async () => {
      const [due, { timestamp }] = await Promise.all([
        publicClient.readContract({ address: fund, abi: fundEpochAbi, functionName: 'nextEpochAt' }),
        publicClient.getBlock(),
      ]);
      return { due, now: timestamp };
    };
    const toNextEpoch = async () => {
      const { due } = await epochDue();
      await mineNext((now) => (due > now ? due : now + 1n));
      return publicClient.readContract({ address: fund, abi: fundEpochAbi, functionName: 'currentEpoch' });
    };
    let stopped: Promise<void> | undefined;
    const stack: LocalStack = {
      rpcUrl,
      chainId: deployment.chainId,
      deployment,
      deploymentPath: options.deploymentPath,
      subgraphUrl,
      graph,
      anvil: { pid: anvil.process.pid!, port: anvil.port },
      pids: [anvil.process.pid!, ...(graphChild?.pid ? [graphChild.pid] : [])],
      accounts,
      intervalSeconds,
      async increaseTime(seconds) {
        await testClient.increaseTime({ seconds });
        await testClient.mine({ blocks: 1 });
      },
      async toNextInterval() {
        let next = 0n;
        await mineNext((now) => {
          next = now / BigInt(intervalSeconds) + 1n;
          return next * BigInt(intervalSeconds);
        });
        return next;
      },
      async toInterval(interval) {
        await mineAt(interval * BigInt(intervalSeconds));
      },
      toNextEpoch,
      async settleEpoch({ account = 0 } = {}) {
        const from = accounts[account]?.address;
        if (!from) throw new Error(`no funded account ${account} (the stack has ${accounts.length})`);
        const { due, now } = await epochDue();
        if (due > now) await toNextEpoch();
        // anvil's accounts are unlocked: the node signs.
        const wallet = createWalletClient({ chain: foundry, transport: http(rpcUrl), account: from });
        const hash = await wallet.writeContract({ address: fund, abi: fundEpochAbi, functionName: 'settleEpoch' });
        const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
        if (receipt.status !== 'success') throw new Error(`settleEpoch reverted (${hash})`);
        const [settled] = parseEventLogs({ abi: fundEpochAbi, eventName: 'EpochSettled', logs: receipt.logs });
        return { epoch: settled!.args.epoch, transactionHash: hash, blockNumber: receipt.blockNumber };
      },
      async waitForIndexing(blockNumber, timeoutMs = 60_000) {
        if (!subgraphUrl) throw new Error('the stack has no subgraph (subgraph: false)');
        const target = blockNumber ?? (await publicClient.getBlockNumber());
        await waitForSubgraphBlock(subgraphUrl, target, timeoutMs);
      },
      stop: () => (stopped ??= stopAll()),
    };
    signal?.throwIfAborted();
    signal?.removeEventListener('abort', onAbort);
    return stack;
  } catch (error) {
    // Again after an abort: a graph host may have started after the processes were stopped.
    await aborting;
    await stopAll();
    // An abort ends the start with the signal's reason, whatever the interrupted step threw.
    signal?.throwIfAborted();
    throw error;
  }
}

/**
 * Polls a subgraph's `_meta { block { number } hasIndexingErrors }` until it has indexed `blockNumber`; rejects when
 * the subgraph failed or at the deadline (saying where it stopped).
 */
export async function waitForSubgraphBlock(url: string, blockNumber: bigint | number, timeoutMs = 60_000): Promise<void> {
  const target = BigInt(blockNumber);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _meta { block { number } hasIndexingErrors } }' }),
        signal: AbortSignal.timeout(Math.max(1, Math.min(5_000, deadline - Date.now()))),
      });
      const body = (await response.json()) as { data?: { _meta?: { block: { number: number }; hasIndexingErrors: boolean } } };
      const meta = body.data?._meta;
      if (meta?.hasIndexingErrors) throw new IndexingFailedError(`the subgraph at ${url} failed indexing`);
      if (meta && BigInt(meta.block.number) >= target) return;
      last = meta ? `at block ${meta.block.number}` : JSON.stringify(body).slice(0, 200);
    } catch (error) {
      if (error instanceof IndexingFailedError) throw error;
      last = (error as Error).message; // not deployed / not answering yet
    }
    if (Date.now() >= deadline) throw new Error(`the subgraph at ${url} did not index block ${target} within ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class IndexingFailedError extends Error {
  override name = 'IndexingFailedError';
}

function readSnapshot(path: string): LocalStackSnapshot {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as LocalStackSnapshot;
  if (snapshot.version !== 1) throw new Error(`${path}: not a devkit snapshot (version ${String(snapshot.version)})`);
  return snapshot;
}

export interface SnapshotOptions extends Omit<LocalStackOptions, 'snapshot' | 'deploymentPath'> {
  /** Runs on the started stack before it is saved (investors, a fleet, prices, …). */
  prepare?: ((stack: LocalStack) => Promise<void>) | undefined;
}

/**
 * Starts a stack, runs `prepare`, waits until the subgraph has indexed the head, stops the stack and saves it in
 * `dir` (anvil's state, the graph host's data directory, `snapshot.json`). `startLocalStack({ snapshot })` then
 * starts from it: the same chain, the same subgraph store, in seconds.
 *
 * @example
 * const snapshot = await createLocalStackSnapshot(dir);      // once (e.g. a test run's global setup)
 * const stack = await startLocalStack({ snapshot });          // per test file
 */
export async function createLocalStackSnapshot(dir: string, options: SnapshotOptions = {}): Promise<LocalStackSnapshot> {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const anvilState = join(root, 'anvil-state.json');
  const withSubgraph = options.subgraph !== false;
  const dataDir = join(root, 'graph');
  const a = options.anvil ?? {};
  const stack = await startLocalStack({
    ...options,
    anvil: { ...a, args: [...(a.args ?? []), '--dump-state', anvilState] },
    graph: withSubgraph ? { ...options.graph, dataDir } : options.graph,
  });
  try {
    await options.prepare?.(stack);
    if (withSubgraph) await stack.waitForIndexing(undefined, 180_000);
  } finally {
    // The graph host flushes to its data directory and anvil writes its state on SIGTERM.
    await stack.stop();
  }
  if (!existsSync(anvilState)) throw new Error(`anvil did not write its state to ${anvilState}`);
  const snapshot: LocalStackSnapshot = {
    version: 1,
    anvilState,
    accounts: a.accounts ?? 10,
    balanceEther: a.balanceEther ?? 10_000,
    anvilArgs: a.args ?? [],
    deployment: stack.deployment,
    intervalSeconds: stack.intervalSeconds,
    graph: stack.graph ? { dataDir, subgraphName: (typeof options.subgraph === 'object' && options.subgraph.name) || 'vpp', deploymentId: stack.graph.deploymentId } : undefined,
  };
  writeFileSync(join(root, 'snapshot.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
  return snapshot;
}

export { deploySystem, startAnvil } from '@vpp/contracts/node';
export type { Deployment } from '@vpp/contracts';
