// Assembles the served console, cct-wasm/site/ (not committed), from www/,
// the built pkg/ and the State's design system (@gouvfr/dsfr, from
// node_modules: run `npm ci` first), then writes the service worker's
// precache list and pre-compressed copies (.gz, .br) of every text file and
// of the module. Usage: node scripts/site.mjs   (after scripts/build.sh)
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(here, 'site');
const require = createRequire(import.meta.url);
const dsfrDist = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');

/** Extensions compressed ahead of time (fonts and images are compressed already). */
const COMPRESSED = new Set(['.html', '.js', '.css', '.wasm', '.svg', '.json', '.md']);

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

rmSync(out, { recursive: true, force: true });
for (const f of ['index.html', 'app.js', 'share.js', 'style.css']) copy(join(here, 'www', f), join(out, f));
const pkg = join(here, 'pkg');
if (!existsSync(join(pkg, 'cct_wasm_bg.wasm'))) throw new Error(`no ${pkg}/cct_wasm_bg.wasm: run scripts/build.sh first`);
for (const f of ['cct.js', 'cct_wasm.js', 'cct_wasm_bg.wasm']) copy(join(pkg, f), join(out, 'pkg', f));

// DSFR: its stylesheet, the files it references (icons, fonts: WOFF2 only,
// which every browser that runs the module reads), its script (theme
// modal), the display settings (light/dark theme switch) and its licence.
const css = readFileSync(join(dsfrDist, 'dsfr.min.css'), 'utf8');
copy(join(dsfrDist, 'dsfr.min.css'), join(out, 'dsfr/dsfr.min.css'));
copy(join(dsfrDist, 'dsfr.module.min.js'), join(out, 'dsfr/dsfr.module.min.js'));
for (const f of ['display.min.css', 'display.module.min.js']) {
  copy(join(dsfrDist, 'component/display', f), join(out, 'dsfr/component/display', f));
}
copy(join(dsfrDist, '..', 'LICENSE.md'), join(out, 'dsfr/LICENSE.md'));
const refs = new Set([...css.matchAll(/url\(["']?([^"')]+)["']?\)/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:')));
for (const ref of refs) {
  if (ref.endsWith('.woff')) continue;
  const from = join(dsfrDist, ref);
  if (!existsSync(from)) throw new Error(`dsfr.min.css references ${ref}, absent from the package`);
  copy(from, join(out, 'dsfr', ref));
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

// The service worker caches every file of the site; its cache is named after
// their content, so a new build replaces the old cache on the next visit.
const files = walk(out).map((f) => relative(out, f)).sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(out, f)));
const version = hash.digest('hex').slice(0, 16);
const sw = readFileSync(join(here, 'www/sw.js'), 'utf8')
  .replace('/*PRECACHE*/[]', JSON.stringify(['./', ...files.filter((f) => f !== 'index.html' && !f.endsWith('.md'))]))
  .replace("'/*VERSION*/'", JSON.stringify(version));
writeFileSync(join(out, 'sw.js'), sw);

let raw = 0;
let gz = 0;
let br = 0;
for (const f of walk(out)) {
  const ext = f.slice(f.lastIndexOf('.'));
  if (!COMPRESSED.has(ext)) continue;
  const body = readFileSync(f);
  const g = gzipSync(body, { level: 9 });
  const b = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  writeFileSync(`${f}.gz`, g);
  writeFileSync(`${f}.br`, b);
  raw += body.length;
  gz += g.length;
  br += b.length;
}
const wasm = join(out, 'pkg/cct_wasm_bg.wasm');
const sizes = {
  wasm: statSync(wasm).size,
  wasmGz: statSync(`${wasm}.gz`).size,
  wasmBr: statSync(`${wasm}.br`).size,
  compressible: raw,
  compressibleGz: gz,
  compressibleBr: br,
};
console.error(`site/ (cache ${version}): ${files.length} files; module ${sizes.wasm} B, ${sizes.wasmGz} B .gz, ${sizes.wasmBr} B .br;`
  + ` text + module ${raw} B, ${gz} B .gz, ${br} B .br`);
