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
function reportOf(name, referential) {
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  return cct.checkBytes(bytes, { path: name, kind: forcedKind(name), referential });
}

const cases = readdirSync(dir)
  .filter((n) => !n.endsWith('.report.json') && n !== 'README.md' && statSync(join(dir, n)).isFile())
  .sort();
/** Folders pin every case to another CCT version (`alpha-v1/`). */
const versions = readdirSync(dir)
  .filter((n) => n !== 'commits' && n !== 'contract' && statSync(join(dir, n)).isDirectory())
  .sort();

test('the conformance suite has cases', () => assert.ok(cases.length >= 5, cases.join(', ')));

for (const name of cases) {
  test(`conformance: ${name}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, `${name}.report.json`), 'utf8'));
    assert.deepEqual(reportOf(name), expected);
  });
  for (const version of versions) {
    test(`conformance: ${version}/${name}`, () => {
      const expected = JSON.parse(readFileSync(join(dir, version, `${name}.report.json`), 'utf8'));
      assert.deepEqual(reportOf(name, `cct@${version}`), expected);
    });
  }
}

// Commit lists (`commits/`): the report and release `cct commits` printed on a real repository.
const commitsDir = join(dir, 'commits');
const commitLists = readdirSync(commitsDir)
  .filter((n) => n.endsWith('.commits.json'))
  .map((n) => n.slice(0, -'.commits.json'.length))
  .sort();

test('the conformance suite has commit lists', () => assert.ok(commitLists.length >= 4, commitLists.join(', ')));

for (const name of commitLists) {
  test(`conformance: commits/${name}`, () => {
    const read = (suffix) => JSON.parse(readFileSync(join(commitsDir, `${name}.${suffix}`), 'utf8'));
    const given = read('commits.json');
    // The recorded options are the core's snake_case; JavaScript spells them camelCase.
    const { last_release: lastRelease, ...options } = given.options;
    const result = cct.checkCommits(given.commits, { ...options, lastRelease });
    assert.deepEqual(result.report, read('report.json'));
    assert.deepEqual(result.release, read('next.json'));
  });
}
