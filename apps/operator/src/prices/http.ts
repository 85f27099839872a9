/**
 * Live prices over HTTP. The adapter GETs `url` (placeholders `{intervalStart}`, `{intervalEnd}` (unix seconds)
 * and `{region}` are filled in, so an archive API can be asked for one interval; a "latest prices" API ignores
 * them) and accepts either JSON shape:
 *
 *   simple:    { "region": "VIC1", "intervalEnd": 1707746700 | "2024-02-13T00:05:00+10:00", "rrp": "86.16" | 86.16 }
 *              — one object, an array of them, or { "prices": [ … ] }
 *   AEMO-like: { "ELEC_NEM_SUMMARY": [ { "REGIONID": "VIC1", "SETTLEMENTDATE": "2024-02-13T00:05:00", "PRICE": 86.16 }, … ] }
 *              — SETTLEMENTDATE is the interval's END in market time (UTC+10) unless it carries an offset.
 *
 * It picks the entry of the configured region whose interval end is the asked interval's end. If the newest entry
 * is older (not published yet) it polls until the deadline, then gives up (StalePriceError): the interval is
 * skipped rather than priced with an older interval's price. Bad JSON, a missing field or a non-decimal price is a
 * PriceFormatError at once; HTTP errors and timeouts are retried until the deadline (PriceUnavailableError).
 */
import { PriceFormatError, PriceSourceError, PriceUnavailableError, StalePriceError } from '../errors.js';
import { sleep } from '../retry.js';
import type { PriceSeries } from '@vpp/strategy';
import { checkAudPrice, parseMarketTime, type PlausibleRange, type PricePoint, type PriceRequest, type PriceSource } from './source.js';

export interface HttpSourceOptions {
  url: string;
  region: string;
  /** One request's timeout, ms. */
  timeoutMs?: number;
  /** Delay between polls while the interval's price is not published yet, ms. */
  pollMs?: number;
  /** Largest accepted response body, bytes. */
  maxBytes?: number;
  headers?: Record<string, string>;
  range?: PlausibleRange;
  /** History before the first live price (e.g. the last days' CSVs), for strategies. */
  seed?: PriceSeries | null;
}

interface Entry {
  region: string;
  end: number;
  price: unknown;
  where: string;
}

export class HttpPriceSource implements PriceSource {
  readonly name = 'http';
  private readonly o: Required<Omit<HttpSourceOptions, 'seed' | 'headers'>> & { headers: Record<string, string> };
  /** Contiguous history: seed + every live price seen, in order. */
  private readonly known: { firstInterval: number | null; rrp: string[]; region: string };

  constructor(options: HttpSourceOptions) {
    this.o = {
      url: options.url,
      region: options.region,
      timeoutMs: options.timeoutMs ?? 5_000,
      pollMs: options.pollMs ?? 2_000,
      maxBytes: options.maxBytes ?? 1 << 20,
      headers: options.headers ?? {},
      range: options.range ?? { minAud: -1_000, maxAud: 50_000 },
    };
    const seed = options.seed ?? null;
    this.known = { firstInterval: seed?.firstInterval ?? null, rrp: seed ? [...seed.rrp] : [], region: seed?.region ?? options.region };
  }

  private urlFor(interval: bigint, intervalSeconds: number): string {
    const start = Number(interval) * intervalSeconds;
    return this.o.url
      .replaceAll('{intervalStart}', String(start))
      .replaceAll('{intervalEnd}', String(start + intervalSeconds))
      .replaceAll('{region}', encodeURIComponent(this.o.region));
  }

