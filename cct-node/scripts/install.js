'use strict'
// `npm install <path-to>/cct-node` runs this: it builds the native addon from
// source when none is there for this platform. It uses @napi-rs/cli when it is
// installed (a development checkout), and plain `cargo build` otherwise, so a
// consumer needs a Rust toolchain but no extra npm package.
// Set CCT_NODE_SKIP_BUILD=1 to skip (CI builds the addon explicitly).

const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.resolve(__dirname, '..')

function platformTriple() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const report = process.report && process.report.getReport ? process.report.getReport() : null
    const glibc = report && report.header && report.header.glibcVersionRuntime
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', shell: process.platform === 'win32' })
  if (r.error) throw r.error
  if (r.status !== 0) process.exit(r.status || 1)
  return r.stdout
}

function main() {
  if (process.env.CCT_NODE_SKIP_BUILD) return
  const target = path.join(root, `cct-node.${platformTriple()}.node`)
  if (fs.existsSync(target)) return
  let hasCli = false
  try {
    require.resolve('@napi-rs/cli/package.json', { paths: [root] })
    hasCli = true
  } catch {}
  if (hasCli) {
    process.stdout.write(run('npx', ['napi', 'build', '--platform', '--release', '--features', 'node', '--js', 'binding.js', '--dts', 'binding.d.ts']))
    return
  }
  // cargo prints one JSON message per artefact; the cdylib's file is the addon.
  const out = run('cargo', ['build', '--release', '--features', 'node', '--manifest-path', path.join(root, 'Cargo.toml'), '--message-format=json-render-diagnostics'])
  let lib = null
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue
    const msg = JSON.parse(line)
    if (msg.reason === 'compiler-artifact' && msg.target && msg.target.name === 'cct_node') {
      lib = msg.filenames.find((f) => /\.(so|dylib|dll)$/.test(f)) || lib
    }
  }
  if (!lib) throw new Error('cargo built no cct_node library')
  fs.copyFileSync(lib, target)
  console.log(`cct-node: built ${path.basename(target)}`)
}

main()
