// The JavaScript API of the package: plain-object results, typed errors, options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage, packageUrl, fixturesRoot } from './helpers.mjs';

const cct = await loadPackage();
const badPod = readFileSync(join(fixturesRoot, 'kube/run-as-non-root/bad.yaml'), 'utf8');

function isPlain(value, path = '$') {
  if (Array.isArray(value)) return value.every((v, i) => isPlain(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
    return Object.entries(value).every(([k, v]) => isPlain(v, `${path}.${k}`));
  }
  return true;
}

function throwsCode(f, code) {
  let caught;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.code, code, `code of: ${caught.message}`);
  return caught;
}

test('auto-detects a manifest and returns plain objects of the report shape', () => {
  const report = cct.check(badPod, { kind: 'auto', path: 'bad.yaml' });
  assert.ok(isPlain(report));
  assert.equal(report.format, '1');
  assert.deepEqual(report.inputs, [{ path: 'bad.yaml', kind: 'kube', status: 'evaluated', documents: 2 }]);
  const f = report.findings.find((x) => x.rule === 'kube/run-as-non-root');
  assert.deepEqual(Object.keys(f).sort(), ['location', 'message', 'object', 'remediation', 'requirements', 'rule', 'severity']);
  assert.deepEqual(Object.keys(f.location).sort(), ['column', 'document', 'line', 'path', 'pointer']);
  assert.deepEqual(f.requirements, ['EXI-ARCH-18']);
  assert.equal(f.severity, 'error');
  assert.equal(f.location.path, 'bad.yaml');
  assert.deepEqual(Object.keys(report).sort(),
    ['errors', 'findings', 'format', 'inputs', 'referentials', 'requirements', 'summary', 'version']);
  const ex32 = report.requirements.find((r) => r.id === 'EXI-ARCH-18');
  assert.equal(ex32.status, 'fail');
  assert.ok(ex32.rules.includes('kube/run-as-non-root'));
  assert.equal(report.summary.error, report.findings.filter((x) => x.severity === 'error').length);
});

test('options default to auto-detection and the path `input`', () => {
  const report = cct.check(badPod);
  assert.equal(report.inputs[0].path, '<input>');
  assert.equal(report.inputs[0].kind, 'kube');
});

test('the same input gives the same report', () => {
  assert.deepEqual(cct.check(badPod, { path: 'a.yaml' }), cct.check(badPod, { path: 'a.yaml' }));
});

test('a forced kind is honoured', () => {
  const report = cct.check(badPod, { kind: 'openapi' });
  assert.equal(report.inputs[0].kind, 'openapi');
  assert.equal(report.findings.filter((f) => f.rule.startsWith('kube/')).length, 0);
});

test('text of no known kind is skipped, not an error', () => {
  const report = cct.check('name: my-chart\nversion: 1.0.0\n');
  assert.equal(report.inputs[0].status, 'skipped');
  assert.deepEqual(report.findings, []);
});

test('config is a policy: rules can be turned off', () => {
  const report = cct.check(badPod, { config: { rules: { 'kube/run-as-non-root': { enabled: false } } } });
  assert.equal(report.findings.filter((f) => f.rule === 'kube/run-as-non-root').length, 0);
});

test('bad options throw Errors with a code', () => {
  assert.match(throwsCode(() => cct.check(badPod, { kind: 'helm' }), 'unknown_kind').message, /`helm`/);
  throwsCode(() => cct.check(badPod, 42), 'invalid_options');
  assert.match(throwsCode(() => cct.check(badPod, { knd: 'kube' }), 'invalid_options').message, /knd/);
  throwsCode(() => cct.check(badPod, { config: { rulez: {} } }), 'config');
  throwsCode(() => cct.check(badPod, { profile: 'no-such-profile' }), 'config');
  // The facade takes a profile or a configuration (which starts from one with `extends:`), not both.
  throwsCode(() => cct.check(badPod, { profile: 'minimal', config: 'rules: {}\n' }), 'invalid_options');
  throwsCode(() => cct.check(badPod, { path: 42 }), 'invalid_options');
});

test('unreadable input is in the report with its position', () => {
  const e = cct.check('a: 1\nb: [1, 2\nc: 3\n', { path: 'broken.yaml' }).errors[0];
  assert.equal(e.path, 'broken.yaml');
  assert.equal(typeof e.line, 'number');
  assert.equal(typeof e.column, 'number');
  assert.ok(e.line >= 2, `line ${e.line}`);
  const dup = cct.check('a: 1\na: 2\n').errors[0];
  assert.deepEqual([dup.line, dup.column], [2, 1]);
  assert.match(dup.message, /duplicate key `a`/);
});

