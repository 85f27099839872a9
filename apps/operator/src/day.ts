/**
 * runOperatorDay: the operator run in-process over one replayed market day on a local chain (time travel) — what
 * `pnpm demo` calls. The day's rows are traded; earlier rows of the same series are the history strategies see.
 * Returns what happened (rounds, dispatches, gas by kind, trading result) and, for each active battery, the
 * perfect-foresight revenue of the same day (@vpp/strategy's LP) to compare with.
 */
import { parseEventLogs, type Hex } from 'viem';
import { loadAemoPrices, marketDay, MARKET_UTC_OFFSET_SECONDS, sliceSeries, solveDay, weiToAud, type PriceSeries } from '@vpp/strategy';
import { deploymentFromJson, energyTraderAbi, readDeployment } from './chain.js';
import { configFrom, type ConfigOverrides } from './config.js';
import { ConfigError } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import { Operator, type IntervalReport, type RunSummary } from './operator.js';
import { ReplayPriceSource } from './prices/replay.js';
import { MemoryStateStore } from './state.js';
import type { StrategySource } from './strategy.js';

export interface OperatorDayOptions {
  rpcUrl: string;
  /** Deployments file path, or its parsed JSON. */
  deployment: string | Record<string, unknown>;
  /** The operator's key (an oracle reporter; the strategist of the profiles it publishes). */
  privateKey: Hex;
  /** AEMO CSV files/directories, or a loaded series, holding the day and (for strategies) the days before it. */
  prices: string | readonly string[] | PriceSeries;
  /** Market date to trade, YYYY-MM-DD (default: the series' last day). */
  date?: string;
  /** First interval of the day to trade (0..287) and how many (default: the rest of the day). */
  from?: number;
  intervals?: number;
  /** AUD per ETH (default 4000). */
  ethAud?: string;
  /** A @vpp/strategy Strategy (or one per profile) deciding the table writes; tables need the contracts to have them. */
  strategy?: StrategySource | null;
  /** Further operator settings (tables schedule, profiles, …). */
  config?: ConfigOverrides;
  log?: Logger;
  onInterval?: (report: IntervalReport) => void;
}

export interface BatteryDayResult {
  batteryId: bigint;
  /** Net trading cash flow of the day's trades, wei (signed). */
  revenueWei: bigint;
  revenueAud: number;
  /** Perfect-foresight revenue of the same intervals for this battery, AUD (SoC 50 % at start and end). */
  perfectForesightAud: number;
  trades: number;
}

export interface DayTrade {
  batteryId: bigint;
  interval: bigint;
  /** 0 idle, 1 charge, 2 discharge. */
  action: number;
  energyWh: bigint;
  price: bigint;
  value: bigint;
  stateOfChargeWh: bigint;
}

export interface OperatorDayResult extends RunSummary {
  /** Every Trade event of the day's intervals. */
  trades: DayTrade[];
  marketDate: string;
  firstInterval: bigint;
  lastInterval: bigint;
  ethAud: string;
  batteries: BatteryDayResult[];
  revenueWei: bigint;
  revenueAud: number;
  perfectForesightAud: number;
  /** revenue / perfect foresight (null when perfect foresight is 0). */
  capture: number | null;
  fromBlock: bigint;
  toBlock: bigint;
  elapsedMs: number;
}

