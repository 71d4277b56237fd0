// Types of cct.js, the recommended entry point (panic-safe wrapper of cct_wasm.js).
import type { CheckOptions, Referential, Report, Rule } from './report.js';
export * from './report.js';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads and instantiates the module (idempotent). In Node, pass the bytes of `cct_wasm_bg.wasm`. */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Checks `text`; throws a `CctError` for bad options, unreadable input or an internal failure. */
export function check(text: string, options?: CheckOptions): Report;
/** Checks the bytes of a file: UTF-8 (or UTF-16 with a BOM) text, or a binary artefact such as an image archive. */
export function checkBytes(bytes: Uint8Array, options?: CheckOptions): Report;
/** Every built-in rule's metadata. */
export function rules(): Rule[];
/** Every referential shipped, with its requirements. */
export function referentials(): Referential[];
/** The cct version compiled into the module. */
export function version(): string;
