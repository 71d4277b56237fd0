// The binding contract's cases (tests/conformance/contract/): the same answer as every front end.
// Options are recorded snake_case and spelled camelCase here, as JavaScript callers write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage, repoRoot } from './helpers.mjs';

const cct = await loadPackage();
const dir = join(repoRoot, 'tests', 'conformance', 'contract');
const calls = { check: cct.check, check_commit_message: cct.checkCommitMessage };
const cases = readdirSync(dir).filter((n) => n.endsWith('.case.json')).sort();

/** `comment_char` → `commentChar`. */
function camel(options) {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]));
}

/** What the WebAssembly API answers for a case: `{ ok: report }` or `{ error: { code, class } }`. */
function answer(c) {
  try {
    return { ok: calls[c.call](c.text, camel(c.options)) };
  } catch (e) {
    if (typeof e?.code !== 'string') throw e;
    return { error: { code: e.code, class: e.name } };
  }
}

test('the contract suite is not empty', () => assert.ok(cases.length >= 8, cases.join(', ')));

for (const name of cases) {
  test(`contract: ${name}`, () => {
    const c = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const expected = JSON.parse(readFileSync(join(dir, name.replace('.case.json', '.answer.json')), 'utf8'));
    assert.deepEqual(answer(c), expected);
  });
}
