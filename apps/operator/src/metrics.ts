/**
 * Counters and gauges of the operator, rendered as Prometheus text (exposition format 0.0.4). A dozen series
 * do not need a client library.
 */
const HELP: Record<string, [type: 'counter' | 'gauge', help: string]> = {
  up: ['gauge', '1 while the operator loop runs'],
  last_round_id: ['gauge', 'Oracle round id of the last price pushed (or found already pushed)'],
  last_pushed_interval: ['gauge', 'Interval number of the last price round'],
  last_dispatched_interval: ['gauge', 'Last interval whose whole fleet was dispatched'],
  last_handled_interval: ['gauge', 'Last interval whose steps were all done or decided'],
  current_interval: ['gauge', 'Interval number the operator clock is in'],
  lag_seconds: ['gauge', 'Seconds from the start of the last handled interval to the end of its dispatch'],
  behind_intervals: ['gauge', 'Current interval minus last handled interval'],
  rounds_pushed_total: ['counter', 'Price rounds pushed to the oracle'],
  dispatch_tx_total: ['counter', 'performUpkeep transactions sent'],
  batteries_dispatched_total: ['counter', 'Battery dispatches (Trade or DispatchSkipped events) caused by our transactions'],
  batteries_idle_total: ['counter', 'Battery-intervals that would move no energy, so no dispatch was sent'],
  tables_published_total: ['counter', 'Strategy table writes (kind=full|blocks)'],
  epochs_settled_total: ['counter', 'Fund epochs settled'],
  intervals_missed_total: ['counter', 'Intervals skipped (no price, deadline passed, RPC down)'],
  errors_total: ['counter', 'Errors by kind'],
  rpc_retries_total: ['counter', 'RPC calls retried after a transport error'],
  tx_replaced_total: ['counter', 'Transactions of ours replaced or dropped'],
  tx_fee_bumps_total: ['counter', 'Fee bumps of stuck transactions'],
  gas_used_total: ['counter', 'Gas used by our transactions, by kind'],
};

type Labels = Record<string, string>;
const key = (labels?: Labels) => (labels ? Object.entries(labels).sort().map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',') : '');

export class Metrics {
  private readonly values = new Map<string, Map<string, number>>();
  constructor(private readonly prefix = 'vpp_operator_') {}

  private series(name: string): Map<string, number> {
    let s = this.values.get(name);
    if (!s) this.values.set(name, (s = new Map()));
    return s;
  }

  inc(name: string, by = 1, labels?: Labels): void {
    const s = this.series(name);
    const k = key(labels);
    s.set(k, (s.get(k) ?? 0) + by);
  }

  set(name: string, value: number | bigint, labels?: Labels): void {
    this.series(name).set(key(labels), Number(value));
  }

  get(name: string, labels?: Labels): number {
    return this.values.get(name)?.get(key(labels)) ?? 0;
  }

  /** Sum over all labels of a series. */
  total(name: string): number {
    let sum = 0;
    for (const v of this.values.get(name)?.values() ?? []) sum += v;
    return sum;
  }

  byLabel(name: string, label: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.values.get(name) ?? []) {
      const m = new RegExp(`${label}="([^"]*)"`).exec(k);
      out[m?.[1] ?? ''] = v;
    }
    return out;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, [type, help]] of Object.entries(HELP)) {
      const full = this.prefix + name;
      lines.push(`# HELP ${full} ${help}`, `# TYPE ${full} ${type}`);
      const s = this.values.get(name);
      if (!s || s.size === 0) lines.push(`${full} 0`);
      else for (const [k, v] of s) lines.push(`${full}${k ? `{${k}}` : ''} ${v}`);
    }
    return lines.join('\n') + '\n';
  }
}
