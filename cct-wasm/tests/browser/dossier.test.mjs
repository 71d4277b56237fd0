// The homologation dossier of the example application (examples/audit-app/dossier.html,
// written by `cct audit --format dossier-html`) in a real browser: Debian's Chromium,
// headless, driven by playwright-core. It renders every requirement, makes no
// request besides the page itself, raises no error, and prints (PDF, print media).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumOptions } from './server.mjs';
import { repoRoot } from '../helpers.mjs';

const file = join(repoRoot, 'examples', 'audit-app', 'dossier.html');
const url = pathToFileURL(file).href;
const requirements = (readFileSync(join(repoRoot, 'examples', 'audit-app', 'dossier.md'), 'utf8')
  .match(/^### (EX|DX-)/gm) ?? []).length;

let browser;
let page;
const requests = [];
const errors = [];

before(async () => {
  browser = await chromium.launch(chromiumOptions);
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
});

test('the dossier renders every requirement with its status', async () => {
  assert.match(await page.textContent('h1'), /^Dossier d'homologation — audit-app$/);
  assert.ok(requirements > 100, `dossier.md lists ${requirements} requirements`);
  assert.equal(await page.locator('section.req').count(), requirements);
  assert.equal(await page.locator('section.req h3 .badge').count(), requirements);
  const ex32 = page.locator('section#EX32');
  assert.match(await ex32.locator('blockquote').textContent(), /^Les conteneurs s'exécutent sans requérir/);
  assert.match(await ex32.textContent(), /dockerfile\/non-root-user/);
  assert.match(await page.locator('table.meta').textContent(), /128 \/ 128/);
  // The badges are styled: the inline style sheet applied.
  const color = await ex32.locator('.badge').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(color, 'rgb(24, 117, 60)');
  assert.deepEqual(errors, []);
});

test('the dossier asks for nothing beyond itself', async () => {
  assert.deepEqual(requests, [url]);
  assert.equal(await page.locator('script, link, img, iframe, object, embed').count(), 0);
});

test('the dossier prints', async () => {
  await page.emulateMedia({ media: 'print' });
  const printed = await page.locator('.badge').first().evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(printed, 'rgba(0, 0, 0, 0)', 'print drops the badge backgrounds');
  const breakInside = await page.locator('section.req').first().evaluate((s) => getComputedStyle(s).breakInside);
  assert.equal(breakInside, 'avoid');
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages > 5, `${pages} printed pages`);
  assert.deepEqual(requests, [url], 'printing fetched nothing either');
});
