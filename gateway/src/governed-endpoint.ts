// The gateway's /graphql: who asks (the verified token), for which purpose (declared,
// and approved by the token); then each operation is admitted (parsed once, held to the
// limits), governed before it is planned (denied fields cut, arguments that test what the
// subject may not read refused), executed by @apollo/gateway, governed again on its way out
// (nulls, errors, masks), and answered once what it touched is in the audit trail. Each
// request runs whole on the supergraph generation serving when it arrived.
import { DataMeshError, ErrorCode, jsonReply, PURPOSE_HEADER, replyFor, statusOf, type Grant, type GraphQLHandler, type HttpReply, type Logger } from '@datamesh/kit'
import {
  ANONYMOUS,
  forbidden,
  grantKey,
  grantOf,
  isAnonymous,
  outcomeOf,
  type AuditedField,
  type AuditTrail,
  type LatencyRecorder,
  type ExecutionResult,
  type Subject,
  type TokenVerifier,
} from '@datamesh/governance'
import type { IncomingMessage } from 'node:http'
import { readGraphQLRequests, type GraphQLRequest } from './graphql-requests.js'
import type { AdmittedOperation } from './limits/admission.js'
import { limitExceeded, type OperationLimits } from './limits/operation-limits.js'
import type { GatewayMetrics } from './gateway-metrics.js'
import type { GenerationSwitch } from './generation-switch.js'
import type { PersistedQueries } from './persisted-queries.js'
import type { SupergraphGeneration } from './supergraph-generation.js'

export interface GatewayContext {
  /** Who asks and why: each subgraph call carries it in a grant signed for that call. */
  readonly grant: Grant
  /** The same for every request of this subject and purpose: identical calls in flight under it are shared. */
  readonly grantKey: string
  /** Aborted when the client goes away: the request's subgraph calls stop with it. */
  readonly signal?: AbortSignal
}

export interface GovernedEndpointOptions {
  /** The supergraph generations: each request takes the serving one (admission, enforcer, Apollo) and keeps it. */
  readonly generations: Pick<GenerationSwitch, 'use'>
  readonly verifyToken: TokenVerifier
  readonly persisted: PersistedQueries
  readonly limits: OperationLimits
  /** `reject`: an operation asking for a denied field is refused whole (403), nothing executed. */
  readonly onDeny: 'null' | 'reject'
  /** A request that reads classified data is answered only once its event is durable here. */
  readonly audit: AuditTrail | undefined
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

/** A header as it may appear in a message: a client controls its length. */
function quoted(value: string, max = 64): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}

/** One operation refused: the status its code is registered with, the error as the body. */
function refused(error: DataMeshError): Outcome {
  return { status: statusOf(error), body: { errors: [error.toJSON()] } }
}

/** Aborted when the client's connection closes before its answer is sent. */
function whileConnected<T>(request: IncomingMessage, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const gone = () => controller.abort(new Error('the client went away'))
  request.socket.once('close', gone)
  return work(controller.signal).finally(() => request.socket.off('close', gone))
}

