// The gateway: @apollo/gateway inside @apollo/server, serving the committed supergraph on
// port 4000 behind the governed endpoint, and calling each domain where
// `<DOMAIN>_SUBGRAPH_URL` (or the supergraph) says. A new supergraph (the file changed,
// SIGHUP, or `reload`) is served without a restart once it passes the checks a first one
// must pass; requests in flight finish on the one they started on.
import {
  auditModeOf,
  auditSpoolDirectory,
  createTokenVerifier,
  LatencyRecorder,
  maxTokenLifetime,
  openAuditTrail,
  openGovernanceStore,
  type AuditMode,
  type AuditTrail,
  type Policy,
} from '@datamesh/governance'
import {
  close,
  createGraphQLHttpServer,
  createLogger,
  gatewayAddress,
  listen,
  meshSecret,
  type DomainDatabase,
  type Logger,
  type OpenDatabaseOptions,
  type ReadinessCheck,
} from '@datamesh/kit'
import { readFile } from 'node:fs/promises'
import { GatewayMetrics } from './gateway-metrics.js'
import { GenerationSwitch, type GenerationSources, type ReloadOutcome } from './generation-switch.js'
import { governedEndpoint } from './governed-endpoint.js'
import { limitsFromEnv, type OperationLimits } from './limits/operation-limits.js'
import { PersistedQueries } from './persisted-queries.js'
import type { SubgraphRoute } from './supergraph-subgraphs.js'
import { watchSupergraph } from './supergraph-watch.js'

/**
 * Node flags for the gateway's process (`datamesh start` and the container use them). A
 * gateway allocates a short-lived tree per response; a larger young generation lets most of
 * it die there instead of being copied and promoted: the bench measured about 11 % more
 * throughput on the public workload (207 → 230 requests/s) for about 50 MB more peak RSS.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32']

export interface GovernanceOptions {
  /** false switches enforcement off: for measuring its cost only, never in use. Env: DATAMESH_GOVERNANCE=off. */
  readonly enabled?: boolean
  /** `null` (default): denied fields become null with an error. `reject`: the whole operation is refused. Env: DATAMESH_ON_DENY. */
  readonly onDeny?: 'null' | 'reject'
  /** The audit trail's database; false keeps no trail. Defaults to the governance store. */
  readonly audit?: OpenDatabaseOptions | false
  /** Where the audit spool is: DATAMESH_AUDIT_SPOOL, else `audit-spool/` in the data directory. One gateway per spool. */
  readonly auditSpool?: string
  /** `strict` (default): refuse requests that would be audited while auditing is impossible. Env: DATAMESH_AUDIT. */
  readonly auditMode?: AuditMode
}

export interface GatewaySecrets {
  readonly jwt?: string
  readonly gateway?: string
  readonly mask?: string
  readonly audit?: string
}

export interface GatewayOptions {
  /** The supergraph to serve. Reloads take a new one through `reload(sdl)`. */
  readonly supergraphSdl?: string
  /** Or a supergraph file (instead of `supergraphSdl`): read at start and on every reload, and watched unless `watch` is false. */
  readonly supergraphFile?: string
  /** Reload when `supergraphFile` changes; true by default. */
  readonly watch?: boolean
  /** Overrides the routing URL of a subgraph, by name. */
  readonly subgraphUrls?: Readonly<Record<string, string>>
  /** The domains' policies (the global ones always apply). */
  readonly policies?: readonly Policy[]
  /** The domains' policies, asked again for every new supergraph (a new domain brings its own); defaults to `policies`. */
  readonly loadPolicies?: () => Promise<readonly Policy[]>
  readonly governance?: GovernanceOptions
  /** Overrides the limits the environment sets (DATAMESH_MAX_*), over the defaults. */
  readonly limits?: Partial<OperationLimits>
  /** Defaults to the mesh's secrets (environment, or development keys under .data/keys). */
  readonly secrets?: GatewaySecrets
  /** Defaults to GATEWAY_PORT, then 4000; 0 picks a free port. */
  readonly port?: number
  readonly host?: string
  readonly logger?: Logger
  readonly env?: NodeJS.ProcessEnv
}

/** The supergraph a gateway serves now. */
export interface ServedSupergraph {
  /** sha256 of its text, hex. */
  readonly hash: string
  readonly loadedAt: Date
  readonly subgraphs: readonly SubgraphRoute[]
}

export interface RunningGateway {
  readonly url: string
  readonly port: number
  /** The audit trail's store, when the gateway keeps one. */
  readonly auditStore: DomainDatabase<unknown> | undefined
  /** The audit trail (spool and shipper), when the gateway keeps one. */
  readonly audit: AuditTrail | undefined
  /** The supergraph serving at the time of asking. */
  readonly supergraph: ServedSupergraph
  /**
   * Serves `supergraphSdl`, or the supergraph file read again, with the domain policies
   * loaded again, once it passes every check; otherwise the served one stays. Requests in
   * flight finish on the supergraph they started on.
   */
  reload(supergraphSdl?: string): Promise<ReloadOutcome>
  /** Ships the audit events spooled so far and writes the current latency window. */
  flushAudit(): Promise<void>
  stop(): Promise<void>
}

/** Reloads the gateway's supergraph on `signal` (SIGHUP by default); returns what stops listening. */
export function reloadOnSignal(gateway: RunningGateway, signal: NodeJS.Signals = 'SIGHUP'): () => void {
  const onSignal = () => void gateway.reload()
  process.on(signal, onSignal)
  return () => process.off(signal, onSignal)
}

