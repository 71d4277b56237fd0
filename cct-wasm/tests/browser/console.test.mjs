// The demo console in a real browser: Debian's Chromium, headless, driven by
// playwright-core. Loads site/ (www/ assembled with pkg/ and DSFR by scripts/site.mjs), pastes a bad manifest,
// checks the findings, the jump to the line, the tooltips, the summary table,
// accessibility (axe-core, WCAG 2.1 AA) and panic recovery in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve, chromiumOptions } from './server.mjs';
import { crateDir, fixturesRoot, expectedLines } from '../helpers.mjs';
import { largeManifest } from '../../bench/manifest.mjs';

const require = createRequire(import.meta.url);
const badDir = join(fixturesRoot, 'kube/run-as-non-root');
const bad = readFileSync(join(badDir, 'bad.yaml'), 'utf8');
const expected = expectedLines(badDir).map((l) => Number(l.split(':')[0]));

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await serve();
  browser = await chromium.launch(chromiumOptions);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(`${server.url}/site/`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** [rule, line] of every finding shown, in order. */
async function shownFindings() {
  return page.$$eval('#findings > li.finding', (items) => items.map((li) => [li.querySelector('.meta code').textContent, Number(li.dataset.line)]));
}

/** 1-based line of the editor's selection start, and the selected text. */
async function selection() {
  return page.$eval('#editor', (t) => ({
    line: t.value.slice(0, t.selectionStart).split('\n').length,
    text: t.value.slice(t.selectionStart, t.selectionEnd),
    focused: document.activeElement === t,
  }));
}

test('the page loads the module and checks the sample at once', async () => {
  assert.match(await page.textContent('#status'), /constat/);
  assert.match(await page.textContent('#detected'), /Kubernetes/);
  assert.deepEqual(pageErrors, []);
});

test('pasting a bad manifest shows its findings with severity and requirement ids', async () => {
  await page.uncheck('#live', { force: true });
  await page.fill('#editor', bad);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#findings > li').length > 0);
  const shown = await shownFindings();
  const ours = shown.filter(([rule]) => rule === 'kube/run-as-non-root').map(([, line]) => line);
  assert.deepEqual(ours, expected);
  const first = page.locator('#findings > li', { hasText: 'kube/run-as-non-root' }).first();
  assert.match(await first.locator('.badge').textContent(), /Erreur/);
  assert.equal(await first.locator('.req').first().evaluate((e) => e.firstChild.textContent), 'EX32');
  const status = await page.textContent('#status');
  assert.match(status, new RegExp(`^${shown.length} constats`));
  assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
  // Lines with findings are marked in the gutter.
  assert.equal(await page.locator('#gutter .mark-error', { hasText: String(expected[1]) }).count(), 1);
});

test('clicking a finding selects its line in the editor', async () => {
  const line = expected[1];
  await page.locator(`#findings > li[data-line="${line}"] button.jump`).first().click();
  const sel = await selection();
  assert.equal(sel.line, line);
  assert.equal(sel.text, bad.split('\n')[line - 1]);
  assert.ok(sel.focused, 'the editor has the focus');
});

test('Enter on a focused finding jumps too', async () => {
  const line = expected[0]; // another line than the click test's expected[1]
  await page.locator(`#findings > li[data-line="${line}"] button.jump`).first().focus();
  await page.keyboard.press('Enter');
  assert.equal((await selection()).line, line);
});

test('a requirement id shows its text on focus, linked by aria-describedby', async () => {
  const chip = page.locator('#findings .req', { hasText: 'EX32' }).first();
  await chip.focus();
  const tipId = await chip.getAttribute('aria-describedby');
  const tip = page.locator(`[id="${tipId}"]`);
  assert.ok(await tip.isVisible());
  assert.equal(await tip.getAttribute('role'), 'tooltip');
  assert.match(await tip.textContent(), /root/i);
  await page.keyboard.press('Escape');
  assert.ok(!(await tip.isVisible()), 'Escape dismisses the tooltip');
});

test('the summary table lists the failing requirement', async () => {
  const row = page.locator('#summary-body tr', { has: page.locator('th .req', { hasText: 'EX32' }) });
  assert.equal(await row.count(), 1);
  assert.match(await row.locator('.pill').textContent(), /Non conforme/);
  const againstEx32 = await page.$$eval('#findings > li', (items) =>
    items.filter((li) => [...li.querySelectorAll('.meta .req')].some((r) => r.firstChild.textContent === 'EX32')).length);
  assert.ok(againstEx32 >= expected.length);
  assert.equal(Number(await row.locator('td.num').textContent()), againstEx32);
});

test('check-as-you-type re-checks after an edit', async () => {
  await page.check('#live', { force: true });
  await page.fill('#editor', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
  await page.waitForFunction(() => /Aucun constat/.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('#findings > li').count(), 0);
});

test('Tab indents in the editor; Escape then Tab leaves it (no keyboard trap)', async () => {
  await page.uncheck('#live', { force: true });
  await page.fill('#editor', 'a:');
  await page.focus('#editor');
  await page.$eval('#editor', (t) => t.setSelectionRange(2, 2));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#editor'), 'a:\n  ');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'editor');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'live');
  await page.check('#live', { force: true });
});

test('opening a file with the file picker loads and checks it', async () => {
  await page.setInputFiles('#file', { name: 'from-disk.yaml', mimeType: 'text/yaml', buffer: Buffer.from(bad) });
  await page.waitForFunction(() => document.getElementById('path').value === 'from-disk.yaml');
  assert.equal(await page.inputValue('#editor'), bad);
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li.finding').length >= n, expected.length);
  const lines = (await shownFindings()).filter(([rule]) => rule === 'kube/run-as-non-root').map(([, l]) => l);
  assert.deepEqual(lines, expected);
});

test('dropping a file on the editor loads it', async () => {
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.yaml', { type: 'text/yaml' }));
    const zone = document.getElementById('drop');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dropped}\n');
  await page.waitForFunction(() => document.getElementById('path').value === 'dropped.yaml');
  assert.match(await page.inputValue('#editor'), /name: dropped/);
});

test('a UTF-16 file is decoded for the editor', async () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bad, 'utf16le')]);
  await page.setInputFiles('#file', { name: 'utf16.yaml', mimeType: 'text/yaml', buffer: bytes });
  await page.waitForFunction(() => document.getElementById('path').value === 'utf16.yaml');
  assert.equal(await page.inputValue('#editor'), bad.replace(/^\uFEFF/, ''));
  await page.waitForFunction(() => /utf16\.yaml/.test(document.getElementById('status').textContent));
  const lines = (await shownFindings()).filter(([rule]) => rule === 'kube/run-as-non-root').map(([, l]) => l);
  assert.deepEqual(lines, expected);
});

