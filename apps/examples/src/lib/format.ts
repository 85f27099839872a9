/** Small console helpers: amounts, tables and a progress bar that degrades to plain lines off a TTY. */
import { formatEther } from 'viem';
import { formatAud, weiToAudCents } from './aemo.js';

/** "12.3456 ETH" (rounded toward zero to `decimals`). */
export function eth(wei: bigint, decimals = 4): string {
  const [whole, fraction = ''] = formatEther(wei).split('.');
  const f = fraction.slice(0, decimals).replace(/0+$/, '');
  return `${whole}${f ? `.${f}` : ''} ETH`;
}

/** "0.0125 ETH (50.00 AUD)" at the fixed AUD/ETH rate. */
export function ethAud(wei: bigint, audCentsPerEth: bigint, decimals = 4): string {
  return `${eth(wei, decimals)} (${formatAud(weiToAudCents(wei, audCentsPerEth))})`;
}

/** Wh -> "13.5 kWh" / "820 Wh". */
export function energy(wh: bigint | number): string {
  const n = Number(wh);
  if (Math.abs(n) >= 1_000_000) return `${(n / 1_000_000).toFixed(2)} MWh`;
  if (Math.abs(n) >= 1000) return `${(n / 1000).toFixed(1)} kWh`;
  return `${n} Wh`;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Prints rows as an aligned table (first row = header). */
export function table(rows: (string | number | bigint)[][], out: (line: string) => void = console.log): void {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  cells.forEach((r, index) => {
    out('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    if (index === 0) out('  ' + widths.map((w) => '─'.repeat(w)).join('  '));
  });
}

export interface Progress {
  update(done: number, label?: string): void;
  done(label?: string): void;
}

/**
 * A progress bar on a TTY (redrawn in place); off a TTY (CI, pipes, tests) a plain line every `every` steps.
 */
export function progress(total: number, title: string, stream: NodeJS.WriteStream = process.stdout, every = 24): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const width = 30;
  let lastLine = -1;
  const render = (doneCount: number, label = '') => {
    const ratio = total === 0 ? 1 : doneCount / total;
    const filled = Math.round(ratio * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    return `${title} ${bar} ${String(doneCount).padStart(String(total).length)}/${total} ${label}`;
  };
  return {
    update(doneCount, label) {
      if (tty) {
        stream.write(`\r\x1b[2K${render(doneCount, label)}`);
      } else if (Math.floor(doneCount / every) !== lastLine && (doneCount % every === 0 || doneCount === total)) {
        lastLine = Math.floor(doneCount / every);
        stream.write(`${title} ${doneCount}/${total} ${(label ?? '').trim()}\n`.replace(/ +\n$/, '\n'));
      }
    },
    done(label) {
      if (tty) stream.write(`\r\x1b[2K${render(total, label)}\n`);
      else stream.write(`${title} done\n`);
    },
  };
}
