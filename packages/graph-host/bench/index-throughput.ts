/**
 * Graph host speed on a real anvil: TagBatcher calls the fixture Emitter's `tag` 200 times per
 * transaction (200 `Tagged` events per block), then the host indexes the chain from scratch with the
 * fixture subgraph (eth_getLogs backfill -> WASM handlers -> PGlite store). Every run is a fresh
 * process with a fresh data dir (bench/run-once.mjs: the built package in plain node with the flags the devkit runs the CLI with), so start-up is measured cold; this process is
 * the GraphQL client.
 *
 * Reports, as medians of RUNS runs with the 1-minute load average beside each run:
 *  - start-up to the first query answered (startGraphHost call -> `_meta` answered), fresh data dir
 *  - backfill events/s at 10k and 50k events (host started -> head queryable)
 *  - end-to-end events/s counting start-up at 10k events
 *  - list query p50/p95 over HTTP on 10k entities
 * Writes bench/results.json and bench/results.md.
 *
 *   pnpm --filter @vpp/graph-host bench        (RUNS=3 SIZES=10000,50000 PROFILE=<dir> for --cpu-prof)
 * EXTRA_NODE_ARGS=--a,--b adds node flags to the host process (e.g. --trace-gc); SHOW=1 prints every
 * line the host writes to stdout: its JSON lines (timestamps of started/head, for profile windows) and
 * anything else (such as that trace).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFunctionData, type Abi, type Address, type Hex } from 'viem';
import { GRAPH_HOST_NODE_FLAGS } from '../src/node-flags.js';
import { freePort } from '../test/helpers/anvil.js';
import { EMITTER_ADDRESS, startChainWithEmitter } from '../test/ingest-helpers.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);
const SIZES = (process.env.SIZES ?? '10000,50000').split(',').map(Number);
const PROFILE = process.env.PROFILE ? path.resolve(process.env.PROFILE) : null;
/**
 * COMPARE=<package dir> runs another copy of this package (e.g. `git archive` of an older commit,
 * with bench/run-once.mjs copied in and built) interleaved with this one, on the same chain and under the
 * same load, and records it as `before`.
 */
/** A package copy's runner: run-once.mjs (its built dist, plain node), or run-once.ts of older copies (sources through tsx). */
function runOnceOf(packageDir: string): string {
  const built = path.join(packageDir, 'bench', 'run-once.mjs');
  return existsSync(built) ? built : path.join(packageDir, 'bench', 'run-once.ts');
}
/**
 * Each variant's host process runs with the node flags its code runs the host with (the devkit's
 * GRAPH_HOST_NODE_FLAGS); BEFORE_NODE_FLAGS=--a,--b gives the `before` copy's (none by default).
 */
const VARIANTS: { label: string; script: string; nodeFlags: readonly string[] }[] = [
  { label: 'current', script: path.join(benchDir, 'run-once.mjs'), nodeFlags: GRAPH_HOST_NODE_FLAGS },
  ...(process.env.COMPARE
    ? [{ label: 'before', script: runOnceOf(path.resolve(process.env.COMPARE)), nodeFlags: process.env.BEFORE_NODE_FLAGS?.split(',').filter(Boolean) ?? [] }]
    : []),
];
const PER_TX = 200;
const ACCOUNT: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const GOALS = { startupToFirstQueryMs: 1000, backfillEventsPerSecond: 15_000, endToEndEventsPerSecondAt10k: 5000, listQueryP50Ms: 5 };

const batcher = JSON.parse(readFileSync(path.join(benchDir, 'TagBatcher.json'), 'utf8')) as { abi: Abi; bytecode: Hex };

type RunResult = {
  events: number;
  startupToFirstQueryMs: number;
  startupToFirstDataMs: number;
  backfillEventsPerSecond: number;
  endToEndEventsPerSecond: number;
  loadAverage: number[];
  listQueryMs?: Record<string, { p50: number; p95: number }>;
  [key: string]: unknown;
};

const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * A lean GraphQL client (node:http, keep-alive), so latencies are the server's rather than a client library's.
 * A request on a kept-alive connection that the server closed as idle meanwhile (its keep-alive timeout
 * is 5 s, shorter than a long backfill) is sent again once, as Node's documentation advises.
 */
