// The checks that need every row at once, run in SQL over the staging table once the file
// is read: a key that repeats within the file, a key that already exists in the table (for
// append, and for upsert on keys other than the primary key), and a foreign key that names
// no row. Each refused row lands in the rejects table with its line, column and reason.
import type { LoadMode } from './load-table.js'
import type { LoadSession } from './load-session.js'
import { quoteName, REJECTS, STAGING } from './staging-table.js'
import type { TableContract } from './table-contract.js'

function keyValues(alias: string, columns: readonly string[]): string {
  return `concat_ws(', ', ${columns.map((column) => `coalesce(${alias}.${quoteName(column)}::text, 'null')`).join(', ')})`
}

function matches(left: string, right: string, columns: readonly string[]): string {
  return columns.map((column) => `${left}.${quoteName(column)} = ${right}.${quoteName(column)}`).join(' and ')
}

function present(alias: string, columns: readonly string[]): string {
  return columns.map((column) => `${alias}.${quoteName(column)} is not null`).join(' and ')
}

/** Records every row that breaks a key; returns how many rejects were recorded. */
export async function checkKeys(session: LoadSession, contract: TableContract, loaded: readonly string[], mode: LoadMode): Promise<number> {
  let found = 0
  const table = quoteName(contract.table)
  const inFile = (columns: readonly string[]) => columns.every((column) => loaded.includes(column))
  for (const key of contract.uniqueKeys.filter(inFile)) {
    const label = key.join(', ')
    const names = key.map(quoteName).join(', ')
    const duplicates = await session.query(
      `insert into ${REJECTS} (line, column_name, reason)
       select s.line, $1, '(' || $1 || ') = (' || ${keyValues('s', key)} || ') repeats line ' || d.first
       from ${STAGING} s
       join (select ${names}, min(line) as first from ${STAGING} where ${present(STAGING, key)} group by ${names} having count(*) > 1) d
         on ${matches('s', 'd', key)}
       where s.line > d.first`,
      [label],
    )
    found += duplicates.rowCount
    const primary = contract.primaryKey !== null && key.join() === contract.primaryKey.join()
    if (mode === 'replace' || (mode === 'upsert' && primary)) continue
    // On upsert the row with the same primary key is the one being updated: only another row clashes.
    const other = mode === 'upsert' && contract.primaryKey ? ` and (${contract.primaryKey.map((column) => `t.${quoteName(column)}`).join(', ')}) is distinct from (${contract.primaryKey.map((column) => `s.${quoteName(column)}`).join(', ')})` : ''
    const existing = await session.query(
      `insert into ${REJECTS} (line, column_name, reason)
       select s.line, $1, '(' || $1 || ') = (' || ${keyValues('s', key)} || ') already exists in ' || $2
       from ${STAGING} s join ${table} t on ${matches('s', 't', key)}${other}`,
      [label, contract.table],
    )
    found += existing.rowCount
  }
  for (const foreign of contract.foreignKeys.filter((candidate) => inFile(candidate.columns))) {
    const label = foreign.columns.join(', ')
    const join = foreign.columns.map((column, index) => `r.${quoteName(foreign.referencedColumns[index] as string)} = s.${quoteName(column)}`).join(' and ')
    const orphans = await session.query(
      `insert into ${REJECTS} (line, column_name, reason)
       select s.line, $1, '(' || $1 || ') = (' || ${keyValues('s', foreign.columns)} || ') names no row of ' || $2
       from ${STAGING} s
       where ${present('s', foreign.columns)} and not exists (select 1 from ${foreign.references} r where ${join})`,
      [label, foreign.references],
    )
    found += orphans.rowCount
  }
  return found
}
