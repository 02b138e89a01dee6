// What a domain package hands the kit: its schema, its tables' row rules, its policies,
// migrations and seed, and either table-backed entities the kit resolves or resolvers built
// from the kit's table blocks. Everything else (database, HTTP, batching, shutdown) is the kit's.
import type { DocumentNode, GraphQLScalarType } from 'graphql'
import { isScalarType, parse } from 'graphql'
import type { Kysely } from 'kysely'
import { readFileSync } from 'node:fs'
import type { Grant } from '../access/grant.js'
import type { MigrationSet } from '../database/migrate.js'
import type { InsertProgress, Row } from '../seed/bulk-insert.js'
import type { DemoWorld } from '../seed/demo-world.js'
import { readRows, type RowRules, type Rows } from '../tables/rows.js'
import { entityLoaders, entityResolvers, type TableEntity } from '../tables/table-entity.js'

/** What every resolver of a domain receives as its context. */
export interface DomainContext<DB, Loaders> {
  /** The base query of each table, with the table's row rule for this request: the only way to read rows. */
  readonly rows: Rows<DB>
  /** Who asks and for which purpose, as the gateway vouched. */
  readonly access: Grant
  readonly loaders: Loaders
}

export interface SeedContext {
  readonly world: DemoWorld
  /** Bulk-inserts rows (generated lazily) into one of the domain's tables. */
  insert(table: string, rows: Iterable<Row>, total?: number): Promise<number>
}

export interface DomainSeed<DB> {
  /** The tables the seed fills; they are emptied first, in one transaction with the inserts. */
  readonly tables: readonly string[]
  run(db: Kysely<DB>, context: SeedContext): Promise<void>
}

/** Resolvers keyed by type then field, with `__resolveReference` on entities. */
export type ResolverMap = Record<string, GraphQLScalarType | Record<string, unknown>>

/** A policy as the kit sees it: the governance package defines what it decides. */
export interface NamedPolicy {
  readonly name: string
}

export interface DomainDefinition<DB = any, Loaders = any> {
  /** Lower-case, one word: the package folder, the subgraph name, the database suffix. */
  readonly name: string
  /** One sentence: what the domain owns. */
  readonly description: string
  readonly port: number
  readonly typeDefs: DocumentNode
  readonly migrations: MigrationSet
  /** The domain's own policies, named by `@policy` in its schema (the global ones always apply too). */
  readonly policies?: readonly NamedPolicy[]
  /** Which rows of each table a request may read; every read through `rows(table)` applies it. */
  readonly rowRules?: RowRules<DB>
  /** Tables published as entities that the kit resolves from the declaration. */
  readonly entities?: readonly TableEntity[]
  /** Resolvers of what the declarations do not cover; fields default to the row's snake_case column. */
  readonly resolvers?: ResolverMap
  /** Per-request loaders for those resolvers, built over the request's row-ruled tables. */
  createLoaders?(rows: Rows<DB>, access: Grant): Loaders
  /** Demo data; a platform subgraph that only reads has none. */
  readonly seed?: DomainSeed<DB>
  /**
   * The database the service opens, by name: the domain's own (the default). Only platform
   * subgraphs name another, such as the catalog of data products reading the governance store.
   */
  readonly store?: string
}

const NAME = /^[a-z][a-z0-9]*$/

export function defineDomain<DB, Loaders = Record<string, never>>(definition: DomainDefinition<DB, Loaders>): DomainDefinition<DB, Loaders> {
  if (!NAME.test(definition.name)) throw new Error(`domain name "${definition.name}" must be lower-case letters and digits`)
  if (!Number.isInteger(definition.port) || definition.port < 1 || definition.port > 65535) {
    throw new Error(`domain ${definition.name}: port ${definition.port} is not a TCP port`)
  }
  return Object.freeze(definition)
}

/** The resolvers of a domain: those its entity declarations imply, then its own. */
export function domainResolvers(domain: DomainDefinition): ResolverMap {
  const merged: Record<string, Record<string, unknown> | GraphQLScalarType> = entityResolvers(domain.entities ?? [])
  for (const [type, fields] of Object.entries(domain.resolvers ?? {})) {
    const existing = merged[type]
    merged[type] = existing && !isScalarType(existing) && !isScalarType(fields) ? { ...existing, ...fields } : fields
  }
  if (Object.keys(merged.Query as object).length === 0) delete merged.Query
  return merged
}

/** The context of one request to a domain: its tables as this subject may read them, and fresh loaders. */
export function domainContext<DB, Loaders>(domain: DomainDefinition<DB, Loaders>, db: Kysely<DB>, access: Grant): DomainContext<DB, Loaders> {
  const rows = readRows(db, domain.rowRules ?? {}, access)
  const loaders = { ...entityLoaders(domain.entities ?? [], rows), ...(domain.createLoaders?.(rows, access) ?? {}) } as Loaders
  return { rows, access, loaders }
}

/** Reads a domain's `schema.graphql`, given relative to the calling module. */
export function readSchema(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'))
}

export type { InsertProgress }
