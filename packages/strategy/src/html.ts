import type { BacktestResult } from './evaluate.js';

const COLORS = ['#1f6feb', '#d1495b', '#2a9d8f', '#e9a23b', '#7b2cbf', '#6c757d'];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const W = 900;
const H = 260;
const PAD = { l: 64, r: 12, t: 14, b: 28 };

function scale(min: number, max: number, a: number, b: number) {
  const span = max - min || 1;
  return (v: number) => a + ((v - min) / span) * (b - a);
}

function axes(ymin: number, ymax: number, y: (v: number) => number, labels: string[], fmt: (v: number) => string): string {
  const ticks = 5;
  let out = '';
  for (let i = 0; i <= ticks; i++) {
    const v = ymin + ((ymax - ymin) * i) / ticks;
    out += `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`;
    out += `<text x="${PAD.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(fmt(v))}</text>`;
  }
  const n = labels.length;
  const step = Math.max(1, Math.floor(n / 6));
  for (let i = 0; i < n; i += step) {
    const x = PAD.l + ((W - PAD.l - PAD.r) * i) / Math.max(1, n - 1);
    out += `<text x="${x.toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11">${esc(labels[i]!)}</text>`;
  }
  return out;
}

function lineChart(series: { name: string; values: number[]; color: string }[], labels: string[], fmt: (v: number) => string, symlog = false): string {
  const tf = symlog ? (v: number) => Math.sign(v) * Math.log10(1 + Math.abs(v)) : (v: number) => v;
  const inv = symlog ? (v: number) => Math.sign(v) * (Math.pow(10, Math.abs(v)) - 1) : (v: number) => v;
  const all = series.flatMap((s) => s.values.map(tf));
  const ymin = Math.min(0, ...all);
  const ymax = Math.max(...all);
  const y = scale(ymin, ymax, H - PAD.b, PAD.t);
  const n = Math.max(...series.map((s) => s.values.length));
  const x = (i: number) => PAD.l + ((W - PAD.l - PAD.r) * i) / Math.max(1, n - 1);
  let svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">`;
  svg += axes(ymin, ymax, y, labels, (v) => fmt(inv(v)));
  for (const s of series) {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(tf(v)).toFixed(1)}`).join(' ');
    svg += `<polyline fill="none" stroke="${s.color}" stroke-width="1.2" points="${pts}"/>`;
  }
  svg += '</svg>';
  return svg;
}

function barChart(groups: string[], series: { name: string; values: number[]; color: string }[]): string {
  const all = series.flatMap((s) => s.values);
  const ymax = Math.max(100, ...all);
  const ymin = Math.min(0, ...all);
  const y = scale(ymin, ymax, H - PAD.b, PAD.t);
  const gw = (W - PAD.l - PAD.r) / groups.length;
  const bw = (gw * 0.8) / series.length;
  let svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">`;
  svg += axes(ymin, ymax, y, [], (v) => `${v.toFixed(0)}%`);
  groups.forEach((g, gi) => {
    series.forEach((s, si) => {
      const v = s.values[gi] ?? 0;
      const x0 = PAD.l + gi * gw + gw * 0.1 + si * bw;
      const top = y(Math.max(0, v));
      const h = Math.abs(y(v) - y(0));
      svg += `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${esc(`${s.name} ${g}: ${v.toFixed(1)} %`)}</title></rect>`;
    });
    svg += `<text x="${(PAD.l + gi * gw + gw / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11">${esc(g)}</text>`;
  });
  svg += '</svg>';
  return svg;
}

const legend = (items: { name: string; color: string }[]) =>
  `<p class="legend">${items.map((i) => `<span><i style="background:${i.color}"></i>${esc(i.name)}</span>`).join(' ')}</p>`;

