#!/usr/bin/env node
// Per-call overhead of cct-node against the native core.
//
//     node benches/node_overhead.mjs      # needs the addon built in cct-node/ and cargo
//
// For a small input (one Pod) and a large one (2,000 Pods, ~230 KB) it prints
// the mean time per call of: the native facade (`cargo run --release --example
// api_timing`), the addon's `checkText` (JSON answer string only), `check`
// (answer parsed into plain objects) and `checkAsync`; then how concurrent
// `checkAsync` calls of the large input spread over the libuv pool.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const cct = require(path.join(ROOT, 'cct-node', 'index.js'))
const native = require(path.join(ROOT, 'cct-node', 'binding.js'))

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`
const large = (copies = 2000) =>
  Array.from({ length: copies }, (_, i) => POD.replace('name: web\nspec', `name: web-${i}\nspec`)).join('---\n')

function perCallUs(fn, n) {
  fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  return Number(process.hrtime.bigint() - start) / 1e3 / n
}

async function perCallAsyncUs(fn, n) {
  await fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await fn()
  return Number(process.hrtime.bigint() - start) / 1e3 / n
}

function nativeUs(text, n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cct-bench-'))
  const file = path.join(dir, 'input.yaml')
  writeFileSync(file, text)
  try {
    const out = execFileSync('cargo', ['run', '-q', '--release', '-p', 'cct-core', '--example', 'api_timing', '--', file, String(n)], { cwd: ROOT, encoding: 'utf8' })
    return Number(Object.fromEntries(out.trim().split(/\s+/).map((kv) => kv.split('='))).json_us)
  } finally {
    rmSync(dir, { recursive: true })
  }
}

const pad = (s, n) => String(s).padStart(n)
console.log(`cct-node ${cct.version}, Node ${process.version}, ${os.cpus().length} CPU(s), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4}`)
console.log(`${'input'.padEnd(28)}${pad('native core', 14)}${pad('checkText', 14)}${pad('check', 12)}${pad('checkAsync', 14)}${pad('overhead', 12)}`)
for (const [name, text, n] of [
  ['small (1 Pod, 0.1 KB)', POD, 3000],
  ['large (2,000 Pods, 230 KB)', large(), 20],
]) {
  const base = nativeUs(text, n)
  const raw = perCallUs(() => native.checkText(text, '{"kind":"kube"}'), n)
  const full = perCallUs(() => cct.check(text, { kind: 'kube' }), n)
  const asy = await perCallAsyncUs(() => cct.checkAsync(text, { kind: 'kube' }), n)
  console.log(`${name.padEnd(28)}${pad(base.toFixed(1), 11)} µs${pad(raw.toFixed(1), 11)} µs${pad(full.toFixed(1), 9)} µs${pad(asy.toFixed(1), 11)} µs${pad((full - base).toFixed(1), 9)} µs`)
}

const text = large()
const jobs = 8
let start = process.hrtime.bigint()
for (let i = 0; i < jobs; i++) cct.check(text, { kind: 'kube' })
const serial = Number(process.hrtime.bigint() - start) / 1e9
start = process.hrtime.bigint()
await Promise.all(Array.from({ length: jobs }, () => cct.checkAsync(text, { kind: 'kube' })))
const pooled = Number(process.hrtime.bigint() - start) / 1e9
console.log(`\n${jobs} large checks: sync ${serial.toFixed(2)} s; concurrent checkAsync ${pooled.toFixed(2)} s (x${(serial / pooled).toFixed(2)})`)
