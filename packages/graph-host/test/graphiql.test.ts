/**
 * GraphiQL in a real headless Chromium (Debian's `chromium`): a browser opening the query URL gets
 * GraphiQL served from this host only (no CDN), with schema docs and autocomplete from introspection
 * (under the query limits), and runs a query through the UI. The index-node port shows it too.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startGraphHost, type GraphHost } from '../src/index.js';
import { fixtureBuildDir, startChainWithEmitter, type Chain } from './ingest-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('GraphiQL in headless Chromium', () => {
  let chain: Chain;
  let host: GraphHost;
  let context: BrowserContext;
  let profile: string;
  /** Every URL the pages asked for: all must be this host's. */
  const requested: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    chain = await startChainWithEmitter();
    await chain.deposit(7n, 'through the browser');
    host = await startGraphHost({ rpcUrl: chain.rpcUrl, subgraph: fixtureBuildDir, name: 'browser', pollIntervalMs: 50 });
    await host.waitForBlock(await chain.blockNumber(), 90_000);
    profile = mkdtempSync(path.join(tmpdir(), 'graph-host-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    context.on('request', (request) => requested.push(request.url()));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await host?.stop();
    await chain?.stop();
  });

  async function openGraphiql(url: string): Promise<Page> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(url);
    expect(response?.headers()['content-type']).toMatch(/text\/html/);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 30_000 });
    expect(errors).toEqual([]);
    return page;
  }

  async function setQuery(page: Page, query: string): Promise<void> {
    await page.evaluate((text) => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } };
      editor.CodeMirror.setValue(text);
    }, query);
  }

  /** Puts `query` in the editor, presses the execute button and parses the result pane once it shows `marker`. */
  async function runQuery(page: Page, query: string, marker: string): Promise<unknown> {
    await setQuery(page, query);
    await page.click('button.graphiql-execute-button');
    const text = await page.waitForFunction(
      (expected) => {
        const result = document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue(): string } } | null;
        const value = result?.CodeMirror.getValue() ?? '';
        return value.includes(expected) ? value : false;
      },
      marker,
      { timeout: 30_000 },
    );
    return JSON.parse((await text.jsonValue()) as string);
  }

  it('runs a query through the UI, with schema docs and autocomplete', async () => {
    const page = await openGraphiql(host.url);

    // Schema docs: the documentation explorer lists the subgraph's root fields.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.click('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name:has-text("Query")');
    await page.waitForSelector('.graphiql-doc-explorer-field-name:has-text("depositEvents")', { timeout: 30_000 });

    // Autocomplete: typing inside a selection set offers the schema's fields.
    await setQuery(page, '{\n  \n}');
    await page.click('.graphiql-query-editor .CodeMirror-line >> nth=1');
    await page.keyboard.press('End');
    await page.keyboard.type('depo');
    await page.waitForSelector('.CodeMirror-hints li:has-text("depositEvents")', { timeout: 30_000 });
    await page.keyboard.press('Escape');

    // Run a query with the execute button and read the result pane.
    expect(await runQuery(page, '{ depositEvents { note amount } _meta { hasIndexingErrors } }', 'depositEvents')).toEqual({
      data: { depositEvents: [{ note: 'through the browser', amount: '7' }], _meta: { hasIndexingErrors: false } },
    });
    await page.close();
  }, 120_000);

  it('serves GraphiQL on the index-node status API too', async () => {
    const page = await openGraphiql(new URL('/graphql', host.indexNodeUrl).toString());
    expect(await runQuery(page, '{ indexingStatuses { subgraph health } }', 'indexingStatuses')).toEqual({
      data: { indexingStatuses: [{ subgraph: host.deploymentId, health: 'healthy' }] },
    });
    await page.close();
  }, 120_000);

  it('loads nothing from other origins and answers scripts with JSON', async () => {
    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([new URL(host.url).origin, new URL(host.indexNodeUrl).origin].sort());
    // Clients that are not browsers keep getting JSON.
    const json = await fetch(`${host.url}?query=${encodeURIComponent('{ _meta { block { number } } }')}`);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
  });
});
