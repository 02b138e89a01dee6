// Counts every SQL statement a domain runs, so tests can prove that the number of
// statements depends on an operation's shape and never on how many rows it returns.
import type { LogEvent } from 'kysely'

export type StatementListener = (sql: string) => void

export class StatementLog {
  #count = 0
  readonly #listeners = new Set<StatementListener>()

  get count(): number {
    return this.#count
  }

  /** Calls `listener` with the SQL of each statement until the returned function is called. */
  watch(listener: StatementListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  readonly record = (event: LogEvent): void => {
    this.#count++
    for (const listener of this.#listeners) listener(event.query.sql)
  }
}