function post(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  retried = false,
): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: { message: string }[] } }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(variables ? { query, variables } : { query });
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error as Error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && request.reusedSocket && error.code === 'ECONNRESET') resolve(post(url, query, variables, true));
      else reject(error);
    });
    request.end(payload);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * Typical list queries of a front end over 10k entities, sent as clients send them (one document,
 * variables varied so that no answer is a repeat): the first pages, a page sorted by a non-id
 * column, a filter on a non-indexed column, and id_gt paging from real ids.
 */
const LIST_QUERIES: Record<string, { query: string; variables: (i: number, ids: string[]) => Record<string, unknown> }> = {
  firstPage: {
    query: 'query Page($skip: Int!) { taggedEvents(first: 100, skip: $skip) { id labelHash values who weight small } }',
    variables: (i) => ({ skip: i % 10 }),
  },
  orderByWeightDesc: {
    query: 'query Heaviest($skip: Int!) { taggedEvents(first: 100, skip: $skip, orderBy: weight, orderDirection: desc) { id who weight values } }',
    variables: (i) => ({ skip: (i * 37) % 1000 }),
  },
  whereWeightGt: {
    query: 'query Heavier($min: BigInt!) { taggedEvents(first: 50, where: { weight_gt: $min }, orderBy: id) { id weight } }',
    variables: (i) => ({ min: String((i * 13) % 200) }),
  },
  idGtPage: {
    query: 'query After($after: String!) { taggedEvents(first: 100, orderBy: id, where: { id_gt: $after }) { id values } }',
    variables: (i, ids) => ({ after: ids[(i * 7919) % ids.length]! }),
  },
};

async function listQueryLatencies(url: string, ids: string[]): Promise<Record<string, { p50: number; p95: number }>> {
  const all: number[] = [];
  const out: Record<string, { p50: number; p95: number }> = {};
  for (const [name, { query, variables }] of Object.entries(LIST_QUERIES)) {
    for (let i = 0; i < 5; i++) await post(url, query, variables(1000 + i, ids)); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const vars = variables(i, ids);
      const start = performance.now();
      const { status, body } = await post(url, query, vars);
      times.push(performance.now() - start);
      if (status !== 200 || body.errors?.length) throw new Error(`list query failed: ${JSON.stringify(body.errors)}`);
      if (!Array.isArray(body.data?.taggedEvents)) throw new Error('list query returned no list');
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    out[name] = { p50: round(percentile(times, 0.5), 2), p95: round(percentile(times, 0.95), 2) };
  }
  all.sort((a, b) => a - b);
  out.all = { p50: round(percentile(all, 0.5), 2), p95: round(percentile(all, 0.95), 2) };
  return out;
}

/** Every TaggedEvent id through the GraphQL API (id_gt paging), so the run is verified. */
async function entityIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  let last = '';
  for (;;) {
    const { body } = await post(url, 'query Ids($after: String!) { taggedEvents(first: 1000, orderBy: id, where: { id_gt: $after }) { id } }', { after: last });
    const page = (body.data?.taggedEvents ?? []) as { id: string }[];
    ids.push(...page.map((e) => e.id));
    if (page.length < 1000) return ids;
    last = page[page.length - 1]!.id;
  }
}

interface HostEvent {
  event: string;
  t: number;
  cpuMs: number;
  mainThreadCpuMs?: number | null;
  [key: string]: unknown;
}

