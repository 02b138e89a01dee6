// Runs a domain's frozen migrations with kysely's Migrator. Migrations are plain
// `up`/`down(db: Kysely<any>)` modules that never import application code.
import { Migrator, type Kysely, type Migration, type MigrationResult } from 'kysely'

export type MigrationSet = Readonly<Record<string, Migration>>

export interface MigrationReport {
  readonly applied: readonly string[]
  readonly pending: readonly string[]
}

function migratorFor(db: Kysely<any>, migrations: MigrationSet): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: 'datamesh_migration',
    migrationLockTableName: 'datamesh_migration_lock',
  })
}

function unwrap(results: readonly MigrationResult[] | undefined, error: unknown, direction: string): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(failed ? `migration ${failed.migrationName} failed (${direction}): ${reason}` : reason)
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}

/** Applies every pending migration in name order; returns the names it applied. */
export async function migrateToLatest(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
  const { results, error } = await migratorFor(db, migrations).migrateToLatest()
  return unwrap(results, error, 'up')
}

/** Reverts the most recently applied migration; returns its name, if any. */
export async function migrateDown(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
  const { results, error } = await migratorFor(db, migrations).migrateDown()
  return unwrap(results, error, 'down')
}

export async function migrationStatus(db: Kysely<any>, migrations: MigrationSet): Promise<MigrationReport> {
  const all = await migratorFor(db, migrations).getMigrations()
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  }
}
