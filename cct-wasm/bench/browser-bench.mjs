// Browser bench of the cct WebAssembly package, in Debian's Chromium (headless):
//  1. time to first result: from navigation start of site/ (scripts/site.mjs) to the first report
//     rendered (module fetched, compiled, instantiated, sample checked);
//  2. per-check time on a large (~2 MB) generated manifest: the engine alone
//     (check() called in the page) and end to end in the console (click on
//     "Vérifier" to the findings list rendered).
// Usage: node bench/browser-bench.mjs [--runs N] [--size-mb M]   (after scripts/build.sh)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve, chromiumOptions } from '../tests/browser/server.mjs';
import { crateDir } from '../tests/helpers.mjs';
import { largeManifest } from './manifest.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const RUNS = arg('--runs', 5);
const SIZE_MB = arg('--size-mb', 2);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const server = await serve();
const browser = await chromium.launch(chromiumOptions);
const results = { chromium: browser.version(), runs: RUNS };
try {
  // 1. Time to first result, cold page each run (no HTTP cache: the server sends no-store).
  const first = [];
  const init = [];
  const script = [];
  const wasmFetched = [];
  for (let r = 0; r < RUNS; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/site/`);
    await page.waitForFunction(() => window.cctTimings?.firstResultMs != null, null, { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      ...window.cctTimings,
      wasmResponseEnd: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd,
    }));
    first.push(t.firstResultMs);
    init.push(t.initMs);
    script.push(t.scriptStartMs);
    wasmFetched.push(t.wasmResponseEnd);
    await context.close();
  }
  results.firstResultMs = { median: round(median(first)), all: first.map(round) };
  results.initMs = { median: round(median(init)), all: init.map(round) };
  results.appScriptStartMs = { median: round(median(script)), all: script.map(round) };
  results.wasmFetchedMs = { median: round(median(wasmFetched)), all: wasmFetched.map(round) };

  // 2. Large manifest.
  const text = largeManifest(SIZE_MB * 1024 * 1024);
  results.manifest = { bytes: Buffer.byteLength(text), documents: text.split('\n---\n').length };
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}/site/`);
  await page.waitForSelector('html[data-ready="true"]');
  const engine = await page.evaluate(async ({ text, runs }) => {
    const cct = await import('/pkg/cct.js');
    const times = [];
    let report;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      report = cct.check(text, { path: 'large.yaml' });
      times.push(performance.now() - t0);
    }
    return { times, findings: report.findings.length, objects: report.inputs[0].documents };
  }, { text, runs: RUNS });
  results.engineCheckMs = { median: round(median(engine.times)), all: engine.times.map(round) };
  results.findings = engine.findings;
  results.objects = engine.objects;

  await page.uncheck('#live');
  // page.fill types through the input pipeline and is too slow for 2 MB; paste-like assignment instead.
  await page.$eval('#editor', (t, value) => {
    t.value = value;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  const ui = [];
  const uiParts = [];
  for (let r = 0; r < RUNS; r++) {
    await page.evaluate(() => document.getElementById('findings').replaceChildren());
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#findings > li').length > 0);
    // Let layout/paint of the list happen before stopping the clock.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    ui.push(Date.now() - t0);
    uiParts.push(await page.evaluate(() => ({ check: window.cctTimings.lastCheckMs, render: window.cctTimings.lastRenderMs })));
  }
  results.consoleCheckMs = { median: median(ui), all: ui };
  results.consoleParts = { checkMs: round(median(uiParts.map((p) => p.check))), renderMs: round(median(uiParts.map((p) => p.render))) };
} finally {
  await browser.close();
  await server.close();
}

const out = join(crateDir, 'bench/output');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.log(`time to first result: ${results.firstResultMs.median} ms after navigation start (app.js starts at ${results.appScriptStartMs.median} ms,`
  + ` .wasm fetched at ${results.wasmFetchedMs.median} ms, init() takes ${results.initMs.median} ms);`
  + ` ${(results.manifest.bytes / 1048576).toFixed(2)} MB manifest (${results.objects} documents, ${results.findings} findings):`
  + ` check ${results.engineCheckMs.median} ms in the engine, ${results.consoleCheckMs.median} ms end to end in the console`
  + ` (check ${results.consoleParts.checkMs} ms + rendering ${results.consoleParts.renderMs} ms + layout/paint)`);
