// Loads the landing page and GraphiQL of a running umkm-graph server in Debian's headless
// Chromium and runs the flagship query, with every request outside loopback refused.
//
//   node browser.mjs http://127.0.0.1:PORT
//
// Environment: CHROMIUM (default /usr/bin/chromium); UMKM_GRAPH_TOKEN, an ADMIN token to
// paste into GraphiQL's Headers tab (that check is skipped without one); SCREENSHOT, a PNG
// path to save the GraphiQL page to at the end. Exits non-zero on any failed check, console
// error, page error, failed or non-loopback request, or HTTP error answer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const KELURAHAN = '72.71.02.1005';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WAIT_MS = 30_000;

const base = new URL(process.argv[2] ?? '');
const token = process.env.UMKM_GRAPH_TOKEN ?? '';
const problems = [];
let passed = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passed += 1;
  else problems.push(what);
}

/// The names of the kelurahan's retail-ready products, asked of the API directly: what the
/// result pane must show.
async function expectedProducts() {
  const query = `{ kelurahan(code: "${KELURAHAN}") { products(filter: {retailReady: true}) { totalCount nodes { name } } } }`;
  const response = await fetch(new URL('/graphql', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  const products = body?.data?.kelurahan?.products;
  if (!products || products.nodes.length === 0) {
    throw new Error(`the test data has no retail-ready product in ${KELURAHAN}: ${JSON.stringify(body)}`);
  }
  return { totalCount: products.totalCount, names: products.nodes.map((node) => node.name) };
}

/// Watches a page: console errors, uncaught exceptions, failed requests and error answers
/// all count as failures.
function watch(page) {
  page.on('console', (message) => {
    if (message.type() === 'error') check(false, `console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => check(false, `page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    check(false, `request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) check(false, `HTTP ${response.status()} for ${response.url()}`);
  });
}

/// The text of the CodeMirror editor under `selector`.
async function editorText(page, selector) {
  return page.$eval(`${selector} .CodeMirror`, (element) => element.CodeMirror.getValue());
}

/// Replaces an editor's text as a person pasting would: focus, select all, insert.
async function paste(page, selector, text) {
  await page.click(`${selector} .CodeMirror-lines`);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

async function waitForResult(page, texts) {
  await page.waitForFunction(
    (wanted) => {
      const pane = document.querySelector('.graphiql-response .CodeMirror');
      const value = pane?.CodeMirror?.getValue() ?? '';
      return wanted.every((text) => value.includes(text));
    },
    texts,
    { timeout: WAIT_MS },
  );
}

async function landing(page) {
  const response = await page.goto(new URL('/', base).href);
  check(response?.status() === 200, 'the landing page answers 200');
  check((await page.textContent('h1'))?.includes('umkm-graph'), 'the landing page has its title');
  for (const href of ['/graphiql', '/schema.graphql', '/healthz']) {
    check((await page.locator(`a[href="${href}"]`).count()) === 1, `the landing page links ${href}`);
  }
  await Promise.all([page.waitForURL('**/graphiql'), page.click('a[href="/graphiql"]')]);
  check(new URL(page.url()).pathname === '/graphiql', 'the GraphiQL link opens /graphiql');
}

async function flagship(page, expected) {
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: WAIT_MS });
  check((await page.title()) === 'umkm-graph · Kota Palu', 'GraphiQL has the page title');
  const query = await editorText(page, '.graphiql-query-editor');
  check(query.includes(`kelurahan(code: "${KELURAHAN}")`) && query.includes('retailReady: true'),
    'the editor opens with the flagship query');
  await page.click('.graphiql-execute-button');
  await waitForResult(page, [...expected.names, `"totalCount": ${expected.totalCount}`]);
  check(true, `the result pane shows the ${expected.names.length} retail-ready products`);
}

async function headers(page) {
  if (!token) {
    console.log('skip the Headers tab check: UMKM_GRAPH_TOKEN is not set');
    return;
  }
  const headersEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
  await page.click('.graphiql-editor-tools button:has-text("Headers")');
  await paste(page, headersEditor, JSON.stringify({ Authorization: `Bearer ${token}` }));
  await paste(page, '.graphiql-query-editor', '{ viewer { role name } }');
  await page.click('.graphiql-query-editor .CodeMirror-lines');
  await page.keyboard.press('Control+Enter');
  await waitForResult(page, ['"role": "ADMIN"']);
  check(true, 'a token pasted in the Headers tab authenticates the query (Ctrl-Enter runs it)');
  // GraphiQL saves its tabs a moment after a change; the history at once.
  await page.waitForFunction(() => window.localStorage.getItem('graphiql:tabState')?.includes('viewer'), null,
    { timeout: WAIT_MS });
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
  check(!stored.includes(token), 'the token is not kept in the browser\'s storage');
}

async function main() {
  const expected = await expectedProducts();
  const userDataDir = await mkdtemp(join(tmpdir(), 'umkm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      check(false, `request outside loopback refused: ${url.href}`);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    watch(page);
    try {
      await landing(page);
      await flagship(page, expected);
      await headers(page);
    } catch (error) {
      check(false, `${error.message.split('\n')[0]}`);
      const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      console.log(`--- page text ---\n${text.slice(0, 2000)}`);
    } finally {
      if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT }).catch(() => {});
    }
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

await main().catch((error) => check(false, error.message));
console.log(`browser: ${passed} passed, ${problems.length} failed`);
process.exit(problems.length === 0 ? 0 : 1);
