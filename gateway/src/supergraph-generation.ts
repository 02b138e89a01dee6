// One generation of the gateway: everything derived from one supergraph (its governed
// schema, the policy engine over it, the enforcer, operation admission, the routing URLs
// and their readiness checks, an @apollo/gateway with its own Apollo Server), built and
// checked as a whole before it serves, immutable while it does. A request holds the
// generation it started on until its answer is made, so a reload never mixes two.
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import {
  ANONYMOUS,
  Enforcer,
  globalPolicies,
  governedSchema,
  grantOf,
  lintSupergraph,
  PolicyEngine,
  type GovernedSchema,
  type Policy,
} from '@datamesh/governance'
import { apolloHandler, createErrorFormatter, DataMeshError, ErrorCode, subgraphUrl, type GraphQLHandler, type Logger, type ReadinessCheck } from '@datamesh/kit'
import { createHash } from 'node:crypto'
import type { GatewayContext } from './governed-endpoint.js'
import { OperationAdmission } from './limits/admission.js'
import type { OperationLimits } from './limits/operation-limits.js'
import { SubgraphDataSource } from './subgraph-data-source.js'
import { subgraphsOf, type SubgraphRoute } from './supergraph-subgraphs.js'

/** Which check refused a supergraph. */
export type SupergraphCheck = 'supergraph' | 'policies' | 'governance' | 'gateway'

/** A supergraph the gateway will not serve; the generation serving keeps serving. */
export class SupergraphRefused extends DataMeshError {
  constructor(
    readonly check: SupergraphCheck,
    reason: string,
  ) {
    super(ErrorCode.INVALID_SCHEMA, `supergraph refused (${check}): ${reason}`, { check })
  }
}

/** What does not change from one generation to the next: the process's settings. */
export interface GenerationSettings {
  /** false: governance off (benchmarks only), no enforcer. */
  readonly governed: boolean
  readonly gatewaySecret: string
  readonly maskKey: string
  readonly limits: OperationLimits
  /** Routing URL overrides by subgraph name, over the environment's and the supergraph's. */
  readonly subgraphUrls: Readonly<Record<string, string>>
  readonly env: NodeJS.ProcessEnv
  readonly logger: Logger
}

export interface SupergraphGeneration {
  /** sha256 of the supergraph's text, hex. */
  readonly hash: string
  readonly loadedAt: Date
  readonly supergraphSdl: string
  /** The subgraphs it routes to, at the URLs it calls them. */
  readonly subgraphs: readonly SubgraphRoute[]
  readonly schema: GovernedSchema
  /** Undefined when governance is off. */
  readonly enforcer: Enforcer | undefined
  readonly admission: OperationAdmission
  readonly apollo: ApolloServer<GatewayContext>
  /** GraphiQL and Apollo's own GET handling, on this generation's schema. */
  readonly landingPage: GraphQLHandler
  /** Whether each subgraph answers GET /health. */
  readiness(): Promise<Record<string, ReadinessCheck>>
  /** Stops its Apollo Server and closes its connections to the domains. */
  stop(): Promise<void>
}

export function supergraphHash(supergraphSdl: string): string {
  return createHash('sha256').update(supergraphSdl).digest('hex')
}

/** Routing URLs: explicit overrides, then the environment's (`subgraphUrl`), then the supergraph's own. */
export function routingUrls(supergraphSdl: string, overrides: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    subgraphsOf(supergraphSdl).map(({ name, url }) => [name, overrides[name] ?? subgraphUrl(name, url, env)]),
  )
}

/**
 * @apollo/gateway refuses supergraphs whose authorization features are marked
 * `for: SECURITY`, because it cannot enforce them. The governed endpoint enforces them, so
 * the gateway gets the same supergraph with that mark removed; the directives stay.
 */
export function executableSupergraph(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[\d.]+"), for: SECURITY\)/g, '$1)')
}

