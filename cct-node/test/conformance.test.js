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
  .filter((n) => !n.endsWith('.report.json') && n !== 'README.md' && fs.statSync(path.join(SUITE, n)).isFile())
  .sort()
// Folders pin every case to another CCT version (`alpha-v1/`).
const versions = fs
  .readdirSync(SUITE)
  .filter((n) => n !== 'commits' && n !== 'contract' && fs.statSync(path.join(SUITE, n)).isDirectory())
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
  for (const version of versions) {
    test(`conformance: ${version}/${name}`, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(SUITE, version, `${name}.report.json`), 'utf8'))
      const report = cct.check(fs.readFileSync(path.join(SUITE, name)), {
        kind: forcedKind(name),
        path: name,
        referential: `cct@${version}`
      })
      assert.deepStrictEqual(report, expected)
    })
  }
}

// Commit lists (`commits/`): the report and release `cct commits` printed on a real repository.
const COMMITS = path.join(SUITE, 'commits')
const commitLists = fs
  .readdirSync(COMMITS)
  .filter((n) => n.endsWith('.commits.json'))
  .map((n) => n.slice(0, -'.commits.json'.length))
  .sort()

test('the commit lists are not empty', () => {
  assert.ok(commitLists.length >= 4)
})

for (const name of commitLists) {
  test(`conformance: commits/${name}`, () => {
    const read = (suffix) => JSON.parse(fs.readFileSync(path.join(COMMITS, `${name}.${suffix}`), 'utf8'))
    const given = read('commits.json')
    const { last_release: lastRelease, ...options } = given.options
    const result = cct.checkCommits(given.commits, { ...options, lastRelease })
    assert.deepStrictEqual(result.report, read('report.json'))
    assert.deepStrictEqual(result.release, read('next.json'))
  })
}
