/**
 * GET /health (JSON: last round, last dispatch, lag, errors; 200 when current, 503 when behind) and
 * GET /metrics (Prometheus text). Anything else is answered at once with 404/405 and a tiny body; request bodies
 * are never read, slow clients are cut off by short timeouts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(
  host: string,
  port: number,
  health: () => { healthy: boolean; body: unknown },
  metrics: () => string,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', connection: 'close' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'application/json', '{"error":"method not allowed"}\n');
    try {
      if (path === '/health') {
        const h = health();
        return send(h.healthy ? 200 : 503, 'application/json', JSON.stringify(h.body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
      }
      if (path === '/metrics') return send(200, 'text/plain; version=0.0.4', metrics());
      return send(404, 'application/json', '{"error":"not found","paths":["/health","/metrics"]}\n');
    } catch {
      return send(500, 'application/json', '{"error":"internal error"}\n');
    }
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
