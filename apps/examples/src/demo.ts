/**
 * `pnpm demo`: the whole story on a fresh machine, with no Docker and no configuration.
 *
 * Starts the local stack with @vpp/devkit (anvil, its clock 8 hours before 13 February 2024 in Victoria, the system
 * deployed with hourly fund epochs, the subgraph on the local graph host), then: three investors request deposits,
 * which one epoch settlement prices and they claim, an admin builds a fleet of four batteries (the owner buys one
 * behind the purchase timelock; the local clock moves past it), the operator service
 * (@vpp/operator) publishes a water-value strategy table computed from the preceding days, replays the day's 288
 * real AEMO five-minute prices and dispatches every battery each interval (settling the hourly epochs on the way),
 * an admin declares a dividend and an investor asks to redeem shares; the next settlement fills the redemption at its
 * NAV per share and pays the dividend, and the investors claim. It ends with a summary — fund, batteries, trades,
 * revenue in ETH and AUD against perfect foresight for the day, the NAV and its components from the chain and the
 * subgraph, the epoch settlements and each investor's portfolio read through the SDK from the subgraph — and stops
 * everything it started.
 *
 *   pnpm demo                       # the whole day
 *   pnpm demo -- --keep-running     # keep anvil and the GraphQL endpoint up afterwards (Ctrl-C stops them)
 *   DEMO_INTERVALS=48 pnpm demo     # a shorter day (the first 48 intervals)
 *   DEMO_FROM=120 DEMO_INTERVALS=48 pnpm demo   # 10:00–14:00: cheap midday power, then the price spike
 *   AUD_PER_ETH=3500 pnpm demo      # another exchange rate for the AEMO prices (default 4000)
 *
 * Source: AEMO, Aggregated price and demand data, VIC1.
 */
import { join } from 'node:path';
import { formatOperatorDay, runOperatorDay, setUpStrategyProfiles } from '@vpp/operator';
import { AEMO_ATTRIBUTION, formatAud, marketTime } from './lib/aemo.js';
import { loadConfig, repoRoot, resolveKeys } from './lib/config.js';
import { printSummary } from './lib/summary.js';
import { startLocalStack } from './lib/stack.js';
import { main as invest } from './02-invest.js';
import { main as manageFleet } from './03-manage-fleet.js';
import { ACTIONS, type TradeDayResult } from './04-trade-a-day.js';
import { main as dividends } from './05-dividends.js';
import { main as portfolio } from './06-portfolio.js';

const started = performance.now();
const keepRunning = process.argv.includes('--keep-running');
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const indent = (line: string) => console.log(`  ${line}`);
const section = (title: string) => console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);

const config = loadConfig();
const intervals = process.env.DEMO_INTERVALS ? Number(process.env.DEMO_INTERVALS) : undefined;
const from = process.env.DEMO_FROM ? Number(process.env.DEMO_FROM) : 0;
const envPort = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

console.log('Virtual Power Plant — demo: one real day of wholesale electricity prices, traded by a battery fund');
console.log(`${AEMO_ATTRIBUTION}. Prices converted at a fixed ${formatAud(config.audCentsPerEth)} per ETH.`);

section('0 · Local stack');
const stack = await startLocalStack({
  config,
  keepRunning,
  ports: { anvil: envPort('ANVIL_PORT'), graph: envPort('GRAPH_PORT') },
  log: (m) => indent(`${m} [${seconds()}]`),
});
const { ctx } = stack;