test('a binary file is checked as bytes, not shown as text', async () => {
  const bytes = Buffer.concat([Buffer.from('ustar\0\0'), Buffer.alloc(64)]);
  await page.setInputFiles('#file', { name: 'blob.tar', mimeType: 'application/x-tar', buffer: bytes });
  await page.waitForFunction(() => document.getElementById('path').value === 'blob.tar');
  assert.match(await page.inputValue('#editor'), /Fichier binaire « blob\.tar » \(71 octets\)/);
  // Whatever the engine makes of it (an input error today, an image later), the result is about that file.
  await page.waitForFunction(() => /blob\.tar/.test(document.getElementById('status').textContent + document.getElementById('error').textContent));
  // Editing the text leaves binary mode.
  await page.check('#live', { force: true });
  await page.fill('#editor', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  await page.waitForFunction(() => /Aucun constat/.test(document.getElementById('status').textContent));
  await page.uncheck('#live', { force: true });
});

test('a syntax error is shown with a jump to its line', async () => {
  await page.fill('#editor', 'a: 1\nb: [1, 2\nc: 3\n');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /ligne \d+/);
  await error.getByRole('button').click();
  assert.ok((await selection()).line >= 2);
});

test('a large report is shown 200 findings at a time', async () => {
  await page.uncheck('#live', { force: true });
  await page.$eval('#editor', (t, value) => { t.value = value; t.dispatchEvent(new Event('input', { bubbles: true })); }, largeManifest(400_000));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#findings > li.finding').length > 0);
  const total = Number((await page.textContent('#status')).match(/^(\d+) constats/)[1]);
  assert.ok(total > 400, `${total} findings`);
  assert.equal(await page.locator('#findings > li.finding').count(), 200);
  await page.locator('#findings li.more button').click();
  assert.equal(await page.locator('#findings > li.finding').count(), 400);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'finding-200', 'focus moves to the first new finding');
  // The last page's finding still jumps to its line.
  const line = Number(await page.locator('#findings > li.finding').nth(399).getAttribute('data-line'));
  await page.locator('#findings > li.finding').nth(399).locator('button.jump').click();
  assert.equal((await selection()).line, line);
  await page.check('#live', { force: true });
});

