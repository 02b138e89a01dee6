// A kysely dialect over an in-process PGlite. PGlite is one connection, so the driver
// hands out that connection to one query or transaction at a time; transactions run
// inside `PGlite.transaction`, which also keeps queries from other callers out of them.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely'

type Queryable = Pick<PGlite, 'query'> | Transaction

class PGliteConnection implements DatabaseConnection {
  #target: Queryable
  #endTransaction: ((commit: boolean) => void) | undefined
  #transactionDone: Promise<unknown> | undefined

  constructor(private readonly pglite: PGlite) {
    this.#target = pglite
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#target.query<R>(query.sql, [...query.parameters])
    return result.affectedRows === undefined
      ? { rows: result.rows }
      : { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on embedded PGlite')
  }

  async begin(): Promise<void> {
    let started!: (tx: Transaction) => void
    const ready = new Promise<Transaction>((resolve) => (started = resolve))
    let finish!: (commit: boolean) => void
    const finished = new Promise<boolean>((resolve) => (finish = resolve))
    this.#transactionDone = this.pglite.transaction(async (tx) => {
      started(tx)
      if (!(await finished)) await tx.rollback()
    })
    // A failure to begin (or to commit) surfaces from whichever call awaits it.
    this.#transactionDone.catch(() => undefined)
    this.#target = await Promise.race([
      ready,
      this.#transactionDone.then(() => Promise.reject(new Error('the transaction ended before it began'))),
    ])
    this.#endTransaction = finish
  }

  async end(commit: boolean): Promise<void> {
    const endTransaction = this.#endTransaction
    const done = this.#transactionDone
    this.#endTransaction = undefined
    this.#transactionDone = undefined
    this.#target = this.pglite
    endTransaction?.(commit)
    await done
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection
  #busy: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite)
  }

  async init(): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#busy
    let release!: () => void
    this.#busy = new Promise<void>((resolve) => (release = resolve))
    await previous
    this.#release = release
    return this.#connection
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).begin()
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(true)
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end(false)
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to whoever opened it; it closes it.
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter() {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
}
