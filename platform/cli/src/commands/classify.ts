// datamesh classify: propose pii/confidential tags and masks for the domains' fields from
// samples of their data, and report classified-looking fields the SDL leaves untagged.
import type { FieldFinding } from '../classification/classify-domain.js'
import { defineCommand } from '../command.js'
import { numberOption } from '../options.js'
import { createProgress } from '../progress.js'

const DEFAULT_SAMPLE = 1_000

function proposal(finding: FieldFinding['finding']): string {
  return `${finding.classification}, mask ${finding.mask}`
}

function current(sdl: FieldFinding['sdl']): string {
  if (sdl.classification === null) return '-'
  return sdl.mask ? `${sdl.classification}, mask ${sdl.mask}` : sdl.classification
}

function table(findings: readonly FieldFinding[]): string[] {
  const header = ['field', 'kind', 'proposal', 'confidence', 'status', 'in the SDL', 'evidence']
  const rows = findings.map((found) => [
    found.field,
    found.finding.kind,
    proposal(found.finding),
    found.finding.confidence.toFixed(2),
    found.status,
    current(found.sdl),
    found.finding.evidence.join('; '),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)))
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number))).join('  ')
  return [line(header), ...rows.map(line)]
}

function summary(findings: readonly FieldFinding[], domains: number): string {
  const count = (status: FieldFinding['status']) => findings.filter((found) => found.status === status).length
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
  return `${plural(findings.length, 'finding')} in ${plural(domains, 'domain')}: ${count('tagged')} tagged, ${count('untagged')} untagged, ${count('differs')} differing`
}

export const classify = defineCommand({
  name: 'classify',
  summary: 'propose pii/confidential tags and masks from the data, and report untagged fields',
  usage: 'datamesh classify [<domain>...] [--sample <n>] [--json] [--strict]',
  help: `Samples rows from each table of every domain's database (or of the domains named),
classifies each field of the domain's SDL from its column's name and values, and prints
one line per field that looks classified: the proposal (pii or confidential, with a fitting
@mask), the kind of data (email, phone, person-name, birth-date, postal-address, iban,
card-number, national-id, ip-address, free-text, financial), the confidence, the evidence
(counts and the column's name, never the data itself) and its status against the SDL:

  tagged     the field already carries that tag (and that mask, or none)
  untagged   the field carries no pii or confidential tag: tag it, and compose then
             demands an access rule for it
  differs    the field carries the other tag or another mask

A type's table is the one named after it in snake case, singular or plural (OrderLine →
order_lines); a field's column is the one whose camelCase is its name (birth_date →
birthDate). Fields with no column, and the subgraphs with no database of their own (the
catalog of data products), are classified by their names alone. Works whether the mesh
is running or not; docs/classification.md describes the detectors.

Exit codes: 0, or 1 with --strict when a field is untagged; 2 on bad input.

Options:
  --sample <n>   rows sampled per table (default ${DEFAULT_SAMPLE.toLocaleString('en-US')})
  --json         one JSON object per finding instead of the table
  --strict       exit 1 when any classified-looking field is untagged`,
  options: { sample: { type: 'string' }, json: { type: 'boolean' }, strict: { type: 'boolean' } },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }) {
    const sample = numberOption(values.sample, 'sample', { integer: true, positive: true }) ?? DEFAULT_SAMPLE
    const { openDomainDatabase } = await import('@datamesh/kit')
    const { selectDomains } = await import('../mesh/domains.js')
    const { classifyDomain, sampleTables } = await import('../classification/classify-domain.js')
    const domains = await selectDomains([...new Set(positionals)])
    const progress = createProgress()
    const findings: FieldFinding[] = []
    for (const [index, domain] of domains.entries()) {
      progress.update(domain.name, index, domains.length)
      if (domain.store !== undefined) {
        console.error(`${domain.name}: owns no database (it reads the ${domain.store} store); classified by field names only`)
        findings.push(...classifyDomain(domain, []))
        continue
      }
      const database = await openDomainDatabase(domain.name, { role: 'cli', onWait: (message) => console.error(message) })
      try {
        const tables = await sampleTables(database.db, sample)
        if (tables.every((sampled) => sampled.rows.length === 0)) console.error(`${domain.name}: no rows to sample; classified by field names only`)
        findings.push(...classifyDomain(domain, tables))
      } finally {
        await database.close()
      }
    }
    const output = values.json
      ? findings.map((found) => JSON.stringify({ domain: found.domain, field: found.field, column: found.column, ...found.finding, sdl: found.sdl, status: found.status }))
      : table(findings)
    const [first, ...rest] = output
    if (first !== undefined) progress.done(first)
    for (const line of rest) console.log(line)
    const line = summary(findings, domains.length)
    if (values.json) console.error(line)
    else console.log(line)
    return values.strict && findings.some((found) => found.status === 'untagged') ? 1 : 0
  },
})
