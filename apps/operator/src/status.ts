/**
 * The one-line status at the bottom of a terminal: redrawn in place; log lines are written above it (the log
 * destination clears the line, writes the log, redraws).
 */
import { Writable } from 'node:stream';

export class StatusLine {
  private text = '';
  constructor(private readonly out: NodeJS.WriteStream) {}

  update(text: string): void {
    const width = this.out.columns ?? 120;
    this.text = text.length > width - 1 ? text.slice(0, width - 2) + '…' : text;
    this.out.write(`\r\x1b[2K${this.text}`);
  }

  /** A stream for the logger: every log line goes above the status line. */
  logStream(): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.out.write(`\r\x1b[2K${chunk.toString()}${this.text}`);
        done();
      },
    });
  }

  clear(): void {
    if (this.text) this.out.write('\r\x1b[2K');
    this.text = '';
  }
}