/** A self-contained HTML report (inline SVG and CSS, no scripts, nothing fetched). */
export function renderHtml(r: BacktestResult): string {
  const names = r.meta.strategies;
  const colorOf = (i: number) => COLORS[(i + 1) % COLORS.length]!;
  // cumulative revenue
  const labels = r.daily.map((d) => d.date);
  let acc = 0;
  const pfCum = r.daily.map((d) => (acc += d.foresightAud));
  const cum = names.map((n, i) => {
    let a = 0;
    return { name: n, color: colorOf(i), values: r.daily.map((d) => (a += d.revenueAud[n] ?? 0)) };
  });
  const cumChart = lineChart([{ name: 'perfect foresight', values: pfCum, color: COLORS[0]! }, ...cum], labels, (v) => `${(v / 1000).toFixed(0)}k`);
  const priceChart = lineChart([{ name: 'price', values: r.trace.price, color: '#444' }], r.trace.time.map((t) => t.slice(0, 10)), (v) => v.toFixed(0), true);
  const socChart = lineChart([{ name: 'SoC', values: r.trace.socPct, color: colorOf(0) }], r.trace.time.map((t) => t.slice(0, 10)), (v) => `${v.toFixed(0)}%`);
  const captureChart = barChart(
    r.months.map((m) => m.period),
    names.map((n, i) => ({ name: n, color: colorOf(i), values: r.months.map((m) => m.strategies[n]!.netCapturePct) })),
  );
  const rows = [...r.months, r.total]
    .map((p) => {
      const cells = names.map((n) => {
        const s = p.strategies[n]!;
        return `<td>${s.revenueAud.toFixed(0)}</td><td>${s.netCapturePct.toFixed(1)}%</td>`;
      });
      const m = p.strategies[names[0]!]!;
      return `<tr><th>${esc(p.period)}</th><td>${p.foresightAud.toFixed(0)}</td>${cells.join('')}<td>${m.cycles.toFixed(1)}</td><td>${m.dischargedMWh.toFixed(1)}</td><td>${m.tableGasAud.toFixed(2)}</td><td>${m.commonGasAud.toFixed(2)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backtest ${esc(r.meta.region)} ${esc(r.meta.from)} – ${esc(r.meta.to)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 12px;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th:first-child{text-align:left}.legend span{margin-right:14px;font-size:13px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
small{color:#666}
</style></head><body>
<h1>Backtest: ${esc(names[0] ?? '')}</h1>
<p>${esc(r.meta.attribution)}. Intervals ending ${esc(r.meta.from)} – ${esc(r.meta.to)} (market time, UTC+10).
Battery ${r.meta.battery.powerMW} MW / ${r.meta.battery.capacityMWh} MWh / ${r.meta.battery.efficiencyPct} % (efficiency on charge, as on chain).
Gas ${esc(String(r.meta.gas.gasPriceGwei))} gwei, ETH = ${esc(r.meta.ethAud)} AUD. Revenues are what the on-chain rule pays (exact simulator); perfect foresight is the daily LP with the state of charge at 50 % at each day's start and end.</p>
<h2>Capture by month (net of degradation and table gas)</h2>
${legend(names.map((n, i) => ({ name: n, color: colorOf(i) })))}
${captureChart}
<h2>Cumulative revenue vs perfect foresight (AUD)</h2>
${legend([{ name: 'perfect foresight', color: COLORS[0]! }, ...names.map((n, i) => ({ name: n, color: colorOf(i) }))])}
${cumChart}
<h2>Price (AUD/MWh, maximum per point, symmetric log scale)</h2>
${priceChart}
<h2>State of charge of ${esc(names[0] ?? '')} (mean per point)</h2>
${socChart}
<h2>Figures</h2>
<table><thead><tr><th>month</th><th>PF AUD</th>${names.map((n) => `<th>${esc(n)} AUD</th><th>net capture</th>`).join('')}<th>cycles</th><th>MWh out</th><th>table gas AUD</th><th>rounds+dispatch gas AUD</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><small>Net of all operator gas (price rounds and dispatch too): ${names.map((n) => `${esc(n)} ${r.total.strategies[n]!.netAllGasCapturePct.toFixed(1)} %`).join(', ')}.
Perfect-foresight days stopped at the MILP time limit: ${r.meta.foresightDaysNotProven}.</small></p>
</body></html>
`;
}
