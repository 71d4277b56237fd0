// The report's JSON shape (cct-core/src/report.rs, format "1"), as returned by
// every binding. Hand-written; the node tests check a real report against it
// field by field (tests/node/report-shape.test.mjs).

export type Severity = 'error' | 'warning' | 'info';
export type ArtefactKind = 'kube' | 'image' | 'openapi' | 'commit' | 'dockerfile' | 'pipeline';
export type InputStatus = 'evaluated' | 'skipped' | 'error';
export type RequirementState = 'pass' | 'fail' | 'derogated' | 'not-evaluated' | 'needs-attestation' | 'attested';

export interface Location {
  path: string;
  /** 0-based index of the document in a multi-document stream. */
  document?: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
  /** RFC 6901 pointer inside the document (may name a missing key). */
  pointer: string;
  /** Helm template (`# Source:`) or another sub-location. */
  source?: string;
}

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name?: string;
}

export interface Derogation {
  justification: string;
  granted_by?: string;
  /** `YYYY-MM-DD` */
  expires?: string;
  expired: boolean;
  origin: 'config' | 'annotation' | string;
}

export interface Finding {
  /** `kube/run-as-non-root` */
  rule: string;
  /** `EX32`, `DX-5.2-a` */
  requirements: string[];
  severity: Severity;
  message: string;
  remediation: string;
  location: Location;
  object?: ObjectRef;
  derogation?: Derogation;
}

