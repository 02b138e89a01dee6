// @datamesh/kit/testing: real subgraphs over real databases for tests, on loopback.
import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { ANONYMOUS_GRANT, GRANT_HEADER, signGrant, type Grant } from '../access/grant.js'
import type { DomainDefinition } from '../domain/define-domain.js'
import type { WorldOptions } from '../seed/demo-world.js'
import { startSubgraph, type RunningSubgraph } from '../service/subgraph-service.js'
import { testDatabase, type TestDatabase } from './test-database.js'

export { sharedTestDatabase, testDatabase, type TestDatabase } from './test-database.js'
export { connectAs } from './socket-probe.js'
export { freePort } from './free-port.js'

/** Small enough to seed in well under a second, big enough for 500 orders. */
export const TEST_WORLD: WorldOptions = Object.freeze({ scale: 0.05, seed: 42 })

export interface GraphQLResult {
  data?: any
  errors?: any
  extensions?: any
}

export function postGraphQL(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResult & { status: number }> {
  return postBody(url, JSON.stringify({ query, variables }), headers)
}

/** POSTs an exact body (a grant is bound to the body's bytes). */
export async function postBody(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResult & { status: number }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: response.status, ...((await response.json()) as GraphQLResult) }
}

/** The grant header the gateway would send `domain` with `body`. */
export function grantHeader(domain: string, body: string, grant: Grant = ANONYMOUS_GRANT, secret: string = TEST_GATEWAY_SECRET): Record<string, string> {
  return { [GRANT_HEADER]: signGrant(grant, secret, { audience: domain, body }) }
}

/** The gateway secret shared by every test subgraph and test gateway of this process. */
export const TEST_GATEWAY_SECRET = randomBytes(32).toString('base64url')

export interface TestSubgraph<DB = any> extends RunningSubgraph<DB> {
  /** Queries the subgraph directly, as the gateway would: with a signed grant (anonymous unless given). */
  query(query: string, variables?: Record<string, unknown>, grant?: Grant): Promise<GraphQLResult & { status: number }>
  /** Runs a query that must succeed and tells how many SQL statements it cost. */
  counted(query: string, variables?: Record<string, unknown>): Promise<{ data: any; statements: number }>
  /** Every node of a root connection, following its cursors with pages of `size`. */
  collect(field: string, filterType: string | null, args: Record<string, unknown>, selection?: string, size?: number): Promise<any[]>
}

function succeeded(result: GraphQLResult): any {
  if (result.errors) throw new Error(`the query failed: ${JSON.stringify(result.errors)}`)
  return result.data
}

/** `shared`: a database opened by other services too; the caller drops it. */
export async function startTestSubgraph<DB>(domain: DomainDefinition<DB>, world: WorldOptions = TEST_WORLD, shared?: TestDatabase): Promise<TestSubgraph<DB>> {
  const database = shared ?? testDatabase(domain.name)
  const running = await startSubgraph(domain, {
    port: 0,
    host: '127.0.0.1',
    database: database.options,
    seed: world,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    gatewaySecret: TEST_GATEWAY_SECRET,
  })
  const query: TestSubgraph['query'] = (text, variables, grant = ANONYMOUS_GRANT) => {
    const body = JSON.stringify({ query: text, variables })
    return postBody(running.url, body, grantHeader(domain.name, body, grant))
  }
  return {
    ...running,
    query,
    async counted(text, variables) {
      const before = running.database.statements.count
      const data = succeeded(await query(text, variables))
      return { data, statements: running.database.statements.count - before }
    },
    async collect(field, filterType, args, selection = 'id', size = 100) {
      const nodes: any[] = []
      let after: string | null = null
      const declared = filterType ? `, $filter: ${filterType}` : ''
      const passed = filterType ? ', filter: $filter' : ''
      for (;;) {
        const data = succeeded(
          await query(`query($after: String${declared}) { ${field}(first: ${size}, after: $after${passed}) { edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`, {
            ...args,
            after,
          }),
        )
        const page = data[field]
        nodes.push(...page.edges.map((edge: any) => edge.node))
        if (!page.pageInfo.hasNextPage) return nodes
        after = page.pageInfo.endCursor
      }
    },
    async stop() {
      await running.stop()
      if (!shared) await database.drop()
    },
  }
}
