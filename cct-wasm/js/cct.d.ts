// Types of cct.js, the recommended entry point (panic-safe wrapper of cct_wasm.js).
import type { CheckOptions, CommitEntry, CommitsOptions, CommitsResult, Explanation, Referential, Report, RequirementInfo, Rule } from './report.js';
export * from './report.js';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and instantiates the module (idempotent). In Node, pass the bytes of `cct_wasm_bg.wasm`. */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Checks `text`; unreadable input is in the report's `errors`; throws a `CctError` for bad options or an internal failure. */
export function check(text: string, options?: CheckOptions): Report;
/** Checks the bytes of a file: UTF-8 (or UTF-16 with a BOM) text, or a binary artefact such as an image archive. */
export function checkBytes(bytes: Uint8Array, options?: CheckOptions): Report;
/** Every built-in rule's metadata. */
export function rules(): Rule[];
/** Every referential shipped, with its requirements. */
export function referentials(): Referential[];
/** Checks a commit message as git's `commit-msg` hook sees it (`kind`, if given, must be `commit`). */
export function checkCommitMessage(message: string, options?: CheckOptions): Report;
/** Checks a history given as raw commits (newest first) as `cct commits` does, and computes the next release. */
export function checkCommits(commits: CommitEntry[], options?: CommitsOptions): CommitsResult;
/** Renders a report (the object, or its JSON text) as SARIF 2.1.0, JUnit XML, Markdown or JSON text; throws `invalid_options` otherwise. */
export function format(report: Report | string, format: 'sarif' | 'junit' | 'markdown' | 'md' | 'json' | 'policyreport' | 'gitlab-codequality' | 'baseline'): string;
/** The baseline file recording the report's findings: the text `cct baseline` writes to `.cct-baseline.json`. */
export function recordBaseline(report: Report | string): string;
/** The report without the findings the baseline file's text records (`cct check --baseline`); throws `invalid_options` for a text that is not a baseline. */
export function applyBaseline(report: Report | string, baseline: string): Report;
/** Every requirement of the shipped referentials, with the rules that give evidence for it. */
export function requirements(): RequirementInfo[];
/** What a rule or a requirement is about; throws `unknown_id` for any other id. */
export function explain(id: string): Explanation;
/** The names of the built-in profiles (`cloud-pi-native`, `domino-x`, `minimal`). */
export function profiles(): string[];
/** The cct version compiled into the module. */
export function version(): string;
