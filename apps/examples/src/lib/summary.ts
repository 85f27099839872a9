/** The demo's closing summary: the fund, the fleet, the trades by action and the revenue in ETH and AUD. */
import { getFleet, getFundState, getFundStatistics } from '@vpp/sdk';
import type { InvestResult } from '../02-invest.js';
import type { FleetResult } from '../03-manage-fleet.js';
import { ACTIONS, type TradeDayResult } from '../04-trade-a-day.js';
import type { DividendResult } from '../05-dividends.js';
import { formatAud } from './aemo.js';
import type { VppContext } from './context.js';
import { energy, eth, ethAud, table } from './format.js';

export interface StoryResults {
  investments: InvestResult;
  fleet: FleetResult;
  trading: TradeDayResult;
  dividends: DividendResult;
}

export async function printSummary(ctx: VppContext, results: StoryResults, log: (line: string) => void): Promise<void> {
  const rate = ctx.config.audCentsPerEth;
  const { trading } = results;
  const fund = await getFundState(ctx.admin.client);
  const stats = await getFundStatistics(ctx.admin.client);

  log('Fund (EnergyInvestmentFund on chain; deposits and battery spending summed by the subgraph)');
  table(
    [
      ['', 'ETH', 'AUD'],
      ...(
        [
          ['deposits settled', stats.totalDeposited],
          ['spent on batteries', stats.totalSpentOnBatteries],
          ['realised trading profit', fund.realisedProfit],
          ['dividends declared', fund.totalDividendsDeclared],
          ['dividends withdrawn', fund.totalDividendsWithdrawn],
          ['net asset value', fund.nav],
          ['ether held', fund.etherBalance],
        ] as const
      ).map(([label, wei]) => [label, eth(wei), formatAud((wei * rate) / 10n ** 18n)]),
    ],
    log,
  );
  log(`${eth(fund.totalSupply).replace(' ETH', '')} shares outstanding · NAV per share ${eth(fund.navPerShare, 6)}`);

  log('');
  log('Batteries (state on-chain, trades from the Trade events of the day)');
  const { batteries } = await getFleet(ctx.admin.client);
  const perBattery = new Map<bigint, { charge: bigint; discharge: bigint; value: bigint; counts: number[] }>();
  for (const t of trading.trades) {
    const b = perBattery.get(t.batteryId) ?? { charge: 0n, discharge: 0n, value: 0n, counts: [0, 0, 0] };
    if (t.action === 'Charge') b.charge += t.energyWh;
    if (t.action === 'Discharge') b.discharge += t.energyWh;
    b.value += t.value;
    b.counts[ACTIONS.indexOf(t.action)]!++;
    perBattery.set(t.batteryId, b);
  }
  table(
    [
      ['id', 'battery', 'capacity', 'charge/discharge/idle', 'bought', 'sold', 'state of charge', 'net revenue'],
      ...batteries.map((b) => {
        const s = perBattery.get(b.batteryId) ?? { charge: 0n, discharge: 0n, value: 0n, counts: [0, 0, 0] };
        return [
          `#${b.batteryId}`,
          results.fleet.names.get(b.batteryId) ?? '',
          energy(b.config.capacityWh),
          `${s.counts[1]}/${s.counts[2]}/${s.counts[0]}`,
          energy(s.charge),
          energy(s.discharge),
          energy(b.stateOfChargeWh),
          ethAud(s.value, rate, 4),
        ];
      }),
    ],
    log,
  );
  log(`(#${results.fleet.ids.geelong} was decommissioned; #${results.fleet.ids.moorabool} was bought for ${ethAud(results.fleet.purchasePrice, rate)})`);

  log('');
  log(`Trades by action over ${trading.intervalsDispatched} intervals × ${trading.batteryIds.length} batteries`);
  table(
    [
      ['action', 'trades', 'energy', 'cash flow ETH', 'cash flow AUD'],
      ...ACTIONS.map((a) => [
        a,
        trading.byAction[a].count,
        energy(trading.byAction[a].energyWh),
        eth(trading.byAction[a].value, 6),
        formatAud((trading.byAction[a].value * rate) / 10n ** 18n),
      ]),
    ],
    log,
  );
  const revenue = trading.trades.reduce((sum, t) => (t.value > 0n ? sum + t.value : sum), 0n);
  const cost = trading.trades.reduce((sum, t) => (t.value < 0n ? sum - t.value : sum), 0n);
  log('');
  log(`Prices ${formatAud(trading.minCents)}/MWh … ${formatAud(trading.maxCents)}/MWh`);
  log(`Revenue ${ethAud(revenue, rate)} − cost ${ethAud(cost, rate)} = net ${ethAud(trading.netValue, rate)}`);
  if (results.dividends.dividend) {
    const d = results.dividends.dividend;
    log(`Dividend #${d.id}: ${d.basisPoints / 100} % of the earnings cash = ${ethAud(d.amount, rate)}, ` +
      `withdrawn by ${results.dividends.withdrawals.length} investors`);
  }
}
