'use strict'
// The binding contract's cases (tests/conformance/contract/): the same answer as every front end.
// Options are recorded snake_case and spelled camelCase here, as JavaScript callers write them.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cct = require('..')

const SUITE = path.resolve(__dirname, '..', '..', 'tests', 'conformance', 'contract')
const CALLS = { check: cct.check, check_commit_message: cct.checkCommitMessage }

const cases = fs.readdirSync(SUITE).filter((n) => n.endsWith('.case.json')).sort()

/** `comment_char` → `commentChar`. */
function camel(options) {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]))
}

/** What the Node API answers for a case: `{ ok: report }` or `{ error: { code, class } }`. */
function answer(c) {
  try {
    return { ok: CALLS[c.call](c.text, camel(c.options)) }
  } catch (e) {
    if (!(e instanceof cct.CctError)) throw e
    return { error: { code: e.code, class: e.name } }
  }
}

test('the contract suite is not empty', () => {
  assert.ok(cases.length >= 8)
})

for (const name of cases) {
  test(`contract: ${name}`, () => {
    const c = JSON.parse(fs.readFileSync(path.join(SUITE, name), 'utf8'))
    const expected = JSON.parse(fs.readFileSync(path.join(SUITE, name.replace('.case.json', '.answer.json')), 'utf8'))
    assert.deepEqual(answer(c), expected)
  })
}
