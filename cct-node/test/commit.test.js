'use strict'
// checkCommitMessage, its async twin and format(), through the package entry.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cct = require('..')

const FIXTURES = path.resolve(__dirname, '..', '..', 'tests', 'fixtures')

function rulesOf(report, severity) {
  return [...new Set(report.findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort()
}

test('a good message gives an empty report, a bad one its findings', () => {
  const good = cct.checkCommitMessage('feat: add x')
  assert.deepEqual(good.findings, [])
  assert.equal(good.summary.inputs, 1)
  assert.equal(good.inputs[0].kind, 'commit')
  assert.equal(good.inputs[0].path, '<input>')
  assert.ok(!cct.hasErrors(good))

  const bad = cct.checkCommitMessage('Feature: Add pagination.\n', { path: 'COMMIT_EDITMSG' })
  assert.deepEqual(rulesOf(bad, 'error'), ['commit/subject-case', 'commit/subject-full-stop', 'commit/type-case', 'commit/type-enum'])
  const typeEnum = bad.findings.find((f) => f.rule === 'commit/type-enum')
  assert.deepEqual(
    { path: typeEnum.location.path, line: typeEnum.location.line, column: typeEnum.location.column, pointer: typeEnum.location.pointer },
    { path: 'COMMIT_EDITMSG', line: 1, column: 1, pointer: '/header/type' },
  )
  assert.ok(cct.hasErrors(bad))
})

test('the message is read as git leaves it: comments, scissors, commentChar', () => {
  const edited = 'feat: add x\n\n# Please enter the commit message for your changes.\n# ------------------------ >8 ------------------------\nFeature: Not. A. Message.\n'
  assert.deepEqual(cct.checkCommitMessage(edited).findings, [])
  // With `;` as comment character, `#` lines are part of the body.
  const semi = `feat: add x\n\n; ${'a comment line far too long for a body line '.repeat(3)}\n`
  assert.deepEqual(cct.checkCommitMessage(semi, { commentChar: ';' }).findings, [])
  assert.deepEqual(rulesOf(cct.checkCommitMessage(semi), 'error'), ['commit/body-max-line-length'])
  // Positions are lines of the message as given (the comment line counts).
  const bodyFirst = cct.checkCommitMessage('# note\nfeat: Add x\n')
  assert.equal(bodyFirst.findings.find((f) => f.rule === 'commit/subject-case').location.line, 2)
})

test('Buffers are messages too; generated messages are skipped', () => {
  assert.deepEqual(cct.checkCommitMessage(Buffer.from('fix: y')), cct.checkCommitMessage('fix: y'))
  const merge = cct.checkCommitMessage("Merge branch 'main' into feature")
  assert.equal(merge.inputs[0].status, 'skipped')
  assert.deepEqual(merge.findings, [])
})

test('the same verdicts as commitlint on the parity fixtures', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'commit', 'commitlint-parity.json'), 'utf8'))
  // As cct-core/tests/commit.rs: rules only cct has (`scope-case` is opt-in, as in
  // config-conventional since 12.1.1; `header-trim` is implemented), and the documented
  // footer difference.
  const commitlintOnly = []
  const cctOnly = ['breaking-change-description', 'signed']
  const specFooters = 'Reviewed-by: Z\nRefs: #123'
  assert.ok(doc.cases.length >= 50)
  let compared = 0
  for (const c of doc.cases) {
    const report = cct.checkCommitMessage(c.message)
    // The hook drops trailing whitespace as git's cleanup does (docs/commits.md):
    // `fix: ` is `fix:` there. Such messages keep commitlint's verdict, not its rule list.
    if (/[ \t]$/m.test(c.message)) {
      assert.equal(cct.hasErrors(report), c.errors.length > 0, `verdict on ${JSON.stringify(c.message)}`)
      continue
    }
    // An empty message: commitlint passes it, cct says so (docs/commits.md).
    if (c.message.trim() === '') {
      assert.deepEqual(report.findings.map((f) => f.message), ['empty commit message'])
      continue
    }
    compared++
    // A header that is not `type: …` at all (no colon): cct gives one diagnosis, type-empty;
    // commitlint adds subject-empty and, for a trailing `.`, subject-full-stop.
    const header = c.message.split('\n')[0]
    const oneDiagnosis = header.trim() !== '' && !header.includes(':')
    const want = (list) =>
      [...list]
        .filter((r) => !commitlintOnly.includes(r) && !(c.message.includes(specFooters) && r === 'footer-leading-blank'))
        .filter((r) => !(oneDiagnosis && (r === 'subject-empty' || r === 'subject-full-stop')))
        .sort()
    const got = (severity) => rulesOf(report, severity).map((r) => r.replace(/^commit\//, '')).filter((r) => !cctOnly.includes(r))
    assert.deepEqual(got('error'), want(c.errors), `errors of ${JSON.stringify(c.message)}`)
    assert.deepEqual(got('warning'), want(c.warnings), `warnings of ${JSON.stringify(c.message)}`)
  }
  assert.ok(compared >= 45, `${compared} messages compared rule by rule`)
})