async function runOnce(variant: (typeof VARIANTS)[number], rpcUrl: string, head: number, events: number, listQueries: boolean, label: string): Promise<RunResult> {
  const { script } = variant;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/subgraphs/name/vpp`;
  const nodeArgs = [...variant.nodeFlags, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : [])];
  // One directory per run: the main thread's profile and, with GRAPH_HOST_PGLITE_THREAD=worker, the worker's.
  if (PROFILE) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE, label)}`);
  if (process.env.EXTRA_NODE_ARGS) nodeArgs.push(...process.env.EXTRA_NODE_ARGS.split(','));
  const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify({ rpcUrl, port, head })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const seen = new Map<string, HostEvent>();
  const waiters = new Map<string, (e: HostEvent) => void>();
  let exited: Error | null = null;
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (process.env.SHOW) console.error(line);
      if (!line.startsWith('{')) continue;
      const e = JSON.parse(line) as HostEvent;
      seen.set(e.event, e);
      waiters.get(e.event)?.(e);
    }
  });
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = new Error(`run ${label} exited with ${code}`);
      for (const waiter of waiters.values()) waiter({ event: 'exit', t: 0, cpuMs: 0 });
      resolve();
    }),
  );
  const next = (event: string) =>
    new Promise<HostEvent>((resolve, reject) => {
      const e = seen.get(event);
      if (e) return resolve(e);
      waiters.set(event, (got) => (got.event === 'exit' ? reject(exited) : resolve(got)));
    });
  try {
    const load = [loadavg()[0]!];
    const starting = await next('starting');
    // Poll as a client would (connection refused, then 404 until the deployment is open): the first
    // answer of the deployment itself ("not indexed any block yet" counts), then the first with data.
    let firstAnswerAt = 0;
    let firstDataAt = 0;
    while (!firstDataAt) {
      if (exited) throw exited;
      const answer = await post(url, '{ _meta { block { number } } }').catch(() => null);
      if (answer && answer.status === 200) {
        firstAnswerAt ||= monoUs();
        if (!answer.body.errors?.length && answer.body.data) firstDataAt = monoUs();
      }
      // 5 ms until the deployment answers; then 20 ms, so the polling does not load the host it measures.
      if (!firstDataAt) await new Promise((r) => setTimeout(r, firstAnswerAt ? 20 : 5));
    }
    const started = await next('started');
    const atHead = await next('head');
    load.push(loadavg()[0]!);
    const ids = await entityIds(url);
    if (ids.length !== events) throw new Error(`expected ${events} TaggedEvent entities, found ${ids.length}`);
    const listStart = monoUs();
    const list = listQueries ? await listQueryLatencies(url, ids) : undefined;
    const listEnd = monoUs();
    const ms = (us: number) => round(us / 1000);
    return {
      events,
      blocks: head,
      importMs: starting.importMs,
      /** startGraphHost called -> the deployment answers a query. */
      startupToFirstQueryMs: ms(firstAnswerAt - starting.t),
      /** startGraphHost called -> a query answers with data (`_meta.block` of the first flush). */
      startupToFirstDataMs: ms(firstDataAt - starting.t),
      startGraphHostMs: ms(started.t - starting.t),
      headQueryableMs: ms(atHead.t - starting.t),
      cpuMsToHead: atHead.cpuMs - starting.cpuMs,
      /** Host process CPU (all threads) while starting, and from started to the head. */
      cpuMsStart: started.cpuMs - starting.cpuMs,
      cpuMsBackfill: atHead.cpuMs - started.cpuMs,
      /** The indexing (main) thread's CPU from started to the head (Linux only), and its share of the backfill's wall time. */
      mainThreadCpuMsBackfill: atHead.mainThreadCpuMs != null && started.mainThreadCpuMs != null ? atHead.mainThreadCpuMs - started.mainThreadCpuMs : null,
      /** Host started (startGraphHost resolved) -> head queryable. */
      backfillEventsPerSecond: Math.round(events / ((atHead.t - started.t) / 1e6)),
      /** startGraphHost called -> head queryable. */
      endToEndEventsPerSecond: Math.round(events / ((atHead.t - starting.t) / 1e6)),
      handlerCalls: atHead.handlerCalls,
      handlersMs: atHead.handlersMs,
      flushMs: atHead.flushMs,
      loadAverage: load.map((l) => round(l, 2)),
      ...(list ? { listQueryMs: list } : {}),
      monotonicUs: { starting: starting.t, firstAnswer: firstAnswerAt, firstData: firstDataAt, started: started.t, head: atHead.t, listStart, listEnd },
    };
  } finally {
    child.stdin.end();
    await exit;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // an even count averages the middle two: rounded, so no float noise reaches the results
  return sorted.length % 2 ? sorted[mid]! : round((sorted[mid - 1]! + sorted[mid]!) / 2, 2);
};