export function governedEndpoint(options: GovernedEndpointOptions): GraphQLHandler {
  const { audit, latency, metrics, limits } = options

  // Admission parses each operation once and holds it to the limits, before anything else.
  const admit = ({ admission }: SupergraphGeneration, operation: GraphQLRequest, method: string | undefined): AdmittedOperation | DataMeshError => {
    const lookup = options.persisted.resolve(operation)
    if (lookup instanceof DataMeshError) return lookup
    try {
      return admission.admit(lookup, operation.operationName, operation.variables, method)
    } catch (error) {
      if (error instanceof DataMeshError) return error
      throw error
    }
  }

  // No enforcer when governance is switched off (benchmarks only): fields pass unchecked.
  const execute = async (
    { apollo, enforcer }: SupergraphGeneration,
    admitted: AdmittedOperation,
    operation: GraphQLRequest,
    request: IncomingMessage,
    subject: Subject,
    purpose: string | undefined,
    context: GatewayContext,
  ): Promise<Outcome> => {
    const deciding = performance.now()
    const prepared = enforcer?.prepare(admitted, subject, purpose)
    if (prepared) metrics.policyEvaluation.observe((performance.now() - deciding) / 1000)
    // Resolves once the event is durable; in strict mode, rejects with AUDIT_UNAVAILABLE when it cannot be.
    const record = async (outcome: 'rejected' | undefined, fields: readonly AuditedField[] | undefined = prepared?.audited): Promise<void> => {
      if (!audit || !prepared || !fields?.length) return
      await audit.record({
        occurredAt: new Date(),
        subject: subject.id,
        roles: [...subject.roles],
        purpose,
        operationName: prepared.operationName,
        operationHash: prepared.hash,
        clientAddress: request.socket.remoteAddress,
        outcome: outcome ?? outcomeOf(fields),
        fields,
      })
    }
    const unavailable = audit && prepared?.audited.length ? audit.check() : undefined
    if (unavailable) {
      // Refused before execution; the refusal is still audited when the spool can be written.
      await record('rejected').catch(() => undefined)
      return refused(unavailable)
    }
    if (prepared && enforcer) {
      // An argument that tests a field the subject may not read raw would reveal it: nothing runs.
      const refusedArguments = enforcer.refusedArguments(prepared, operation.variables)
      if (refusedArguments) {
        await record('rejected', [...prepared.audited, ...refusedArguments.audited]).catch(() => undefined)
        return { status: ErrorCode.FORBIDDEN.status, body: { errors: refusedArguments.errors.map((error) => error.toJSON()) } }
      }
    }
    if (prepared && enforcer && options.onDeny === 'reject') {
      const denials = enforcer.activeDenials(prepared, operation.variables)
      if (denials.length) {
        // Nothing was read: a refusal that could not be spooled still refuses.
        await record('rejected').catch(() => undefined)
        return { status: ErrorCode.FORBIDDEN.status, body: { errors: denials.map((selection) => forbidden(selection).toJSON()) } }
      }
    }
    // The event says what the request may read and how it was decided, all known before it
    // runs: it is made durable while the domains answer, and the answer waits for both.
    const audited = record(undefined).then(
      () => undefined,
      (error: unknown) => error,
    )
    const started = performance.now()
    const response = await apollo.executeOperation(
      {
        query: prepared?.query ?? admitted.query,
        ...(operation.operationName ? { operationName: operation.operationName } : {}),
        ...(operation.variables ? { variables: operation.variables } : {}),
      },
      { contextValue: context },
    )
    if (response.body.kind !== 'single') {
      await audited
      return refused(new DataMeshError(ErrorCode.BAD_REQUEST, 'incremental delivery (@defer, @stream) is not supported'))
    }
    const result = response.body.singleResult as ExecutionResult
    const elapsed = performance.now() - started
    metrics.requestDuration.observe({ outcome: result.errors?.length ? 'errors' : 'ok' }, elapsed / 1000)
    if (latency && prepared?.rootFields.length) latency.record(prepared.rootFields, elapsed)
    const unaudited = await audited
    if (unaudited instanceof DataMeshError) return refused(unaudited)
    if (unaudited) throw unaudited
    return { status: response.http.status ?? 200, body: prepared && enforcer ? enforcer.finish(prepared, result, operation.variables) : result }
  }

  const handle = async (generation: SupergraphGeneration, request: IncomingMessage, url: URL, body: unknown): Promise<HttpReply> => {
    if (wantsLandingPage(request, url)) return generation.landingPage(request, url, body, undefined)
    const parsed = readGraphQLRequests(request, url, body, limits.batch)
    if (parsed instanceof DataMeshError) return replyFor(parsed)
    let subject: Subject = ANONYMOUS
    try {
      subject = await options.verifyToken(request.headers.authorization)
    } catch (error) {
      if (error instanceof DataMeshError) return replyFor(error)
      throw error
    }
    const purposeHeader = request.headers[PURPOSE_HEADER]
    const purpose = typeof purposeHeader === 'string' && purposeHeader.trim() ? purposeHeader.trim() : undefined
    if (purpose !== undefined && !subject.purposes.has(purpose)) {
      const message = isAnonymous(subject)
        ? `purpose ${quoted(purpose)} needs a token that approves it; anonymous requests declare no purpose`
        : `purpose ${quoted(purpose)} is not approved by the token (it approves: ${[...subject.purposes].join(', ') || 'none'})`
      return replyFor(new DataMeshError(ErrorCode.FORBIDDEN, message))
    }
    const admitted = parsed.requests.map((operation) => admit(generation, operation, request.method))
    if (!parsed.batch && admitted[0] instanceof DataMeshError) return replyFor(admitted[0])
    // A batch may not cost more together than one operation may alone.
    const batchCost = admitted.reduce((total, one) => total + (one instanceof DataMeshError ? 0 : one.cost), 0)
    if (parsed.batch && batchCost > limits.cost) return replyFor(limitExceeded('cost', limits.cost, Math.ceil(batchCost), 'the batch together'))
    const outcomes = await whileConnected(request, (signal) => {
      const context: GatewayContext = { grant: grantOf(subject, purpose), grantKey: grantKey(subject, purpose), signal }
      return Promise.all(
        admitted.map((one, index) => (one instanceof DataMeshError ? refused(one) : execute(generation, one, parsed.requests[index]!, request, subject, purpose, context))),
      )
    })
    if (parsed.batch) return jsonReply(200, outcomes.map((outcome) => outcome.body))
    const [only] = outcomes as [Outcome]
    return jsonReply(only.status, only.body)
  }

  return (request, url, body) => options.generations.use((generation) => handle(generation, request, url, body))
}
