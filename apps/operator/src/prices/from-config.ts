import { loadAemoPrices } from '@vpp/strategy';
import type { OperatorConfig } from '../config.js';
import { HttpPriceSource } from './http.js';
import { ReplayPriceSource } from './replay.js';
import { MARKET_UTC_OFFSET_SECONDS, type PriceSource } from './source.js';

/** The price source the configuration asks for. */
export function sourceFromConfig(c: OperatorConfig): PriceSource {
  if (c.price.source === 'http') {
    return new HttpPriceSource({
      url: c.price.httpUrl!,
      region: c.price.region,
      timeoutMs: c.price.httpTimeoutMs,
      pollMs: c.price.httpPollMs,
      range: { minAud: c.price.minAud, maxAud: c.price.maxAud },
      seed: c.price.history.length > 0 ? loadAemoPrices(c.price.history) : null,
    });
  }
  let from: number | undefined;
  let to: number | undefined;
  if (c.price.replayFrom) {
    const [y, m, d] = c.price.replayFrom.split('-').map(Number) as [number, number, number];
    from = Date.UTC(y, m - 1, d) / 1000 - MARKET_UTC_OFFSET_SECONDS;
    if (c.price.replayDays !== null) to = from + c.price.replayDays * 86_400;
  }
  return new ReplayPriceSource({
    paths: c.price.replay,
    timeShiftSeconds: c.price.timeShiftSeconds,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
}