function governanceFromEnv(env: NodeJS.ProcessEnv): GovernanceOptions {
  const onDeny = env.DATAMESH_ON_DENY
  if (onDeny !== undefined && onDeny !== 'null' && onDeny !== 'reject') throw new Error(`DATAMESH_ON_DENY must be "null" or "reject", got "${onDeny}"`)
  return { enabled: env.DATAMESH_GOVERNANCE !== 'off', ...(onDeny ? { onDeny } : {}) }
}

function supergraphSources(options: GatewayOptions): GenerationSources {
  const { supergraphSdl, supergraphFile } = options
  if ((supergraphSdl === undefined) === (supergraphFile === undefined)) throw new Error('startGateway needs one of supergraphSdl and supergraphFile')
  const policies = options.policies ?? []
  return {
    readSupergraph: supergraphFile === undefined ? async () => supergraphSdl! : () => readFile(supergraphFile, 'utf8'),
    loadPolicies: options.loadPolicies ?? (async () => policies),
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger('gateway', env)
  const governance = { ...governanceFromEnv(env), ...options.governance }
  const sources = supergraphSources(options)
  const secrets = {
    jwt: options.secrets?.jwt ?? (env.DATAMESH_JWKS_URL ? undefined : meshSecret('jwt', env)),
    gateway: options.secrets?.gateway ?? meshSecret('gateway', env),
    mask: options.secrets?.mask ?? meshSecret('mask', env),
    audit: options.secrets?.audit ?? meshSecret('audit', env),
  }
  const limits = { ...limitsFromEnv(env), ...options.limits }
  const governed = governance.enabled !== false
  if (!governed) logger.warn('governance is OFF (DATAMESH_GOVERNANCE=off): fields are not checked, masked or audited')

  const metrics = new GatewayMetrics()
  const generations = await GenerationSwitch.start(
    sources,
    { governed, gatewaySecret: secrets.gateway, maskKey: secrets.mask, limits, subgraphUrls: options.subgraphUrls ?? {}, env, logger },
    metrics,
  )

  const auditStore = governed && governance.audit !== false ? await openGovernanceStore({ role: 'service', ...governance.audit }).catch(async (error: unknown) => {
    await generations.stop()
    throw error
  }) : undefined
  const audit = auditStore
    ? await openAuditTrail({
        store: auditStore.db,
        spoolDirectory: governance.auditSpool ?? auditSpoolDirectory(env),
        key: secrets.audit,
        mode: governance.auditMode ?? auditModeOf(env),
        logger,
      }).catch(async (error: unknown) => {
        await auditStore.close()
        await generations.stop()
        throw error
      })
    : undefined
  const latency = auditStore
    ? new LatencyRecorder(auditStore.db, { onError: (error) => logger.warn({ reason: (error as Error).message }, 'a latency window could not be written (the latency SLA in the catalog misses it)') })
    : undefined

  const server = createGraphQLHttpServer({
    maxBodyBytes: limits.bodyBytes,
    routes: { '/metrics': async () => ({ status: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.text() }) },
    onError: (error) => logger.error({ err: error }, 'request failed'),
    handler: governedEndpoint({
      generations,
      verifyToken: createTokenVerifier({
        ...(secrets.jwt ? { secret: secrets.jwt } : {}),
        ...(env.DATAMESH_JWKS_URL ? { jwksUrl: env.DATAMESH_JWKS_URL } : {}),
        ...(env.DATAMESH_JWT_ISSUER ? { issuer: env.DATAMESH_JWT_ISSUER } : {}),
        ...(env.DATAMESH_JWT_AUDIENCE ? { audience: env.DATAMESH_JWT_AUDIENCE } : {}),
        maxLifetimeMs: maxTokenLifetime(env.DATAMESH_JWT_MAX_LIFETIME),
      }),
      persisted: new PersistedQueries(),
      limits,
      onDeny: governance.onDeny ?? 'null',
      audit,
      latency,
      metrics,
      logger,
    }),
    readiness: async () => {
      const { hash, loadedAt, readiness } = generations.current
      const supergraph: ReadinessCheck & { hash: string; loadedAt: string } = { ok: true, hash, loadedAt: loadedAt.toISOString() }
      return { supergraph, ...(await readiness()) }
    },
  })
  const watcher = options.supergraphFile !== undefined && options.watch !== false ? watchSupergraph(options.supergraphFile, () => void generations.reload()) : undefined
  const address = gatewayAddress(env)
  const host = options.host ?? address.host
  const port = await listen(server, options.port ?? address.port, host)
  const url = `http://${host}:${port}/graphql`
  logger.info(`gateway ready at ${url}${governed ? '' : ' (governance OFF)'}, serving supergraph ${generations.current.hash.slice(0, 12)}${watcher ? ` (watching ${options.supergraphFile})` : ''}`)
  let stopped: Promise<void> | undefined
  return {
    url,
    port,
    auditStore: auditStore as DomainDatabase<unknown> | undefined,
    audit,
    get supergraph() {
      const { hash, loadedAt, subgraphs } = generations.current
      return { hash, loadedAt, subgraphs }
    },
    reload: (supergraphSdl) => generations.reload(supergraphSdl),
    flushAudit: async () => {
      await audit?.flush()
      await latency?.flush()
    },
    stop: () =>
      (stopped ??= (async () => {
        watcher?.close()
        await close(server)
        await generations.stop()
        // What the store does not take within the grace stays durable in the spool; a store
        // that went first (its owner stopped with the mesh) is no failure of the stop.
        await audit?.stop()
        await latency?.close().catch((error: unknown) => logger.warn({ reason: (error as Error).message }, 'the last latency window was not written'))
        await auditStore?.close()
      })()),
  }
}