test('the commit settings of a configuration apply', () => {
  const config = 'settings:\n  commit:\n    types: [feat, fix, release]\n    header_max_length: 20\n'
  assert.deepEqual(cct.checkCommitMessage('release: cut 1.2', { config }).findings, [])
  assert.deepEqual(rulesOf(cct.checkCommitMessage('release: cut 1.2'), 'error'), ['commit/type-enum'])
  assert.deepEqual(rulesOf(cct.checkCommitMessage('feat: a header longer than twenty', { config }), 'error'), ['commit/header-max-length'])
  // A configuration given as an object works as for `check`.
  const asObject = { settings: { commit: { types: ['release'] } } }
  assert.deepEqual(rulesOf(cct.checkCommitMessage('feat: x', { config: asObject }), 'error'), ['commit/type-enum'])
  const off = { rules: { 'commit/type-enum': { enabled: false } } }
  assert.deepEqual(cct.checkCommitMessage('feature: x', { config: off }).findings, [])
})

test('errors are Error subclasses with code and position', () => {
  assert.throws(() => cct.checkCommitMessage('feat: x', { commentChar: '##' }), (e) => e instanceof cct.UsageError && e.code === 'invalid_options')
  assert.throws(() => cct.checkCommitMessage('feat: x', { kind: 'kube' }), (e) => e instanceof cct.UsageError && e.code === 'invalid_options')
  assert.throws(() => cct.checkCommitMessage('feat: x', { comentChar: ';' }), (e) => e instanceof cct.UsageError && /comentChar/.test(e.message))
  assert.throws(() => cct.checkCommitMessage(42), cct.UsageError)
  assert.throws(
    () => cct.checkCommitMessage('feat: x', { config: 'settings:\n  commit:\n    header_max_lenght: 3\n' }),
    (e) => e instanceof cct.ConfigError && e.code === 'config' && e.file === 'cct.yaml' && e.line === 3 && e.column > 0,
  )
})

test('a panic in the core is an InternalError and the process keeps working', () => {
  assert.throws(() => cct.checkCommitMessage('feat: x', { kind: cct.PANIC_FOR_TESTS_KIND }), (e) => e instanceof cct.InternalError && e.code === 'internal')
  assert.deepEqual(cct.checkCommitMessage('feat: x').findings, [])
})

test('checkCommitMessageAsync gives the same report and rejects the same way', async () => {
  const message = 'Feature: Add pagination.\n\nBREAKING CHANGE:\n'
  const opts = { path: 'msg', today: '2026-01-31' }
  assert.deepEqual(await cct.checkCommitMessageAsync(message, opts), cct.checkCommitMessage(message, opts))
  await assert.rejects(cct.checkCommitMessageAsync('feat: x', { commentChar: '' }), cct.UsageError)
  await assert.rejects(cct.checkCommitMessageAsync('feat: x', { kind: cct.PANIC_FOR_TESTS_KIND }), cct.InternalError)
  const many = await Promise.all(Array.from({ length: 16 }, (_, i) => cct.checkCommitMessageAsync(i % 2 ? 'feat: ok' : 'Bad: Header.')))
  assert.deepEqual(many.map((r) => r.summary.error > 0), Array.from({ length: 16 }, (_, i) => i % 2 === 0))
})

