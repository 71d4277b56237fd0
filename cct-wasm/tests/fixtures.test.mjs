// The shared rule fixtures (tests/fixtures/<kind>/<rule>/), replayed against the
// WebAssembly module: the same corpus the Rust driver (cct-core/tests/fixtures.rs)
// checks natively, so the browser gives the same findings at the same positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadPackage, fixtureDirs, inputFile, expectedLines } from './helpers.mjs';

const cct = await loadPackage();
const catalogRules = new Set(cct.rules().map((r) => r.id));
const ARTEFACT_KINDS = new Set(['kube', 'openapi', 'image', 'commit', 'dockerfile', 'pipeline']);
// Rule fixture folders: `<kind>/<rule>/` with good, bad and bad.expected. Other
// folders (config/, custom/, commit/spec, kube/realistic, openapi/external) are
// corpora of the Rust drivers with their own layout; they are listed as skipped.
// A rule that judges a repository (`good/` and `bad/` are repository roots) runs only in
// `cct audit` (the CLI); the Rust driver and cct-cli/tests/audit.rs replay its fixtures.
const isRepositoryFolder = (dir) => existsSync(join(dir, 'good')) && statSync(join(dir, 'good')).isDirectory();
const isRuleFolder = ({ kind, dir }) =>
  ARTEFACT_KINDS.has(kind) && existsSync(join(dir, 'bad.expected')) && !isRepositoryFolder(dir);
const dirs = fixtureDirs().filter(isRuleFolder);
for (const { rule } of fixtureDirs().filter((d) => !isRuleFolder(d))) {
  test(rule, { skip: 'not a rule fixture folder (replayed by the Rust drivers)' }, () => {});
}

/** Text of a fixture, or null when it is binary (image archives go through the Rust driver only). */
function textOf(file) {
  const bytes = readFileSync(file);
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The folder's `cct.yaml` (for rules that only run when configured), if any. */
function configOf(file) {
  const config = join(dirname(file), 'cct.yaml');
  return existsSync(config) ? { config: readFileSync(config, 'utf8') } : {};
}

function findingsOf(rule, kind, file) {
  // Binary fixtures (image archives and layouts as tar) go through the bytes entry point.
  const text = textOf(file);
  const options = { kind, path: basename(file), ...configOf(file) };
  const report =
    text === null ? cct.checkBytes(new Uint8Array(readFileSync(file)), options) : cct.check(text, options);
  assert.deepEqual(report.errors, [], `${file}: input errors`);
  return report.findings
    .filter((f) => f.rule === rule)
    .map((f) => `${f.location.line}:${f.location.column} ${f.location.pointer}`.trimEnd());
}

test('the fixture corpus is not empty', () => {
  assert.ok(dirs.length > 0, 'no fixture folder under tests/fixtures');
});

for (const { kind, rule, dir } of dirs) {
  const good = inputFile(dir, 'good');
  const bad = inputFile(dir, 'bad');
  test(rule, () => {
    assert.ok(catalogRules.has(rule), `${rule} is not in the module's catalog`);
    assert.ok(good && bad, `${dir}: missing good/bad fixtures`);
    assert.deepEqual(findingsOf(rule, kind, good), [], `${rule}: good fixture has findings`);
    const expected = expectedLines(dir);
    assert.ok(expected.length > 0, `${rule}: bad.expected is missing or empty`);
    assert.deepEqual(findingsOf(rule, kind, bad), expected, `${rule}: bad fixture`);
  });
}
