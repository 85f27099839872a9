/**
 * GraphiQL for browsers, served from the `graphiql` npm package (its UMD build with React 18's UMD
 * builds): no CDN, works offline. graph-node serves the same UI (server/http/assets/index.html).
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const require = createRequire(import.meta.url);

/** URL path prefix of the assets on every HTTP server that shows GraphiQL. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

const JS = 'text/javascript; charset=utf-8';
/** Files inside the packages (React's `exports` map hides its UMD builds, so paths go from package.json). */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: JS },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: JS },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: JS },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
};

/** What GraphiQL shows first on a subgraph's query URL. */
export const DEFAULT_SUBGRAPH_QUERY = '{\n  _meta {\n    block { number hash }\n    deployment\n    hasIndexingErrors\n  }\n}\n';

const resolved = new Map<string, string>();

function assetPath(name: string): string | null {
  const asset = ASSETS[name];
  if (!asset) return null;
  let file = resolved.get(name);
  if (!file) resolved.set(name, (file = path.join(path.dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file)));
  return file;
}

/** A browser navigating to a GraphQL URL (GET, Accept: text/html) gets GraphiQL instead of JSON. */
export function wantsGraphiql(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => part.trim().toLowerCase().startsWith('text/html'));
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The GraphiQL page for `endpoint` (a path on the same origin). */
export function graphiqlPage(title: string, endpoint: string, defaultQuery: string): string {
  // JSON inside <script>: `<` is escaped so no value can close the script element.
  const config = JSON.stringify({ endpoint, defaultQuery }).replace(/</g, '\\u003c');
  const asset = (name: string) => `${GRAPHIQL_ASSET_PREFIX}${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; overflow: hidden; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script>
  const config = ${config};
  const fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: config.defaultQuery, defaultEditorToolsVisibility: true }),
  );
</script>
</body>
</html>`;
}

export function sendGraphiqlPage(res: ServerResponse, title: string, endpoint: string, defaultQuery: string): void {
  const html = graphiqlPage(title, endpoint, defaultQuery);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // Only this origin's scripts and styles (GraphiQL injects inline styles; its fonts are data URLs).
    'content-security-policy':
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'",
  });
  res.end(html);
}

/** Serves `/graphiql/<asset>`; returns false when the path is not a GraphiQL asset. */
export function serveGraphiqlAsset(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return false;
  const name = pathname.slice(GRAPHIQL_ASSET_PREFIX.length);
  const file = assetPath(name);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return true;
  }
  const size = statSync(file).size;
  res.writeHead(200, { 'content-type': ASSETS[name]!.type, 'content-length': size, 'cache-control': 'public, max-age=86400' });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file).pipe(res);
  return true;
}
