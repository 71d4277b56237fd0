'use strict'
// The shared rule fixtures (tests/fixtures/<kind>/<rule>/), replayed through Node.
// Same contract as cct-core/tests/fixtures.rs: `good.*` gives no finding of its
// rule; `bad.*` gives exactly the `line:column pointer` lines of `bad.expected`.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cct = require('..')

const FIXTURES = path.resolve(__dirname, '..', '..', 'tests', 'fixtures')

function inputFile(dir, stem) {
  if (!fs.existsSync(dir)) return null
  const found = fs
    .readdirSync(dir)
    .filter((n) => path.parse(n).name === stem && path.extname(n) !== '.expected')
    .sort()
  return found.length ? path.join(dir, found[0]) : null
}

function expected(dir) {
  return fs
    .readFileSync(path.join(dir, 'bad.expected'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
}

// The folder's `cct.yaml` (for rules that only run when configured), if any.
function configOf(dir) {
  const file = path.join(dir, 'cct.yaml')
  return fs.existsSync(file) ? { config: fs.readFileSync(file, 'utf8') } : {}
}

function findingsOf(report, rule) {
  // `line:column pointer`, as `bad.expected` writes it (no trailing space for the root pointer).
  return report.findings.filter((f) => f.rule === rule).map((f) => `${f.location.line}:${f.location.column} ${f.location.pointer}`.trimEnd())
}

// A rule that judges a repository (`good/` and `bad/` are repository roots) runs only in
// `cct audit` (the CLI); the Rust driver and cct-cli/tests/audit.rs replay its fixtures.
const isRepositoryRule = (rule) => {
  const good = path.join(FIXTURES, ...rule.id.split('/'), 'good')
  return fs.existsSync(good) && fs.statSync(good).isDirectory()
}
const rules = Object.values(cct.rules()).filter((rule) => !isRepositoryRule(rule))

test('the catalog has rules', () => {
  assert.ok(rules.length > 0)
})

for (const rule of rules) {
  const dir = path.join(FIXTURES, ...rule.id.split('/'))

  test(`${rule.id}: good fixture has no finding of its rule`, () => {
    const good = inputFile(dir, 'good')
    assert.ok(good, `missing good fixture in ${dir}`)
    const report = cct.checkFiles([good], { kind: rule.kind, ...configOf(dir) })
    assert.deepEqual(report.errors, [])
    assert.deepEqual(findingsOf(report, rule.id), [])
  })

  test(`${rule.id}: bad fixture matches bad.expected`, async () => {
    const bad = inputFile(dir, 'bad')
    assert.ok(bad, `missing bad fixture in ${dir}`)
    const want = expected(dir)
    assert.ok(want.length > 0, `${dir}/bad.expected is empty`)
    const report = cct.checkFiles([bad], { kind: rule.kind, ...configOf(dir) })
    assert.deepEqual(report.errors, [])
    assert.deepEqual(findingsOf(report, rule.id), want)
    // Raw bytes (a Buffer): the same for text fixtures, and right for binary ones (image tars).
    const text = fs.readFileSync(bad)
    const name = path.basename(bad)
    const sync = cct.check(text, { kind: rule.kind, path: name, ...configOf(dir) })
    const viaAsync = await cct.checkAsync(text, { kind: rule.kind, path: name, ...configOf(dir) })
    assert.deepEqual(viaAsync, sync)
    assert.deepEqual(findingsOf(sync, rule.id), want)
    for (const f of sync.findings) {
      assert.equal(f.location.path, name)
      assert.ok(f.message && f.remediation)
      assert.ok(['error', 'warning', 'info'].includes(f.severity))
    }
  })
}
