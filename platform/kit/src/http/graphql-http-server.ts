// The HTTP face of every service (subgraphs and gateway): `/graphql` into Apollo Server,
// `GET /health` (the process is alive) and `GET /ready` (it can answer: its database or
// its subgraphs are reachable). Plain node:http keeps the request path short.
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReadinessCheck {
  readonly ok: boolean
  readonly detail?: string
}

export type Readiness = () => Promise<Record<string, ReadinessCheck>>

export interface GraphQLHttpOptions<Context extends BaseContext> {
  readonly apollo: ApolloServer<Context>
  readonly context: (request: IncomingMessage) => Promise<Context>
  readonly readiness: Readiness
  readonly maxBodyBytes?: number
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, x-datamesh-purpose, apollo-require-preflight',
  'access-control-max-age': '600',
} as const

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  response.end(text)
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  if (request.method !== 'POST') return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  const type = request.headers['content-type'] ?? ''
  if (!type.includes('json')) return text
  try {
    return text.length ? JSON.parse(text) : undefined
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
}

function headerMapOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap()
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value)
  }
  return headers
}

export function createGraphQLHttpServer<Context extends BaseContext>(options: GraphQLHttpOptions<Context>): Server {
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS)
      response.end()
      return
    }
    if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok' })
    if (url.pathname === '/ready') {
      const checks = await options.readiness()
      const ready = Object.values(checks).every((check) => check.ok)
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks })
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return sendJson(response, 404, { error: `no route ${url.pathname}; GraphQL is served at /graphql` })
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method?.toUpperCase() ?? 'GET',
        headers: headerMapOf(request),
        search: url.search,
        body: await readBody(request, limit),
      },
      context: () => options.context(request),
    })
    response.statusCode = result.status ?? 200
    for (const [key, value] of result.headers) response.setHeader(key, value)
    response.setHeader('access-control-allow-origin', '*')
    if (result.body.kind === 'complete') {
      response.end(result.body.string)
      return
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk)
    response.end()
  }
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy()
        return
      }
      if (error instanceof HttpError) return sendJson(response, error.status, { errors: [{ message: error.message }] })
      sendJson(response, 500, { errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })
    })
  })
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