export interface InputError {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export interface InputSummary {
  path: string;
  kind?: ArtefactKind;
  status: InputStatus;
  documents: number;
  /** Why it was skipped, when cct can say more than its status (a Helm template…). */
  reason?: string;
}

export interface RequirementStatus {
  id: string;
  referential: 'cct' | 'domino-x' | string;
  status: RequirementState;
  rules: string[];
  findings: number;
}

export interface Summary {
  inputs: number;
  evaluated: number;
  skipped: number;
  errors: number;
  error: number;
  warning: number;
  info: number;
  derogated: number;
}

export interface ReferentialRef {
  id: string;
  version: string;
}

export interface Report {
  /** Version of this shape: "1". */
  format: string;
  version: string;
  referentials: ReferentialRef[];
  profile?: string;
  summary: Summary;
  inputs: InputSummary[];
  findings: Finding[];
  errors: InputError[];
  requirements: RequirementStatus[];
  /** Present when a baseline was applied (`applyBaseline`, the `baseline` option). */
  baseline?: BaselineSummary;
}

/** A finding a baseline records: only `fingerprint` is compared. */
export interface BaselineEntry {
  path: string;
  rule: string;
  /** The object (`Pod team/web`), when the finding has one. */
  object?: string;
  pointer: string;
  fingerprint: string;
  message: string;
}

/** What applying a baseline did. */
export interface BaselineSummary {
  /** Findings the baseline knows, left out of `findings`. */
  known: number;
  /** Entries no finding matches any more, on the inputs that were checked. */
  fixed: BaselineEntry[];
}

/** Rule metadata (rules/catalog/<kind>.yaml). */
export interface Rule {
  id: string;
  kind: ArtefactKind;
  requirements: string[];
  severity?: Severity;
  title: string;
  what: string;
  why: string;
  bad: string;
  good: string;
  fix: string;
  platform?: string;
  enabled: boolean;
}

export interface Requirement {
  id: string;
  level: 'P' | 'I' | null;
  nature: string;
  category: string | null;
  text: string;
  summary_fr: string;
  summary_en: string;
  automation: 'automated' | 'partial' | 'manual';
  evidence: string;
}

export interface Referential {
  id: string;
  title: string;
  version: string;
  date: string | null;
  source: string;
  requirements: Requirement[];
}

/** Options of `check`. */
export interface CheckOptions {
  /** `auto` (default) detects the kind from the content. */
  kind?: 'auto' | ArtefactKind;
  /** Path shown in locations; `<input>` by default. */
  path?: string;
  /** Name of a built-in profile (not together with `config`: a configuration starts from a profile with `extends:`). */
  profile?: string;
  /** A `cct.yaml` configuration: its YAML text, or an object of the same shape. */
  config?: string | Record<string, unknown>;
  /** The date derogation expiries and image end-of-life dates are compared with (`YYYY-MM-DD`); today (UTC) by default. */
  today?: string;
  /** Git's `core.commentChar` (one character, `#` by default), for `checkCommitMessage`. */
  commentChar?: string;
  /** A baseline file's text (`cct baseline`, or `format(report, 'baseline')`): the findings it records are left out. */
  baseline?: string;
  /** The CCT version judged against: `cct@alpha-v1`, `cct@alpha-v4`, `cct@beta-2024-06-23` (default: the latest). */
  referential?: string;
}

/** One commit of a history for `checkCommits`, as `git log` (or a git library) gives it. */
export interface CommitEntry {
  /** The full hash: the findings' location path and object name. */
  hash: string;
  /** The message as git stores it (no cleanup). */
  message: string;
  /** How the commit is signed (its signature header); absent: `commit/signed` does not judge it. */
  signature?: 'none' | 'openpgp' | 'ssh' | 'x509' | 'unknown';
  /** Git's `%G?` letter, when a verifier ran (needs `signature`). */
  verification?: 'G' | 'U' | 'B' | 'X' | 'Y' | 'R' | 'E' | 'N';
  /** Tags pointing at the commit. */
  tags?: string[];
  /** Author, `Name <email>`. */
  author?: string;
  /** Author date (ISO 8601). */
  date?: string;
}

/** Options of `checkCommits`. */
export interface CommitsOptions {
  /** The last release's tag (`v1.4.2` or `1.4.2`): the commits given are those since it. Absent: the first release. */
  lastRelease?: string;
  /** Pre-release channel of the next version (`beta` → `1.5.0-beta.1`). */
  prerelease?: string;
  /** Name of a built-in profile (not together with `config`). */
  profile?: string;
  /** A `cct.yaml` configuration: its YAML text, or an object of the same shape. */
  config?: string | Record<string, unknown>;
  /** The date derogation expiries are compared with (`YYYY-MM-DD`); today (UTC) by default. */
  today?: string;
  /** A baseline file's text: the findings it records are left out. */
  baseline?: string;
  /** The CCT version judged against (default: the latest). */
  referential?: string;
}

/** The next release the commits call for: what `cct commits --next-version --format json` prints. */
export interface Release {
  bump: 'major' | 'minor' | 'patch' | null;
  commits: number;
  current: string | null;
  last_tag: string | null;
  next: string | null;
  /** The next release's tag: the version after `settings.commit.tag_prefix` (`api@1.5.0`). */
  next_tag: string | null;
}

/** What `checkCommits` returns. */
export interface CommitsResult {
  /** The report `cct commits --format json` gives for the same commits. */
  report: Report;
  release: Release;
  /** What `cct commits` says on standard error (signatures that could not be checked). */
  notes: string[];
}

/** A requirement with the rules that give evidence for it. */
export interface RequirementInfo {
  referential: string;
  version: string;
  id: string;
  rules: string[];
  [key: string]: unknown;
}

/** What `explain` says about a rule or a requirement. */
export interface Explanation {
  id: string;
  kind: 'rule' | 'requirement';
  rule?: Rule;
  requirement?: RequirementInfo;
  markdown: string;
}

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

/** What a call throws: a real `Error` named after its code's class (`UsageError`, `ConfigError`, `InternalError`). Unreadable input is never thrown: it is in the report's `errors`. */
export interface CctError extends Error {
  name: 'UsageError' | 'ConfigError' | 'ParseError' | 'InternalError';
  code: CctErrorCode;
  path?: string;
  line?: number;
  column?: number;
}