test('format renders a report in every output format', () => {
  const report = cct.checkCommitMessage('Feature: Add pagination.', { path: 'COMMIT_EDITMSG' })
  assert.deepEqual(JSON.parse(cct.format(report, 'json')), report)
  const sarif = JSON.parse(cct.toSarif(report))
  assert.equal(sarif.version, '2.1.0')
  const results = sarif.runs[0].results
  assert.equal(results.length, report.findings.length)
  assert.ok(results.some((r) => r.ruleId === 'commit/type-enum'))
  assert.equal(cct.toSarif(report), cct.format(report, 'sarif'))
  const junit = cct.toJunit(report)
  assert.match(junit, /^<\?xml/)
  assert.match(junit, /commit\/type-enum/)
  const md = cct.toMarkdown(report)
  assert.match(md, /commit\/type-enum/)
  assert.equal(md, cct.format(report, 'markdown'))
})

test('format refuses unknown formats and things that are not reports', () => {
  const report = cct.checkCommitMessage('feat: x')
  assert.throws(() => cct.format(report, 'html'), (e) => e instanceof cct.UsageError && /unknown format/.test(e.message))
  assert.throws(() => cct.format({ not: 'a report' }, 'json'), (e) => e instanceof cct.UsageError && /not a cct report/.test(e.message))
  assert.throws(() => cct.format(null, 'json'), cct.UsageError)
  assert.throws(() => cct.format(report), cct.UsageError)
})

test('the ESM entry exports the commit and format functions', async () => {
  const esm = await import('../index.mjs')
  assert.equal(esm.checkCommitMessage, cct.checkCommitMessage)
  assert.equal(esm.checkCommitMessageAsync, cct.checkCommitMessageAsync)
  assert.equal(esm.format, cct.format)
  assert.equal(esm.toSarif, cct.toSarif)
  assert.equal(esm.default.format, cct.format)
})

test('checkCommits gives the history report and the next release', async () => {
  const a = 'a'.repeat(40)
  const b = 'b'.repeat(40)
  const commits = [
    { hash: b, message: 'feat(api)!: drop v1\n', signature: 'ssh' },
    { hash: a, message: 'Fixed stuff.\n', signature: 'none' },
  ]
  const result = cct.checkCommits(commits, { lastRelease: 'v1.4.2' })
  assert.deepEqual(result.release, { bump: 'major', commits: 2, current: '1.4.2', last_tag: 'v1.4.2', next: '2.0.0', next_tag: '2.0.0' })
  const at = (rule) => result.report.findings.filter((f) => f.rule === rule).map((f) => f.location.path)
  assert.deepEqual(at('commit/type-empty'), [a])
  assert.deepEqual(at('commit/signed'), [a])
  assert.deepEqual(result.notes, [])
  assert.deepEqual(await cct.checkCommitsAsync(commits, { lastRelease: 'v1.4.2' }), result)
  assert.equal(cct.checkCommits(commits, { prerelease: 'beta' }).release.next, '1.0.0-beta.1')
  const unchecked = cct.checkCommits([{ hash: a, message: 'fix: x\n', signature: 'ssh', verification: 'N' }])
  assert.equal(unchecked.notes.length, 1)
  assert.match(unchecked.notes[0], /1 ssh/)
})

test('checkCommits refuses malformed commits and options', () => {
  for (const [commits, options] of [
    [[{ hash: 'a', message: 'x', signature: 'pgp' }], {}],
    [[{ hash: 'a', message: 'x', signed: true }], {}],
    [[{ hash: 'a', message: 'x' }], { lastRelease: 'main' }],
    [{ hash: 'a', message: 'x' }, {}],
  ]) {
    assert.throws(() => cct.checkCommits(commits, options), (e) => e instanceof cct.UsageError && e.code === 'invalid_options')
  }
})
