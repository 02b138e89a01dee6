// The HTTP face of every service (subgraphs and gateway): `/graphql` into the service's
// GraphQL handler, `GET /health` (the process is alive) and `GET /ready` (it can answer:
// its database or its subgraphs are reachable), CORS for browser IDEs. Plain node:http
// keeps the request path short.
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PURPOSE_HEADER } from '../access/headers.js'
import { ErrorCode, statusOf, type ErrorCodeDefinition } from '../errors/codes.js'
import { DataMeshError } from '../errors/datamesh-error.js'

export interface ReadinessCheck {
  readonly ok: boolean
  readonly detail?: string
}

export type Readiness = () => Promise<Record<string, ReadinessCheck>>

export interface HttpReply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body: string | AsyncIterable<string>
}

/** Answers one request to `/graphql`; `body` is the parsed JSON (or text) of a POST, `raw` its text as sent. */
export type GraphQLHandler = (request: IncomingMessage, url: URL, body: unknown, raw: string | undefined) => Promise<HttpReply>

export interface GraphQLHttpOptions {
  readonly handler: GraphQLHandler
  readonly readiness: Readiness
  /** More GET endpoints by path, such as the gateway's `/metrics`. */
  readonly routes?: Readonly<Record<string, () => Promise<HttpReply>>>
  readonly maxBodyBytes?: number
  /** Told about failures that became a 500, which never carry details to the client. */
  readonly onError?: (error: unknown) => void
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': `content-type, authorization, ${PURPOSE_HEADER}, apollo-require-preflight, x-apollo-operation-name`,
  'access-control-max-age': '600',
} as const

const JSON_TYPE = 'application/json; charset=utf-8'

export function jsonReply(status: number, body: unknown): HttpReply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) }
}

/** A reply refusing the request with one error: its registered code, and the status the registry gives it. */
export function errorReply(definition: ErrorCodeDefinition, message: string, extensions: Record<string, unknown> = {}): HttpReply {
  return jsonReply(definition.status, { errors: [{ message, extensions: { ...extensions, code: definition.code } }] })
}

/** The reply refusing a whole request with `error`, at the status its code is registered with. */
export function replyFor(error: DataMeshError): HttpReply {
  return jsonReply(statusOf(error), { errors: [error.toJSON()] })
}

function tooLarge(limit: number): DataMeshError {
  return new DataMeshError(ErrorCode.PAYLOAD_TOO_LARGE, `the request body is larger than the limit of ${limit} bytes`, { limit: 'bodyBytes', maximum: limit })
}

interface Body {
  readonly parsed: unknown
  readonly raw: string | undefined
}

async function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  if (request.method !== 'POST') return { parsed: undefined, raw: undefined }
  const declared = Number(request.headers['content-length'])
  if (declared > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw tooLarge(limit)
    chunks.push(chunk)
  }
  const raw = Buffer.concat(chunks).toString('utf8')
  const type = request.headers['content-type'] ?? ''
  if (!type.includes('json')) return { parsed: raw, raw }
  try {
    return { parsed: raw.length ? JSON.parse(raw) : undefined, raw }
  } catch {
    throw new DataMeshError(ErrorCode.BAD_REQUEST, 'the request body is not valid JSON')
  }
}

async function send(response: ServerResponse, reply: HttpReply): Promise<void> {
  response.statusCode = reply.status
  for (const [key, value] of Object.entries(reply.headers ?? {})) response.setHeader(key, value)
  response.setHeader('access-control-allow-origin', '*')
  if (typeof reply.body === 'string') {
    response.setHeader('content-length', Buffer.byteLength(reply.body))
    response.end(reply.body)
    return
  }
  for await (const chunk of reply.body) response.write(chunk)
  response.end()
}

export function createGraphQLHttpServer(options: GraphQLHttpOptions): Server {
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS)
      response.end()
      return
    }
    if (url.pathname === '/health') return send(response, jsonReply(200, { status: 'ok' }))
    if (url.pathname === '/ready') {
      const checks = await options.readiness()
      const ready = Object.values(checks).every((check) => check.ok)
      return send(response, jsonReply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks }))
    }
    const route = options.routes?.[url.pathname]
    if (route && request.method === 'GET') return send(response, await route())
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return send(response, jsonReply(404, { error: `no route ${url.pathname}; GraphQL is served at /graphql` }))
    }
    const body = await readBody(request, limit)
    await send(response, await options.handler(request, url, body.parsed, body.raw))
  }
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy()
        return
      }
      if (!(error instanceof DataMeshError)) options.onError?.(error)
      void send(response, error instanceof DataMeshError ? replyFor(error) : errorReply(ErrorCode.INTERNAL_SERVER_ERROR, 'internal server error'))
    })
  })
}

function headerMapOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap()
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value)
  }
  return headers
}

/** GraphQL over HTTP exactly as Apollo Server serves it (CSRF prevention, landing page, batching). */
export function apolloHandler<Context extends BaseContext>(apollo: ApolloServer<Context>, context: (request: IncomingMessage) => Promise<Context>): GraphQLHandler {
  return async (request, url, body) => {
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method?.toUpperCase() ?? 'GET', headers: headerMapOf(request), search: url.search, body },
      context: () => context(request),
    })
    const headers = Object.fromEntries(result.headers)
    return {
      status: result.status ?? 200,
      headers,
      body: result.body.kind === 'complete' ? result.body.string : result.body.asyncIterator,
    }
  }
}

/** Starts listening; resolves with the port actually bound (useful with port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/** Stops accepting connections and closes idle keep-alive ones; resolves when all are gone. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeIdleConnections()
  })
}
