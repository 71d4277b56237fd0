// Errors inside the engine become an Error with code `internal`, and the
// module keeps working after them:
// - a Rust panic unwinds (panic=unwind): the instance and its state are kept;
// - an abort (a trap nothing can unwind) kills the instance: the wrapper
//   replaces it with a fresh one.
// `__callsForTests` counts calls per instance, which tells the two apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage, packageUrl } from './helpers.mjs';

const cct = await loadPackage('pkg-test');
const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';

function caught(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

test('a panic throws an internal Error and the instance keeps working', () => {
  const before = cct.check(pod);
  const start = cct.__callsForTests();
  for (let round = 1; round <= 3; round++) {
    const e = caught(() => cct.__panicForTests());
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'internal');
    assert.match(e.message, /deliberate panic for tests/);
    assert.equal(e.cause?.name, 'PanicError', 'unwound, not trapped');
    assert.equal(cct.__callsForTests(), start + round, 'the same instance, its state intact');
    assert.deepEqual(cct.check(pod), before);
  }
  assert.equal(globalThis[Symbol.for('cct.panic')], undefined, 'the panic message is consumed');
});

test('a panic inside the core facade is an internal Error, also in the shipped package', async () => {
  const shipped = await loadPackage('pkg');
  for (const m of [cct, shipped]) {
    const before = m.check(pod);
    for (let round = 0; round < 3; round++) {
      // The facade's test kind panics inside `catch_unwind` (api::PANIC_FOR_TESTS_KIND).
      const e = caught(() => m.check(pod, { kind: '__cct_panic_for_tests' }));
      assert.equal(e.code, 'internal');
      assert.match(e.message, /deliberate panic/);
      assert.equal(e.cause, undefined, 'caught by the facade, not at the export boundary');
      assert.equal(globalThis[Symbol.for('cct.panic')], undefined, 'no stale panic message is left');
      assert.deepEqual(m.check(pod), before);
    }
  }
  const start = cct.__callsForTests();
  caught(() => cct.check(pod, { kind: '__cct_panic_for_tests' }));
  assert.equal(cct.__callsForTests(), start + 1, 'the same instance');
});

test('an abort throws an internal Error and the module is re-instantiated', () => {
  const before = cct.check(pod);
  for (let round = 0; round < 3; round++) {
    cct.__callsForTests();
    const e = caught(() => cct.__abortForTests());
    assert.equal(e.code, 'internal');
    assert.ok(e.cause instanceof WebAssembly.RuntimeError, String(e.cause));
    assert.equal(cct.__callsForTests(), 1, 'a fresh instance');
    assert.deepEqual(cct.check(pod), before);
    assert.ok(cct.rules().length > 0);
  }
});

test('the shipped package has no test hook', async () => {
  await loadPackage('pkg');
  const glue = await import(packageUrl('pkg', 'cct_wasm.js'));
  assert.equal(glue.__panicForTests, undefined);
  assert.equal(glue.__abortForTests, undefined);
  assert.equal(glue.__callsForTests, undefined);
});