test('the commit message kind checks the text as the commit-msg hook of git sees it', async () => {
  await page.uncheck('#live', { force: true });
  await page.selectOption('#kind', 'commit');
  await page.fill('#editor', 'fixed stuff\n# Please enter the commit message for your changes.\n');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#findings .meta code')].some((c) => c.textContent.startsWith('commit/')));
  const shown = await shownFindings();
  assert.ok(shown.every(([rule]) => rule.startsWith('commit/')), JSON.stringify(shown));
  // The comment line is dropped, as git does: no finding points at it.
  assert.ok(shown.every(([, line]) => line !== 2), JSON.stringify(shown));
  await page.selectOption('#kind', 'auto');
  await page.check('#live', { force: true });
});

test('the profile selector lists the shipped profiles and changes the findings', async () => {
  const names = await page.$$eval('#profile option', (os) => os.map((o) => o.value));
  assert.deepEqual(names, ['', 'cloud-pi-native', 'domino-x', 'minimal']);
  assert.equal(await page.getAttribute('#profile', 'aria-describedby'), 'profile-help');
  await page.uncheck('#live', { force: true });
  await page.fill('#editor', bad);
  await page.selectOption('#profile', '');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#findings > li').length > 0);
  const all = await shownFindings();
  await page.selectOption('#profile', 'minimal');
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li.finding').length !== n, all.length);
  const minimal = await shownFindings();
  assert.ok(minimal.length < all.length, `${minimal.length} < ${all.length}`);
  await page.selectOption('#profile', '');
  await page.check('#live', { force: true });
});

test('the SARIF button downloads the report as SARIF 2.1.0', async () => {
  await page.fill('#editor', bad);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => !document.querySelector('button[data-format=sarif]').disabled);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger le rapport SARIF' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.sarif$/);
  const sarif = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'kube/run-as-non-root'));
});

test('no accessibility violation (axe-core, WCAG 2.1 A and AA)', async () => {
  await page.fill('#editor', bad);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#findings > li').length > 0);
  // The page's CSP forbids injected scripts; evaluate is not subject to it.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, []);
  if (process.env.CCT_SCREENSHOT !== '0') {
    const dir = join(crateDir, 'tests/browser/output');
    mkdirSync(dir, { recursive: true });
    await page.locator('#findings .req').first().focus();
    await page.screenshot({ path: join(dir, 'console.png'), fullPage: true });
  }
  assert.deepEqual(pageErrors, []);
});

test('in the browser, a panic and an abort become internal Errors and the module keeps working', async () => {
  const outcome = await page.evaluate(async () => {
    const cct = await import('/pkg-test/cct.js');
    await cct.default();
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';
    const attempt = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return { code: e.code, message: e.message, cause: e.cause?.name ?? String(e.cause), trap: e.cause instanceof WebAssembly.RuntimeError };
      }
    };
    const before = cct.check(pod).findings.length;
    const calls = [cct.__callsForTests(), cct.__callsForTests()];
    const panic = attempt(() => cct.__panicForTests());
    calls.push(cct.__callsForTests());
    const abort = attempt(() => cct.__abortForTests());
    calls.push(cct.__callsForTests());
    return { before, panic, abort, calls, after: cct.check(pod).findings.length };
  });
  assert.equal(outcome.panic?.code, 'internal');
  assert.equal(outcome.panic.cause, 'PanicError');
  assert.match(outcome.panic.message, /deliberate panic/);
  assert.equal(outcome.abort?.code, 'internal');
  assert.ok(outcome.abort.trap);
  assert.ok(outcome.before > 0);
  assert.equal(outcome.after, outcome.before);
  // Same instance after the panic (3), a fresh one after the abort (1).
  assert.deepEqual(outcome.calls, [1, 2, 3, 1]);
});
