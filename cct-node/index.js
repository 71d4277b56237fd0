'use strict'
// cct-node: the CCT Cloud Native and Domino-X requirements as executable checks.
//
// The native addon (binding.js loads it) returns JSON answers from the Rust
// facade; this layer parses them into plain objects with exactly the keys of
// the JSON report, and turns failures into Error subclasses. Findings are not
// errors: a check that finds problems resolves to a report.

const fs = require('node:fs')
const fsp = require('node:fs/promises')
const path = require('node:path')

const native = require('./binding.js')

/** File extensions `checkFiles` reads when it walks a folder (besides Dockerfiles, by name, and image layout folders). */
const SCANNED_EXTENSIONS = ['.yaml', '.yml', '.json']

/** Base of every cct error: `code`, and `file`, `line`, `column` when the error has a place. */
class CctError extends Error {
  constructor(message, { code = 'internal', file = null, line = null, column = null } = {}) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.file = file
    this.line = line
    this.column = column
  }
}
/** The call was wrong: malformed options, unknown kind, unknown rule id. */
class UsageError extends CctError {}
/** An input could not be read (thrown by `assertReadable`). */
class ParseError extends CctError {}
/** The configuration or profile is invalid, or not supported by this build. */
class ConfigError extends CctError {}
/** cct failed internally (a bug, a Rust panic); the process keeps working. */
class InternalError extends CctError {}

const CLASSES = { UsageError, ParseError, ConfigError, InternalError }
/** The class of every error code: one table in the core (`ErrorCode::class_name`), see docs/bindings.md. */
const ERRORS = Object.fromEntries(Object.entries(JSON.parse(native.errorClasses())).map(([code, cls]) => [code, CLASSES[cls]]))

function unwrap(answer) {
  const decoded = JSON.parse(answer)
  if (Object.prototype.hasOwnProperty.call(decoded, 'ok')) return decoded.ok
  const e = decoded.error
  const Cls = ERRORS[e.code] || CctError
  throw new Cls(e.message, { code: e.code, file: e.path ?? null, line: e.line ?? null, column: e.column ?? null })
}

// Options go to the core as JSON, camelCase; the core maps them onto its one
// options struct and rejects unknown names (`invalid_options`).
function encodeOptions(options) {
  if (options === undefined || options === null) return '{}'
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new UsageError('options must be an object like { kind: "kube" }', { code: 'invalid_options' })
  }
  const out = {}
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue
    // A config given as an object is sent as JSON text (JSON is YAML).
    out[key] = key === 'config' && typeof value === 'object' ? JSON.stringify(value) : value
  }
  return JSON.stringify(out)
}

function checkText(text, options) {
  if (typeof text !== 'string') throw new UsageError('text must be a string', { code: 'invalid_options' })
  return unwrap(native.checkText(text, encodeOptions(options)))
}

/**
 * Checks one text. `options`: `{ kind, path, profile, config, today }`;
 * `kind` is `auto` (default), `kube`, `image`, `openapi` or `commit`.
 */
function check(text, options) {
  if (Buffer.isBuffer(text) || text instanceof Uint8Array) {
    const { path: name, ...rest } = options || {}
    return checkFiles([{ path: name ?? '<input>', content: text }], rest)
  }
  return checkText(text, options)
}

/** Like `check`, on the libuv thread pool: the event loop stays free. */
async function checkAsync(text, options) {
  if (Buffer.isBuffer(text) || text instanceof Uint8Array) {
    const { path: name, ...rest } = options || {}
    return checkFilesAsync([{ path: name ?? '<input>', content: text }], rest)
  }
  if (typeof text !== 'string') throw new UsageError('text must be a string', { code: 'invalid_options' })
  return unwrap(await native.checkTextAsync(text, encodeOptions(options)))
}

// Files are paths (files or folders, walked in Rust as `cct check` walks them)
// or { path, content } objects the caller already holds.
function collect(files) {
  const list = Array.isArray(files) ? files : [files]
  const paths = []
  const names = []
  const contents = []
  for (const item of list) {
    if (typeof item === 'string') {
      paths.push(item)
    } else if (item && typeof item.path === 'string') {
      names.push(item.path)
      contents.push(toBuffer(item.content))
    } else {
      throw new UsageError('each file is a path or an object { path, content }', { code: 'invalid_options' })
    }
  }
  return { paths, names, contents }
}

function toBuffer(content) {
  if (typeof content === 'string') return Buffer.from(content, 'utf8')
  if (Buffer.isBuffer(content)) return content
  if (content instanceof Uint8Array) return Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  throw new UsageError('file content must be a string, a Buffer or a Uint8Array', { code: 'invalid_options' })
}

/**
 * Checks files judged together (Kubernetes objects of every file form one set).
 * `files`: paths (files, or folders walked as `cct check` walks them: the same
 * Rust code), or `{ path, content }`. A path that cannot be read is an input
 * error in the report, never an exception.
 */
function checkFiles(files, options) {
  const { paths, names, contents } = collect(files)
  return unwrap(native.checkPaths(paths, names, contents, encodeOptions(options)))
}

/** Like `checkFiles`, reading files and checking off the event loop. */
async function checkFilesAsync(files, options) {
  const { paths, names, contents } = collect(files)
  return unwrap(await native.checkPathsAsync(paths, names, contents, encodeOptions(options)))
}

