/**
 * 06 · Portfolio, NAV and history — from the chain and over GraphQL
 *
 * The fund's net asset value is free cash (realised earnings and capital) + the energy stored in the batteries at
 * cost + the batteries at book value: `getNavComponents` reads it from the chain, `getFundStatistics` from the
 * subgraph, which indexes every event into entities you query with GraphQL. The SDK's subgraph reads return typed
 * results (bigint amounts), page past the 1000-row limit and pin every page to one block, so a multi-page read is
 * one consistent snapshot:
 *   getPortfolio        an investor's position (wallet and escrowed shares), share of the fund, value at NAV,
 *                       pending and claimable requests, dividends and history
 *   getEpochs           each settlement: the NAV per share it priced at, deposits, redemptions, distributions
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
  getEpochs,
  getFundStatistics,
  getNavComponents,
  getPortfolio,
  getPriceHistory,
  type NavComponentFields,
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
  /** The NAV and its components, read from the chain and from the subgraph at the same block. */
  nav: { chain: NavComponentFields; subgraph: NavComponentFields };
  /** Settled epochs in which something happened: the NAV per share each priced at, deposits, redemptions, distributions. */
  epochs: { epoch: bigint; sharePrice: bigint; deposited: bigint; redeemed: bigint; distributed: bigint }[];
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

  // 2. The NAV and its components: the chain's view and the subgraph's, at the block the subgraph answered for.
  const stats = await getFundStatistics(client);
  const chain = await getNavComponents(client, { blockNumber: stats.blockNumber });
  const parts = ['freeCash', 'earningsCash', 'capitalCash', 'storedEnergyValue', 'batteryBookValue', 'owed', 'nav'] as const;
  const labels: Record<(typeof parts)[number], string> = {
    freeCash: 'free cash',
    earningsCash: '  of which earnings',
    capitalCash: '  of which capital',
    storedEnergyValue: 'stored energy (at cost)',
    batteryBookValue: 'batteries (book value)',
    owed: 'owed (held, not the fund\'s)',
    nav: 'net asset value',
  };
  log('');
  log(`NAV components at block ${stats.blockNumber}: chain (getNavComponents) and subgraph (getFundStatistics)`);
  table(
    [['', 'chain', 'subgraph', 'AUD'], ...parts.map((k) => [labels[k], eth(chain[k]), eth(stats[k]), formatAud((stats[k] * rate) / 10n ** 18n)])],
    log,
  );
  log(`NAV per share ${eth(chain.navPerShare, 6)} over ${eth(chain.totalSupply).replace(' ETH', '')} shares`);

  // 3. The settlements that did something (the operator settles every epoch on the hour, most have nothing to do).
  const { epochs: all } = await getEpochs(client, { open: false, blockNumber: stats.blockNumber });
  const epochs = all
    .filter((e) => e.depositAssets > 0n || e.redeemFilled > 0n || e.dividends.length > 0)
    .map((e) => ({
      epoch: e.epoch,
      sharePrice: e.sharePrice ?? 0n,
      deposited: e.depositAssets,
      redeemed: e.settledRedeemAssetsPaid ?? 0n,
      distributed: e.dividends.reduce((sum, d) => sum + d.amount, 0n),
    }));
  log('');
  log(`Epoch settlements (${all.length} settled; those with deposits, redemptions or distributions)`);
  table(
    [
      ['epoch', 'NAV per share', 'deposits in', 'redemptions out', 'distributed'],
      ...epochs.map((e) => [`#${e.epoch}`, eth(e.sharePrice, 6), eth(e.deposited), eth(e.redeemed), eth(e.distributed, 6)]),
    ],
    log,
  );

  const pick = (n: NavComponentFields): NavComponentFields => Object.fromEntries(parts.map((k) => [k, n[k]])) as unknown as NavComponentFields;
  const result: PortfolioResult = {
    portfolios,
    nav: { chain: pick(chain), subgraph: pick(stats) },
    epochs,
    tradeCount: stats.tradeCount,
    realisedProfit: stats.realisedProfit,
    blockNumber: stats.blockNumber,
  };
  if (options.history === false) return result;

  // 4. The fund's totals.
  log('');
  log(`Fund (indexed at block ${stats.blockNumber}): ${stats.investorCount} investors, NAV ${ethAud(stats.nav, rate)}, epoch ${stats.currentEpoch}`);
  log(`  ${stats.tradeCount} trades: ${stats.chargeCount} charge, ${stats.dischargeCount} discharge, ${stats.idleCount} idle` +
    (stats.skipCount > 0n ? `, ${stats.skipCount} skipped` : ''));
  log(`  energy bought ${energy(stats.energyChargedWh)} (stored ${energy(stats.energyStoredWh)}), sold ${energy(stats.energyDischargedWh)}`);
  log(`  revenue ${ethAud(stats.tradeRevenue, rate)}, cost ${ethAud(stats.tradeCost, rate)}, realised profit ${ethAud(stats.realisedProfit, rate)}`);

  // 5. The batteries' lifetime figures.
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

  // 6. Prices pushed to the oracle, and dividends.
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

  // 7. The five most lucrative discharges of the day.
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