async function isHealthy(graphqlUrl: string): Promise<ReadinessCheck> {
  try {
    const response = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(2_000) })
    return response.ok ? { ok: true } : { ok: false, detail: `GET /health answered ${response.status}` }
  } catch (error) {
    return { ok: false, detail: (error as Error).message }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/**
 * Builds and checks the generation for `supergraphSdl` with the domain policies given;
 * throws SupergraphRefused naming the check that failed: the text is no supergraph, a
 * policy is defined twice, the governance lint finds problems (the rules `datamesh compose`
 * applies), or @apollo/gateway will not load it. `lint: 'warn'` only logs the lint's
 * problems: the first supergraph a gateway starts on may be one no domain composed (the
 * bench serves a public benchmark's), and refusing it would change what starts.
 */
export async function buildGeneration(supergraphSdl: string, policies: readonly Policy[], settings: GenerationSettings, lint: 'refuse' | 'warn' = 'refuse'): Promise<SupergraphGeneration> {
  const { env, logger, limits } = settings
  let schema: GovernedSchema
  let urls: Record<string, string>
  try {
    schema = governedSchema(supergraphSdl)
    urls = routingUrls(supergraphSdl, settings.subgraphUrls, env)
  } catch (error) {
    throw new SupergraphRefused('supergraph', reasonOf(error))
  }
  let engine: PolicyEngine
  try {
    engine = new PolicyEngine(schema.fields, { global: globalPolicies, domain: policies })
  } catch (error) {
    throw new SupergraphRefused('policies', reasonOf(error))
  }
  const problems = lintSupergraph(supergraphSdl, new Set([...globalPolicies, ...policies].map((policy) => policy.name)))
  if (problems.length) {
    const [first] = problems
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''
    const reason = `${first!.coordinate}: ${first!.message} [${first!.rule}]${more}`
    if (lint === 'refuse') throw new SupergraphRefused('governance', reason)
    logger.warn({ problems: problems.length }, `the supergraph breaks the governance lint: ${reason}; a reload to a supergraph like it would be refused`)
  }
  const enforcer = settings.governed ? new Enforcer({ schema, engine, maskKey: settings.maskKey }) : undefined

  const dataSources: SubgraphDataSource[] = []
  const closeDataSources = () => Promise.all(dataSources.map((source) => source.close()))
  const gateway = new ApolloGateway({
    supergraphSdl: executableSupergraph(supergraphSdl),
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource(name, urls[name] ?? (url as string), {
        gatewaySecret: settings.gatewaySecret,
        timeoutMs: limits.subgraphTimeoutMs,
        production: env.NODE_ENV === 'production',
        logger,
      })
      dataSources.push(source)
      return source
    },
    logger,
  })
  const apollo = new ApolloServer<GatewayContext>({
    // @apollo/gateway 2.x implements the gateway interface of Apollo Server 4 and 5 alike.
    gateway: gateway as never,
    introspection: true,
    // The service shuts down itself (closeOnSignal): HTTP, Apollo, then the audit trail.
    stopOnTerminationSignals: false,
    // Stack traces only in development; never in a response elsewhere.
    includeStacktraceInErrorResponses: env.NODE_ENV === 'development',
    formatError: createErrorFormatter(logger, env),
    logger,
  })
  try {
    await apollo.start()
  } catch (error) {
    await closeDataSources()
    throw new SupergraphRefused('gateway', reasonOf(error))
  }

  return Object.freeze({
    hash: supergraphHash(supergraphSdl),
    loadedAt: new Date(),
    supergraphSdl,
    subgraphs: Object.entries(urls).map(([name, url]) => ({ name, url })),
    schema,
    enforcer,
    admission: new OperationAdmission(schema, limits),
    apollo,
    landingPage: apolloHandler(apollo, async () => ({ grant: grantOf(ANONYMOUS, undefined), grantKey: '' })),
    readiness: async () => Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await isHealthy(url)] as const))),
    stop: async () => {
      await apollo.stop()
      await closeDataSources()
    },
  })
}
