import { startAnvil } from '@vpp/contracts/node';
import { deployTo, ensureOperatorIsReporter } from './src/lib/deploy.ts';
import { connect } from './src/lib/context.ts';
import { loadConfig } from './src/lib/config.ts';
import { main as invest } from './src/02-invest.ts';
import { main as fleet } from './src/03-manage-fleet.ts';
import { main as trade } from './src/04-trade-a-day.ts';
import { main as div } from './src/05-dividends.ts';
const t0 = Date.now();
const anvil = await startAnvil({ timestamp: 1707746400 });
try {
  await deployTo('/tmp/vppx/dep4.json', { rpcUrl: anvil.rpcUrl, marketFundingWei: 10n**21n, intervalSeconds: 300 });
  console.log('deployed', Date.now() - t0);
  const ctx = await connect({ ...loadConfig({}), rpcUrl: anvil.rpcUrl, deploymentPath: '/tmp/vppx/dep4.json' });
  await ensureOperatorIsReporter(ctx);
  await invest(ctx); console.log('invest', Date.now() - t0);
  await fleet(ctx); console.log('fleet', Date.now() - t0);
  const r = await trade(ctx, { intervals: Number(process.env.N ?? 288) }); console.log('trade', Date.now() - t0, r.elapsedMs);
  await div(ctx); console.log('div', Date.now() - t0);
} finally { await anvil.stop(); }