  /** One GET: the parsed JSON body, or a typed error. */
  private async fetchJson(url: string, interval: bigint, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/json', ...this.o.headers }, signal: combined });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new PriceUnavailableError(`GET ${url}: ${(error as Error).name === 'TimeoutError' ? `timed out after ${this.o.timeoutMs} ms` : (error as Error).message}`, this.name, interval);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new PriceUnavailableError(`GET ${url}: HTTP ${res.status}`, this.name, interval);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > this.o.maxBytes) {
      await res.body?.cancel();
      throw new PriceFormatError(`GET ${url}: response of ${declared} bytes exceeds ${this.o.maxBytes}`, this.name, interval);
    }
    const text = await readLimited(res, this.o.maxBytes).catch((error: Error) => {
      throw new PriceFormatError(`GET ${url}: ${error.message}`, this.name, interval);
    });
    try {
      return JSON.parse(text);
    } catch {
      throw new PriceFormatError(`GET ${url}: response is not JSON (${JSON.stringify(text.slice(0, 60))})`, this.name, interval);
    }
  }

  /** Every entry of the body, in either documented shape. */
  private entries(body: unknown, interval: bigint): Entry[] {
    const fail = (why: string) => new PriceFormatError(`price response: ${why}`, this.name, interval);
    let list: unknown[];
    if (Array.isArray(body)) list = body;
    else if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      if (Array.isArray(b.ELEC_NEM_SUMMARY)) list = b.ELEC_NEM_SUMMARY;
      else if (Array.isArray(b.prices)) list = b.prices;
      else list = [b];
    } else throw fail(`expected an object or an array, got ${body === null ? 'null' : typeof body}`);
    return list.map((item, i) => {
      const where = `entry ${i}`;
      if (!item || typeof item !== 'object') throw fail(`${where} is not an object`);
      const e = item as Record<string, unknown>;
      const region = e.region ?? e.REGIONID;
      if (typeof region !== 'string') throw fail(`${where} has no region/REGIONID`);
      const rawEnd = e.intervalEnd ?? e.SETTLEMENTDATE;
      let end: number | null = null;
      if (typeof rawEnd === 'number' && Number.isSafeInteger(rawEnd)) end = rawEnd;
      else if (typeof rawEnd === 'string') end = parseMarketTime(rawEnd);
      if (end === null) throw fail(`${where} has no valid intervalEnd/SETTLEMENTDATE (${JSON.stringify(rawEnd)?.slice(0, 40)})`);
      const price = 'rrp' in e ? e.rrp : 'PRICE' in e ? e.PRICE : 'RRP' in e ? e.RRP : undefined;
      return { region, end, price, where };
    });
  }

  async priceFor(interval: bigint, request: PriceRequest): Promise<PricePoint> {
    const start = Number(interval) * request.intervalSeconds;
    const end = start + request.intervalSeconds;
    const deadline = request.deadlineMs ?? Date.now() + this.o.timeoutMs;
    const url = this.urlFor(interval, request.intervalSeconds);
    let last: PriceSourceError | null = null;
    for (;;) {
      try {
        const body = await this.fetchJson(url, interval, request.signal);
        const mine = this.entries(body, interval).filter((e) => e.region.toUpperCase() === this.o.region.toUpperCase());
        if (mine.length === 0) throw new PriceFormatError(`price response has no entry for region ${this.o.region}`, this.name, interval);
        const hit = mine.find((e) => e.end === end);
        if (hit) {
          const audPerMWh = checkAudPrice(hit.price, `${hit.where} (${this.o.region}, interval end ${end})`, this.name, interval, this.o.range);
          const point = { interval, start, end, region: this.o.region, audPerMWh };
          this.remember(point);
          return point;
        }
        const newest = Math.max(...mine.map((e) => e.end));
        if (newest > end) {
          throw new StalePriceError(`the source has moved past interval end ${end} (newest ${newest}) without publishing it`, this.name, interval);
        }
        last = new StalePriceError(`the source's newest price is for interval end ${newest}, not ${end}`, this.name, interval);
      } catch (error) {
        if (!(error instanceof PriceUnavailableError)) throw error; // garbage or a definite miss: no retry
        last = error;
      }
      if (Date.now() + this.o.pollMs > deadline) throw last;
      await sleep(this.o.pollMs, request.signal);
    }
  }

  private remember(point: PricePoint): void {
    const k = this.known;
    const i = Number(point.interval);
    if (k.firstInterval === null || k.firstInterval + k.rrp.length !== i) {
      if (k.firstInterval !== null && i < k.firstInterval + k.rrp.length) return; // already known
      // a gap: history restarts here (strategies need a contiguous series)
      k.firstInterval = i;
      k.rrp = [];
    }
    k.rrp.push(point.audPerMWh);
  }

  history(beforeInterval: bigint, intervalSeconds: number): PriceSeries | null {
    const k = this.known;
    if (k.firstInterval === null) return null;
    const n = Math.min(k.rrp.length, Number(beforeInterval) - k.firstInterval);
    if (n <= 0) return null;
    const rrp = k.rrp.slice(0, n);
    return {
      region: k.region,
      intervalSeconds,
      firstInterval: k.firstInterval,
      length: n,
      rrp,
      aud: Float64Array.from(rrp, Number),
      demandMW: new Float64Array(n),
      sources: [this.o.url],
    };
  }
}

/** Reads a response body, failing past `max` bytes (a hostile or broken server cannot make us buffer gigabytes). */
async function readLimited(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`response exceeds ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
