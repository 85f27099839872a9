/** A local fake of a live price API: answers per interval end with whatever the test scripts. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = { status?: number; body: string; delayMs?: number };

export interface FakePriceServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** `answer(intervalEnd)` decides each response; the URL template carries {intervalEnd}. */
export async function startPriceServer(answer: (intervalEnd: number, req: IncomingMessage) => Answer): Promise<FakePriceServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const end = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('end'));
    const a = answer(end, req);
    const reply = () => {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(a.body);
    };
    if (a.delayMs) setTimeout(reply, a.delayMs);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/prices?end={intervalEnd}&region={region}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