try {
  section('1 · Investors request deposits; the epoch settles at one NAV per share; they claim their shares');
  const investments = await invest(ctx, { log: indent });

  section('2 · Admins build the battery fleet');
  const fleet = await manageFleet(ctx, { log: indent });

  const day = ctx.day;
  const count = Math.min(intervals ?? day.intervals.length, day.intervals.length - from);
  const end = marketTime(day.intervals[from + count - 1]!.end);
  const window = `${marketTime(day.intervals[from]!.start)}–${end === '00:00' ? '24:00' : end}`;
  section(`3 · The operator trades ${day.marketDate} ${day.region}, ${window} market time (UTC+10)`);
  // One strategy profile per battery kind (the operator is its strategist); the operator (@vpp/operator) then
  // publishes a water-value table computed from the preceding days, and each interval updates it every 30 min,
  // pushes the price round and dispatches through performUpkeep the batteries that would move energy (previewDispatch).
  const keys = resolveKeys(config, stack.deployment.chainId);
  const kinds = await setUpStrategyProfiles({
    rpcUrl: stack.rpcUrl, deployment: stack.deploymentPath, ownerKey: keys.owner, adminKey: keys.admin, strategist: ctx.operator.address,
  });
  const operated = await runOperatorDay({
    rpcUrl: stack.rpcUrl,
    deployment: stack.deploymentPath,
    privateKey: keys.operator,
    prices: join(repoRoot, 'data', 'aemo-vic1-2024'),
    date: day.marketDate,
    from,
    intervals: count,
    ethAud: (Number(config.audCentsPerEth) / 100).toFixed(2),
    config: { tables: { strategy: 'water-value', cadence: 'block', profileIds: kinds.map((k) => String(k.profileId)) } },
  });
  for (const line of formatOperatorDay(operated)) indent(line);
  const trades = operated.trades.map((t) => ({ ...t, action: ACTIONS[t.action]! }));
  const cents = day.intervals.slice(from, from + count).map((i) => i.rrpCentsPerMWh);
  const trading: TradeDayResult = {
    intervalsDispatched: operated.intervalsHandled - operated.intervalsMissed,
    intervalsSkipped: operated.intervalsMissed,
    batteryIds: operated.batteries.map((b) => b.batteryId),
    trades,
    byAction: Object.fromEntries(ACTIONS.map((a) => {
      const mine = trades.filter((t) => t.action === a);
      return [a, { count: mine.length, energyWh: mine.reduce((s, t) => s + t.energyWh, 0n), value: mine.reduce((s, t) => s + t.value, 0n) }];
    })) as TradeDayResult['byAction'],
    skipped: operated.batteriesDispatched - operated.trades.length,
    netValue: operated.revenueWei,
    fromBlock: operated.fromBlock,
    toBlock: operated.toBlock,
    minCents: cents.reduce((m, c) => (c < m ? c : m)),
    maxCents: cents.reduce((m, c) => (c > m ? c : m)),
    elapsedMs: operated.elapsedMs,
  };

  section('4 · The next epoch settles: a redemption filled at its NAV per share, then the dividend');
  const paid = await dividends(ctx, { log: indent });

  section('5 · Summary');
  await ctx.waitForIndexing();
  await printSummary(ctx, { investments, fleet, trading, dividends: paid }, indent);
  section('Investors\' portfolios and the NAV components (SDK: the chain and the subgraph over GraphQL)');
  await portfolio(ctx, { log: indent, history: false });

  console.log(`\n${AEMO_ATTRIBUTION}.`);
} catch (error) {
  const e = error as Error & { shortMessage?: string };
  console.error(`\ndemo failed: ${e.name}: ${e.shortMessage ?? e.message}`);
  if (process.env.DEBUG) console.error(error);
  await stack.stop();
  process.exit(1);
}

if (keepRunning) {
  console.log(`
The stack keeps running (Ctrl-C stops it):
  GraphQL       ${stack.subgraphUrl}
  RPC_URL       ${stack.rpcUrl}
  DEPLOYMENT    ${stack.deploymentPath}
Try: curl -s ${stack.subgraphUrl} -H 'content-type: application/json' \\
       -d '{"query":"{ fund(id: \\"fund\\") { nav freeCash storedEnergyValue batteryBookValue currentEpoch tradeCount } }"}'
 or: RPC_URL=${stack.rpcUrl} DEPLOYMENT=${stack.deploymentPath} SUBGRAPH_URL=${stack.subgraphUrl} \\
       pnpm --filter @vpp/examples example:06`);
  await stack.closed;
} else {
  await stack.stop();
  console.log(`\nDone in ${seconds()}: anvil and the graph host are stopped.`);
  process.exit(0);
}
