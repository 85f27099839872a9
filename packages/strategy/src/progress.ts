/** A one-line progress bar on stderr (redrawn in place on a TTY, a line per 10 % otherwise). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let lastPct = -1;
  const started = Date.now();
  return (done, total) => {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (pct === lastPct) return;
    lastPct = pct;
    const width = 30;
    const fill = Math.round((pct / 100) * width);
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    const line = `${label.padEnd(28)} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(pct).padStart(3)}% ${secs}s`;
    if (stream.isTTY) stream.write(`\r${line}${pct >= 100 ? '\n' : ''}`);
    else if (pct % 10 === 0) stream.write(`${line}\n`);
  };
}
