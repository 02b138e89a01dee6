// @datamesh/gateway/testing: the whole mesh in one test process — real subgraphs over
// freshly seeded databases and a real gateway over them, all on loopback.
import { mintDevToken, type Policy, type TokenClaims } from '@datamesh/governance'
import { printDomainSdl, type DomainDefinition, type WorldOptions } from '@datamesh/kit'
import { postGraphQL, sharedTestDatabase, startTestSubgraph, testDatabase, TEST_GATEWAY_SECRET, TEST_WORLD, type GraphQLResult, type TestSubgraph } from '@datamesh/kit/testing'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { composeSupergraph } from './compose.js'
import { startGateway, type GovernanceOptions, type RunningGateway } from './gateway-server.js'

/** The HS256 secret test tokens are signed with (see `TestMesh.token`). */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url')

/** The key the test gateway chains its audit trail with. */
export const TEST_AUDIT_KEY = randomBytes(32).toString('base64url')

export interface TestMesh {
  readonly gateway: RunningGateway
  readonly subgraphs: Readonly<Record<string, TestSubgraph>>
  readonly supergraphSdl: string
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult & { status: number }>
  /** A token the test gateway accepts. */
  token(claims: TokenClaims): Promise<string>
  /** Headers for a request as `claims.sub`, declaring `purpose` when given. */
  as(claims: TokenClaims, purpose?: string): Promise<Record<string, string>>
  /** SQL statements run by each subgraph since the mesh started. */
  statements(): Record<string, number>
  /** Operations received by each subgraph since the mesh started. */
  fetches(): Record<string, number>
  stop(): Promise<void>
}

export interface TestMeshOptions {
  readonly world?: WorldOptions
  readonly env?: NodeJS.ProcessEnv
  /** Domain policies; the global policies always apply. */
  readonly policies?: readonly Policy[]
  /** Defaults to governance on, denied fields nulled, audit in a throwaway database through a throwaway spool. */
  readonly governance?: GovernanceOptions
}

export async function startTestMesh(domains: readonly DomainDefinition[], options: TestMeshOptions = {}): Promise<TestMesh> {
  // The gateway writes the governance store; a platform subgraph may read it (the catalog).
  const governance = domains.some((domain) => domain.store === 'governance') ? sharedTestDatabase('governance') : testDatabase('governance')
  const started = await Promise.all(
    domains.map((domain) => startTestSubgraph(domain, options.world ?? TEST_WORLD, domain.store === 'governance' ? governance : undefined)),
  )
  const subgraphs = Object.fromEntries(started.map((subgraph) => [subgraph.domain.name, subgraph]))
  // One gateway per spool: each test mesh gets its own.
  const spool = mkdtempSync(join(tmpdir(), 'datamesh-audit-spool-'))
  const dropSpool = () => rmSync(spool, { recursive: true, force: true })
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
      policies: options.policies ?? [],
      governance: { audit: governance.options, auditSpool: spool, ...options.governance },
      secrets: { jwt: TEST_JWT_SECRET, gateway: TEST_GATEWAY_SECRET, mask: 'test-mask-key-test-mask-key-test-mask-key', audit: TEST_AUDIT_KEY },
    })
    const token = (claims: TokenClaims) => mintDevToken(claims, TEST_JWT_SECRET)
    const tally = (read: (subgraph: TestSubgraph) => number) =>
      Object.fromEntries(started.map((subgraph) => [subgraph.domain.name, read(subgraph)]))
    return {
      gateway,
      subgraphs,
      supergraphSdl,
      query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers),
      token,
      as: async (claims, purpose) => ({
        authorization: `Bearer ${await token(claims)}`,
        ...(purpose ? { 'x-datamesh-purpose': purpose } : {}),
      }),
      statements: () => tally((subgraph) => subgraph.database.statements.count),
      fetches: () => tally((subgraph) => subgraph.operations.count),
      async stop() {
        await gateway.stop()
        await Promise.all(started.map((subgraph) => subgraph.stop()))
        await governance.drop()
        dropSpool()
      },
    }
  } catch (error) {
    await Promise.all(started.map((subgraph) => subgraph.stop()))
    await governance.drop()
    dropSpool()
    throw error
  }
}

/** Per-key difference `after - before`. */
export function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]))
}
