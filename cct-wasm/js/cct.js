// cct.js: the recommended entry point of the cct WebAssembly package.
//
//   import init, { check } from './cct.js';
//   await init();                         // browser: fetches cct_wasm_bg.wasm beside this file
//   await init(bytesOrModuleOrUrl);       // Node, bundlers, custom locations
//   const report = check(text, { kind: 'auto' });
//
// It wraps the wasm-bindgen glue (cct_wasm.js) and adds one thing: errors
// from inside the engine become an Error with code `internal`, and the module
// keeps working after them.
// - A Rust panic unwinds (the module is built with panic=unwind and wasm
//   exception handling): wasm-bindgen throws a `PanicError` at the export
//   boundary, the instance's state is intact and is kept.
// - A trap that cannot unwind (an abort, out of memory, a panic=abort build)
//   is a `WebAssembly.RuntimeError` and leaves the instance unusable: the
//   wrapper re-instantiates it from the already-compiled module
//   (`__wbg_reset_state`, no refetch, no recompilation).
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

/** Whether a thrown value is a trap that killed the instance (an abort). */
function isTrap(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

/** Whether a thrown value is a Rust panic caught by wasm-bindgen (panic=unwind). */
function isPanic(e) {
  return e instanceof Error && e.name === 'PanicError';
}

function internalError(cause) {
  const panic = globalThis[PANIC_KEY];
  delete globalThis[PANIC_KEY];
  const message = `internal error: ${panic ?? cause.message}`;
  const error = new Error(message, { cause });
  error.name = 'InternalError';
  error.code = 'internal';
  return error;
}

/** Runs `f`; on a trap, resets the instance and throws an Error with code `internal`. */
function guarded(f) {
  return (...args) => {
    if (!ready) {
      const e = new Error('cct is not initialised: call `await init()` first');
      e.name = 'UsageError';
      e.code = 'invalid_options';
      throw e;
    }
    try {
      return f(...args);
    } catch (e) {
      if (isPanic(e)) throw internalError(e);
      if (!isTrap(e)) throw e;
      const error = internalError(e);
      glue.__wbg_reset_state();
      throw error;
    }
  };
}

/**
 * Checks `text` and returns the report (a plain object of the documented JSON shape);
 * inputs that cannot be read are in its `errors`. Throws an Error named after the
 * class of its `code` (docs/bindings.md): `UsageError` (`invalid_options`,
 * `unknown_kind`, `unknown_id`), `ConfigError` (`config`, `unsupported`), `InternalError` (`internal`).
 */
export const check = guarded((text, options) => glue.check(text, options));
/** Checks the bytes of a file (`Uint8Array`): text, or a binary artefact such as an image archive. */
export const checkBytes = guarded((bytes, options) => glue.checkBytes(bytes, options));
/** Checks a commit message as git's `commit-msg` hook sees it (comments and the scissors part dropped). */
export const checkCommitMessage = guarded((message, options) => glue.checkCommitMessage(message, options));
/**
 * Checks a history given as raw commits (newest first: `{ hash, message, signature?, verification?, tags? }`)
 * as `cct commits` does, and computes the next release: `{ report, release, notes }`.
 */
export const checkCommits = guarded((commits, options) => glue.checkCommits(commits, options));
/** Renders a report (the object, or its JSON text) as `sarif`, `junit`, `markdown` or `json` text. */
export const format = guarded((report, name) => glue.format(report, name));
/** The baseline file recording the report's findings: the text `cct baseline` writes to `.cct-baseline.json`. */
export const recordBaseline = guarded((report) => glue.recordBaseline(report));
/** The report without the findings the baseline file's text records, as `cct check --baseline` gives it. */
export const applyBaseline = guarded((report, baseline) => glue.applyBaseline(report, baseline));
/** Every requirement of the shipped referentials, with the rules that give evidence for it. */
export const requirements = guarded(() => glue.requirements());
/** What a rule or a requirement is about (`unknown_id` for any other id). */
export const explain = guarded((id) => glue.explain(id));
/** The names of the built-in profiles. */
export const profiles = guarded(() => glue.profiles());
/** Every built-in rule's metadata. */
export const rules = guarded(() => glue.rules());
/** Every referential shipped, with its requirements. */
export const referentials = guarded(() => glue.referentials());
/** The cct version compiled into the module. */
export const version = guarded(() => glue.version());
/** Test builds only: a deliberate panic, a deliberate abort, and a per-instance call counter. */
export const __panicForTests = guarded(() => testHook('__panicForTests'));
export const __abortForTests = guarded(() => testHook('__abortForTests'));
export const __callsForTests = guarded(() => testHook('__callsForTests'));

function testHook(name) {
  if (typeof glue[name] !== 'function') throw new Error('not a test build (cargo feature `test-hooks`)');
  return glue[name]();
}
