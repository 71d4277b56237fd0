'use strict'
// The command-line entries: cct-commit-msg (the commit-msg hook) and cct-check
// (lint-staged), run as processes on temporary files and repositories.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const cct = require('..')

const COMMIT_MSG = path.resolve(__dirname, '..', 'bin', 'cct-commit-msg.js')
const CHECK = path.resolve(__dirname, '..', 'bin', 'cct-check.js')
const FIXTURES = path.resolve(__dirname, '..', '..', 'tests', 'fixtures')
const PLAIN = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }

function run(bin, args, { cwd, input, env } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, input, env: env || PLAIN, encoding: 'utf8' })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n') }
}

function tmpdir(t) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cct-node-bin-')))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function write(dir, name, text) {
  const file = path.join(dir, name)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' })
  if (r.error) throw r.error
  return r
}

test('cct-commit-msg: a good message passes silently', (t) => {
  const dir = tmpdir(t)
  const r = run(COMMIT_MSG, [write(dir, 'COMMIT_EDITMSG', 'feat: add x\n')], { cwd: dir })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, '')
  assert.equal(r.stderr, '')
})

test('cct-commit-msg: a bad message prints commitlint-style problems and exits 1', (t) => {
  const dir = tmpdir(t)
  const message = 'Feature: Add pagination.\n'
  const r = run(COMMIT_MSG, [write(dir, 'COMMIT_EDITMSG', message)], { cwd: dir })
  assert.equal(r.status, 1)
  const report = cct.checkCommitMessage(message)
  const problems = report.findings.map((f) => `✖   ${f.message} [${f.rule}]`)
  assert.equal(problems.length, 4)
  assert.deepEqual(r.lines, [
    '⧗   input: Feature: Add pagination.',
    ...problems,
    '',
    '✖   found 4 problems, 0 warnings',
    `ⓘ   Get help: cct-commit-msg --explain ${report.findings[0].rule}`,
    '',
    '',
  ])
})

test('cct-commit-msg: warnings are shown and do not fail', (t) => {
  const dir = tmpdir(t)
  const r = run(COMMIT_MSG, [write(dir, 'msg', 'feat: add x\nno blank line before the body\n')], { cwd: dir })
  assert.equal(r.status, 0)
  assert.equal(r.lines[0], '⧗   input: feat: add x')
  assert.match(r.lines[1], /^⚠ {3}.+ \[commit\/body-leading-blank\]$/)
  assert.ok(r.lines.includes('⚠   found 0 problems, 1 warnings'), r.stdout)
})

test('cct-commit-msg: reads the file as git leaves it, and standard input', (t) => {
  const dir = tmpdir(t)
  const edited = [
    '',
    'fix(api): handle empty pages',
    '',
    '# Please enter the commit message for your changes. Lines starting',
    "# with '#' will be ignored, and an empty message aborts the commit.",
    '# ------------------------ >8 ------------------------',
    '# Do not modify or remove the line above.',
    'diff --git a/x b/x',
    'Not A Conventional Header.',
    '',
  ].join('\n')
  assert.equal(run(COMMIT_MSG, [write(dir, 'COMMIT_EDITMSG', edited)], { cwd: dir }).status, 0)
  assert.equal(run(COMMIT_MSG, ['-'], { cwd: dir, input: 'feat: add x\n' }).status, 0)
  const bad = run(COMMIT_MSG, ['-'], { cwd: dir, input: 'feat: Add x\n' })
  assert.equal(bad.status, 1)
  assert.match(bad.stdout, /\[commit\/subject-case\]/)
  // `#` is an ordinary character with another comment character.
  const semi = write(dir, 'semi', '#1 is not a header\n; comment\n')
  assert.equal(run(COMMIT_MSG, ['--comment-char', ';', semi], { cwd: dir }).status, 1)
  assert.equal(run(COMMIT_MSG, [write(dir, 'hash', 'feat: x\n# comment\n')], { cwd: dir }).status, 0)
  assert.equal(run(COMMIT_MSG, ['--comment-char=;', write(dir, 'semi-ok', 'feat: x\n; Comment.\n')], { cwd: dir }).status, 0)
})

test('cct-commit-msg: usage errors exit 2 with a message', (t) => {
  const dir = tmpdir(t)
  const file = write(dir, 'msg', 'feat: x\n')
  for (const args of [[], ['--bogus', file], [file, file], ['--format', 'html', file], ['--comment-char'], ['--comment-char', '##', file], ['--today', 'tomorrow', file], ['--profile', 'no-such-profile', file], ['--config', 'x.yaml', '--profile', 'minimal', file], [path.join(dir, 'missing')], ['--config', path.join(dir, 'missing.yaml'), file]]) {
    const r = run(COMMIT_MSG, args, { cwd: dir })
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, /^cct-commit-msg: error: /, args.join(' '))
    assert.equal(r.stdout, '')
  }
  const help = run(COMMIT_MSG, ['--help'])
  assert.equal(help.status, 0)
  assert.match(help.stdout, /^usage: cct-commit-msg/)
  assert.equal(run(COMMIT_MSG, ['--version']).stdout, `cct-commit-msg (cct) ${cct.version}\n`)
  const explain = run(COMMIT_MSG, ['--explain', 'commit/type-enum'])
  assert.equal(explain.status, 0)
  assert.equal(explain.stdout, cct.explain('commit/type-enum').markdown.trimEnd() + '\n')
  assert.equal(run(COMMIT_MSG, ['--explain', 'commit/nope']).status, 2)
})