export async function runOperatorDay(options: OperatorDayOptions): Promise<OperatorDayResult> {
  const t0 = Date.now();
  const p = options.prices;
  const series = typeof p === 'string' || Array.isArray(p) ? loadAemoPrices(p as string | readonly string[]) : (p as PriceSeries);
  const lastStart = (series.firstInterval + series.length - 1) * series.intervalSeconds;
  const day = options.date ? dayNumber(options.date) : marketDay(lastStart);
  const dayStart = day * 86_400 - MARKET_UTC_OFFSET_SECONDS;
  const from = dayStart + (options.from ?? 0) * series.intervalSeconds;
  const perDay = 86_400 / series.intervalSeconds;
  const count = Math.min(options.intervals ?? perDay - (options.from ?? 0), perDay - (options.from ?? 0));
  const to = from + count * series.intervalSeconds;
  const firstIndex = from / series.intervalSeconds - series.firstInterval;
  if (firstIndex < 0 || firstIndex + count > series.length) {
    throw new ConfigError(`the prices do not cover ${new Date((from + MARKET_UTC_OFFSET_SECONDS) * 1000).toISOString().slice(0, 10)} (intervals ${firstIndex}..${firstIndex + count} of ${series.length})`);
  }
  const deployment = typeof options.deployment === 'string' ? readDeployment(options.deployment) : deploymentFromJson(options.deployment);
  const ethAud = options.ethAud ?? '4000';
  const config = configFrom(
    {
      ...options.config,
      rpcUrl: options.rpcUrl,
      price: { ethAud, ...options.config?.price },
      clock: { mode: 'travel', startDelaySeconds: 1, ...options.config?.clock, until: to },
      health: { port: -1, ...options.config?.health },
      tx: { pollMs: 20, ...options.config?.tx },
      rpc: { baseDelayMs: 100, maxDelayMs: 2_000, ...options.config?.rpc },
      status: 'off',
    },
    { skipSourceCheck: true },
  );
  const operator = new Operator({
    config,
    privateKey: options.privateKey,
    contracts: deployment.contracts,
    expectedChainId: deployment.chainId,
    source: new ReplayPriceSource({ series, from, to }),
    strategy: options.strategy ?? null,
    log: options.log ?? silentLogger(),
    store: new MemoryStateStore(),
    ...(options.onInterval ? { onInterval: options.onInterval } : {}),
  });
  await operator.start();
  const fromBlock = (await operator.chain.client.getBlockNumber()) + 1n;
  const summary = await operator.run();
  const toBlock = await operator.chain.client.getBlockNumber();

  // what the day earned, per battery, from the trader's events; perfect foresight of the same intervals
  const trades = await operator.chain.client.getContractEvents({
    address: deployment.contracts.energyTrader,
    abi: energyTraderAbi,
    eventName: 'Trade',
    fromBlock,
    toBlock,
  });
  const dayEvents = parseEventLogs({ abi: energyTraderAbi, eventName: 'Trade', logs: trades }).filter(
    (e) => e.args.interval >= BigInt(from / series.intervalSeconds) && e.args.interval < BigInt(to / series.intervalSeconds),
  );
  const ids = await operator.chain.activeFleet();
  const prices = sliceSeries(series, firstIndex, firstIndex + count).aud;
  const batteries: BatteryDayResult[] = [];
  for (const batteryId of ids) {
    const s = await operator.chain.dispatchState(batteryId);
    const mine = dayEvents.filter((e) => e.args.batteryId === batteryId);
    const revenueWei = mine.reduce((sum, e) => sum + e.args.value, 0n);
    const pf = await solveDay(prices, {
      capacityWh: s.capacityWh,
      maxChargeW: s.maxChargeW,
      maxDischargeW: s.maxDischargeW,
      efficiencyBps: s.roundTripEfficiencyBps,
      staticChargeBelowWei: BigInt(s.chargeBelowPrice),
      staticDischargeAboveWei: BigInt(s.dischargeAbovePrice),
    });
    batteries.push({ batteryId, revenueWei, revenueAud: weiToAud(revenueWei, ethAud), perfectForesightAud: pf.revenueAud, trades: mine.length });
  }
  const revenueWei = batteries.reduce((sum, b) => sum + b.revenueWei, 0n);
  const revenueAud = weiToAud(revenueWei, ethAud);
  const perfectForesightAud = batteries.reduce((sum, b) => sum + b.perfectForesightAud, 0);
  return {
    ...summary,
    trades: dayEvents.map((e) => ({
      batteryId: e.args.batteryId,
      interval: e.args.interval,
      action: Number(e.args.action),
      energyWh: e.args.energyWh,
      price: e.args.price,
      value: e.args.value,
      stateOfChargeWh: e.args.stateOfChargeWh,
    })),
    marketDate: new Date((dayStart + MARKET_UTC_OFFSET_SECONDS) * 1000).toISOString().slice(0, 10),
    firstInterval: BigInt(from / series.intervalSeconds),
    lastInterval: BigInt(to / series.intervalSeconds) - 1n,
    ethAud,
    batteries,
    revenueWei,
    revenueAud,
    perfectForesightAud,
    capture: perfectForesightAud > 0 ? revenueAud / perfectForesightAud : null,
    fromBlock,
    toBlock,
    elapsedMs: Date.now() - t0,
  };
}

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ConfigError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

const aud = (x: number) => `${x < 0 ? '−' : ''}${Math.abs(x).toLocaleString('en-AU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} AUD`;

/** A few lines for a terminal: what the operator did, its gas, and revenue against perfect foresight. */
export function formatOperatorDay(r: OperatorDayResult): string[] {
  const gas = Object.entries(r.gasUsed)
    .map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)} M`)
    .join(', ');
  const lines = [
    `operator: ${r.intervalsHandled} intervals, ${r.roundsPushed} price rounds, ${r.dispatchTransactions} performUpkeep (${r.batteriesIdle} idle battery-intervals sent nothing), ` +
      `${r.tablesPublished} table writes, ${r.epochsSettled} epochs settled, ${r.intervalsMissed} missed (${(r.elapsedMs / 1000).toFixed(1)} s)`,
    `operator gas: ${gas || 'none'}`,
  ];
  for (const b of r.batteries) {
    const capture = b.perfectForesightAud > 0 ? ` (${((100 * b.revenueAud) / b.perfectForesightAud).toFixed(1)} %)` : '';
    lines.push(`battery #${b.batteryId}: ${aud(b.revenueAud)} vs perfect foresight ${aud(b.perfectForesightAud)}${capture}`);
  }
  lines.push(
    `day ${r.marketDate}: revenue ${aud(r.revenueAud)} vs perfect foresight ${aud(r.perfectForesightAud)}` +
      (r.capture === null ? '' : ` — ${(100 * r.capture).toFixed(1)} % captured`),
  );
  return lines;
}
