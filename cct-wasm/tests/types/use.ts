// Compiled with tsc --noEmit --strict by the CI (not run): the package's
// TypeScript definitions describe what a user writes.
import init, { check, checkBytes, checkCommits, rules, referentials, version, recordBaseline, applyBaseline, type Report, type CctError, type Finding, type CommitsResult, type BaselineSummary } from '../../pkg/cct.js';
import initGlue, { check as rawCheck } from '../../pkg/cct_wasm.js';

await init();
await initGlue();
const report: Report = check('apiVersion: v1\nkind: Pod\n', { kind: 'auto', path: 'pod.yaml' });
const first: Finding | undefined = report.findings[0];
const line: number | undefined = first?.location.line;
const status: 'pass' | 'fail' | 'derogated' | 'not-evaluated' | 'needs-attestation' | 'attested' = report.requirements[0].status;
const id: string = rules()[0].id;
const summary: string = referentials()[0].requirements[0].summary_fr;
const raw: Report = rawCheck('x', { kind: 'commit' });
const fromBytes: Report = checkBytes(new Uint8Array([0x61]), { kind: 'image' });
const v: string = version();
const history: CommitsResult = checkCommits([{ hash: 'a'.repeat(40), message: 'feat: x\n', signature: 'ssh' }], { lastRelease: 'v1.0.0' });
const next: string | null = history.release.next;
const baselineText: string = recordBaseline(report);
const known: number | undefined = applyBaseline(report, baselineText).baseline?.known;
const summaryOfBaseline: BaselineSummary | undefined = applyBaseline(JSON.stringify(report), baselineText).baseline;
try {
  check('x', { config: { rules: { 'kube/run-as-non-root': { enabled: false } } } });
} catch (e) {
  const err = e as CctError;
  const where: string = `${err.code} ${err.line ?? '-'}:${err.column ?? '-'}`;
  console.log(where);
}
// @ts-expect-error: an unknown kind is a type error
check('x', { kind: 'helm' });
console.log(line, status, id, summary, raw, v, fromBytes, next, known, summaryOfBaseline);
// @ts-expect-error: a signature kind git does not name is a type error
checkCommits([{ hash: 'a', message: 'x', signature: 'pgp' }]);
