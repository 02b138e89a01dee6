// A table published as an entity, declared instead of written: its root connection with
// declared filters, its lookup by key, its resolution by key for other domains, and the
// fields that refer to other domains' entities by a column. `datamesh domain new` writes
// such declarations; a hand-written domain may use them or the building blocks beneath.
import type DataLoader from 'dataloader'
import { loadById } from '../graphql/ids.js'
import type { Key, KeyKind } from '../graphql/connection.js'
import type { Rows } from './rows.js'
import { tableConnection, type ConnectionOptions } from './table-connection.js'
import { byKey } from './table-loaders.js'

export interface EntityReference {
  /** The other domain's entity type, keyed by `id` (`Customer`). */
  readonly type: string
  /** The column holding its id (`customer_id`). */
  readonly column: string
}

export interface TableEntity {
  /** The GraphQL object type (`Payment`). */
  readonly type: string
  readonly table: string
  /** The key column (default `id`); the GraphQL key field is its camelCase name. */
  readonly key?: string
  readonly keyKind?: KeyKind
  /** `Query.<field>`: the table as a connection, with its filters. */
  readonly connection?: ConnectionOptions & { readonly field: string }
  /** `Query.<lookup>(<key>: ID!)`: one row by key, or null. */
  readonly lookup?: string
  /** Fields referring to another domain's entity, by field name. */
  readonly references?: Readonly<Record<string, EntityReference>>
}

type Loaders = Record<string, DataLoader<Key, unknown>>

/** The loaders the kit adds for declared entities, by name: `<table in camelCase>ByKey`, such as `stockLevelsByKey`. */
export type EntityLoaders<Names extends `${string}ByKey`> = { readonly [Name in Names]: DataLoader<Key, any> }

/** `payer_email` → `payerEmail`. */
export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
}

function loaderName(entity: TableEntity): string {
  return `${camelCase(entity.table)}ByKey`
}

function loadKey(loader: DataLoader<Key, unknown>, key: unknown, kind: KeyKind | undefined) {
  if (kind === 'text') return typeof key === 'string' && key !== '' ? loader.load(key) : null
  return loadById(loader as DataLoader<number, unknown>, key as string)
}

/** The per-request loaders the entities need: one by key per table. */
export function entityLoaders(entities: readonly TableEntity[], rows: Rows<any>): Loaders {
  return Object.fromEntries(entities.map((entity) => [loaderName(entity), byKey(() => rows(entity.table as never), (entity.key ?? 'id') as never) as DataLoader<Key, unknown>]))
}

/** The resolvers of the entities' types and root fields. */
export function entityResolvers(entities: readonly TableEntity[]): Record<string, Record<string, unknown>> {
  const resolvers: Record<string, Record<string, unknown>> = { Query: {} }
  for (const entity of entities) {
    const keyField = camelCase(entity.key ?? 'id')
    const load = (key: unknown, loaders: Loaders) => loadKey(loaders[loaderName(entity)]!, key, entity.keyKind)
    const type: Record<string, unknown> = {
      __resolveReference: (reference: Record<string, unknown>, { loaders }: { loaders: Loaders }) => load(reference[keyField], loaders),
    }
    for (const [field, reference] of Object.entries(entity.references ?? {})) {
      type[field] = (row: Record<string, unknown>) => (row[reference.column] == null ? null : { __typename: reference.type, id: String(row[reference.column]) })
    }
    resolvers[entity.type] = type
    if (entity.connection) {
      const { field, ...options } = entity.connection
      resolvers.Query![field] = tableConnection(entity.table, { key: entity.key, keyKind: entity.keyKind, ...options })
    }
    if (entity.lookup) resolvers.Query![entity.lookup] = (_: unknown, args: Record<string, unknown>, { loaders }: { loaders: Loaders }) => load(args[keyField], loaders)
  }
  return resolvers
}
