/**
 * 06 · Portfolio and history over GraphQL
 *
 * Everything so far left events on chain; the subgraph indexes them into entities you query with GraphQL. The
 * SDK's subgraph reads return typed results (bigint amounts), page past the 1000-row limit and pin every page
 * to one block, so a multi-page read is one consistent snapshot:
 *   getPortfolio        an investor's position, share of the fund, value at NAV, dividends and history
 *   getFundStatistics   the fund's running totals (trades by action, energy, revenue, dividends)
 *   getBatteries        each battery's indexed state and lifetime figures
 *   getPriceHistory     the oracle's rounds
 *   getDividends        dividends declared
 *   getAllTrades        every trade, filtered (here: the discharges)
 *
 *   pnpm example:06
 *
 * Source: AEMO, Aggregated price and demand data, VIC1 (the prices and the trades derived from them).
 */
import type { Address } from 'viem';
import {
  getAllTrades,
  getBatteries,
  getDividends,
  getFundStatistics,
  getPortfolio,
  getPriceHistory,
} from '@vpp/sdk';
import { AEMO_ATTRIBUTION, formatAud, marketTime, weiToAudCents } from './lib/aemo.js';
import type { VppContext } from './lib/context.js';
import { batteryName } from './lib/fleet.js';
import { energy, eth, ethAud, table } from './lib/format.js';
import { isMain, runExample } from './lib/run.js';

export interface PortfolioOptions {
  /** Also print the fund, batteries, prices, dividends and top trades (default true; the demo prints its own). */
  history?: boolean;
  log?: (line: string) => void;
}

export interface PortfolioRow {
  name: string;
  address: Address;
  shares: bigint;
  shareOfFund: number;
  value: bigint;
  /** Ether put in: deposit requests less cancellations. */
  netDeposited: bigint;
  dividendsClaimed: bigint;
  dividendsWithdrawable: bigint;
}

export interface PortfolioResult {
  portfolios: PortfolioRow[];
  /** From the subgraph's fund statistics. */
  tradeCount: bigint;
  realisedProfit: bigint;
  blockNumber: bigint;
}

export async function main(ctx: VppContext, options: PortfolioOptions = {}): Promise<PortfolioResult> {
  const log = options.log ?? console.log;
  const rate = ctx.config.audCentsPerEth;
  // Any client configured with the subgraph URL can read; no account is needed for queries.
  const client = ctx.operator.client;

  // 1. Each investor's portfolio, as the subgraph indexed it.
  const portfolios: PortfolioRow[] = [];
  for (const investor of ctx.investors) {
    const p = await getPortfolio(client, { investor: investor.address });
    portfolios.push({
      name: investor.name,
      address: investor.address,
      shares: p.ownedShares,
      shareOfFund: p.shareOfFund,
      value: p.value,
      netDeposited: p.netDeposited,
      dividendsClaimed: p.dividendsClaimed,
      dividendsWithdrawable: p.dividendsWithdrawable,
    });
  }
  table(
    [
      ['investor', 'share of fund', 'invested', 'value at NAV', 'dividends received', 'withdrawable'],
      ...portfolios.map((p) => [
        p.name,
        `${(p.shareOfFund * 100).toFixed(2)} %`,
        eth(p.netDeposited),
        ethAud(p.value, rate),
        ethAud(p.dividendsClaimed, rate, 6),
        eth(p.dividendsWithdrawable, 6),
      ]),
    ],
    log,
  );

  const stats = await getFundStatistics(client);
  const result: PortfolioResult = {
    portfolios,
    tradeCount: stats.tradeCount,
    realisedProfit: stats.realisedProfit,
    blockNumber: stats.blockNumber,
  };
  if (options.history === false) return result;

  // 2. The fund's totals.
  log('');
  log(`Fund (indexed at block ${stats.blockNumber}): ${stats.investorCount} investors, NAV ${ethAud(stats.nav, rate)}, epoch ${stats.currentEpoch}`);
  log(`  ${stats.tradeCount} trades: ${stats.chargeCount} charge, ${stats.dischargeCount} discharge, ${stats.idleCount} idle` +
    (stats.skipCount > 0n ? `, ${stats.skipCount} skipped` : ''));
  log(`  energy bought ${energy(stats.energyChargedWh)} (stored ${energy(stats.energyStoredWh)}), sold ${energy(stats.energyDischargedWh)}`);
  log(`  revenue ${ethAud(stats.tradeRevenue, rate)}, cost ${ethAud(stats.tradeCost, rate)}, realised profit ${ethAud(stats.realisedProfit, rate)}`);

  // 3. The batteries' lifetime figures.
  const { batteries } = await getBatteries(client);
  log('');
  table(
    [
      ['id', 'battery', 'status', 'trades', 'sold', 'net revenue'],
      ...batteries.map((b) => [
        `#${b.batteryId}`,
        batteryName(b.metadataURI) ?? b.serialText ?? '',
        b.purchase ? `${b.status} (bought)` : b.status,
        b.tradeCount,
        energy(b.energyDischargedWh),
        ethAud(b.netRevenue, rate),
      ]),
    ],
    log,
  );

  // 4. Prices pushed to the oracle, and dividends.
  const { rounds } = await getPriceHistory(client);
  if (rounds.length > 0) {
    const prices = rounds.map((r) => r.price);
    const min = prices.reduce((a, b) => (a < b ? a : b));
    const max = prices.reduce((a, b) => (a > b ? a : b));
    log('');
    log(`${rounds.length} oracle rounds, ${formatAud(weiToAudCents(min, rate))}/MWh … ${formatAud(weiToAudCents(max, rate))}/MWh`);
  }
  const { dividends } = await getDividends(client);
  for (const d of dividends) {
    log(`dividend #${d.dividendId} (epoch ${d.epoch}): ${ethAud(d.amount, rate)} over ${eth(d.eligibleShares).replace(' ETH', '')} shares ` +
      `(${eth(d.amountPerShare, 6)} per share)`);
  }

  // 5. The five most lucrative discharges of the day.
  const { trades } = await getAllTrades(client, { action: 'Discharge' });
  const top = [...trades].sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : 0)).slice(0, 5);
  if (top.length > 0) {
    log('');
    log('Most lucrative discharges');
    table(
      [
        ['time', 'battery', 'sold', 'price', 'received'],
        ...top.map((t) => [
          marketTime(Number(t.timestamp)),
          `#${t.batteryId}`,
          energy(t.energyWh),
          `${formatAud(weiToAudCents(t.price, rate))}/MWh`,
          ethAud(t.value, rate),
        ]),
      ],
      log,
    );
  }
  log('');
  log(`${AEMO_ATTRIBUTION}.`);
  return result;
}

if (isMain(import.meta.url)) runExample((ctx) => main(ctx));
