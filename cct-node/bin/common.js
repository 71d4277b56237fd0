'use strict'
// Shared by the command-line entries of cct-node (cct-commit-msg, cct-check):
// argument parsing, configuration discovery, answers of the native facade.
// Only `fs` and `path` are loaded: hooks must start fast.

const fs = require('fs')
const path = require('path')

/** The first of these names found in a folder is the configuration (as `cct`, cct-cli). */
const CONFIG_FILE_NAMES = ['cct.yaml', 'cct.yml', '.cct.yaml']

/** Output formats of the commands: `text` is theirs, the others are the core's. */
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown']

/** A command-line mistake: the command prints it with its usage and exits 2. */
class Usage extends Error {}

/**
 * Parses `argv`: `valued` maps an option (`--config`) to its key in the result;
 * `--opt=value` and `--opt value` are both accepted; other arguments are
 * positional (`-` counts as one). `-h`/`--help` and `--version` short-cut.
 */
function parseArgs(argv, valued, defaults) {
  const opts = { ...defaults, positional: [] }
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]
    if (arg === '-h' || arg === '--help') return { help: true }
    if (arg === '--version') return { version: true }
    if (arg === '--') {
      opts.positional.push(...argv.slice(i + 1))
      break
    }
    let value = null
    const eq = arg.indexOf('=')
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1)
      arg = arg.slice(0, eq)
    }
    if (Object.prototype.hasOwnProperty.call(valued, arg)) {
      if (value === null) {
        if (i + 1 >= argv.length) throw new Usage(`${arg} needs a value`)
        value = argv[++i]
      }
      opts[valued[arg]] = value
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new Usage(`unknown option ${arg}`)
    } else {
      opts.positional.push(arg)
    }
  }
  if (opts.format !== undefined && !FORMATS.includes(opts.format)) {
    throw new Usage(`--format takes ${FORMATS.join(', ')}, not ${opts.format}`)
  }
  if (opts.config != null && opts.profile != null) {
    throw new Usage('give --config or --profile, not both (a configuration starts from a profile with `extends: <profile>`)')
  }
  return opts
}

/**
 * The configuration file for a command started in `start`: the first of
 * CONFIG_FILE_NAMES in `start` or a parent, up to the repository root (the
 * first folder holding `.git`), as the `cct` CLI finds it; `null` when none.
 */
function discoverConfig(start) {
  let dir = path.resolve(start)
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name)
      try {
        if (fs.statSync(candidate).isFile()) return candidate
      } catch {}
    }
    if (fs.existsSync(path.join(dir, '.git'))) return null
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

/** A path relative to the current folder when inside it (as the CLI shows it). */
function shown(file) {
  const rel = path.relative(process.cwd(), file)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file
}

/**
 * The policy options of a command: `--config`, else (without `--profile`) the
 * discovered file, read as text; `--profile`; `--today`. Returns
 * `{ options, configFile }`; throws an Error (`cannot read`) for an unreadable file.
 */
function policyOptions(opts) {
  const configFile = opts.config ?? (opts.profile == null ? discoverConfig(process.cwd()) : null)
  const options = {}
  if (configFile !== null) {
    try {
      options.config = fs.readFileSync(configFile, 'utf8')
    } catch (e) {
      throw new Error(`${configFile}: cannot read the configuration: ${e.message}`)
    }
  }
  if (opts.profile != null) options.profile = opts.profile
  if (opts.today != null) options.today = opts.today
  return { options, configFile }
}

/** The value of a facade answer, or throws an Error carrying the answer's `code`, `path`, `line`, `column`. */
function unwrap(answer) {
  const decoded = JSON.parse(answer)
  if (Object.prototype.hasOwnProperty.call(decoded, 'ok')) return decoded.ok
  throw Object.assign(new Error(decoded.error.message), decoded.error)
}

/** One line for a facade error; configuration errors name the real file, not `cct.yaml`. */
function describeError(e, configFile) {
  if (e.code !== 'config' || !e.path) return e.message
  const file = configFile ? shown(configFile) : e.path
  return `${[file, e.line, e.column].filter((x) => x != null).join(':')}: ${e.message}`
}

/**
 * The native addon. The file `napi build --platform` leaves in the package is
 * required directly when it is there: the generated loader (`binding.js`)
 * probes the platform and costs as much as the check itself. Anything unusual
 * (another file name, `NAPI_RS_NATIVE_LIBRARY_PATH`) goes through the loader.
 */
function loadNative() {
  if (!process.env.NAPI_RS_NATIVE_LIBRARY_PATH) {
    const { platform, arch } = process
    const abi = platform === 'linux' ? '-gnu' : platform === 'win32' ? '-msvc' : ''
    const file = path.join(__dirname, '..', `cct-node.${platform}-${arch}${abi}.node`)
    if (fs.existsSync(file)) {
      try {
        return require(file)
      } catch {}
    }
  }
  return require('../binding.js')
}

/**
 * The start every command shares: parses `argv` (`validate` throws `Usage`
 * for a wrong set of arguments), answers `--help` and `--version`, and loads
 * the addon. Returns `{ opts, native }` to go on, or `{ status }` when done.
 */
function start(argv, { prog, usage, options, defaults, validate }) {
  let opts
  try {
    opts = parseArgs(argv, options, defaults)
    if (!opts.help && !opts.version) validate(opts)
  } catch (e) {
    if (!(e instanceof Usage)) throw e
    process.stderr.write(`${prog}: error: ${e.message}\n${usage}\n`)
    return { status: 2 }
  }
  if (opts.help) {
    process.stdout.write(usage + '\n')
    return { status: 0 }
  }
  const native = loadNative()
  if (opts.version) {
    process.stdout.write(`${prog} (cct) ${native.version()}\n`)
    return { status: 0 }
  }
  return { opts, native }
}

/** Whether to colour `stream` (NO_COLOR and FORCE_COLOR are honoured). */
function useColor(stream) {
  if (process.env.NO_COLOR) return false
  if (process.env.FORCE_COLOR) return process.env.FORCE_COLOR !== '0'
  return Boolean(stream.isTTY)
}

/** Whether a finding counts against the check (no live derogation), as the core's `Finding::counts`. */
function counts(finding) {
  return !finding.derogation || finding.derogation.expired
}

module.exports = {
  CONFIG_FILE_NAMES,
  FORMATS,
  Usage,
  parseArgs,
  discoverConfig,
  shown,
  policyOptions,
  unwrap,
  describeError,
  useColor,
  counts,
  loadNative,
  start,
}
