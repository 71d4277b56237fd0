#!/usr/bin/env node
'use strict'
// cct-commit-msg: the git `commit-msg` hook of cct-node, with commitlint's output.
//
// Reads the message file as git leaves it (the core drops comment lines and
// everything below the scissors line), uses the `cct.yaml` found from the
// current folder up to the repository root (as `cct commit-msg` does), and
// prints the problems as commitlint does. Exit status: 0 (warnings do not
// fail), 1 when a finding is an error, 2 on a usage or configuration error.
//
// Startup time is the point of a hook: this file loads the native binding,
// `fs` and `path` only (not index.js), and does nothing but one check.

const fs = require('fs')
const { Usage, start, policyOptions, unwrap, describeError, useColor, counts } = require('./common.js')

const PROG = 'cct-commit-msg'
const USAGE = `usage: ${PROG} [options] <message-file | ->

Checks a commit message (git's commit-msg hook passes its file as "$1").

options:
  --comment-char C    git's core.commentChar (default #); lines starting with it are ignored
  --config FILE       configuration file (default: cct.yaml, cct.yml or .cct.yaml found from
                      the current folder up to the repository root)
  --profile NAME      built-in profile instead of a configuration file
  --today YYYY-MM-DD  date derogation expiries are compared with
  --format FORMAT     text (commitlint style, default), json, sarif, junit or markdown
  --explain RULE      explain a rule (commit/type-enum) and exit
  -h, --help          this help
  --version           cct version

exit status: 0 no error (warnings do not fail), 1 error findings, 2 usage or configuration error`

const OPTIONS = {
  '--comment-char': 'commentChar',
  '--config': 'config',
  '--profile': 'profile',
  '--today': 'today',
  '--format': 'format',
  '--explain': 'explain',
}

/** commitlint's layout (@commitlint/format): input, one line per problem, summary, help. */
function commitlintText(report, message, commentChar, color) {
  const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const counted = report.findings.filter(counts)
  const errors = counted.filter((f) => f.severity === 'error')
  const warnings = counted.filter((f) => f.severity !== 'error')
  const problems = [
    ...report.errors.map((e) => `${paint(31, '✖')}   ${e.message} ${paint(90, '[input]')}`),
    ...errors.map((f) => `${paint(31, '✖')}   ${f.message} ${paint(90, `[${f.rule}]`)}`),
    ...warnings.map((f) => `${paint(33, '⚠')}   ${f.message} ${paint(90, `[${f.rule}]`)}`),
  ]
  if (problems.length === 0) return ''
  // commitlint shows the message; the header (the first line git keeps) says which one.
  const header = message.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith(commentChar)) || ''
  const nErrors = errors.length + report.errors.length
  const sign = nErrors > 0 ? paint(31, '✖') : paint(33, '⚠')
  const first = (errors[0] || warnings[0] || {}).rule
  const lines = [
    `${paint(90, '⧗')}   input: ${paint(1, header)}`,
    ...problems,
    '',
    paint(1, `${sign}   found ${nErrors} problems, ${warnings.length} warnings`),
  ]
  if (first) lines.push(`ⓘ   Get help: ${PROG} --explain ${first}`)
  lines.push('')
  return lines.join('\n') + '\n'
}

function main(argv) {
  const started = start(argv, {
    prog: PROG,
    usage: USAGE,
    options: OPTIONS,
    defaults: { commentChar: null, config: null, profile: null, today: null, format: 'text', explain: null },
    validate: (opts) => {
      if (opts.explain === null && opts.positional.length !== 1) {
        throw new Usage(opts.positional.length === 0 ? 'missing the message file' : 'expected one message file')
      }
    },
  })
  if (!started.opts) return started.status
  const { opts, native } = started
  if (opts.explain !== null) {
    try {
      process.stdout.write(unwrap(native.explain(opts.explain)).markdown.trimEnd() + '\n')
      return 0
    } catch (e) {
      process.stderr.write(`${PROG}: error: ${e.message}\n`)
      return 2
    }
  }

  const file = opts.positional[0]
  let message
  try {
    message = fs.readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (e) {
    process.stderr.write(`${PROG}: error: cannot read \`${file}\`: ${e.message}\n`)
    return 2
  }
  let policy
  try {
    policy = policyOptions(opts)
  } catch (e) {
    process.stderr.write(`${PROG}: error: ${e.message}\n`)
    return 2
  }
  const options = { ...policy.options, path: file }
  if (opts.commentChar !== null) options.commentChar = opts.commentChar

  let report
  try {
    report = unwrap(native.checkCommitMessage(message, JSON.stringify(options)))
  } catch (e) {
    process.stderr.write(`${PROG}: error: ${describeError(e, policy.configFile)}\n`)
    return 2
  }

  if (opts.format === 'text') {
    process.stdout.write(commitlintText(report, message, opts.commentChar ?? '#', useColor(process.stdout)))
  } else {
    process.stdout.write(unwrap(native.format(JSON.stringify(report), opts.format)).trimEnd() + '\n')
  }
  return report.summary.error > 0 || report.errors.length > 0 ? 1 : 0
}

process.exitCode = main(process.argv.slice(2))
