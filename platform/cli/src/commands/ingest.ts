// datamesh ingest: load a team's CSV or JSON Lines file into one of its domain's tables.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from '../command.js'
import { createProgress } from '../progress.js'
import { UsageError } from '../usage-error.js'

// @datamesh/products' LOAD_MODES, repeated so that --help does not load the engine.
const MODES = ['append', 'upsert', 'replace']

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`
}

export const ingest = defineCommand({
  name: 'ingest',
  summary: "load a CSV or JSON Lines file into a domain's table, every row checked",
  usage: 'datamesh ingest <domain>.<table> <file> [--mode append|upsert|replace] [--reject-file <path>]',
  help: `Streams a CSV file (its header names the table's columns) or a JSON Lines file (one
object per line, its keys the columns) into a table of a domain's own database, in
constant memory whatever the file's size. Every row is checked against the table's
contract: each value's type, required columns, the values a CHECK constraint allows, key
uniqueness (within the file and against the table), foreign keys, and the row-level
quality rules of the data product the table belongs to (rules of severity error that must
be 0: nullValues, invalidValues). A column the file leaves out is
filled by its default (a serial id, now()); an unknown column, or a missing required one,
is refused before any row is loaded.

All or nothing: the load is one transaction, and the first bad row aborts it with one line
naming file:line:column and the reason, leaving the table as it was (exit 1). With
--reject-file the good rows are loaded and the bad ones written to the file with their
line, column and reason (CSV when the name ends in .csv, else JSON Lines).

A committed load is recorded in the catalog: the data product, the file's name and
SHA-256, the rows loaded and rejected, the mode and the time, which the catalog shows as
the product's loads, its source files (lineage) and how recent its data is. Run
\`datamesh quality\` afterwards to measure the product's aggregate rules. Works whether
the mesh is running or not.

Options:
  --mode <mode>         append (default): add the rows; a key that exists is a bad row
                        upsert: insert new rows, update those whose primary key exists
                        replace: the table's rows become the file's; refused while another
                        table of the domain refers to its rows
  --reject-file <path>  load the good rows, write the bad ones here`,
  options: { mode: { type: 'string' }, 'reject-file': { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }) {
    const [target, file] = positionals as [string, string]
    const match = /^([a-z][a-z0-9-]*)\.([a-z_][a-z0-9_]*)$/.exec(target)
    if (!match) throw new UsageError(`"${target}" is not <domain>.<table>, such as customers.customers`)
    const [, domainName, table] = match as unknown as [string, string, string]
    const mode = (values.mode as string | undefined) ?? 'append'
    if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, got "${mode}"`)
    const rejectFile = values['reject-file'] as string | undefined

    const { selectDomains } = await import('../mesh/domains.js')
    const [domain] = await selectDomains([domainName])
    const { RecordError, repositoryRoot } = await import('@datamesh/kit')
    // A platform subgraph (the catalog) reads a store it does not own: only domains under subgraphs/ have tables to load.
    if (!domain || !existsSync(join(repositoryRoot, 'subgraphs', domain.name))) throw new UsageError(`${domainName} is a platform subgraph: it has no tables of its own to load`)
    const { ingestFile, IngestError } = await import('@datamesh/products')

    const progress = createProgress()
    const label = `${domain.name}.${table}`
    try {
      const summary = await ingestFile({
        domain: { name: domain.name, migrations: domain.migrations },
        table,
        file,
        mode: mode as 'append',
        ...(rejectFile ? { rejectFile } : {}),
        // A second pass reads the file again, through staging, to name the rows the database refused.
        onProgress: ({ rows, bytesRead, totalBytes, pass }) => progress.rows(pass === 2 ? `${label} (the database refused a row; reading again to find which)` : label, rows, bytesRead, totalBytes),
        onWait: (message) => console.error(message),
      })
      const seconds = summary.durationMs / 1000
      progress.done(
        `${label}: ${count(summary.rowsLoaded, 'row')} loaded (${summary.mode}), ${count(summary.rowsRejected, 'row')} rejected` +
          `${summary.rowsRejected && rejectFile ? ` (written to ${rejectFile})` : ''} in ${seconds.toFixed(1)} s, ` +
          `${Math.round(summary.rowsLoaded / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s` +
          `${summary.productId ? `; recorded as a load of ${summary.productId}` : ''}`,
      )
      if (summary.warning) console.error(`warning: ${summary.warning}`)
      return 0
    } catch (error) {
      // One line for what is wrong with the file or the table; a stack trace only for the unexpected.
      if (error instanceof RecordError || error instanceof IngestError) {
        progress.clear()
        console.error(`datamesh ingest: ${error.message}; nothing was loaded`)
        return 1
      }
      throw error
    }
  },
})