function messageText(message) {
  if (typeof message === 'string') return message
  if (Buffer.isBuffer(message) || message instanceof Uint8Array) return Buffer.from(message).toString('utf8')
  throw new UsageError('message must be a string, a Buffer or a Uint8Array', { code: 'invalid_options' })
}

/**
 * Checks one commit message as git's `commit-msg` hook sees it: lines starting
 * with the comment character and everything below the scissors line are
 * dropped, generated messages (merges, reverts, fixups) are skipped.
 * `options`: `{ path, profile, config, today, commentChar }`.
 */
function checkCommitMessage(message, options) {
  return unwrap(native.checkCommitMessage(messageText(message), encodeOptions(options)))
}

/** Like `checkCommitMessage`, on the libuv thread pool. */
async function checkCommitMessageAsync(message, options) {
  return unwrap(await native.checkCommitMessageAsync(messageText(message), encodeOptions(options)))
}

function commitsJson(commits) {
  if (!Array.isArray(commits)) {
    throw new UsageError('commits must be an array of { hash, message, signature?, verification?, tags? }', { code: 'invalid_options' })
  }
  return JSON.stringify(commits)
}

/**
 * Checks a history given as raw commits, newest first (`git log` order), as
 * `cct commits` checks it, and computes the next release as `cct commits
 * --next-version` does. Each commit: `{ hash, message, signature?,
 * verification?, tags?, author?, date? }` (`signature`: `none`, `openpgp`,
 * `ssh`, `x509` or `unknown`). `options`: `{ lastRelease, prerelease,
 * profile, config, today, referential, baseline }`. Returns
 * `{ report, release, notes }`.
 */
function checkCommits(commits, options) {
  return unwrap(native.checkCommits(commitsJson(commits), encodeOptions(options)))
}

/** Like `checkCommits`, on the libuv thread pool. */
async function checkCommitsAsync(commits, options) {
  return unwrap(await native.checkCommitsAsync(commitsJson(commits), encodeOptions(options)))
}

/** Renders a report in an output format: `json`, `sarif` (2.1.0), `junit` or `markdown`; returns the text. */
function format(report, name) {
  if (report === null || typeof report !== 'object') throw new UsageError('report must be a report object', { code: 'invalid_options' })
  if (typeof name !== 'string') throw new UsageError('format name must be a string like "sarif"', { code: 'invalid_options' })
  return unwrap(native.format(JSON.stringify(report), name))
}

/** The report as a SARIF 2.1.0 log (text). */
function toSarif(report) {
  return format(report, 'sarif')
}

/** The report as JUnit XML (text). */
function toJunit(report) {
  return format(report, 'junit')
}

/** The report as Markdown (text). */
function toMarkdown(report) {
  return format(report, 'markdown')
}

function reportJson(report) {
  if (report === null || typeof report !== 'object') throw new UsageError('report must be a report object', { code: 'invalid_options' })
  return JSON.stringify(report)
}

/** The baseline file recording the report's findings: the text `cct baseline` writes to `.cct-baseline.json`, byte for byte. */
function recordBaseline(report) {
  return unwrap(native.recordBaseline(reportJson(report)))
}

/**
 * The report without the findings the baseline file's text records, as `cct check --baseline`
 * gives it: `report.baseline` says how many known findings were left out and which were fixed.
 */
function applyBaseline(report, baseline) {
  if (typeof baseline !== 'string') throw new UsageError("baseline must be a baseline file's text", { code: 'invalid_options' })
  return unwrap(native.applyBaseline(reportJson(report), baseline))
}

/** Every requirement of the shipped referentials, by id, in referential order. */
function requirements() {
  const out = {}
  for (const r of unwrap(native.requirements())) out[r.id] = r
  return out
}

/** Every built-in rule, by id. */
function rules() {
  const out = {}
  for (const r of unwrap(native.rules())) out[r.id] = r
  return out
}

/** Every referential shipped (CCT versions, Domino-X), with its requirements. */
function referentials() {
  return unwrap(native.referentials())
}

/** The names of the built-in profiles, sorted. */
function profiles() {
  return unwrap(native.profiles())
}

/** Explains a rule (`kube/run-as-non-root`) or a requirement (`EX32`): `{ id, kind, markdown, rule?, requirement? }`. */
function explain(id) {
  return unwrap(native.explain(String(id)))
}

/** Throws a `ParseError` for the first unreadable input of `report`; returns the report otherwise. */
function assertReadable(report) {
  const e = report.errors && report.errors[0]
  if (e) throw new ParseError(e.message, { code: 'parse', file: e.path, line: e.line ?? null, column: e.column ?? null })
  return report
}

/** Whether a finding that counts has severity `error` (the check fails). */
function hasErrors(report) {
  return report.summary.error > 0
}

module.exports = {
  check,
  checkAsync,
  checkFiles,
  checkFilesAsync,
  checkCommitMessage,
  checkCommitMessageAsync,
  checkCommits,
  checkCommitsAsync,
  format,
  toSarif,
  toJunit,
  toMarkdown,
  recordBaseline,
  applyBaseline,
  requirements,
  rules,
  referentials,
  profiles,
  explain,
  assertReadable,
  hasErrors,
  CctError,
  UsageError,
  ParseError,
  ConfigError,
  InternalError,
  SCANNED_EXTENSIONS,
  version: native.version(),
  PANIC_FOR_TESTS_KIND: native.PANIC_FOR_TESTS_KIND,
}
