/**
 * What an attack costs the host now: the CLI host (a separate process, default protections) serves
 * the fixture subgraph with DEPOSITS deposit events on anvil; a client measures `_meta` latency
 * alone, then while attackers send, back to back, the attacks (nested `first: 1000` 8 and
 * 10 deep, 1,000 aliases of a `first: 1000` list), a fragment bomb, nested introspection lists, a 2 MiB body, and the most
 * expensive query the default limits allow (it runs into the result-size limit or the timeout).
 * Each attacker is its own process (as real attackers are), so `_meta` is timed by a client whose
 * event loop is not busy producing the attack. Records `_meta` p50/p95/max, each attack's answer
 * time and answer, and the host's RSS. Writes bench/query-attack.json.
 *
 *   pnpm --filter @vpp/graph-host bench:attack     (DEPOSITS=500 SECONDS=20 ATTACK_SET=all|rejected|heavy)
 * On a shared machine, run it at `nice -n -10` so other jobs disturb the measurement less.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPH_HOST_NODE_FLAGS } from '../src/node-flags.js';
import { EMITTER_ADDRESS, emitterAbi, fixtureBuildDir, startChainWithEmitter } from '../test/ingest-helpers.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.join(benchDir, '..');
const DEPOSITS = Number(process.env.DEPOSITS ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 20);
/** all (default), rejected (only the attacks the static limits refuse) or heavy (only the heaviest allowed query). */
const ATTACK_SET = process.env.ATTACK_SET ?? 'all';
const OUTPUT = process.env.OUTPUT ?? path.join(benchDir, 'query-attack.json');
const GOALS = { metaP95UnderAttackMs: 100, attackAnswerMs: 1000 };