test('cct-commit-msg: the generated loader is the fallback of the direct addon load', (t) => {
  const dir = tmpdir(t)
  const file = write(dir, 'msg', 'feat: Add x\n')
  const direct = run(COMMIT_MSG, [file], { cwd: dir })
  // NAPI_RS_NATIVE_LIBRARY_PATH makes the bin go through binding.js, which honours it.
  const addon = require('../binding.js')
  const nodeFile = fs.readdirSync(path.join(__dirname, '..')).find((n) => /^cct-node\..+\.node$/.test(n))
  assert.ok(nodeFile && addon.version() === cct.version)
  const viaLoader = run(COMMIT_MSG, [file], { cwd: dir, env: { ...PLAIN, NAPI_RS_NATIVE_LIBRARY_PATH: path.join(__dirname, '..', nodeFile) } })
  assert.equal(viaLoader.status, 1)
  assert.equal(viaLoader.stdout, direct.stdout)
  const missing = run(COMMIT_MSG, [file], { cwd: dir, env: { ...PLAIN, NAPI_RS_NATIVE_LIBRARY_PATH: path.join(dir, 'none.node') } })
  assert.notEqual(missing.status, 0, 'the loader was used and failed on the missing override')
})

test('cct-commit-msg: finds cct.yaml from the current folder up to the repository root', (t) => {
  const outer = tmpdir(t)
  // A configuration above the repository is never used.
  write(outer, 'cct.yaml', 'settings:\n  commit:\n    types: [feat]\n')
  const repo = path.join(outer, 'repo')
  fs.mkdirSync(repo)
  assert.equal(git(repo, 'init', '-q').status, 0)
  const msgs = path.join(outer, 'msgs')
  const release = write(msgs, 'release', 'release: cut 1.2\n')
  const fix = write(msgs, 'fix', 'fix: y\n')
  const longFeat = write(msgs, 'long', 'feat: a header longer than twenty\n')
  assert.equal(run(COMMIT_MSG, [fix], { cwd: repo }).status, 0, 'the outer cct.yaml applied')
  assert.equal(run(COMMIT_MSG, [release], { cwd: repo }).status, 1)

  write(repo, 'cct.yaml', 'settings:\n  commit:\n    types: [feat, fix, release]\n    header_max_length: 20\n')
  const sub = path.join(repo, 'deep', 'er')
  fs.mkdirSync(sub, { recursive: true })
  for (const cwd of [repo, sub]) {
    assert.equal(run(COMMIT_MSG, [release], { cwd }).status, 0)
    const long = run(COMMIT_MSG, [longFeat], { cwd })
    assert.equal(long.status, 1)
    assert.match(long.stdout, /\[commit\/header-max-length\]/)
  }
  // --config names another file; --profile alone leaves the discovered file out.
  const other = write(outer, 'other.yaml', 'rules:\n  commit/type-enum: {enabled: false}\n')
  assert.equal(run(COMMIT_MSG, ['--config', other, longFeat], { cwd: repo }).status, 0)
  assert.equal(run(COMMIT_MSG, ['--profile', 'minimal', release], { cwd: repo }).status, cct.hasErrors(cct.checkCommitMessage('release: cut 1.2', { profile: 'minimal' })) ? 1 : 0)

  // `.cct.yaml` is found too; `cct.yaml` wins over it in the same folder.
  fs.rmSync(path.join(repo, 'cct.yaml'))
  write(repo, '.cct.yaml', 'settings:\n  commit:\n    types: [release]\n')
  assert.equal(run(COMMIT_MSG, [release], { cwd: sub }).status, 0)
  assert.equal(run(COMMIT_MSG, [fix], { cwd: sub }).status, 1)
  write(repo, 'cct.yaml', 'settings:\n  commit:\n    types: [fix]\n')
  assert.equal(run(COMMIT_MSG, [fix], { cwd: sub }).status, 0)

  // An invalid configuration is a configuration error naming the file and the position.
  write(repo, 'cct.yaml', 'settings:\n  commit:\n    header_max_lenght: 3\n')
  const broken = run(COMMIT_MSG, [fix], { cwd: repo })
  assert.equal(broken.status, 2)
  assert.match(broken.stderr, /^cct-commit-msg: error: cct\.yaml:3:\d+: /)
  const fromSub = run(COMMIT_MSG, [fix], { cwd: sub })
  assert.equal(fromSub.status, 2)
  assert.ok(fromSub.stderr.includes(`${path.join(repo, 'cct.yaml')}:3:`), fromSub.stderr)
})

