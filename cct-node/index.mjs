// ESM entry point: the same functions as the CommonJS one.
import { createRequire } from 'node:module'

const cct = createRequire(import.meta.url)('./index.js')

export const {
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
  explain,
  assertReadable,
  hasErrors,
  CctError,
  UsageError,
  ParseError,
  ConfigError,
  InternalError,
  SCANNED_EXTENSIONS,
  version,
  PANIC_FOR_TESTS_KIND,
} = cct
export default cct
