// What a domain package hands the kit: its schema, resolvers, migrations, loaders and
// seed. Everything else (database, HTTP, batching plumbing, shutdown) is the kit's.
import type { GraphQLScalarType, DocumentNode } from 'graphql'
import { parse } from 'graphql'
import type { Kysely } from 'kysely'
import { readFileSync } from 'node:fs'
import type { Grant } from '../access/grant.js'
import type { MigrationSet } from '../database/migrate.js'
import type { Row, InsertProgress } from '../seed/bulk-insert.js'
import type { DemoWorld } from '../seed/demo-world.js'

/** What every resolver of a domain receives as its context. */
export interface DomainContext<DB, Loaders> {
  readonly db: Kysely<DB>
  /** Who asks and for which purpose, as the gateway vouched: row rules read it. */
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

export interface DomainDefinition<DB = any, Loaders = any> {
  /** Lower-case, one word: the package folder, the subgraph name, the database suffix. */
  readonly name: string
  /** One sentence: what the domain owns. */
  readonly description: string
  readonly port: number
  readonly typeDefs: DocumentNode
  readonly resolvers: ResolverMap
  readonly migrations: MigrationSet
  /** Per-request loaders; row rules that depend on who asks apply inside them. */
  createLoaders(db: Kysely<DB>, access: Grant): Loaders
  /** Demo data; a platform subgraph that only reads has none. */
  readonly seed?: DomainSeed<DB>
  /**
   * The database the service opens, by name: the domain's own (the default). Only platform
   * subgraphs name another, such as the catalog of data products reading the governance store.
   */
  readonly store?: string
}

const NAME = /^[a-z][a-z0-9]*$/

export function defineDomain<DB, Loaders>(definition: DomainDefinition<DB, Loaders>): DomainDefinition<DB, Loaders> {
  if (!NAME.test(definition.name)) throw new Error(`domain name "${definition.name}" must be lower-case letters and digits`)
  if (!Number.isInteger(definition.port) || definition.port < 1 || definition.port > 65535) {
    throw new Error(`domain ${definition.name}: port ${definition.port} is not a TCP port`)
  }
  return Object.freeze(definition)
}

/** Reads a domain's `schema.graphql`, given relative to the calling module. */
export function readSchema(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'))
}

export type { InsertProgress }