test('cct-commit-msg: other formats are the core renderings', (t) => {
  const dir = tmpdir(t)
  const file = write(dir, 'msg', 'Feature: Add pagination.\n')
  const json = run(COMMIT_MSG, ['--format', 'json', file], { cwd: dir })
  assert.equal(json.status, 1)
  assert.deepEqual(JSON.parse(json.stdout), cct.checkCommitMessage('Feature: Add pagination.\n', { path: file }))
  const sarif = run(COMMIT_MSG, ['--format=sarif', file], { cwd: dir })
  assert.equal(sarif.status, 1)
  assert.equal(JSON.parse(sarif.stdout).version, '2.1.0')
})

test('cct-commit-msg: colours follow FORCE_COLOR and NO_COLOR', (t) => {
  const dir = tmpdir(t)
  const file = write(dir, 'msg', 'feat: Add x\n')
  const coloured = run(COMMIT_MSG, [file], { cwd: dir, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '1' } })
  assert.equal(coloured.status, 1)
  assert.match(coloured.stdout, /\u001b\[31m✖\u001b\[0m/)
  assert.doesNotMatch(run(COMMIT_MSG, [file], { cwd: dir }).stdout, /\u001b/)
})

test('cct-commit-msg as the commit-msg hook of a real repository', (t) => {
  const repo = tmpdir(t)
  assert.equal(git(repo, 'init', '-q').status, 0)
  const hook = write(repo, '.hooks/commit-msg', `#!/bin/sh\nexec "${process.execPath}" "${COMMIT_MSG}" "$1"\n`)
  fs.chmodSync(hook, 0o755)
  assert.equal(git(repo, 'config', 'core.hooksPath', '.hooks').status, 0)
  write(repo, 'a.txt', 'a\n')
  git(repo, 'add', 'a.txt')
  const refused = git(repo, 'commit', '-q', '-m', 'Added a file.')
  assert.notEqual(refused.status, 0)
  assert.match(refused.stdout + refused.stderr, /^✖ {3}.*\[commit\/type-empty\]$/m)
  assert.match(refused.stdout + refused.stderr, /^✖ {3}found \d+ problems, 0 warnings$/m)
  assert.equal(git(repo, 'rev-parse', '--verify', '-q', 'HEAD').status, 1, 'no commit was made')
  const accepted = git(repo, 'commit', '-q', '-m', 'feat: add a file')
  assert.equal(accepted.status, 0, accepted.stderr)
  assert.equal(git(repo, 'log', '-1', '--format=%s').stdout, 'feat: add a file\n')
})

test('cct-check: staged manifests and OpenAPI files, one line per finding', (t) => {
  const dir = tmpdir(t)
  assert.equal(git(dir, 'init', '-q').status, 0)
  const pod = write(dir, 'deploy/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n')
  const api = path.join(FIXTURES, 'openapi', 'health-endpoint', 'good.yaml')
  const chart = write(dir, 'Chart.yaml', 'name: chart\n')
  const r = run(CHECK, ['deploy/pod.yaml', api, 'Chart.yaml'], { cwd: dir })
  assert.equal(r.status, 1)
  const report = cct.checkFiles(['deploy/pod.yaml', api, 'Chart.yaml'].map((p) => ({ path: p, content: fs.readFileSync(path.resolve(dir, p)) })))
  const want = report.findings.map((f) => `${f.location.path}:${f.location.line}:${f.location.column}: ${f.severity}[${f.rule}] ${f.message}`)
  assert.ok(want.some((l) => l.startsWith('deploy/pod.yaml:7:7: error[kube/liveness-probe] ')), want.join('\n'))
  assert.deepEqual(r.lines, [...want, ''])
  assert.match(r.stderr, /^cct-check: \d+ errors, \d+ warnings, \d+ notes; 2 checked, 1 skipped, 0 unreadable of 3 files\n$/)

  // The repository's cct.yaml applies: a configuration without the failing rules passes.
  const failing = [...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.rule))]
  write(dir, 'cct.yaml', `rules:\n${failing.map((id) => `  ${id}: {enabled: false}\n`).join('')}`)
  const quiet = run(CHECK, [pod, chart], { cwd: path.join(dir, 'deploy') })
  assert.equal(quiet.status, 0, quiet.stdout + quiet.stderr)
  assert.doesNotMatch(quiet.stdout, /error\[/)
})

test('cct-check: unparsable files fail, usage errors exit 2', (t) => {
  const dir = tmpdir(t)
  write(dir, 'broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n')
  const broken = run(CHECK, ['broken.yaml', '--kind', 'kube'], { cwd: dir })
  assert.equal(broken.status, 1)
  assert.match(broken.stdout, /^broken\.yaml:\d+:\d+: error\[parse\] /)
  for (const args of [[], ['missing.yaml'], ['--kind', 'nope', 'broken.yaml'], ['--format', 'xml', 'broken.yaml']]) {
    const r = run(CHECK, args, { cwd: dir })
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, /^cct-check: error: /)
  }
  const json = run(CHECK, ['--format', 'json', 'broken.yaml'], { cwd: dir })
  assert.equal(JSON.parse(json.stdout).summary.errors, 1)
})
