'use strict'
// The conformance suite (tests/conformance/): the same report as every other front end.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cct = require('..')

const SUITE = path.resolve(__dirname, '..', '..', 'tests', 'conformance')
const KINDS = new Set(['kube', 'image', 'openapi', 'commit'])

const cases = fs
  .readdirSync(SUITE)
  .filter((n) => fs.statSync(path.join(SUITE, n)).isFile() && !n.endsWith('.report.json') && n !== 'README.md')
  .sort()

function forcedKind(name) {
  const parts = name.split('.')
  return parts.length >= 3 && KINDS.has(parts[parts.length - 2]) ? parts[parts.length - 2] : 'auto'
}

test('the suite is not empty', () => {
  assert.ok(cases.length >= 5)
})

for (const name of cases) {
  test(`conformance: ${name}`, () => {
    const expected = JSON.parse(fs.readFileSync(path.join(SUITE, `${name}.report.json`), 'utf8'))
    const report = cct.check(fs.readFileSync(path.join(SUITE, name)), { kind: forcedKind(name), path: name })
    assert.deepStrictEqual(report, expected)
  })
}