test('rules and referentials describe the catalog', () => {
  const rules = cct.rules();
  assert.ok(isPlain(rules));
  const rule = rules.find((r) => r.id === 'kube/run-as-non-root');
  assert.deepEqual(rule.requirements, ['EXI-ARCH-18']);
  assert.equal(typeof rule.bad, 'string');
  const refs = cct.referentials();
  const cctRef = refs.find((r) => r.id === 'cct');
  const ex32 = cctRef.requirements.find((q) => q.id === 'EX32');
  assert.equal(ex32.level, 'P');
  assert.ok(ex32.summary_fr.length > 10 && ex32.summary_en.length > 10);
  assert.ok(refs.some((r) => r.id === 'domino-x'));
  assert.match(cct.version(), /^\d+\.\d+\.\d+/);
});

test('calls before init throw a clear error', async () => {
  // A fresh copy of the wrapper (query string = new module instance).
  const fresh = await import(`${packageUrl('pkg', 'cct.js')}?fresh`);
  throwsCode(() => fresh.check('a: 1'), 'invalid_options');
});

test('the raw wasm-bindgen glue throws the same errors', async () => {
  const glue = await import(packageUrl('pkg', 'cct_wasm.js'));
  // Same module instance the wrapper initialised.
  throwsCode(() => glue.check('x', { kind: 'nope' }), 'unknown_kind');
  assert.equal(glue.check(badPod).inputs[0].kind, 'kube');
});

test('checkBytes checks the bytes of a file like check checks its text', () => {
  const bytes = readFileSync(join(fixturesRoot, 'kube/run-as-non-root/bad.yaml'));
  assert.deepEqual(cct.checkBytes(new Uint8Array(bytes), { path: 'bad.yaml' }), cct.check(badPod, { path: 'bad.yaml' }));
  // UTF-16 with a byte-order mark is text too.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(badPod, 'utf16le')]);
  assert.deepEqual(cct.checkBytes(new Uint8Array(utf16), { path: 'bad.yaml' }).findings, cct.check(badPod, { path: 'bad.yaml' }).findings);
  const e = cct.checkBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a])).errors[0];
  assert.equal(e.line, 1);
});

test('config is also the text of a cct.yaml; its errors carry their position', () => {
  const report = cct.check(badPod, { config: 'rules:\n  kube/run-as-non-root: {enabled: false}\n' });
  assert.equal(report.findings.filter((f) => f.rule === 'kube/run-as-non-root').length, 0);
  const e = throwsCode(() => cct.check(badPod, { config: 'rules: {}\nrulez: {}\n' }), 'config');
  assert.deepEqual([e.path, e.line, e.column], ['cct.yaml', 2, 1]);
  throwsCode(() => cct.check(badPod, { config: 42 }), 'invalid_options');
});

test('a config saved with a BOM before a comment is read', () => {
  // A Windows editor writes a UTF-8 BOM; the comment holds `: ` (the fast loader's old crash).
  const text = '# kube/run-as-non-root: off here\nrules:\n  kube/run-as-non-root: {enabled: false}\n';
  const plain = cct.check(badPod, { config: text });
  assert.equal(plain.findings.filter((f) => f.rule === 'kube/run-as-non-root').length, 0);
  assert.deepEqual(cct.check(badPod, { config: '\ufeff' + text }), plain);
});

test('every shipped profile can be chosen, and changes the findings', () => {
  assert.deepEqual(cct.profiles(), ['cloud-pi-native', 'domino-x', 'minimal']);
  const all = cct.check(badPod);
  const reports = Object.fromEntries(cct.profiles().map((p) => [p, cct.check(badPod, { profile: p })]));
  assert.ok(reports.minimal.findings.length < all.findings.length);
  const e = throwsCode(() => cct.check(badPod, { profile: 'nope' }), 'config');
  assert.match(e.message, /`nope`/);
});

test('today is taken from the JavaScript clock, or given', () => {
  const config = `derogations:
  - rule: kube/run-as-non-root
    paths: ['**']
    justification: vendor image runs as root until v3 (ticket ARCH-142)
    granted_by: architecture board
    expires: 2030-06-30
`;
  const before = cct.check(badPod, { config, today: '2030-06-01' });
  const after = cct.check(badPod, { config, today: '2030-07-01' });
  const ours = (r) => r.findings.filter((f) => f.rule === 'kube/run-as-non-root');
  assert.ok(ours(before).length > 0 && ours(before).every((f) => f.derogation?.expired === false), JSON.stringify(ours(before)[0]));
  assert.ok(ours(after).length > 0 && ours(after).every((f) => f.derogation?.expired === true), JSON.stringify(ours(after)[0]));
  // No `today`: the clock of the host (SystemTime would panic on wasm32).
  assert.deepEqual(cct.check(badPod, { config }), before);
  throwsCode(() => cct.check(badPod, { today: '31/01/2026' }), 'invalid_options');
});

