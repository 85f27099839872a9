/**
 * Structured JSON logs (pino: one JSON object per line, cheap enough for every RPC retry), with the private key
 * redacted wherever it might appear. When a status line is shown, log lines are written around it.
 */
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

export const REDACT_PATHS = ['privateKey', '*.privateKey', 'config.privateKey', 'key', '*.key'];

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream | NodeJS.WritableStream;
}

export function createLogger(o: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'vpp-operator',
      level: o.level ?? 'info',
      base: { service: 'vpp-operator', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    (o.destination ?? process.stdout) as DestinationStream,
  );
}

/** A logger that drops everything (library use without logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
