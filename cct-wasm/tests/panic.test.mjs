// A Rust panic inside the module becomes an Error with code `internal`, and the
// module keeps working after it (the wrapper re-instantiates the aborted instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadPackage, packageUrl } from './helpers.mjs';

const cct = await loadPackage('pkg-test');
const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';

test('a panic throws an internal Error and the module recovers', () => {
  const before = cct.check(pod);
  for (let round = 0; round < 3; round++) {
    assert.equal(cct.__callsForTests(), 1, 'a fresh instance');
    assert.equal(cct.__callsForTests(), 2);
    let caught;
    try {
      cct.__panicForTests();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof Error);
    assert.equal(caught.code, 'internal');
    assert.match(caught.message, /deliberate panic for tests/);
    assert.ok(caught.cause instanceof WebAssembly.RuntimeError);
    assert.deepEqual(cct.check(pod), before, `round ${round}: the module works again`);
    assert.ok(cct.rules().length > 0);
  }
  assert.equal(globalThis[Symbol.for('cct.panic')], undefined, 'the panic message is consumed');
});

test('the shipped package has no test hook', async () => {
  await loadPackage('pkg');
  const glue = await import(packageUrl('pkg', 'cct_wasm.js'));
  assert.equal(glue.__panicForTests, undefined);
});
