'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const cct = require('..')

const FIXTURES = path.resolve(__dirname, '..', '..', 'tests', 'fixtures')
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`

test('check returns the JSON report as plain objects', () => {
  const report = cct.check(POD, { kind: 'kube', path: 'pod.yaml' })
  assert.deepEqual(Object.keys(report), ['format', 'version', 'referentials', 'summary', 'inputs', 'findings', 'errors', 'requirements'])
  assert.equal(Object.getPrototypeOf(report), Object.prototype)
  const f = report.findings.find((x) => x.rule === 'kube/liveness-probe')
  assert.deepEqual(f.location, { path: 'pod.yaml', document: 0, line: 7, column: 7, pointer: '/spec/containers/0/livenessProbe' })
  assert.deepEqual(f.object, { apiVersion: 'v1', kind: 'Pod', name: 'web' })
  assert.deepEqual(f.requirements, ['EXI-ARCH-12'])
  assert.equal(f.severity, 'error')
  assert.ok(cct.hasErrors(report))
  const ex25 = report.requirements.find((r) => r.id === 'EXI-ARCH-12')
  assert.equal(ex25.status, 'fail')
})

test('auto detection, Buffers and skipped inputs', () => {
  assert.equal(cct.check(POD).inputs[0].kind, 'kube')
  assert.deepEqual(cct.check(Buffer.from(POD), { path: 'pod.yaml' }), cct.check(POD, { path: 'pod.yaml' }))
  assert.equal(cct.check('name: chart\n').inputs[0].status, 'skipped')
})

test('a malformed input is a report error, not an exception', () => {
  const report = cct.check('a: [1, 2\nb: c\n', { kind: 'kube', path: 'broken.yaml' })
  assert.deepEqual(report.findings, [])
  assert.equal(report.errors.length, 1)
  const e = report.errors[0]
  assert.equal(e.path, 'broken.yaml')
  assert.equal(typeof e.line, 'number')
  assert.throws(() => cct.assertReadable(report), (err) => {
    assert.ok(err instanceof cct.ParseError && err instanceof cct.CctError && err instanceof Error)
    assert.equal(err.name, 'ParseError')
    assert.equal(err.file, 'broken.yaml')
    assert.equal(err.line, e.line)
    assert.equal(err.column, e.column)
    return true
  })
})

test('usage errors are Error subclasses with a code', () => {
  assert.throws(() => cct.check(POD, { kind: 'helm' }), (err) => err instanceof cct.UsageError && err.code === 'unknown_kind' && err.message.includes('`helm`'))
  assert.throws(() => cct.check(POD, { knd: 'kube' }), (err) => err instanceof cct.UsageError && err.code === 'invalid_options' && err.message.includes('knd'))
  assert.throws(() => cct.check(POD, { today: 'tomorrow' }), (err) => err.code === 'invalid_options')
  assert.throws(() => cct.explain('kube/no-such-rule'), (err) => err instanceof cct.UsageError && err.code === 'unknown_id')
  assert.throws(() => cct.check(42), (err) => err instanceof cct.UsageError)
})

test('profile and config build the policy', async () => {
  const rules = (report) => report.findings.map((f) => f.rule)
  assert.ok(rules(cct.check(POD)).includes('kube/liveness-probe'))
  const off = { rules: { 'kube/liveness-probe': { enabled: false } } }
  assert.ok(!rules(cct.check(POD, { config: off })).includes('kube/liveness-probe'))
  assert.ok(!rules(await cct.checkAsync(POD, { config: 'rules:\n  kube/liveness-probe: {enabled: false}\n' })).includes('kube/liveness-probe'))
  assert.ok(cct.check(POD, { profile: 'minimal' }).summary)
})

test('a config saved with a BOM before a comment is read', () => {
  // A Windows editor writes a UTF-8 BOM; the comment holds `: ` (the fast loader's old crash).
  const text = '# kube/liveness-probe: off here\nrules:\n  kube/liveness-probe: {enabled: false}\n'
  const plain = cct.check(POD, { config: text })
  assert.ok(!plain.findings.map((f) => f.rule).includes('kube/liveness-probe'))
  assert.deepEqual(cct.check(POD, { config: '\ufeff' + text }), plain)
})

test('configuration errors throw ConfigError with their position', async () => {
  assert.throws(() => cct.check(POD, { profile: 'strict' }), (err) => err instanceof cct.ConfigError && err.code === 'config' && err.message.includes('`strict`'))
  await assert.rejects(cct.checkAsync(POD, { config: 'rules:\n  kube/no-such-rule: {enabled: false}\n' }), (err) => err instanceof cct.ConfigError && err.line === 2 && err.column === 3)
})

test('checkFiles walks folders and judges files together', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cct-node-'))
  fs.mkdirSync(path.join(dir, 'apps'))
  fs.writeFileSync(path.join(dir, 'apps', 'pod.yaml'), POD)
  fs.writeFileSync(path.join(dir, 'svc.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n')
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"apiVersion": ')
  fs.writeFileSync(path.join(dir, 'README.md'), '# not read\n')
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), POD)
  const report = cct.checkFiles(dir)
  const want = ['apps/pod.yaml', 'broken.json', 'svc.yml'].map((p) => path.join(dir, p)).sort()
  assert.deepEqual(report.inputs.map((i) => i.path), want)
  assert.equal(report.summary.errors, 1)
  assert.equal(report.errors[0].path, path.join(dir, 'broken.json'))
  assert.deepEqual(await cct.checkFilesAsync(dir), report)
  const named = cct.checkFiles([{ path: 'a.yaml', content: POD }, { path: 'b.yaml', content: new TextEncoder().encode(POD) }])
  assert.deepEqual(named.inputs.map((i) => i.path), ['a.yaml', 'b.yaml'])
  // A missing path is an input error in the report, as in every front end.
  const missing = cct.checkFiles(path.join(dir, 'missing'))
  assert.deepEqual(missing.inputs.map((i) => [i.path, i.status]), [[path.join(dir, 'missing'), 'error']])
  assert.match(missing.errors[0].message, /no such file or directory$/)
  // The one folder walk in Rust (cct-fs): Dockerfiles by name, `target/` skipped.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nUSER 1000\n')
  fs.mkdirSync(path.join(dir, 'target'))
  fs.writeFileSync(path.join(dir, 'target', 'out.yaml'), POD)
  const walked = cct.checkFiles(dir)
  assert.deepEqual(walked.inputs.map((i) => [path.basename(i.path), i.kind]).filter(([n]) => n === 'Dockerfile' || n === 'out.yaml'), [['Dockerfile', 'dockerfile']])
  fs.rmSync(dir, { recursive: true })
})

test('the fixture folder as one batch', () => {
  const report = cct.checkFiles(path.join(FIXTURES, 'kube'))
  assert.ok(report.inputs.length > 0)
  assert.deepEqual(report.errors, [])
  assert.ok(report.inputs.every((i) => i.status === 'evaluated' && i.kind === 'kube'))
  const s = report.summary
  assert.equal(s.error + s.warning + s.info, report.findings.filter((f) => !f.derogation || f.derogation.expired).length)
})

test('catalog: requirements, rules, explain', () => {
  const reqs = cct.requirements()
  assert.equal(Object.keys(reqs)[0], 'EXI-G-1')
  assert.equal(reqs['EXI-ARCH-18'].level, 'P')
  assert.ok(reqs['EXI-ARCH-18'].summary_fr.length > 0)
  assert.ok(reqs['EXI-ARCH-18'].rules.includes('kube/run-as-non-root'))
  assert.deepEqual(cct.rules()['kube/run-as-non-root'].requirements, ['EXI-ARCH-18'])
  const e = cct.explain('kube/run-as-non-root')
  assert.equal(e.kind, 'rule')
  assert.match(e.markdown, /## How to fix/)
  assert.equal(cct.explain('EX32').requirement.id, 'EX32')
})

test('a Rust panic becomes an InternalError and the process goes on', async () => {
  assert.throws(() => cct.check(POD, { kind: cct.PANIC_FOR_TESTS_KIND }), (err) => err instanceof cct.InternalError && err.code === 'internal' && /deliberate panic/.test(err.message))
  await assert.rejects(cct.checkAsync(POD, { kind: cct.PANIC_FOR_TESTS_KIND }), cct.InternalError)
  await assert.rejects(cct.checkFilesAsync([{ path: 'p.yaml', content: POD }], { kind: cct.PANIC_FOR_TESTS_KIND }), cct.InternalError)
  assert.ok(cct.hasErrors(cct.check(POD)))
})

test('checkAsync leaves the event loop free', async () => {
  const big = Array.from({ length: 4000 }, (_, i) => POD.replace('name: web\nspec', `name: web-${i}\nspec`)).join('---\n')
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const started = Date.now()
  const report = await cct.checkAsync(big, { kind: 'kube' })
  const elapsed = Date.now() - started
  clearInterval(timer)
  assert.equal(report.inputs[0].documents, 4000)
  assert.ok(elapsed > 20, 'input too small to tell')
  // A blocking call would let no timer fire until it returned.
  assert.ok(ticks >= 5, `only ${ticks} timer ticks during a ${elapsed} ms check`)
})

test('ESM entry point exports the same functions', async () => {
  const esm = await import('../index.mjs')
  assert.equal(esm.check, cct.check)
  assert.equal(esm.default.checkAsync, cct.checkAsync)
  assert.equal(esm.InternalError, cct.InternalError)
})
