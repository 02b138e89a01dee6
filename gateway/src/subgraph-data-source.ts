// How the gateway calls one domain: a keep-alive undici pool per subgraph (no
// per-request Headers or Request objects, unlike the default fetcher), each call carrying
// a grant signed for this subgraph and this exact body, so the domain can apply its row
// rules and a grant seen on the wire opens nothing else. Every call has a deadline and
// ends when the client that asked goes away. Identical queries in flight at the same time,
// for the same subject and purpose, share one call: the domain would answer them alike. A
// domain that cannot be reached fails only the fields it owns, with an error naming it.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import { DataMeshError, ErrorCode, GRANT_HEADER, signGrant, type Logger } from '@datamesh/kit'
import { GraphQLError } from 'graphql'
import { Pool } from 'undici'
import type { GatewayContext } from './governed-endpoint.js'

const CONNECTIONS_PER_SUBGRAPH = 128

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>

interface Reply {
  readonly status: number
  readonly text: string
}

/** One call in flight, shared by every request that asked for it; aborted once none of them waits. */
interface SharedCall {
  readonly key: string | undefined
  readonly reply: Promise<Reply>
  readonly controller: AbortController
  waiting: number
}

export interface SubgraphDataSourceOptions {
  /** Signs each call's grant. */
  readonly gatewaySecret: string
  /** How long a call may take before the domain counts as unavailable for it. */
  readonly timeoutMs: number
  /** Production: messages never carry internal addresses or a domain's own error text. */
  readonly production: boolean
  readonly logger: Logger
}

/** Why a call failed, in words that name no internal address. */
function plainReason(error: unknown): string {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its host name does not resolve'
    default:
      return 'it could not be reached'
  }
}

function isGraphQLBody(value: unknown): value is SubgraphResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as { errors?: unknown }).errors)
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #pool: Pool
  readonly #path: string
  readonly #options: SubgraphDataSourceOptions
  /** Calls in flight by subject and body; each caller parses the answer itself, so none shares objects. */
  readonly #inflight = new Map<string, SharedCall>()

  constructor(
    readonly domain: string,
    url: string,
    options: SubgraphDataSourceOptions,
  ) {
    super({ url })
    const target = new URL(url)
    this.#pool = new Pool(target.origin, { connections: CONNECTIONS_PER_SUBGRAPH, keepAliveTimeout: 30_000, pipelining: 1 })
    this.#path = `${target.pathname}${target.search}`
    this.#options = options
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const { request } = options
    // Only client operations reach a domain: the supergraph is a file, and health checks use /health.
    const context = options.context as GatewayContext
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName })
    // Mutations are never shared: each must run as often as it was asked for.
    const mutation = 'incomingRequestContext' in options && options.incomingRequestContext.operation?.operation === 'mutation'
    const key = mutation ? undefined : `${context.grantKey}\n${body}`
    let call = key === undefined ? undefined : this.#inflight.get(key)
    if (!call) {
      const controller = new AbortController()
      const shared: SharedCall = { key, reply: this.#send(body, context, controller.signal), controller, waiting: 0 }
      if (key !== undefined) {
        this.#inflight.set(key, shared)
        const forget = () => this.#forget(shared)
        shared.reply.then(forget, forget)
      }
      call = shared
    }
    const { status, text } = await this.#wait(call, context.signal)
    if (status >= 200 && status < 300) return JSON.parse(text) as SubgraphResponse
    // A domain refusing the request as GraphQL (a variable its scalar rejects: 400) keeps its
    // errors and their codes; anything else means the domain could not answer.
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    if (status === 400 && isGraphQLBody(parsed)) return parsed
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : ErrorCode.SUBGRAPH_UNAVAILABLE.code
    this.#options.logger.warn({ domain: this.domain, status, body: text.slice(0, 500) }, 'a domain refused a call')
    const detail = this.#options.production ? '' : `: ${text.slice(0, 200)}`
    throw new GraphQLError(`the ${this.domain} domain answered ${status}${detail}`, { extensions: { code, domain: this.domain, status } })
  }

  /** The shared call's reply for one waiter; a waiter that goes away stops waiting, and the last one aborts the call. */
  async #wait(call: SharedCall, signal: AbortSignal | undefined): Promise<Reply> {
    call.waiting++
    if (!signal) return call.reply
    const leave = () => {
      if (--call.waiting > 0) return
      this.#forget(call)
      call.controller.abort(signal.reason)
    }
    if (signal.aborted) leave()
    else signal.addEventListener('abort', leave, { once: true })
    try {
      return await call.reply
    } finally {
      signal.removeEventListener('abort', leave)
    }
  }

  #forget(call: SharedCall): void {
    if (call.key !== undefined && this.#inflight.get(call.key) === call) this.#inflight.delete(call.key)
  }

  async #send(body: string, context: GatewayContext, cancelled: AbortSignal): Promise<Reply> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      [GRANT_HEADER]: signGrant(context.grant, this.#options.gatewaySecret, { audience: this.domain, body }),
    }
    const { timeoutMs } = this.#options
    const deadline = AbortSignal.timeout(timeoutMs)
    try {
      const response = await this.#pool.request({ path: this.#path, method: 'POST', headers, body, signal: AbortSignal.any([cancelled, deadline]) })
      return { status: response.statusCode, text: await response.body.text() }
    } catch (error) {
      if (cancelled.aborted) throw new DataMeshError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the call to the ${this.domain} domain was cancelled: the client went away`, { domain: this.domain })
      const reason = deadline.aborted ? `it did not answer within ${timeoutMs} ms` : this.#options.production ? plainReason(error) : (error as Error).message
      this.#options.logger.warn({ domain: this.domain, err: error }, 'a domain call failed')
      throw new DataMeshError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the ${this.domain} domain is unavailable: ${reason}`, { domain: this.domain })
    }
  }

  async close(): Promise<void> {
    await this.#pool.close()
  }
}