test('checkCommitMessage checks a message as the commit-msg hook sees it', () => {
  const report = cct.checkCommitMessage('fixed stuff\n# a comment git drops\n', { path: 'COMMIT_EDITMSG' });
  assert.ok(report.findings.length > 0);
  assert.ok(report.findings.every((f) => f.rule.startsWith('commit/')));
  assert.ok(report.findings.every((f) => f.location.path === 'COMMIT_EDITMSG' && f.location.line === 1));
  const good = cct.checkCommitMessage('feat(wasm): check commit messages in the browser\n');
  assert.deepEqual(good.findings.filter((f) => f.severity === 'error'), []);
  throwsCode(() => cct.checkCommitMessage('feat: x\n', { kind: 'kube' }), 'invalid_options');
});

test('checkCommits checks raw commits and computes the next release', () => {
  const a = 'a'.repeat(40);
  const commits = [
    { hash: 'b'.repeat(40), message: 'feat(api)!: drop v1\n', signature: 'ssh' },
    { hash: a, message: 'Fixed stuff.\n', signature: 'none' },
  ];
  const result = cct.checkCommits(commits, { lastRelease: 'v1.4.2', config: { rules: { 'commit/signed': { severity: 'error' } } } });
  assert.deepEqual(result.release, { bump: 'major', commits: 2, current: '1.4.2', last_tag: 'v1.4.2', next: '2.0.0', next_tag: '2.0.0' });
  const signed = result.report.findings.filter((f) => f.rule === 'commit/signed');
  assert.deepEqual(signed.map((f) => [f.location.path, f.severity]), [[a, 'error']]);
  assert.deepEqual(result.notes, []);
  throwsCode(() => cct.checkCommits({ hash: a, message: 'x' }), 'invalid_options');
  throwsCode(() => cct.checkCommits([{ hash: a, message: 'x', signature: 'pgp' }]), 'invalid_options');
  throwsCode(() => cct.checkCommits(commits, { lastRelease: 'main' }), 'invalid_options');
});

test('format renders a report as SARIF, JUnit and Markdown', () => {
  const report = cct.check(badPod, { path: 'bad.yaml' });
  const sarif = JSON.parse(cct.format(report, 'sarif'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'kube/run-as-non-root'));
  assert.match(cct.format(report, 'junit'), /^<\?xml/);
  assert.match(cct.format(report, 'markdown'), /kube\/run-as-non-root/);
  assert.deepEqual(JSON.parse(cct.format(report, 'json')), report);
  throwsCode(() => cct.format(report, 'pdf'), 'invalid_options');
  throwsCode(() => cct.format({}, 'sarif'), 'invalid_options');
});

test('format also takes the report as JSON text, and renders commit reports', () => {
  const report = cct.check(badPod, { path: 'bad.yaml' });
  assert.equal(cct.format(JSON.stringify(report), 'sarif'), cct.format(report, 'sarif'));
  const commit = cct.checkCommitMessage('fixed stuff\n', { path: 'COMMIT_EDITMSG' });
  const sarif = JSON.parse(cct.format(commit, 'sarif'));
  assert.ok(sarif.runs[0].results.length > 0);
  assert.ok(sarif.runs[0].results.every((r) => r.ruleId.startsWith('commit/')));
  throwsCode(() => cct.format('{"format": ', 'sarif'), 'invalid_options');
});

test('checkCommitMessage honours git\'s comment character', () => {
  const message = 'feat(wasm): check commit messages\n; a comment line in a repository using `;`\n';
  const withSemicolon = cct.checkCommitMessage(message, { commentChar: ';' });
  const withHash = cct.checkCommitMessage(message);
  assert.notDeepEqual(withSemicolon.findings, withHash.findings);
  throwsCode(() => cct.checkCommitMessage(message, { commentChar: '##' }), 'invalid_options');
});

test('requirements and explain come from the facade', () => {
  const ex32 = cct.requirements().find((r) => r.id === 'EXI-ARCH-18');
  assert.ok(ex32.rules.includes('kube/run-as-non-root'));
  const ex = cct.explain('kube/run-as-non-root');
  assert.equal(ex.kind, 'rule');
  assert.match(ex.markdown, /run-as-non-root/);
  throwsCode(() => cct.explain('kube/nope'), 'unknown_id');
});

test('unreadable input is a report, and errors are named after their class', () => {
  const report = cct.check('a: [1,\n', { path: 'x.yaml' });
  assert.equal(report.errors[0].path, 'x.yaml');
  assert.equal(report.summary.errors, 1);
  assert.equal(throwsCode(() => cct.check('x', { kind: 'helm' }), 'unknown_kind').name, 'UsageError');
  assert.equal(throwsCode(() => cct.check('x', { profile: 'nope' }), 'config').name, 'ConfigError');
  throwsCode(() => cct.checkCommitMessage('feat: x', { comment_char: ';' }), 'invalid_options');
});
