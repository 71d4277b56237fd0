// Types of cct-node. The report types mirror the JSON report of cct-core
// (`cct_core::report`), key for key.

export type Kind = 'auto' | 'kube' | 'image' | 'openapi' | 'commit' | 'dockerfile' | 'pipeline'
export type Severity = 'error' | 'warning' | 'info'

export interface CheckOptions {
  /** `auto` (default: detect from content), `kube`, `image`, `openapi` or `commit`. */
  kind?: Kind | string
  /** Name of a text input in locations (default `<input>`). */
  path?: string
  /** Name of a built-in profile. */
  profile?: string
  /** A `cct.yaml` configuration, as text or as an object. */
  config?: string | Record<string, unknown>
  /** The date derogation expiries are compared with (`YYYY-MM-DD`). */
  today?: string
  /** A baseline file's text (`cct baseline`, or `format(report, 'baseline')`): its findings are left out. */
  baseline?: string
  /** The CCT version judged against: `cct@alpha-v1`, `cct@alpha-v4`, `cct@beta-2024-06-23` (default: the latest). */
  referential?: string
}

export interface CommitMessageOptions {
  /** Name of the message file in locations (default `<input>`). */
  path?: string
  /** Name of a built-in profile (not with `config`). */
  profile?: string
  /** A `cct.yaml` configuration, as text or as an object (its `settings.commit` applies). */
  config?: string | Record<string, unknown>
  /** The date derogation expiries are compared with (`YYYY-MM-DD`). */
  today?: string
  /** Git's `core.commentChar` (one character, default `#`): lines starting with it are dropped. */
  commentChar?: string
  /** Must be `commit` when given. */
  kind?: 'commit'
}

/** One commit of a history for `checkCommits`, as `git log` (or a git library) gives it. */
export interface CommitEntry {
  /** The full hash: the findings' location path and object name. */
  hash: string
  /** The message as git stores it (no cleanup). */
  message: string
  /** How the commit is signed (its signature header); absent: `commit/signed` does not judge it. */
  signature?: 'none' | 'openpgp' | 'ssh' | 'x509' | 'unknown'
  /** Git's `%G?` letter, when a verifier ran (needs `signature`). */
  verification?: 'G' | 'U' | 'B' | 'X' | 'Y' | 'R' | 'E' | 'N'
  /** Tags pointing at the commit. */
  tags?: string[]
  /** Author, `Name <email>`. */
  author?: string
  /** Author date (ISO 8601). */
  date?: string
}

export interface CommitsOptions {
  /** The last release's tag (`v1.4.2` or `1.4.2`): the commits given are those since it. Absent: the first release. */
  lastRelease?: string
  /** Pre-release channel of the next version (`beta` → `1.5.0-beta.1`). */
  prerelease?: string
  /** Name of a built-in profile (not with `config`). */
  profile?: string
  /** A `cct.yaml` configuration, as text or as an object (its `settings.commit` applies). */
  config?: string | Record<string, unknown>
  /** The date derogation expiries are compared with (`YYYY-MM-DD`). */
  today?: string
  /** A baseline file's text: its findings are left out. */
  baseline?: string
  /** The CCT version judged against (default: the latest). */
  referential?: string
}

/** The next release the commits call for: what `cct commits --next-version --format json` prints. */
export interface Release {
  bump: 'major' | 'minor' | 'patch' | null
  commits: number
  current: string | null
  last_tag: string | null
  next: string | null
  /** The next release's tag: the version after `settings.commit.tag_prefix` (`api@1.5.0`). */
  next_tag: string | null
}

/** What `checkCommits` returns. */
export interface CommitsResult {
  /** The report `cct commits --format json` gives for the same commits. */
  report: Report
  release: Release
  /** What `cct commits` says on standard error (signatures that could not be checked). */
  notes: string[]
}

/** An output format of `format`. */
export type FormatName = 'json' | 'sarif' | 'junit' | 'markdown' | 'policyreport' | 'gitlab-codequality' | 'baseline'

export interface Location {
  path: string
  document?: number
  line: number
  column: number
  pointer: string
  source?: string
}

export interface ObjectRef {
  apiVersion?: string
  kind: string
  namespace?: string
  name?: string
}

export interface Derogation {
  justification: string
  granted_by?: string
  expires?: string
  expired: boolean
  origin: string
}

export interface Finding {
  rule: string
  requirements: string[]
  severity: Severity
  message: string
  remediation: string
  location: Location
  object?: ObjectRef
  derogation?: Derogation
}

export interface InputError {
  path: string
  line?: number
  column?: number
  message: string
}

export interface InputSummary {
  path: string
  kind?: Exclude<Kind, 'auto'>
  status: 'evaluated' | 'skipped' | 'error'
  documents: number
  /** Why it was skipped, when cct can say more than its status (a Helm template…). */
  reason?: string
}

export interface RequirementStatus {
  id: string
  referential: string
  status: 'pass' | 'fail' | 'derogated' | 'not-evaluated' | 'needs-attestation' | 'attested'
  rules: string[]
  findings: number
}

export interface Summary {
  inputs: number
  evaluated: number
  skipped: number
  errors: number
  error: number
  warning: number
  info: number
  derogated: number
}

/** A finding a baseline records: only `fingerprint` is compared. */
export interface BaselineEntry {
  path: string
  rule: string
  /** The object (`Pod team/web`), when the finding has one. */
  object?: string
  pointer: string
  fingerprint: string
  message: string
}

