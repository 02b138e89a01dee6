// The gateway's /graphql: who asks (the verified token), for which purpose (declared,
// and approved by the token), then each operation is governed before it is planned,
// executed by @apollo/gateway, and governed again on its way out (nulls, errors, masks),
// and what it touched goes to the audit trail.
import type { ApolloServer } from '@apollo/server'
import { DataMeshError, errorReply, ErrorCode, GrantSigner, jsonReply, type GraphQLHandler, type HttpReply, type Logger } from '@datamesh/kit'
import {
  ANONYMOUS,
  forbidden,
  grantKey,
  grantOf,
  isAnonymous,
  outcomeOf,
  type AuditWriter,
  type Enforcer,
  type LatencyRecorder,
  type ExecutionResult,
  type Subject,
  type TokenVerifier,
} from '@datamesh/governance'
import type { IncomingMessage } from 'node:http'
import { readGraphQLRequests, type GraphQLRequest } from './graphql-requests.js'
import type { GatewayMetrics } from './gateway-metrics.js'
import type { PersistedQueries } from './persisted-queries.js'

export const PURPOSE_HEADER = 'x-datamesh-purpose'

export interface GatewayContext {
  /** The signed grant every subgraph fetch of this request carries. */
  readonly grant: string
}

export interface GovernedEndpointOptions {
  readonly apollo: ApolloServer<GatewayContext>
  readonly landingPage: GraphQLHandler
  readonly verifyToken: TokenVerifier
  readonly gatewaySecret: string
  readonly persisted: PersistedQueries
  /** Undefined when governance is switched off (benchmarks only): fields pass unchecked. */
  readonly enforcer: Enforcer | undefined
  /** `reject`: an operation asking for a denied field is refused whole (403), nothing executed. */
  readonly onDeny: 'null' | 'reject'
  readonly audit: AuditWriter | undefined
  /** Measures each root field's latency, for the catalog's SLA status. */
  readonly latency: LatencyRecorder | undefined
  readonly metrics: GatewayMetrics
  readonly logger: Logger
}

interface Outcome {
  readonly status: number
  readonly body: ExecutionResult
}

function wantsLandingPage(request: IncomingMessage, url: URL): boolean {
  return request.method === 'GET' && !url.searchParams.has('query') && !url.searchParams.has('extensions') && (request.headers.accept ?? '').includes('text/html')
}

function refusal(error: DataMeshError): HttpReply {
  const code = error.extensions.code as string
  const status = code === ErrorCode.UNAUTHENTICATED.code ? 401 : code === ErrorCode.FORBIDDEN.code ? 403 : 400
  return errorReply(status, code, error.message)
}

export function governedEndpoint(options: GovernedEndpointOptions): GraphQLHandler {
  const { apollo, enforcer, audit, latency, metrics } = options
  const grants = new GrantSigner(options.gatewaySecret)

  const execute = async (operation: GraphQLRequest, request: IncomingMessage, subject: Subject, purpose: string | undefined, grant: string): Promise<Outcome> => {
    const lookup = options.persisted.resolve(operation)
    if ('error' in lookup) return { status: lookup.error.code === 'BAD_REQUEST' ? 400 : 200, body: { errors: [{ message: lookup.error.message, extensions: { code: lookup.error.code } }] } }
    const deciding = performance.now()
    const prepared = enforcer?.prepare(lookup.query, operation.operationName, subject, purpose)
    if (prepared) metrics.policyEvaluation.observe((performance.now() - deciding) / 1000)
    const record = (outcome: 'rejected' | undefined) => {
      if (!audit || !prepared?.audited.length) return
      audit.record({
        occurredAt: new Date(),
        subject: subject.id,
        roles: [...subject.roles],
        purpose,
        operationName: prepared.operationName,
        operationHash: prepared.hash,
        clientAddress: request.socket.remoteAddress,
        outcome: outcome ?? outcomeOf(prepared.audited),
        fields: prepared.audited,
      })
    }
    const missing = prepared && enforcer?.missingVariable(prepared, operation.variables)
    if (missing) return { status: 400, body: { errors: [{ message: missing, extensions: { code: 'BAD_USER_INPUT' } }] } }
    if (prepared && enforcer && options.onDeny === 'reject') {
      const denials = enforcer.activeDenials(prepared, operation.variables)
      if (denials.length) {
        record('rejected')
        return { status: 403, body: { errors: denials.map((selection) => forbidden(selection).toJSON()) } }
      }
    }
    if (request.method === 'GET' && /^\s*mutation\b/.test(prepared?.query ?? lookup.query)) {
      return { status: 405, body: { errors: [{ message: 'mutations are not accepted over GET; use POST', extensions: { code: 'BAD_REQUEST' } }] } }
    }
    const started = performance.now()
    const response = await apollo.executeOperation(
      {
        query: prepared?.query ?? lookup.query,
        ...(operation.operationName ? { operationName: operation.operationName } : {}),
        ...(operation.variables ? { variables: operation.variables } : {}),
      },
      { contextValue: { grant } },
    )
    if (response.body.kind !== 'single') {
      return { status: 400, body: { errors: [{ message: 'incremental delivery (@defer, @stream) is not supported', extensions: { code: 'BAD_REQUEST' } }] } }
    }
    const result = response.body.singleResult as ExecutionResult
    const elapsed = performance.now() - started
    metrics.requestDuration.observe({ outcome: result.errors?.length ? 'errors' : 'ok' }, elapsed / 1000)
    if (latency && prepared?.rootFields.length) latency.record(prepared.rootFields, elapsed)
    record(undefined)
    return { status: response.http.status ?? 200, body: prepared && enforcer ? enforcer.finish(prepared, result, operation.variables) : result }
  }

  return async (request, url, body) => {
    if (wantsLandingPage(request, url)) return options.landingPage(request, url, body)
    const parsed = readGraphQLRequests(request, url, body)
    if ('refusal' in parsed) return parsed.refusal
    let subject: Subject = ANONYMOUS
    try {
      subject = await options.verifyToken(request.headers.authorization)
    } catch (error) {
      if (error instanceof DataMeshError) return refusal(error)
      throw error
    }
    const purposeHeader = request.headers[PURPOSE_HEADER]
    const purpose = typeof purposeHeader === 'string' && purposeHeader.trim() ? purposeHeader.trim() : undefined
    if (purpose !== undefined && !subject.purposes.has(purpose)) {
      const message = isAnonymous(subject)
        ? `purpose "${purpose}" needs a token that approves it; anonymous requests declare no purpose`
        : `purpose "${purpose}" is not approved by the token (it approves: ${[...subject.purposes].join(', ') || 'none'})`
      return refusal(new DataMeshError(ErrorCode.FORBIDDEN, message))
    }
    const grant = grants.sign(grantKey(subject, purpose), () => grantOf(subject, purpose))
    const outcomes = await Promise.all(parsed.requests.map((operation) => execute(operation, request, subject, purpose, grant)))
    if (parsed.batch) return jsonReply(200, outcomes.map((outcome) => outcome.body))
    const [only] = outcomes as [Outcome]
    return jsonReply(only.status, only.body)
  }
}
