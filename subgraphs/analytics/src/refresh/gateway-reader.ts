// Reads a root connection of the mesh through the gateway, as a governed consumer, a page
// at a time. Governance may mask or deny what this identity asks for; features computed
// on masked or missing values would be silently wrong, so any mask, denial or error stops
// the refresh with a message naming the fields.

/** A refresh that cannot go on: the message says what failed and where. */
export class RefreshError extends Error {
  override readonly name = 'RefreshError'
}

export interface GatewayRequest {
  readonly gatewayUrl: string
  /** `authorization` (the service's token) and `x-datamesh-purpose`. */
  readonly headers: Readonly<Record<string, string>>
}

export interface ConnectionRead extends GatewayRequest {
  /** The data product read, for messages and lineage: `orders.orders`. */
  readonly product: string
  /** The root connection field, such as `orders`. */
  readonly field: string
  /**
   * An operation with the variables `$first: Int!`, `$after: String` and `$count: Boolean!`
   * that selects `field` with `totalCount @include(if: $count)`, the edges' nodes and `pageInfo`.
   */
  readonly query: string
  readonly variables?: Readonly<Record<string, unknown>>
  /** Nodes per page; the gateway allows at most 100. */
  readonly pageSize?: number
  /** After each page: nodes read so far, and the total when the first page told it. */
  readonly onPage?: (rowsRead: number, total: number | undefined) => void
}

interface GraphQLError {
  readonly message?: string
  readonly path?: readonly (string | number)[]
  readonly extensions?: { readonly code?: string; readonly coordinate?: string; readonly domain?: string }
}

interface GatewayResponse {
  readonly data?: Record<string, any> | null
  readonly errors?: readonly GraphQLError[]
  readonly extensions?: { readonly governance?: { readonly masked?: readonly { path: string; coordinate: string; strategy: string }[]; readonly denied?: readonly string[] } }
}

async function post(request: GatewayRequest, product: string, query: string, variables: Record<string, unknown>): Promise<GatewayResponse> {
  let response: Response
  try {
    response = await fetch(request.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify({ query, variables }),
    })
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
    throw new RefreshError(`cannot reach the gateway at ${request.gatewayUrl} to read ${product}: ${cause}`)
  }
  let body: GatewayResponse
  try {
    body = (await response.json()) as GatewayResponse
  } catch {
    throw new RefreshError(`reading ${product}: the gateway at ${request.gatewayUrl} answered ${response.status} without a GraphQL response`)
  }
  if (!response.ok && !body.data) {
    const reasons = (body.errors ?? []).map((error) => error.message).filter(Boolean)
    throw new RefreshError(`reading ${product}: the gateway refused the request (${response.status}): ${reasons.join('; ') || response.statusText}`)
  }
  return body
}

/** Throws, naming every field, when the gateway masked, denied or failed any part of the page. */
export function checkGoverned(product: string, body: GatewayResponse): void {
  const problems: string[] = []
  const governance = body.extensions?.governance
  const masked = governance?.masked ?? []
  if (masked.length) {
    const coordinates = [...new Set(masked.map((entry) => `${entry.coordinate} (${entry.strategy})`))]
    problems.push(`masked ${coordinates.join(', ')}: features are never computed on masked values`)
  }
  const deniedWithoutError = (governance?.denied ?? []).filter((coordinate) => !(body.errors ?? []).some((error) => error.extensions?.coordinate === coordinate))
  if (deniedWithoutError.length) problems.push(`denied ${deniedWithoutError.join(', ')}`)
  for (const error of body.errors ?? []) {
    const where = error.extensions?.coordinate ?? error.path?.join('.')
    const code = error.extensions?.code ? ` [${error.extensions.code}${error.extensions.domain ? ` ${error.extensions.domain}` : ''}]` : ''
    problems.push(`${error.message ?? 'an error'}${where && !(error.message ?? '').includes(where) ? ` at ${where}` : ''}${code}`)
  }
  if (problems.length) {
    throw new RefreshError(`reading ${product} through the gateway: ${problems.join('; ')}`)
  }
}

/** Every node of the connection, following its cursors; stops at the first governed problem. */
export async function* readConnection<T = any>(read: ConnectionRead): AsyncGenerator<T> {
  let after: string | null = null
  let rowsRead = 0
  let total: number | undefined
  for (;;) {
    const body = await post(read, read.product, read.query, { ...read.variables, first: read.pageSize ?? 100, after, count: after === null })
    checkGoverned(read.product, body)
    const page = body.data?.[read.field]
    if (!page) throw new RefreshError(`reading ${read.product}: the gateway answered no ${read.field}`)
    if (typeof page.totalCount === 'number') total = page.totalCount
    for (const edge of page.edges as { node: T }[]) {
      rowsRead++
      yield edge.node
    }
    read.onPage?.(rowsRead, total)
    if (!page.pageInfo.hasNextPage) return
    after = page.pageInfo.endCursor
  }
}
