'use strict'
// Baselines (tests/baseline/): the same file and filtered report as the CLI.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cct = require('..')

const CASE = path.resolve(__dirname, '..', '..', 'tests', 'baseline')

function check(folder, options) {
  return cct.check(fs.readFileSync(path.join(CASE, folder, 'pod.yaml')), { path: 'pod.yaml', ...options })
}

test('the recorded baseline is the CLI file byte for byte', () => {
  const before = check('before')
  assert.ok(before.findings.length > 0)
  assert.equal(cct.recordBaseline(before), fs.readFileSync(path.join(CASE, 'cct-baseline.json'), 'utf8'))
})

test('applying it gives the CLI report', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(CASE, 'after.report.json'), 'utf8'))
  const baseline = cct.recordBaseline(check('before'))
  const applied = cct.applyBaseline(check('after'), baseline)
  assert.deepEqual(applied, expected)
  assert.ok(applied.baseline.known > 0)
  assert.ok(applied.baseline.fixed.length > 0)
  assert.ok(cct.hasErrors(applied), 'the new privileged container still fails')
  assert.deepEqual(check('after', { baseline }), expected, 'the check option gives the same report')
  assert.equal(check('after').baseline, undefined)
})

test('the ESM entry point has the baseline functions', async () => {
  const esm = await import('../index.mjs')
  assert.equal(esm.recordBaseline, cct.recordBaseline)
  assert.equal(esm.applyBaseline, cct.applyBaseline)
})

test('a bad baseline is a usage error', () => {
  const report = check('after')
  assert.throws(() => cct.applyBaseline(report, '{'), (e) => e instanceof cct.UsageError && /invalid baseline/.test(e.message))
  assert.throws(() => cct.applyBaseline(report, 42), cct.UsageError)
  assert.throws(() => cct.recordBaseline(null), cct.UsageError)
})
