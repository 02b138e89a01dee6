// datamesh domain new: from a team's data files to a governed domain package in the mesh.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { defineCommand } from '../command.js'
import { listOption, numberOption } from '../options.js'
import { UsageError } from '../usage-error.js'

const BIN = fileURLToPath(new URL('../../bin/datamesh.js', import.meta.url))

/** `customer_id=Customer,payer=none` → { customer_id: 'Customer', payer: 'none' } */
function referencesOption(value: unknown): Record<string, string> {
  const references: Record<string, string> = {}
  for (const entry of listOption(value)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=([A-Z][A-Za-z0-9]*|none)$/.exec(entry)
    if (!match) throw new UsageError(`--references takes <column>=<Entity> (customer_id=Customer) or <column>=none, got "${entry}"`)
    references[match[1]!.toLowerCase()] = match[2]!
  }
  return references
}

/** Runs a datamesh or npm command in the repository; its output goes to ours. */
function step(label: string, command: string, args: readonly string[], cwd: string): void {
  console.log(`\n${label} ...`)
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env })
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal}); the package is written: fix the problem above and run it again`)
}

export const domain = defineCommand({
  name: 'domain',
  summary: 'create a domain from data files: datamesh domain new <name> --from <file>',
  usage: 'datamesh domain new <name> --from <file> [--from <file>]... --owner "<team> <email>" [options]',
  help: `Creates a governed domain from your data files, in one command: one table per file
(CSV with a header line, or JSON Lines), named after the file (payments.csv → payments).

It reads a sample of each file (the first 10,000 rows, streamed, whatever the file's size)
and infers each column's type and whether it may be empty, the key (id, else
<entity>_id, else the first column, when unique), low-cardinality columns as enums, and
columns that hold another domain's entity id (customer_id → Customer). The classifier
proposes a classification and a mask for personal and confidential data, with its
evidence and confidence. Then it writes subgraphs/<name>/, shaped like every domain:
schema.graphql (an entity per table, a Relay connection with filters, references,
descriptions), a frozen migration with the filters' indexes, kysely table types, the
data product descriptor (owner, default SLAs, quality rules from the data), policies.ts
and tests; adds the service to docker-compose.yml on the next free port; links the
package (npm install); composes the supergraph and exports the data contracts. A running
mesh (datamesh start) picks the domain up without a restart.

Load the data afterwards with \`datamesh ingest <name>.<table> <file>\`.

Options:
  --from <file>          a data file (repeat for more tables)
  --owner <owner>        the product owner: "Payments <payments@example.com>"
  --references <c>=<E>   the column c holds ids of entity E (customer_id=Customer), or
                         c=none when a column named like one does not (repeat, or commas)
  --description <text>   one sentence on what the domain owns
  --port <n>             the subgraph's port (default: the next free one)
  --dry-run              print the plan; write nothing

Examples:
  datamesh domain new payments --from payments.csv --owner "Payments <payments@example.com>"
  datamesh domain new web --from visits.jsonl --from sessions.csv --owner web@example.com --dry-run`,
  options: {
    from: { type: 'string', multiple: true },
    owner: { type: 'string' },
    references: { type: 'string', multiple: true },
    description: { type: 'string' },
    port: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }) {
    const [verb, name] = positionals as [string, string]
    if (verb !== 'new') throw new UsageError(`unknown subcommand "${verb}"; the subcommand is new`)
    const files = listOption(values.from)
    if (files.length === 0) throw new UsageError('name at least one data file with --from <file.csv|file.jsonl>')
    if (typeof values.owner !== 'string') throw new UsageError('--owner is required: the product owner, "Team <team@example.com>"')
    const port = numberOption(values.port, 'port', { integer: true, min: 1024 })
    const { resolve } = await import('node:path')
    const { repositoryRoot, RecordError } = await import('@datamesh/kit')
    const { planDomain, writeDomain, filtersOf, rootFields } = await import('@datamesh/scaffold')
    const { proposeClassification } = await import('@datamesh/governance')
    const { loadMesh } = await import('../mesh/domains.js')
    const { domains } = await loadMesh()

    let plan
    try {
      plan = await planDomain(
        {
          name,
          files: files.map((file) => resolve(file)),
          owner: values.owner,
          references: referencesOption(values.references),
          classify: (column) => proposeClassification(column),
          ...(typeof values.description === 'string' ? { description: values.description } : {}),
          ...(port !== undefined ? { port } : {}),
        },
        domains,
        repositoryRoot,
      )
    } catch (error) {
      // A problem in the input is one line naming the file, line and column.
      if (error instanceof RecordError || error instanceof Error) throw new UsageError(error.message)
      throw error
    }

    console.log(`domain ${plan.name} on port ${plan.port}, owned by ${plan.owner.name} <${plan.owner.email}>`)
    const review: string[] = []
    for (const table of plan.tables) {
      const { connection, lookup } = rootFields(table)
      console.log(`\ntable ${table.table} (from ${table.file.split('/').pop()}, ${table.sampled.toLocaleString('en-US')} rows sampled) as ${table.type}: Query.${connection}, Query.${lookup}`)
      for (const column of table.columns) {
        const notes = [
          column.key ? (column.generated ? 'key (made by the database: no column of the file is unique)' : 'key') : '',
          column.nullable ? 'may be empty' : 'required',
          column.enum ? `enum ${column.enum.name} (${Object.keys(column.enum.values).join(', ')})` : '',
          column.reference ? `refers to ${column.reference.type} as ${column.reference.field}` : '',
          column.classification
            ? `${column.classification.classification}, masked by ${column.classification.mask} (${column.classification.kind}, confidence ${column.classification.confidence.toFixed(2)}: ${column.classification.evidence.join('; ')})`
            : '',
        ].filter(Boolean)
        console.log(`  ${column.column.padEnd(24)} ${column.type.padEnd(9)} ${notes.join(', ')}`)
        if (column.classification) review.push(`${table.type}.${column.field} is tagged ${column.classification.classification}: confirm it (schema.graphql)`)
        if (column.generated) review.push(`${table.table} has no unique column: rows get an id from the database`)
      }
      const filters = filtersOf(table).map((filter) => filter.argument)
      if (filters.length) console.log(`  filters: ${filters.join(', ')}`)
    }
    if (values['dry-run']) {
      console.log('\n--dry-run: nothing written')
      return 0
    }

    const written = writeDomain(plan, domains, repositoryRoot)
    console.log(`\nwrote ${written.length} files:\n${written.map((file) => `  ${file}`).join('\n')}`)
    step('linking the package (npm install)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], repositoryRoot)
    step('composing the supergraph (datamesh compose)', process.execPath, [BIN, 'compose'], repositoryRoot)
    step('exporting the data contracts (datamesh contract export --all)', process.execPath, [BIN, 'contract', 'export', '--all'], repositoryRoot)
    console.log(`
Domain ${plan.name} is in the mesh. Next:
  npx datamesh ingest ${plan.name}.${plan.tables[0]!.table} ${files[0]}     load the data
  npx datamesh check                                   composition, contracts, quality, tests
Review before publishing:
${[...review, `the owner, SLAs and quality rules in subgraphs/${plan.name}/products/${plan.name}.yaml`, `row rules in subgraphs/${plan.name}/src/index.ts if some subjects may read only some rows`].map((line) => `  - ${line}`).join('\n')}`)
    return 0
  },
})
