// GraphQL over HTTP, read: GET with query parameters or POST with a JSON body holding one
// operation or a batch of them. GET needs a header a browser cannot send across origins
// without a preflight (as Apollo Server requires), so a malicious page cannot make a
// visitor's browser run queries with their credentials.
import { DataMeshError, ErrorCode, type ErrorCodeDefinition } from '@datamesh/kit'
import { limitExceeded } from './limits/operation-limits.js'
import type { IncomingMessage } from 'node:http'

export interface GraphQLRequest {
  readonly query?: string
  readonly operationName?: string
  readonly variables?: Record<string, unknown>
  readonly extensions?: Record<string, unknown>
}

export interface ParsedRequests {
  readonly batch: boolean
  readonly requests: readonly GraphQLRequest[]
}

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name']
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']

function refuse(message: string, code: ErrorCodeDefinition = ErrorCode.BAD_REQUEST): DataMeshError {
  return new DataMeshError(code, message)
}

function jsonParam(value: string | null, name: string): Record<string, unknown> | undefined | Error {
  if (value === null || value === '') return undefined
  try {
    const parsed = JSON.parse(value) as unknown
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return new Error(`the "${name}" parameter must be a JSON object`)
    return parsed as Record<string, unknown>
  } catch {
    return new Error(`the "${name}" parameter is not valid JSON`)
  }
}

function operationOf(value: unknown): GraphQLRequest | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'each operation must be a JSON object with a "query"'
  const { query, operationName, variables, extensions } = value as Record<string, unknown>
  if (query !== undefined && typeof query !== 'string') return '"query" must be a string'
  if (operationName != null && typeof operationName !== 'string') return '"operationName" must be a string'
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return '"variables" must be an object'
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) return '"extensions" must be an object'
  return {
    ...(query !== undefined ? { query } : {}),
    ...(operationName != null ? { operationName } : {}),
    ...(variables != null ? { variables: variables as Record<string, unknown> } : {}),
    ...(extensions != null ? { extensions: extensions as Record<string, unknown> } : {}),
  }
}

/** The operations of a request, or why it is refused; a batch holds at most `maxBatch`. */
export function readGraphQLRequests(request: IncomingMessage, url: URL, body: unknown, maxBatch: number): ParsedRequests | DataMeshError {
  if (request.method === 'GET') {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    const preflighted = PREFLIGHT_HEADERS.some((header) => request.headers[header]) || (contentType !== '' && !SIMPLE_TYPES.includes(contentType))
    if (!preflighted) {
      return refuse('a GET request must carry an "apollo-require-preflight" header (or a non-simple content-type) so that browsers preflight it; or use POST')
    }
    const variables = jsonParam(url.searchParams.get('variables'), 'variables')
    const extensions = jsonParam(url.searchParams.get('extensions'), 'extensions')
    if (variables instanceof Error) return refuse(variables.message)
    if (extensions instanceof Error) return refuse(extensions.message)
    const query = url.searchParams.get('query')
    const operationName = url.searchParams.get('operationName')
    return {
      batch: false,
      requests: [
        {
          ...(query !== null ? { query } : {}),
          ...(operationName ? { operationName } : {}),
          ...(variables ? { variables } : {}),
          ...(extensions ? { extensions } : {}),
        },
      ],
    }
  }
  if (request.method !== 'POST') return refuse(`${request.method} is not supported; use GET or POST`, ErrorCode.METHOD_NOT_ALLOWED)
  if (typeof body === 'string' || body === undefined) return refuse('send the operation as JSON with "content-type: application/json"', ErrorCode.UNSUPPORTED_MEDIA_TYPE)
  const batch = Array.isArray(body)
  const items = batch ? (body as unknown[]) : [body]
  if (items.length === 0) return refuse('the batch is empty')
  if (batch && items.length > maxBatch) return limitExceeded('batch', maxBatch, items.length)
  const requests: GraphQLRequest[] = []
  for (const item of items) {
    const operation = operationOf(item)
    if (typeof operation === 'string') return refuse(operation)
    requests.push(operation)
  }
  return { batch, requests }
}