const chain = await startChainWithEmitter(['--gas-limit', '100000000']);
try {
  // Anvil mines each transaction at once, but its receipt may lag the eth_sendTransaction answer.
  const receiptOf = async (hash: Hex) => {
    for (;;) {
      const receipt = await chain.rpc<{ status: Hex; contractAddress: Address | null } | null>('eth_getTransactionReceipt', [hash]);
      if (receipt) return receipt;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const deployHash = await chain.rpc<Hex>('eth_sendTransaction', [{ from: ACCOUNT, data: batcher.bytecode, gas: '0x1000000' }]);
  const deployed = await receiptOf(deployHash);
  const batcherAddress = deployed.contractAddress!;

  let generated = 0;
  /** Adds `count` events, PER_TX per transaction; anvil mines each transaction in its own block. */
  const generate = async (count: number) => {
    for (let done = 0; done < count; done += PER_TX) {
      const data = encodeFunctionData({
        abi: batcher.abi,
        functionName: 'tagMany',
        args: [EMITTER_ADDRESS, BigInt(PER_TX), BigInt(generated + done)],
      });
      const hash = await chain.rpc<Hex>('eth_sendTransaction', [{ from: ACCOUNT, to: batcherAddress, data, gas: '0x1312d00' }]);
      const receipt = await receiptOf(hash);
      if (receipt.status !== '0x1') throw new Error(`tagMany reverted in ${hash}`);
    }
    generated += count;
  };

  const runsBy: Record<string, Record<string, RunResult[]>> = Object.fromEntries(VARIANTS.map((v) => [v.label, {}]));
  for (const size of SIZES) {
    const generateStart = performance.now();
    await generate(size - generated);
    const head = await chain.blockNumber();
    console.log(`chain: ${generated} events up to block ${head} (generated in ${((performance.now() - generateStart) / 1000).toFixed(1)} s)`);
    for (const v of VARIANTS) runsBy[v.label]![size] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Alternating order (ABBA…): the first host of a pair measured slower start-ups, whichever code it ran.
      for (const v of run % 2 === 1 ? VARIANTS : [...VARIANTS].reverse()) {
        const result = await runOnce(v, chain.rpcUrl, head, size, size === 10_000, `${v.label}-events-${size}-run-${run}`);
        runsBy[v.label]![size]!.push(result);
        const list = result.listQueryMs?.all;
        console.log(
          `${v.label}: ${size} events, run ${run}: first query ${result.startupToFirstQueryMs} ms (data ${result.startupToFirstDataMs} ms), backfill ${result.backfillEventsPerSecond} events/s, ` +
            `end to end ${result.endToEndEventsPerSecond} events/s, host CPU to head ${result.cpuMsToHead} ms` +
            (result.mainThreadCpuMsBackfill != null ? ` (backfill: ${result.cpuMsBackfill} ms, indexing thread ${result.mainThreadCpuMsBackfill} ms of ${Math.round((result.events / result.backfillEventsPerSecond) * 1000)} ms)` : '') +
            `${list ? `, list p50 ${list.p50} ms p95 ${list.p95} ms` : ''} ` +
            `(load ${result.loadAverage.join(' → ')})`,
        );
      }
    }
  }

  const summarise = (runs: Record<string, RunResult[]>) => {
    const all = Object.values(runs).flat();
    const at = (size: number) => runs[size] ?? [];
    const listRuns = all.filter((r) => r.listQueryMs);
    return {
      startupToFirstQueryMs: median(all.map((r) => r.startupToFirstQueryMs)),
      startupToFirstDataMs: median(all.map((r) => r.startupToFirstDataMs)),
      backfillEventsPerSecond: Object.fromEntries(SIZES.map((s) => [s, median(at(s).map((r) => r.backfillEventsPerSecond))])),
      endToEndEventsPerSecond: Object.fromEntries(SIZES.map((s) => [s, median(at(s).map((r) => r.endToEndEventsPerSecond))])),
      hostCpuMsToHead: Object.fromEntries(SIZES.map((s) => [s, median(at(s).map((r) => Number(r.cpuMsToHead)))])),
      hostCpuMsStart: median(all.map((r) => Number(r.cpuMsStart))),
      hostCpuMsPerThousandEventsBackfill: Object.fromEntries(SIZES.map((s) => [s, Math.round(median(at(s).map((r) => (Number(r.cpuMsBackfill) * 1000) / s)))])),
      /** How much of the backfill's wall time the indexing thread was running (the rest it waited: for the node, or for a core). */
      indexingThreadRunningShareBackfill: Object.fromEntries(
        SIZES.map((s) => {
          const shares = at(s).filter((r) => r.mainThreadCpuMsBackfill != null).map((r) => Number(r.mainThreadCpuMsBackfill) / ((r.events / r.backfillEventsPerSecond) * 1000));
          return [s, shares.length ? round(median(shares) * 100, 0) : null];
        }),
      ),
      listQueryMs: listRuns.length
        ? Object.fromEntries(
            Object.keys(listRuns[0]!.listQueryMs!).map((shape) => [
              shape,
              { p50: median(listRuns.map((r) => r.listQueryMs![shape]!.p50)), p95: median(listRuns.map((r) => r.listQueryMs![shape]!.p95)) },
            ]),
          )
        : null,
      loadAverageMedian: median(all.flatMap((r) => r.loadAverage)),
    };
  };
  const runs = runsBy.current!;
  const summary = summarise(runs);
  const before = runsBy.before ? { package: process.env.COMPARE, summary: summarise(runsBy.before), runs: runsBy.before } : undefined;
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtEnd: loadavg() },
    method: `medians of ${RUNS} runs per size, each host a fresh process with a fresh data dir (PGlite on disk), queried over HTTP from the driver process; host node flags: ${VARIANTS.map((v) => `${v.label} ${v.nodeFlags.join(' ') || 'none'}`).join(', ')}; loadAverage = 1-min load at start and at head of each run`,
    goals: GOALS,
    summary,
    runs,
    ...(before ? { before } : {}),
  };
  writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const s10 = SIZES.includes(10_000) ? 10_000 : SIZES[0]!;
  type Summary = ReturnType<typeof summarise>;
  const rowsOf = (x: Summary): [string, string][] => [
    ['start-up to first query (fresh data dir)', `${x.startupToFirstQueryMs} ms`],
    ['start-up to first query with data (first block persisted)', `${x.startupToFirstDataMs} ms`],
    ...SIZES.map((s): [string, string] => [`backfill, ${s} events`, `${x.backfillEventsPerSecond[s]} events/s`]),
    [`end to end counting start-up, ${s10} events`, `${x.endToEndEventsPerSecond[s10]} events/s`],
    ['host CPU time, start-up (all threads)', `${x.hostCpuMsStart} ms`],
    ...SIZES.map((s): [string, string] => [`host CPU time per 1,000 events in backfill, ${s} events`, `${x.hostCpuMsPerThousandEventsBackfill[s]} ms`]),
    ...SIZES.map((s): [string, string] => [`indexing thread running, share of the backfill, ${s} events`, x.indexingThreadRunningShareBackfill[s] == null ? '–' : `${x.indexingThreadRunningShareBackfill[s]} %`]),
    ...(x.listQueryMs
      ? Object.entries(x.listQueryMs).map(([shape, v]): [string, string] => [`list query \`${shape}\`, 10k entities`, `p50 ${v.p50} ms, p95 ${v.p95} ms`])
      : []),
  ];
  const goalOf = (measure: string): string =>
    measure.startsWith('start-up to first query (')
      ? `≤ ${GOALS.startupToFirstQueryMs} ms`
      : measure.startsWith('backfill')
        ? `≥ ${GOALS.backfillEventsPerSecond}`
        : measure.startsWith('end to end')
          ? `≥ ${GOALS.endToEndEventsPerSecondAt10k}`
          : measure.startsWith('list query')
            ? `p50 < ${GOALS.listQueryP50Ms} ms`
            : '–';
  const beforeRows = before ? new Map(rowsOf(before.summary)) : null;
  const rows = rowsOf(summary).map(([measure, value]) => [measure, ...(beforeRows ? [beforeRows.get(measure) ?? '–'] : []), value, goalOf(measure)]);
  const perRun = Object.entries(runsBy).flatMap(([variant, bySize]) =>
    Object.entries(bySize).flatMap(([size, list]) =>
      list.map(
        (r, i) =>
          `| ${variant} | ${size} | ${i + 1} | ${r.startupToFirstQueryMs} / ${r.startupToFirstDataMs} | ${r.cpuMsToHead} | ${r.backfillEventsPerSecond} | ${r.endToEndEventsPerSecond} | ${r.listQueryMs?.all ? `${r.listQueryMs.all.p50} / ${r.listQueryMs.all.p95}` : '–'} | ${r.loadAverage.join(' → ')} |`,
      ),
    ),
  );
  const md = [
    `# graph-host benchmark (${results.date.slice(0, 10)})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; ${results.method}.`,
    `Median 1-min load average over the runs: ${summary.loadAverageMedian.toFixed(2)} (the machine is shared).`,
    '',
    before ? '| measure | before (same load, interleaved) | now | goal |' : '| measure | median | goal |',
    before ? '| --- | --- | --- | --- |' : '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| code | events | run | first query / data ms | host CPU ms to head | backfill events/s | end to end events/s | list p50 / p95 ms | load |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...perRun,
    '',
  ].join('\n');
  writeFileSync(path.join(benchDir, 'results.md'), md);
  console.log(md);
} finally {
  await chain.stop();
}
