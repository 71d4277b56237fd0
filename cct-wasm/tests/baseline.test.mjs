// Baselines (tests/baseline/): the same file and filtered report as the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage, repoRoot } from './helpers.mjs';

const cct = await loadPackage();
const CASE = join(repoRoot, 'tests', 'baseline');

const check = (folder, options = {}) =>
  cct.checkBytes(readFileSync(join(CASE, folder, 'pod.yaml')), { path: 'pod.yaml', ...options });

test('the recorded baseline is the CLI file byte for byte', () => {
  const before = check('before');
  assert.ok(before.findings.length > 0);
  assert.equal(cct.recordBaseline(before), readFileSync(join(CASE, 'cct-baseline.json'), 'utf8'));
  assert.equal(cct.recordBaseline(JSON.stringify(before)), cct.recordBaseline(before), 'the report as JSON text');
});

test('applying it gives the CLI report', () => {
  const expected = JSON.parse(readFileSync(join(CASE, 'after.report.json'), 'utf8'));
  const baseline = cct.recordBaseline(check('before'));
  const applied = cct.applyBaseline(check('after'), baseline);
  assert.deepEqual(applied, expected);
  assert.ok(applied.baseline.known > 0);
  assert.ok(applied.baseline.fixed.length > 0);
  assert.deepEqual(check('after', { baseline }), expected, 'the check option gives the same report');
  assert.equal(check('after').baseline, undefined);
});

test('a bad baseline is an invalid-options error', () => {
  assert.throws(() => cct.applyBaseline(check('after'), '{'), (e) => e.code === 'invalid_options' && /invalid baseline/.test(e.message));
});
