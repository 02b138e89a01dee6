// @datamesh/gateway/testing: the whole mesh in one test process — real subgraphs over
// freshly seeded databases and a real gateway over them, all on loopback.
import { printDomainSdl, type DomainDefinition, type WorldOptions } from '@datamesh/kit'
import { postGraphQL, startTestSubgraph, TEST_WORLD, type GraphQLResult, type TestSubgraph } from '@datamesh/kit/testing'
import { pino } from 'pino'
import { composeSupergraph } from './compose.js'
import { startGateway, type RunningGateway } from './gateway-server.js'

export interface TestMesh {
  readonly gateway: RunningGateway
  readonly subgraphs: Readonly<Record<string, TestSubgraph>>
  readonly supergraphSdl: string
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult & { status: number }>
  /** SQL statements run by each subgraph since the mesh started. */
  statements(): Record<string, number>
  /** Operations received by each subgraph since the mesh started. */
  fetches(): Record<string, number>
  stop(): Promise<void>
}

export interface TestMeshOptions {
  readonly world?: WorldOptions
  readonly env?: NodeJS.ProcessEnv
}

export async function startTestMesh(domains: readonly DomainDefinition[], options: TestMeshOptions = {}): Promise<TestMesh> {
  const started = await Promise.all(domains.map((domain) => startTestSubgraph(domain, options.world ?? TEST_WORLD)))
  const subgraphs = Object.fromEntries(started.map((subgraph) => [subgraph.domain.name, subgraph]))
  try {
    const supergraphSdl = composeSupergraph(
      started.map((subgraph) => ({ name: subgraph.domain.name, url: subgraph.url, sdl: printDomainSdl(subgraph.domain) })),
    )
    const gateway = await startGateway({
      supergraphSdl,
      port: 0,
      host: '127.0.0.1',
      env: options.env ?? {},
      logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    })
    const tally = (read: (subgraph: TestSubgraph) => number) =>
      Object.fromEntries(started.map((subgraph) => [subgraph.domain.name, read(subgraph)]))
    return {
      gateway,
      subgraphs,
      supergraphSdl,
      query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers),
      statements: () => tally((subgraph) => subgraph.database.statements.count),
      fetches: () => tally((subgraph) => subgraph.operations.count),
      async stop() {
        await gateway.stop()
        await Promise.all(started.map((subgraph) => subgraph.stop()))
      },
    }
  } catch (error) {
    await Promise.all(started.map((subgraph) => subgraph.stop()))
    throw error
  }
}

/** Per-key difference `after - before`. */
export function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]))
}
