// @datamesh/kit/testing: real subgraphs over real databases for tests, on loopback.
import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { ANONYMOUS_GRANT, GRANT_HEADER, signGrant, type Grant } from '../access/grant.js'
import type { DomainDefinition } from '../domain/define-domain.js'
import type { WorldOptions } from '../seed/demo-world.js'
import { startSubgraph, type RunningSubgraph } from '../service/subgraph-service.js'
import { testDatabase } from './test-database.js'

export { testDatabase, type TestDatabase } from './test-database.js'

/** Small enough to seed in well under a second, big enough for 500 orders. */
export const TEST_WORLD: WorldOptions = Object.freeze({ scale: 0.05, seed: 42 })

export interface GraphQLResult {
  data?: any
  errors?: any
  extensions?: any
}

export async function postGraphQL(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResult & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return { status: response.status, ...((await response.json()) as GraphQLResult) }
}

/** The gateway secret shared by every test subgraph and test gateway of this process. */
export const TEST_GATEWAY_SECRET = randomBytes(32).toString('base64url')

export interface TestSubgraph<DB = any> extends RunningSubgraph<DB> {
  /** Queries the subgraph directly, as the gateway would: with a signed grant (anonymous unless given). */
  query(query: string, variables?: Record<string, unknown>, grant?: Grant): Promise<GraphQLResult & { status: number }>
}

export async function startTestSubgraph<DB>(domain: DomainDefinition<DB>, world: WorldOptions = TEST_WORLD): Promise<TestSubgraph<DB>> {
  const database = testDatabase(domain.name)
  const running = await startSubgraph(domain, {
    port: 0,
    host: '127.0.0.1',
    database: database.options,
    seed: world,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    gatewaySecret: TEST_GATEWAY_SECRET,
  })
  return {
    ...running,
    query: (query, variables, grant = ANONYMOUS_GRANT) =>
      postGraphQL(running.url, query, variables, { [GRANT_HEADER]: signGrant(grant, TEST_GATEWAY_SECRET) }),
    async stop() {
      await running.stop()
      await database.drop()
    },
  }
}
