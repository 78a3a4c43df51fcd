// Prints the gzipped size of the JavaScript the first screen loads (the entry chunk and its
// static imports, read from Vite's manifest). Staff use the console on office networks, so there
// is no budget to fail the build over; the number is printed to keep an eye on it.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const manifestPath = [join(dist, '.vite', 'manifest.json'), join(dist, 'manifest.json')].find(existsSync)
if (!manifestPath) {
  console.error('size-report: no Vite manifest in dist/ (build.manifest must be on)')
  process.exit(1)
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry)
if (entries.length === 0) {
  console.error('size-report: the manifest names no entry chunk')
  process.exit(1)
}

const seen = new Set()
const files = []
function visit(key) {
  if (seen.has(key)) return
  seen.add(key)
  const chunk = manifest[key]
  if (!chunk) return
  if (chunk.file.endsWith('.js')) files.push(chunk.file)
  for (const imported of chunk.imports ?? []) visit(imported)
}
for (const [key] of entries) visit(key)

let raw = 0
let gzipped = 0
const rows = files.map((file) => {
  const bytes = readFileSync(join(dist, file))
  const gz = gzipSync(bytes, { level: 9 }).length
  raw += bytes.length
  gzipped += gz
  return { file, kb: (bytes.length / 1024).toFixed(1), gzKb: (gz / 1024).toFixed(1) }
})
console.log('First-screen JavaScript (entry + static imports):')
for (const row of rows) console.log(`  ${row.file.padEnd(44)} ${row.kb.padStart(8)} KB  ${row.gzKb.padStart(7)} KB gzip`)
console.log(`  total ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped`)