const nested = (depth: number) => {
  let inner = 'id';
  for (let level = depth; level >= 2; level--) inner = `id ${level % 2 === 0 ? 'deposits(first: 1000)' : 'account'} { ${inner} }`;
  return `{ accounts(first: 1000) { ${inner} } }`;
};
const fragmentBomb = (() => {
  const levels = 30;
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment F${i} on Account { id }` : `fragment F${i} on Account { a: deposits(first: 1) { account { ...F${i + 1} } } b: deposits(first: 1) { account { ...F${i + 1} } } }`,
  );
  return `{ accounts(first: 1) { ...F0 } }\n${fragments.join('\n')}`;
})();

const ATTACKS: Record<string, { body: string }> = {
  nested8: { body: JSON.stringify({ query: nested(8) }) },
  nested10: { body: JSON.stringify({ query: nested(10) }) },
  aliases1000: { body: JSON.stringify({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: depositEvents(first: 1000) { id amount note }`).join(' ')} }` }) },
  fragmentBomb: { body: JSON.stringify({ query: fragmentBomb }) },
  introspectionBomb: {
    body: JSON.stringify({ query: `{ __schema { types { fields { type { ofType { ofType { ofType { fields { type { ofType { ofType { ofType { fields { name } } } } } } } } } } } } } }` }),
  },
  body2MiB: { body: JSON.stringify({ query: '{ _meta { deployment } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }) },
  // Allowed by the static limits (1,000 + 1,000 × 400 = 401,000 ≤ 500,000): one SQL statement per
  // parent, stopped by GRAPH_GRAPHQL_ERROR_RESULT_SIZE or GRAPH_GRAPHQL_QUERY_TIMEOUT.
  heaviestAllowed: { body: JSON.stringify({ query: `{ depositEvents(first: 1000) { id note account { deposits(first: 400) { id amount note data tagList } } } }` }) },
};

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), max: round(sorted[sorted.length - 1] ?? Number.NaN) };
};

async function startHost(rpcUrl: string): Promise<{ child: ChildProcess; url: string; rss: () => number; cpuSeconds: () => number }> {
  const child = spawn(
    process.execPath,
    // The flags the devkit runs the host CLI with (src/node-flags.ts).
    [...GRAPH_HOST_NODE_FLAGS, '--import', 'tsx', path.join(packageDir, 'src', 'cli.ts'), 'start', '--rpc', rpcUrl, '--subgraph', fixtureBuildDir, '--name', 'bench', '--memory', '--port', '0', '--admin-port', '0', '--ipfs-port', '0', '--index-node-port', '0', '--poll-interval', '100', '--quiet'],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', () => undefined);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  const cpuSeconds = () => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
    } catch {
      return 0;
    }
  };
  const rss = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  return { child, url, rss, cpuSeconds };
}

async function post(url: string, body: string): Promise<{ ms: number; status: number; message: string }> {
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const ms = performance.now() - start;
  let message = '';
  try {
    const parsed = JSON.parse(text) as { errors?: { message: string }[] };
    message = parsed.errors?.[0]?.message ?? 'data';
  } catch {
    message = text.slice(0, 120);
  }
  return { ms, status: response.status, message: message.length > 160 ? `${message.slice(0, 160)}…` : message };
}

async function metaLoop(url: string, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  const body = JSON.stringify({ query: '{ _meta { block { number } hasIndexingErrors } }' });
  while (!until()) {
    const { ms, message } = await post(url, body);
    if (message !== 'data') throw new Error(`_meta failed: ${message}`);
    times.push(ms);
  }
  return times;
}

async function main(): Promise<void> {
  const chain = await startChainWithEmitter();
  let host: Awaited<ReturnType<typeof startHost>> | null = null;
  try {
    // Deposits from one account: every deposit is in `account.deposits`, the shape of the attack.
    let last: `0x${string}` | null = null;
    for (let i = 0; i < DEPOSITS; i++) {
      last = await chain.wallet.writeContract({
        address: EMITTER_ADDRESS,
        abi: emitterAbi,
        functionName: 'deposit',
        args: [BigInt(i + 1), -BigInt(i), `note-${i}`, '0xdeadbeef', `0x${'ab'.repeat(32)}`, i % 2 === 0],
        chain: chain.wallet.chain,
        account: chain.wallet.account!,
      });
    }
    if (last) await chain.client.waitForTransactionReceipt({ hash: last });
    const head = await chain.blockNumber();
    host = await startHost(chain.rpcUrl);
    const url = host.url;
    for (;;) {
      const meta = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _meta { block { number } } }' }) })).json()) as {
        data?: { _meta?: { block: { number: number } } };
      };
      if ((meta.data?._meta?.block.number ?? -1) >= head) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const loadAverageBefore = loadavg().map((l) => round(l));
    const baselineEnd = Date.now() + 5000;
    const baseline = await metaLoop(url, () => Date.now() > baselineEnd);
    const rssBefore = host.rss();

    // Each attack on its own, one at a time: its answer time without other load from this benchmark.
    const alone: Record<string, number[]> = {};
    for (const name of Object.keys(ATTACKS)) {
      const runs = name === 'heaviestAllowed' ? 2 : 10;
      for (let i = 0; i < runs; i++) (alone[name] ??= []).push((await post(url, ATTACKS[name]!.body)).ms);
    }
    const cpuBefore = host.cpuSeconds();

    const answers: Record<string, { ms: number[]; status: number; message: string }> = {};
    let attackerCpuSeconds = 0;
    let rssPeak = rssBefore;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, host!.rss())), 100);
    // Attackers start (tsx, imports) before the clock runs; each answers "ready", then gets the deadline.
    const spawnAttacker = (names: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        cwd: packageDir,
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, ATTACKER: JSON.stringify({ url, names }) },
      });
      let out = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.startsWith('ready\n')) resolve();
        });
      });
      const done = new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`attacker exited with ${code}`));
          const { cpuSeconds, ...report } = JSON.parse(out.slice('ready\n'.length)) as typeof answers & { cpuSeconds: number };
          attackerCpuSeconds += cpuSeconds as unknown as number;
          for (const [name, entry] of Object.entries(report)) {
            const merged = (answers[name] ??= { ms: [], status: entry.status, message: entry.message });
            merged.ms.push(...entry.ms);
          }
          resolve();
        });
      });
      return { child, ready, done };
    };
    // One attacker cycling through every refused attack, one sending the heaviest allowed query (a
    // 2-core machine runs the attackers too, so more attacker processes would mostly measure them).
    const rejected = [['nested8', 'nested10', 'aliases1000', 'fragmentBomb', 'introspectionBomb', 'body2MiB']];
    const sets = ATTACK_SET === 'rejected' ? rejected : ATTACK_SET === 'heavy' ? [['heaviestAllowed']] : [...rejected, ['heaviestAllowed']];
    const spawned = sets.map((names) => spawnAttacker(names));
    await Promise.all(spawned.map((a) => a.ready));
    const attackEnd = Date.now() + SECONDS * 1000;
    for (const a of spawned) a.child.stdin!.end(`${attackEnd}\n`);
    const attackers = spawned.map((a) => a.done);
    const underAttack = await metaLoop(url, () => Date.now() > attackEnd);
    await Promise.all(attackers);
    clearInterval(rssTimer);
    const hostCpuSeconds = host.cpuSeconds() - cpuBefore;
    const floodRequests = Object.values(answers).reduce((n, a) => n + a.ms.length, 0) + underAttack.length;

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', loadAverageBefore, loadAverageAfter: loadavg().map((l) => round(l)) },
      setup: { deposits: DEPOSITS, attackSeconds: SECONDS, attackSet: ATTACK_SET, attackers: sets.length, host: 'CLI child process, default protections, PGlite in memory' },
      goals: GOALS,
      metaMs: { alone: stats(baseline), underAttack: stats(underAttack) },
      attackAnswerMsAlone: Object.fromEntries(Object.entries(alone).map(([name, ms]) => [name, stats(ms)])),
      attacksDuringFlood: Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, { ...stats(a.ms), status: a.status, answer: a.message }])),
      hostCpu: { seconds: round(hostCpuSeconds), requests: floodRequests, msPerRequest: round((hostCpuSeconds * 1000) / Math.max(1, floodRequests)) },
      attackerCpuSeconds: round(attackerCpuSeconds),
      hostRssMb: { beforeAttack: round(rssBefore), peakDuringAttack: round(rssPeak) },
      goalsMet: {
        metaP95UnderAttack: stats(underAttack).p95 < GOALS.metaP95UnderAttackMs,
        rejectedAttacksAnsweredUnder1sAlone: ['nested8', 'nested10', 'aliases1000', 'fragmentBomb', 'introspectionBomb', 'body2MiB'].every((n) => stats(alone[n]!).max < GOALS.attackAnswerMs),
      },
    };
    writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (host?.child.pid) host.child.kill('SIGTERM');
    await chain.stop();
  }
}

/** Attacker process: sends its attacks back to back until the deadline, then prints what it saw. */
async function attack(spec: { url: string; names: string[] }): Promise<void> {
  const answers: Record<string, { ms: number[]; status: number; message: string }> = {};
  process.stdout.write('ready\n');
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const until = Number(input.trim());
  for (let i = 0; Date.now() < until; i++) {
    const name = spec.names[i % spec.names.length]!;
    const answer = await post(spec.url, ATTACKS[name]!.body);
    const entry = (answers[name] ??= { ms: [], status: answer.status, message: answer.message });
    entry.ms.push(answer.ms);
  }
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ...answers, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}

if (process.env.ATTACKER) await attack(JSON.parse(process.env.ATTACKER) as { url: string; names: string[] });
else await main();
