import { startAnvil } from '@vpp/contracts/node';
import { deployTo, ensureOperatorIsReporter } from './src/lib/deploy.ts';
import { connect } from './src/lib/context.ts';
import { loadConfig } from './src/lib/config.ts';
import { main as invest } from './src/02-invest.ts';
import { main as fleet } from './src/03-manage-fleet.ts';
import { main as trade } from './src/04-trade-a-day.ts';
import { main as div } from './src/05-dividends.ts';
import { printSummary } from './src/lib/summary.ts';
const anvil = await startAnvil({ timestamp: 1707746400 });
try {
  await deployTo('/tmp/vppx/dep5.json', { rpcUrl: anvil.rpcUrl, marketFundingWei: 10n**21n, intervalSeconds: 300 });
  const ctx = await connect({ ...loadConfig({}), rpcUrl: anvil.rpcUrl, deploymentPath: '/tmp/vppx/dep5.json' });
  await ensureOperatorIsReporter(ctx);
  const q = () => undefined;
  const investments = await invest(ctx, {log:q}); const f = await fleet(ctx, {log:q});
  const trading = await trade(ctx, { from: Number(process.env.F ?? 0), intervals: Number(process.env.N ?? 288), log: q, progress: false });
  const d = await div(ctx, {log:q});
  await printSummary(ctx, { investments, fleet: f, trading, dividends: d }, (l) => console.log('  ' + l));
} finally { await anvil.stop(); }
