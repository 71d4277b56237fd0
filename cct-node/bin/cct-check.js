#!/usr/bin/env node
'use strict'
// cct-check: checks the files it is given, judged together (Kubernetes objects
// of every file form one set), for lint-staged and scripts.
//
// Prints one line per finding, `path:line:column: severity[rule] message`, and
// a summary on standard error. Files of no known kind (a YAML file that is
// neither a manifest nor an OpenAPI description) are skipped. The `cct.yaml`
// found from the current folder up to the repository root applies.
// Exit status: 0 no error finding, 1 error findings or unparsable input,
// 2 usage or configuration error.

const fs = require('fs')
const { Usage, start, policyOptions, unwrap, describeError, useColor, counts } = require('./common.js')

const PROG = 'cct-check'
const USAGE = `usage: ${PROG} [options] <file>...

Checks Kubernetes manifests, image configs and OpenAPI descriptions, judged together
(lint-staged passes the staged files).

options:
  --kind KIND         auto (default: from content), kube, image or openapi
  --config FILE       configuration file (default: cct.yaml, cct.yml or .cct.yaml found from
                      the current folder up to the repository root)
  --profile NAME      built-in profile instead of a configuration file
  --today YYYY-MM-DD  date derogation expiries are compared with
  --format FORMAT     text (one line per finding, default), json, sarif, junit or markdown
  -h, --help          this help
  --version           cct version

exit status: 0 no error finding, 1 error findings or unparsable input, 2 usage or configuration error`

const OPTIONS = {
  '--kind': 'kind',
  '--config': 'config',
  '--profile': 'profile',
  '--today': 'today',
  '--format': 'format',
}

function textLines(report, color) {
  const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const severityColor = { error: 31, warning: 33, info: 36 }
  const lines = []
  for (const e of report.errors) {
    lines.push(`${e.path}:${e.line ?? 1}:${e.column ?? 1}: ${paint(31, 'error')}[parse] ${e.message}`)
  }
  for (const f of report.findings.filter(counts)) {
    const l = f.location
    lines.push(`${l.path}:${l.line}:${l.column}: ${paint(severityColor[f.severity] || 0, f.severity)}[${f.rule}] ${f.message}`)
  }
  return lines
}

function main(argv) {
  const started = start(argv, {
    prog: PROG,
    usage: USAGE,
    options: OPTIONS,
    defaults: { kind: null, config: null, profile: null, today: null, format: 'text' },
    validate: (opts) => {
      if (opts.positional.length === 0) throw new Usage('missing the files to check')
    },
  })
  if (!started.opts) return started.status
  const { opts, native } = started

  let policy
  const contents = []
  try {
    policy = policyOptions(opts)
    for (const file of opts.positional) {
      try {
        contents.push(fs.readFileSync(file))
      } catch (e) {
        throw new Error(`cannot read \`${file}\`: ${e.message}`)
      }
    }
  } catch (e) {
    process.stderr.write(`${PROG}: error: ${e.message}\n`)
    return 2
  }
  const options = { ...policy.options }
  if (opts.kind !== null) options.kind = opts.kind

  let report
  try {
    report = unwrap(native.checkFiles(opts.positional, contents, JSON.stringify(options)))
  } catch (e) {
    process.stderr.write(`${PROG}: error: ${describeError(e, policy.configFile)}\n`)
    return 2
  }

  if (opts.format === 'text') {
    const lines = textLines(report, useColor(process.stdout))
    if (lines.length) process.stdout.write(lines.join('\n') + '\n')
    const s = report.summary
    process.stderr.write(
      `${PROG}: ${s.error} errors, ${s.warning} warnings, ${s.info} notes; ` +
        `${s.evaluated} checked, ${s.skipped} skipped, ${s.errors} unreadable of ${s.inputs} files\n`,
    )
  } else {
    process.stdout.write(unwrap(native.format(JSON.stringify(report), opts.format)).trimEnd() + '\n')
  }
  return report.summary.error > 0 || report.errors.length > 0 ? 1 : 0
}

process.exitCode = main(process.argv.slice(2))
