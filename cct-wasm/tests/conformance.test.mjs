// The conformance suite (tests/conformance/): every case's report, from the
// wasm module, deep-equals the recorded `<case>.report.json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage, repoRoot } from './helpers.mjs';

const cct = await loadPackage();
const dir = join(repoRoot, 'tests', 'conformance');
const kinds = new Set(['kube', 'k8s', 'kubernetes', 'openapi', 'image', 'commit']);

/** The kind forced by a `.<kind>.` infix in the name, else auto-detection. */
function forcedKind(name) {
  const parts = name.split('.');
  return parts.length >= 3 && kinds.has(parts[parts.length - 2]) ? parts[parts.length - 2] : 'auto';
}

/** The report for a case; unreadable inputs are in its `errors` like in every binding. */
function reportOf(name) {
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  return cct.checkBytes(bytes, { path: name, kind: forcedKind(name) });
}

const cases = readdirSync(dir)
  .filter((n) => statSync(join(dir, n)).isFile() && !n.endsWith('.report.json') && n !== 'README.md')
  .sort();

test('the conformance suite has cases', () => assert.ok(cases.length >= 5, cases.join(', ')));

for (const name of cases) {
  test(`conformance: ${name}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, `${name}.report.json`), 'utf8'));
    assert.deepEqual(reportOf(name), expected);
  });
}
