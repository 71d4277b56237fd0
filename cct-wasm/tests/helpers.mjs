// Shared helpers of the cct-wasm tests: load a built package (pkg/ or pkg-test/) in Node.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const crateDir = resolve(here, '..');
export const repoRoot = resolve(crateDir, '..');
export const fixturesRoot = join(repoRoot, 'tests', 'fixtures');

/** The directory of a built package: `pkg` (or $CCT_WASM_PKG), `pkg-test` (or $CCT_WASM_PKG_TEST). */
export function packageDir(name = 'pkg') {
  const env = process.env[name === 'pkg' ? 'CCT_WASM_PKG' : 'CCT_WASM_PKG_TEST'];
  return env ? resolve(env) : join(crateDir, name);
}

/** The file: URL of `file` in a built package. */
export function packageUrl(name, file) {
  return pathToFileURL(join(packageDir(name), file)).href;
}

/** Imports `<dir>/cct.js` and instantiates it from the bytes of `<dir>/cct_wasm_bg.wasm`. */
export async function loadPackage(name = 'pkg') {
  const dir = packageDir(name);
  if (!existsSync(join(dir, 'cct.js'))) {
    throw new Error(`${dir}/cct.js is missing: run cct-wasm/scripts/build.sh${name === 'pkg' ? '' : ' --test'} first`);
  }
  const mod = await import(pathToFileURL(join(dir, 'cct.js')).href);
  await mod.default(readFileSync(join(dir, 'cct_wasm_bg.wasm')));
  return mod;
}

/** The fixture folders `tests/fixtures/<kind>/<rule>/`, as `{ kind, rule, dir }`. */
export function fixtureDirs() {
  const out = [];
  if (!existsSync(fixturesRoot)) return out;
  for (const kind of readdirSync(fixturesRoot, { withFileTypes: true })) {
    if (!kind.isDirectory()) continue;
    for (const rule of readdirSync(join(fixturesRoot, kind.name), { withFileTypes: true })) {
      if (rule.isDirectory()) out.push({ kind: kind.name, rule: `${kind.name}/${rule.name}`, dir: join(fixturesRoot, kind.name, rule.name) });
    }
  }
  return out.sort((a, b) => a.rule.localeCompare(b.rule));
}

/** The first file of `dir` named `<stem>.<ext>` (not `.expected`), or null. */
export function inputFile(dir, stem) {
  const found = readdirSync(dir)
    .filter((f) => f.startsWith(`${stem}.`) && !f.endsWith('.expected'))
    .sort();
  return found.length ? join(dir, found[0]) : null;
}

/** `bad.expected` as a list of `line:column pointer` strings (comments and blanks dropped). */
export function expectedLines(dir) {
  const file = join(dir, 'bad.expected');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
