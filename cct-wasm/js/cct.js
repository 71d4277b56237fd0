// cct.js: the recommended entry point of the cct WebAssembly package.
//
//   import init, { check } from './cct.js';
//   await init();                         // browser: fetches cct_wasm_bg.wasm beside this file
//   await init(bytesOrModuleOrUrl);       // Node, bundlers, custom locations
//   const report = check(text, { kind: 'auto' });
//
// It wraps the wasm-bindgen glue (cct_wasm.js) and adds one thing: recovery
// from a Rust panic. The module is built with panic=abort, so a panic traps
// (`RuntimeError: unreachable`) and leaves the instance unusable; this wrapper
// then re-instantiates it from the already-compiled module and throws an
// Error with code `internal`. The next call works as if nothing happened.
import initGlue, * as glue from './cct_wasm.js';

const PANIC_KEY = Symbol.for('cct.panic');
let ready = null;

/**
 * Loads and instantiates the module. Safe to call more than once.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [input]
 */
export default function init(input) {
  if (!ready) {
    ready = initGlue(input === undefined ? undefined : { module_or_path: input }).catch((e) => {
      ready = null;
      throw e;
    });
  }
  return ready.then(() => undefined);
}

/** Whether a thrown value is a trap of the WebAssembly instance (a Rust panic or abort). */
function isTrap(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

function internalError(trap) {
  const panic = globalThis[PANIC_KEY];
  delete globalThis[PANIC_KEY];
  const message = panic ? `internal error: ${panic}` : `internal error: ${trap.message}`;
  const error = new Error(message, { cause: trap });
  error.code = 'internal';
  return error;
}

/** Runs `f`; on a trap, resets the instance and throws an Error with code `internal`. */
function guarded(f) {
  return (...args) => {
    if (!ready) {
      const e = new Error('cct is not initialised: call `await init()` first');
      e.code = 'not-initialised';
      throw e;
    }
    try {
      return f(...args);
    } catch (e) {
      if (!isTrap(e)) throw e;
      const error = internalError(e);
      glue.__wbg_reset_state();
      throw error;
    }
  };
}

/**
 * Checks `text` and returns the report (a plain object of the documented JSON shape).
 * Throws an Error with `code` (`unknown-kind`, `invalid-options`, `invalid-config`,
 * `unknown-profile`, `invalid-input` with `line`/`column`/`path`, `internal`).
 */
export const check = guarded((text, options) => glue.check(text, options));
/** Every built-in rule's metadata. */
export const rules = guarded(() => glue.rules());
/** Every referential shipped, with its requirements. */
export const referentials = guarded(() => glue.referentials());
/** The cct version compiled into the module. */
export const version = guarded(() => glue.version());
/** Test builds only: a deliberate panic, and a per-instance call counter. */
export const __panicForTests = guarded(() => testHook('__panicForTests'));
export const __callsForTests = guarded(() => testHook('__callsForTests'));

function testHook(name) {
  if (typeof glue[name] !== 'function') throw new Error('not a test build (cargo feature `test-hooks`)');
  return glue[name]();
}