/** What applying a baseline did. */
export interface BaselineSummary {
  /** Findings the baseline knows, left out of `findings`. */
  known: number
  /** Entries no finding matches any more, on the inputs that were checked. */
  fixed: BaselineEntry[]
}

export interface Report {
  format: string
  version: string
  referentials: { id: string; version: string }[]
  profile?: string
  summary: Summary
  inputs: InputSummary[]
  findings: Finding[]
  errors: InputError[]
  requirements: RequirementStatus[]
  /** Present when a baseline was applied (`applyBaseline`, the `baseline` option). */
  baseline?: BaselineSummary
}

export interface Requirement {
  id: string
  referential: string
  version: string
  level: 'P' | 'I' | null
  nature: string
  category: string | null
  text: string
  summary_fr: string
  summary_en: string
  automation: 'automated' | 'partial' | 'manual'
  evidence: string
  rules: string[]
}

export interface Rule {
  id: string
  kind: Exclude<Kind, 'auto'>
  requirements: string[]
  severity?: Severity
  title: string
  what: string
  why: string
  bad: string
  good: string
  fix: string
  platform?: string
  enabled: boolean
}

export interface Explanation {
  id: string
  kind: 'rule' | 'requirement'
  rule?: Rule
  requirement?: Requirement
  markdown: string
}

/** A file for `checkFiles`: a path (file or folder), or a named content. */
export type FileInput = string | { path: string; content: string | Buffer | Uint8Array }

/** The one set of error codes of every binding (`cct_core::api::ErrorCode`, docs/bindings.md). */
// generated:begin error-codes
export type CctErrorCode =
  | 'invalid_options'
  | 'unknown_kind'
  | 'unknown_id'
  | 'config'
  | 'unsupported'
  | 'parse'
  | 'internal'
// generated:end

export interface CctErrorFields {
  code?: CctErrorCode
  file?: string | null
  line?: number | null
  column?: number | null
}

export class CctError extends Error {
  constructor(message: string, fields?: CctErrorFields)
  /** The error code; the class follows from it (docs/bindings.md). */
  code: CctErrorCode
  file: string | null
  line: number | null
  column: number | null
}
export class UsageError extends CctError {}
export class ParseError extends CctError {}
export class ConfigError extends CctError {}
export class InternalError extends CctError {}

export function check(text: string | Buffer | Uint8Array, options?: CheckOptions): Report
export function checkAsync(text: string | Buffer | Uint8Array, options?: CheckOptions): Promise<Report>
export function checkFiles(files: FileInput | FileInput[], options?: Omit<CheckOptions, 'path'>): Report
export function checkFilesAsync(files: FileInput | FileInput[], options?: Omit<CheckOptions, 'path'>): Promise<Report>
/** Checks a commit message as git's `commit-msg` hook sees it (comments and scissors dropped). */
export function checkCommitMessage(message: string | Buffer | Uint8Array, options?: CommitMessageOptions): Report
export function checkCommitMessageAsync(message: string | Buffer | Uint8Array, options?: CommitMessageOptions): Promise<Report>
/** Checks a history given as raw commits (newest first) and computes its next release, as `cct commits`. */
export function checkCommits(commits: CommitEntry[], options?: CommitsOptions): CommitsResult
export function checkCommitsAsync(commits: CommitEntry[], options?: CommitsOptions): Promise<CommitsResult>
/** Renders a report as `json`, `sarif` (2.1.0), `junit` or `markdown` text. */
export function format(report: Report, name: FormatName | string): string
export function toSarif(report: Report): string
export function toJunit(report: Report): string
export function toMarkdown(report: Report): string
/** The baseline file recording the report's findings: what `cct baseline` writes to `.cct-baseline.json`. */
export function recordBaseline(report: Report): string
/** The report without the findings the baseline file's text records (`cct check --baseline`). */
export function applyBaseline(report: Report, baseline: string): Report
export function requirements(): Record<string, Requirement>
export function rules(): Record<string, Rule>
export function explain(id: string): Explanation
/** Every referential shipped (CCT versions, Domino-X), with its requirements. */
export function referentials(): Array<Record<string, unknown>>
/** The names of the built-in profiles, sorted. */
export function profiles(): string[]
export function assertReadable(report: Report): Report
export function hasErrors(report: Report): boolean
export const SCANNED_EXTENSIONS: string[]
export const version: string
/** The `kind` value that makes the core panic on purpose (tests only). */
export const PANIC_FOR_TESTS_KIND: string

declare const cct: {
  check: typeof check
  checkAsync: typeof checkAsync
  checkFiles: typeof checkFiles
  checkFilesAsync: typeof checkFilesAsync
  checkCommitMessage: typeof checkCommitMessage
  checkCommitMessageAsync: typeof checkCommitMessageAsync
  checkCommits: typeof checkCommits
  checkCommitsAsync: typeof checkCommitsAsync
  format: typeof format
  toSarif: typeof toSarif
  toJunit: typeof toJunit
  toMarkdown: typeof toMarkdown
  recordBaseline: typeof recordBaseline
  applyBaseline: typeof applyBaseline
  requirements: typeof requirements
  rules: typeof rules
  explain: typeof explain
  referentials: typeof referentials
  profiles: typeof profiles
  assertReadable: typeof assertReadable
  hasErrors: typeof hasErrors
  CctError: typeof CctError
  UsageError: typeof UsageError
  ParseError: typeof ParseError
  ConfigError: typeof ConfigError
  InternalError: typeof InternalError
  SCANNED_EXTENSIONS: string[]
  version: string
  PANIC_FOR_TESTS_KIND: string
}
export default cct
