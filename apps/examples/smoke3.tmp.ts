import { startLocalStack } from './src/lib/stack.ts';
import { main as invest } from './src/02-invest.ts';
import { main as fleet } from './src/03-manage-fleet.ts';
import { main as trade } from './src/04-trade-a-day.ts';
import { main as div } from './src/05-dividends.ts';
import { main as pf } from './src/06-portfolio.ts';
const t0 = Date.now();
const stack = await startLocalStack({ log: (m) => console.log('·', m, Date.now() - t0) });
try {
  await invest(stack.ctx); console.log('invest', Date.now() - t0);
  await fleet(stack.ctx); console.log('fleet', Date.now() - t0);
  const r = await trade(stack.ctx, { from: 96, intervals: 72 }); console.log('trade', Date.now() - t0, r.elapsedMs);
  await div(stack.ctx); console.log('div', Date.now() - t0);
  await stack.ctx.waitForIndexing(); console.log('indexed', Date.now() - t0);
  await pf(stack.ctx); console.log('pf', Date.now() - t0);
} finally { await stack.stop(); }
