// A domain's own tests (subgraphs/<domain>/test), run by vitest in a child process from the
// repository root with the root's vitest config, as `npm test` runs them: `datamesh check`
// keeps vitest out of its own process and reports the run's summary line.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

export interface TestRun {
  readonly passed: boolean
  /** vitest's summary: `Test Files  2 passed (2) · Tests  41 passed (41)`. */
  readonly summary: string
}

/** The test folders of the named domains that have one, relative to the repository root. */
export function domainTestFolders(root: string, domains: readonly string[]): string[] {
  return domains.map((domain) => `subgraphs/${domain}/test`).filter((folder) => existsSync(join(root, folder)))
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

export function runDomainTests(root: string, folders: readonly string[], onLine: (line: string) => void): Promise<TestRun> {
  const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs')
  const child = spawn(process.execPath, [vitest, 'run', ...folders], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const summary: string[] = []
  const read = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (raw) => {
      const line = raw.replace(ANSI, '')
      onLine(line)
      if (/^\s*(Test Files|Tests)\s{2,}/.test(line)) summary.push(line.trim().replace(/\s{2,}/, ' '))
    })
  read(child.stdout)
  read(child.stderr)
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ passed: code === 0 && summary.length > 0, summary: summary.join(' · ') || `vitest exited with ${code} before its summary` }))
  })
}
