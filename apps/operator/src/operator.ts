/**
 * The operator's lifecycle (the shape of pymaker's Lifecycle and auction-keeper): start up (connect, check
 * role, detect features, load state, settle the transaction left in flight, reconcile with the chain), then one
 * pass per dispatch interval — tables → price round → dispatch → epoch — and a clean stop on request
 * (the in-flight wait is abandoned safely: the state file holds the signed transaction, and the chain says
 * what was done).
 */
import type { Hex } from 'viem';
import { Chain, detectFeatures, energyTraderAbi, tableErrorsAbi, type Features, type OperatorContracts } from './chain.js';
import { IntervalClock } from './clock.js';
import type { OperatorConfig } from './config.js';
import { ConfigError, errorMessage, IntervalDeadlineError, OperatorError, PriceSourceError, ShutdownError } from './errors.js';
import { startHealthServer, type HealthServer } from './health.js';
import { dispatchFleet, type DispatchResult } from './jobs/dispatch.js';
import { settleEpochs } from './jobs/epochs.js';
import { pushPrice, type PushResult } from './jobs/price.js';
import { publishTables, type TablesResult } from './jobs/tables.js';
import type { JobContext } from './jobs/context.js';
import { silentLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { FeedRate, FixedRate, type EthAudRate } from './prices/rate.js';
import { formatMarketTime, type PriceSource } from './prices/source.js';
import { Sender } from './sender.js';
import { checkStateMatches, emptyState, FileStateStore, type OperatorState, type StateStore } from './state.js';
import type { StatusLine } from './status.js';
import { strategyByName, type StrategySource } from './strategy.js';
import { getAddress } from 'viem';

export interface IntervalReport {
  interval: bigint;
  start: number;
  price: PushResult | null;
  dispatch: DispatchResult | null;
  tables: TablesResult;
  epochs: number;
  /** Why the interval was skipped (null: it was handled). */
  skipped: string | null;
  elapsedMs: number;
}

export interface OperatorOptions {
  config: OperatorConfig;
  privateKey: Hex;
  contracts: OperatorContracts;
  expectedChainId?: number;
  source: PriceSource;
  rate?: EthAudRate;
  /** A @vpp/strategy Strategy (or a factory per profile) deciding the table writes. */
  strategy?: StrategySource | null;
  log?: Logger;
  store?: StateStore;
  status?: StatusLine | null;
  onInterval?: (report: IntervalReport) => void;
}

export interface RunSummary {
  intervalsHandled: number;
  intervalsMissed: number;
  roundsPushed: number;
  dispatchTransactions: number;
  batteriesDispatched: number;
  /** Battery-intervals that would move no energy (idle, or a charge into a full battery): no dispatch sent. */
  batteriesIdle: number;
  tablesPublished: number;
  epochsSettled: number;
  /** Gas used by our transactions, by kind (price, dispatch, table, blocks, epoch). */
  gasUsed: Record<string, number>;
  stoppedBy: 'end' | 'signal';
}

export class Operator {
  readonly metrics = new Metrics();
  readonly log: Logger;
  readonly chain: Chain;
  private readonly o: OperatorOptions;
  private readonly abort = new AbortController();
  private readonly store: StateStore;
  private state!: OperatorState;
  private clock!: IntervalClock;
  private sender!: Sender;
  private features!: Features;
  private ctx!: JobContext;
  private health: HealthServer | null = null;
  private intervalSeconds = 300;
  private stopping = false;
  private stoppedBySignal = false;
  private started = Date.now();
  private current: bigint | null = null;
  private lastHandledAt = 0;
  private lastError: { message: string; code: string; at: string } | null = null;
  private lastRoundAt: string | null = null;
  private lastDispatchAt: string | null = null;
  private handled = 0;

  constructor(options: OperatorOptions) {
    this.o = options;
    this.log = options.log ?? silentLogger();
    const c = options.config;
    this.store = options.store ?? new FileStateStore(c.stateFile);
    this.chain = new Chain({
      rpcUrl: c.rpcUrl,
      privateKey: options.privateKey,
      contracts: options.contracts,
      ...(options.expectedChainId !== undefined ? { expectedChainId: options.expectedChainId } : {}),
      rpcTimeoutMs: c.rpc.timeoutMs,
      backoff: { baseMs: c.rpc.baseDelayMs, maxMs: c.rpc.maxDelayMs, retries: c.rpc.retries },
      log: this.log,
      metrics: this.metrics,
      signal: this.abort.signal,
    });
  }

  get healthUrl(): string | null {
    return this.health?.url ?? null;
  }

  get account(): string {
    return this.chain.account.address;
  }

  private save = () => this.store.save(this.state);

  /** Connects and reconciles; throws ConfigError / StateMismatchError on what a restart cannot fix. */
  async start(): Promise<void> {
    const c = this.o.config;
    await this.chain.connect();
    const params = await this.chain.tradingParams();
    this.intervalSeconds = params.intervalSeconds;
    // interval numbers are start / intervalSeconds while the trader's schedule has never changed length
    const [chainInterval, chainTs] = await Promise.all([
      this.chain.rpc('currentInterval', () =>
        this.chain.client.readContract({ address: this.chain.contracts.energyTrader, abi: energyTraderAbi, functionName: 'currentInterval' }),
      ),
      this.chain.chainTime(),
    ]);
    if (BigInt(chainInterval) !== BigInt(Math.floor(chainTs / this.intervalSeconds))) {
      throw new ConfigError(
        `the trader's interval ${chainInterval} is not chain time / ${this.intervalSeconds} s: its interval length was changed, which this operator does not support yet`,
      );
    }
    if (!(await this.chain.isReporter())) {
      throw new ConfigError(`account ${this.chain.account.address} is not a reporter of the oracle ${this.chain.contracts.energyPriceOracle}`);
    }
    this.clock = new IntervalClock(this.chain, {
      mode: c.clock.mode,
      intervalSeconds: this.intervalSeconds,
      speed: c.clock.speed,
      // a scaled replay starts where the replayed data starts, unless told otherwise
      start: c.clock.start ?? (c.clock.mode === 'scaled' ? Number(this.o.source.range?.(this.intervalSeconds)?.first ?? 0) * this.intervalSeconds || null : null),
      startDelaySeconds: c.clock.startDelaySeconds,
    });
    await this.clock.init();
    const detected = await detectFeatures(this.chain);
    const need = (mode: 'auto' | 'on' | 'off', f: keyof Features, what: string) => {
      if (mode === 'off') return null;
      if (mode === 'on' && !detected[f]) throw new ConfigError(`${what} is on but the deployed contract has no ${f}()`);
      return detected[f];
    };
    this.features = {
      publishTable: need(c.tables.mode, 'publishTable', '--tables'),
      updateBlocks: need(c.tables.mode, 'updateBlocks', '--tables'),
      batteryProfile: c.tables.mode === 'off' ? null : detected.batteryProfile,
      tableBuffer: c.tables.mode === 'off' ? null : detected.tableBuffer,
      tableBlock: c.tables.mode === 'off' ? null : detected.tableBlock,
      settleEpoch: need(c.epochs.mode, 'settleEpoch', '--epochs'),
      nextEpochAt: need(c.epochs.mode, 'nextEpochAt', '--epochs'),
    };

    const id = {
      chainId: this.chain.chainId,
      oracle: getAddress(this.chain.contracts.energyPriceOracle),
      trader: getAddress(this.chain.contracts.energyTrader),
      account: this.chain.account.address,
    };
    const saved = this.store.load();
    if (saved) checkStateMatches(saved, id, this.store.path);
    this.state = saved ?? emptyState(id);

    this.sender = new Sender({
      chain: this.chain,
      log: this.log,
      metrics: this.metrics,
      signal: this.abort.signal,
      receiptTimeoutMs: c.tx.receiptTimeoutMs,
      pollMs: c.tx.pollMs,
      maxFeeBumps: c.tx.maxFeeBumps,
      feeBumpPercent: c.tx.feeBumpPercent,
      gasMultiplierPercent: 130,
      onPending: (pending) => {
        this.state.pending = pending;
        this.save();
      },
      beforeBroadcast: () => this.clock.beforeBroadcast(),
    });
    const rate =
      this.o.rate ??
      (c.price.ethAudFeed
        ? new FeedRate(this.chain.client, getAddress(c.price.ethAudFeed), c.price.ethAudFeedMaxAge)
        : new FixedRate(c.price.ethAud));
    this.ctx = {
      chain: this.chain,
      clock: this.clock,
      sender: this.sender,
      source: this.o.source,
      rate,
      strategy: this.o.strategy ?? (c.tables.strategy ? strategyByName(c.tables.strategy, c.tables.cadence) : null),
      strategies: {},
      mirrors: {},
      tableErrors: tableErrorsAbi(),
      features: this.features,
      log: this.log,
      metrics: this.metrics,
      state: this.state,
      save: this.save,
      signal: this.abort.signal,
      intervalSeconds: this.intervalSeconds,
      minValidPrice: params.minValidPrice,
      maxValidPrice: params.maxValidPrice,
      tables: {
        mode: c.tables.mode,
        profileIds: c.tables.profileIds.map(BigInt),
        unitAud: c.tables.unitAud,
        unitWei: null,
      },
      epochs: c.epochs.mode,
      stopAt: (i) => () => this.clock.isOver(i),
    };
    await this.reconcile();
    if (c.health.port >= 0) {
      this.health = await startHealthServer(c.health.host, c.health.port, () => this.healthBody(), () => this.renderMetrics());
    }
    this.metrics.set('up', 1);
    this.log.info(
      {
        event: 'started',
        account: this.chain.account.address,
        chainId: this.chain.chainId,
        local: this.chain.local,
        clock: c.clock.mode,
        source: this.o.source.name,
        intervalSeconds: this.intervalSeconds,
        features: Object.fromEntries(Object.entries(this.features).map(([k, v]) => [k, v !== null])),
        stateFile: this.store.path,
        health: this.health?.url ?? null,
      },
      'operator started',
    );
  }

  /** Startup reconciliation: the chain is the truth; the state file adds the in-flight transaction. */
  private async reconcile(): Promise<void> {
    const now = await this.clock.now();
    const currentInterval = this.clock.intervalOf(now);
    if (this.state.pending) {
      const pendingInterval = BigInt(this.state.pending.interval);
      try {
        await this.sender.resume(this.state.pending, pendingInterval !== currentInterval);
      } catch (error) {
        if (error instanceof ShutdownError) throw error;
        this.log.warn({ event: 'tx_resume_failed', err: errorMessage(error) }, 'the transaction in flight before the restart did not settle cleanly');
        this.state.pending = null;
        this.save();
      }
    }
    const round = await this.chain.latestRound();
    const roundInterval = round.roundId === 0n ? null : round.updatedAt / BigInt(this.intervalSeconds);
    const fleet = await this.chain.activeFleet();
    let done = 0;
    for (const id of fleet) if ((await this.chain.lastDispatchedInterval(id)) === currentInterval) done++;
    if (roundInterval !== null && (this.state.lastPushed === null || BigInt(this.state.lastPushed.interval) < roundInterval)) {
      this.state.lastPushed = { interval: roundInterval.toString(), roundId: round.roundId.toString(), priceWei: round.answer.toString(), txHash: null };
    }
    this.save();
    if (roundInterval !== null) {
      this.metrics.set('last_round_id', round.roundId);
      this.metrics.set('last_pushed_interval', roundInterval);
    }
    this.log.info(
      {
        event: 'reconciled',
        currentInterval,
        latestRound: round.roundId,
        latestRoundInterval: roundInterval,
        pushedForCurrent: roundInterval === currentInterval,
        fleet: fleet.length,
        dispatchedInCurrent: done,
        lastHandled: this.state.lastHandled,
      },
      'state reconciled with the chain',
    );
  }

  /** Requests a clean stop: waits are abandoned, the loop ends after cleanup. */
  stop(reason = 'signal'): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stoppedBySignal = true;
    this.log.info({ event: 'stopping', reason }, 'stopping');
    this.abort.abort();
  }

  private endInterval(): bigint | null {
    const c = this.o.config.clock;
    let end: bigint | null = null;
    const range = this.o.source.range?.(this.intervalSeconds);
    if (range && c.mode === 'travel') end = range.last + 1n;
    if (c.until !== null) {
      const u = BigInt(Math.floor(c.until / this.intervalSeconds));
      end = end === null || u < end ? u : end;
    }
    return end;
  }

  private async firstInterval(): Promise<bigint> {
    const now = await this.clock.now();
    let first = this.clock.intervalOf(now);
    const range = this.o.source.range?.(this.intervalSeconds);
    if (this.clock.mode === 'travel' && range && first < range.first) first = range.first;
    const lastHandled = this.state.lastHandled === null ? null : BigInt(this.state.lastHandled);
    if (lastHandled !== null && lastHandled >= first) first = lastHandled + 1n;
    if (lastHandled !== null && first - lastHandled > 1n && this.clock.mode !== 'travel') {
      this.missed(lastHandled + 1n, first - 1n, 'operator was not running');
    }
    return first;
  }

  private missed(from: bigint, to: bigint, reason: string): void {
    const count = Number(to - from + 1n);
    if (count <= 0) return;
    this.metrics.inc('intervals_missed_total', count);
    this.state.missedIntervals += count;
    this.save();
    this.log.warn({ event: 'intervals_missed', from, to, count, reason }, `${count} interval(s) missed (${reason}); never back-filled`);
  }

  private recordError(error: unknown, kind: string): void {
    const code = error instanceof OperatorError ? error.code : (error as Error)?.name ?? 'Error';
    this.metrics.inc('errors_total', 1, { kind });
    this.lastError = { message: errorMessage(error), code, at: new Date().toISOString() };
  }

  /** Runs until the clock's end (replay range, --intervals, --until) or stop(). */
  async run(): Promise<RunSummary> {
    const c = this.o.config;
    try {
      let next = await this.firstInterval();
      const end = this.endInterval();
      const limit = c.clock.intervals === null ? null : next + BigInt(c.clock.intervals);
      while (!this.stopping) {
        if ((end !== null && next >= end) || (limit !== null && next >= limit)) break;
        await this.clock.enter(next, this.abort.signal);
        const now = this.clock.intervalOf(await this.clock.now());
        if (now > next) {
          this.missed(next, now - 1n, 'late: the interval passed before it could be handled');
          next = now;
          if ((end !== null && next >= end) || (limit !== null && next >= limit)) break;
        }
        this.current = next;
        this.metrics.set('current_interval', next);
        await this.handle(next);
        next += 1n;
      }
    } catch (error) {
      if (!(error instanceof ShutdownError)) throw error;
    } finally {
      await this.close();
    }
    const gas = this.metrics.byLabel('gas_used_total', 'kind');
    return {
      intervalsHandled: this.handled,
      intervalsMissed: this.state.missedIntervals,
      roundsPushed: this.metrics.get('rounds_pushed_total'),
      dispatchTransactions: this.metrics.get('dispatch_tx_total'),
      batteriesDispatched: this.metrics.get('batteries_dispatched_total'),
      batteriesIdle: this.metrics.get('batteries_idle_total'),
      tablesPublished: this.metrics.total('tables_published_total'),
      epochsSettled: this.metrics.get('epochs_settled_total'),
      gasUsed: gas,
      stoppedBy: this.stoppedBySignal ? 'signal' : 'end',
    };
  }

  private async handle(i: bigint): Promise<void> {
    const t0 = Date.now();
    const start = this.clock.startOf(i);
    const report: IntervalReport = { interval: i, start, price: null, dispatch: null, tables: { full: 0, blocks: 0 }, epochs: 0, skipped: null, elapsedMs: 0 };
    try {
      report.tables = await publishTables(this.ctx, i);
      report.price = await pushPrice(this.ctx, i);
      this.lastRoundAt = new Date().toISOString();
      report.dispatch = await dispatchFleet(this.ctx, i, this.o.config.dispatch.maxTransactions);
      this.lastDispatchAt = new Date().toISOString();
      report.epochs = await settleEpochs(this.ctx, i);
      const lagSeconds = this.clock.mode === 'travel' ? (Date.now() - t0) / 1000 : (await this.clock.now()) - start;
      this.metrics.set('lag_seconds', Math.max(0, lagSeconds));
    } catch (error) {
      if (error instanceof ShutdownError) throw error;
      const kind =
        error instanceof PriceSourceError ? 'price_source' : error instanceof IntervalDeadlineError ? 'deadline' : error instanceof OperatorError ? error.code.toLowerCase() : 'rpc';
      this.recordError(error, kind);
      report.skipped = errorMessage(error);
      this.log.error(
        { event: 'interval_skipped', interval: i, marketTime: formatMarketTime(start), step: report.price ? 'dispatch' : 'price', errorType: (error as Error).name, code: (error as OperatorError).code, err: errorMessage(error) },
        'interval skipped',
      );
      if (!report.price) this.missed(i, i, kind);
    }
    this.state.lastHandled = i.toString();
    this.save();
    this.handled++;
    this.lastHandledAt = Date.now();
    this.metrics.set('last_handled_interval', i);
    this.metrics.set('behind_intervals', 0);
    report.elapsedMs = Date.now() - t0;
    this.log.info(
      {
        event: 'interval_done',
        interval: i,
        marketTime: formatMarketTime(start),
        price: report.price?.outcome ?? 'skipped',
        audPerMWh: report.price?.audPerMWh ?? null,
        batteries: report.dispatch?.batteries ?? 0,
        idle: report.dispatch?.idle ?? 0,
        tables: report.tables,
        epochs: report.epochs,
        elapsedMs: report.elapsedMs,
      },
      'interval done',
    );
    this.o.status?.update(this.statusText());
    this.o.onInterval?.(report);
  }

  private statusText(): string {
    const lp = this.state.lastPushed;
    const ld = this.state.lastDispatched;
    const cur = this.current === null ? '—' : `#${this.current} ${formatMarketTime(this.clock.startOf(this.current))}`;
    return [
      'vpp-operator',
      cur,
      lp ? `round ${lp.roundId} (#${lp.interval})` : 'no round',
      ld ? `dispatched ${ld.batteries} (#${ld.interval})` : 'no dispatch',
      `lag ${this.metrics.get('lag_seconds').toFixed(1)}s`,
      `missed ${this.state.missedIntervals}`,
      `errors ${this.metrics.total('errors_total')}`,
    ].join(' │ ');
  }

  private healthBody(): { healthy: boolean; body: unknown } {
    const behindMs = this.lastHandledAt === 0 ? 0 : Date.now() - this.lastHandledAt;
    const intervalWallMs = (this.intervalSeconds * 1000) / (this.clock.mode === 'scaled' ? this.o.config.clock.speed : 1);
    const behind = this.clock.mode === 'travel' ? 0 : Math.max(0, Math.floor(behindMs / intervalWallMs) - 1);
    const status = this.stopping ? 'stopping' : behind > 2 ? 'behind' : 'ok';
    const lp = this.state.lastPushed;
    const ld = this.state.lastDispatched;
    return {
      healthy: status === 'ok',
      body: {
        status,
        chainId: this.chain.chainId,
        account: this.chain.account.address,
        clock: this.clock.mode,
        currentInterval: this.current?.toString() ?? null,
        lastHandledInterval: this.state.lastHandled,
        behindIntervals: behind,
        lastRound: lp ? { ...lp, at: this.lastRoundAt } : null,
        lastDispatch: ld ? { ...ld, at: this.lastDispatchAt } : null,
        lagSeconds: this.metrics.get('lag_seconds'),
        missedIntervals: this.state.missedIntervals,
        errors: { total: this.metrics.total('errors_total'), byKind: this.metrics.byLabel('errors_total', 'kind'), last: this.lastError },
        rpcRetries: this.metrics.get('rpc_retries_total'),
        features: Object.fromEntries(Object.entries(this.features).map(([k, v]) => [k, v !== null])),
        uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      },
    };
  }

  private renderMetrics(): string {
    return this.metrics.render();
  }

  private async close(): Promise<void> {
    this.metrics.set('up', 0);
    this.o.status?.clear();
    await this.health?.close();
    this.health = null;
    await this.o.source.close?.();
    this.log.info({ event: 'stopped', handled: this.handled, missed: this.state.missedIntervals }, 'operator stopped');
  }
}
