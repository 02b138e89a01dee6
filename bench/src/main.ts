// `npm run bench` and `datamesh bench`: progress on the terminal, the results table, and
// the JSON and Markdown files under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_HELP, settingsFrom } from './options.js'
import { jsonReport, machine, markdownReport, terminalReport } from './report.js'
import { runBench } from './run.js'

/** Runs the bench from command-line arguments; resolves with the exit code. */
export async function benchMain(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof settingsFrom>
  try {
    parsed = settingsFrom(argv)
  } catch (error) {
    const message = (error as Error).message.replace(/^Unknown option '([^']+)'.*/s, 'unknown option $1')
    console.error(`bench: ${message.split('\n')[0]} (npm run bench -- --help)`)
    return 2
  }
  if (parsed === 'help') {
    console.log(BENCH_HELP)
    return 0
  }
  const { settings, out, name } = parsed
  const started = performance.now()
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`
  let results
  try {
    results = await runBench(settings, (line) => console.log(line.startsWith('\n') ? `\n${elapsed()} ${line.slice(1)}` : `${elapsed()} ${line}`))
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`)
    if (process.env.DATAMESH_DEBUG) console.error(error)
    return 1
  }
  const about = machine()
  console.log(`\n${terminalReport(results, about)}\n`)
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, `${name}.json`), jsonReport(results, about))
  writeFileSync(join(out, `${name}.md`), markdownReport(results, about))
  console.log(`results: ${join(out, `${name}.md`)} and .json (the run took ${((performance.now() - started) / 60_000).toFixed(1)} min)`)
  return results.measurements.some((measurement) => measurement.failures > 0) ? 1 : 0
}
