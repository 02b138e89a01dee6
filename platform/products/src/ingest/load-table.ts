// What a load does to the domain's table around its rows: `append` adds them, `upsert`
// inserts or updates by primary key (from the staging table), `replace` empties the table
// first so that its rows become the file's. Serial and identity sequences move past the ids
// loaded afterwards, so the domain's own inserts keep working.
import type { LoadSession } from './load-session.js'
import { quoteName, STAGING } from './staging-table.js'
import type { TableContract } from './table-contract.js'

export const LOAD_MODES = ['append', 'upsert', 'replace'] as const
export type LoadMode = (typeof LOAD_MODES)[number]

export class LoadModeError extends Error {}

/** Refuses a mode that cannot work before any row is read. */
export async function checkMode(session: LoadSession, contract: TableContract, loaded: readonly string[], mode: LoadMode): Promise<void> {
  if (mode === 'upsert') {
    if (!contract.primaryKey) throw new LoadModeError(`${contract.table} has no primary key to upsert by: use --mode append or replace`)
    const missing = contract.primaryKey.filter((column) => !loaded.includes(column))
    if (missing.length) throw new LoadModeError(`--mode upsert matches rows by ${contract.table}'s primary key: the file needs the column ${missing.join(', ')}`)
  }
  if (mode === 'replace') {
    for (const { table, constraint } of contract.referencedBy) {
      // Held until the load commits, so the table stays empty between this look and the truncate.
      await session.query(`lock table ${table} in share mode`)
      const { rows } = await session.query<{ used: boolean }>(`select exists (select 1 from ${table}) as used`)
      if (rows[0]?.used) {
        throw new LoadModeError(
          `--mode replace would delete ${contract.table} rows that ${table} refers to (foreign key ${constraint}); empty ${table} first, or load with --mode upsert`,
        )
      }
    }
  }
}

/** Empties the table for `replace`; checkMode found the tables that refer to it empty and holds them so. */
export async function clearForReplace(session: LoadSession, contract: TableContract, mode: LoadMode): Promise<void> {
  if (mode !== 'replace') return
  // Truncating the referring tables along is what lets TRUNCATE run (DELETE would fire a trigger per row).
  await session.query(`truncate ${[quoteName(contract.table), ...new Set(contract.referencedBy.map((reference) => reference.table))].join(', ')}`)
}

/** Moves the table's serial and identity sequences past the largest value loaded. */
export async function moveSequences(session: LoadSession, contract: TableContract, loaded: readonly string[]): Promise<void> {
  const table = quoteName(contract.table)
  for (const column of contract.columns.filter((candidate) => candidate.sequence && loaded.includes(candidate.name))) {
    const name = quoteName(column.name)
    await session.query(
      `select setval($1, coalesce((select max(${name}) from ${table}), 1), (select max(${name}) from ${table}) is not null)`,
      [column.sequence],
    )
  }
}

/** Moves the checked rows from the staging table into the table, in file order; returns how many it wrote. */
export async function applyLoad(session: LoadSession, contract: TableContract, loaded: readonly string[], mode: LoadMode): Promise<number> {
  const table = quoteName(contract.table)
  const names = loaded.map(quoteName).join(', ')
  await clearForReplace(session, contract, mode)
  let conflict = ''
  if (mode === 'upsert' && contract.primaryKey) {
    const updated = loaded.filter((column) => !contract.primaryKey?.includes(column))
    conflict = ` on conflict (${contract.primaryKey.map(quoteName).join(', ')}) ${
      updated.length ? `do update set ${updated.map((column) => `${quoteName(column)} = excluded.${quoteName(column)}`).join(', ')}` : 'do nothing'
    }`
  }
  const inserted = await session.query(`insert into ${table} (${names}) select ${names} from ${STAGING}${conflict}`)
  await moveSequences(session, contract, loaded)
  return inserted.rowCount
}
