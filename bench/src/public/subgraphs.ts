// The public gateway benchmark's four subgraphs (accounts, inventory, products, reviews) as
// Apollo Federation 2 subgraphs, each served over a bare node:http server. The benchmark
// runs them as fast Rust services so that the gateway is what gets measured; to keep that
// true in Node, a subgraph executes each distinct request body once and then answers the
// same body with the same bytes (the data never changes, so the answer cannot either).
// Schemas and behaviour follow graphql-hive/graphql-gateways-benchmark,
// federation/subgraphs/*/subgraph.rs; see data.ts for the data.
import { buildSubgraphSchema } from '@apollo/subgraph'
// graphql's CommonJS entry, named outright: @apollo/subgraph require()s it, and a bundler-style
// resolver (vitest's) would hand a bare 'graphql' import the ESM copy, whose execute() then
// refuses the schema as coming "from another realm". Under plain Node both are this file.
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql/index.js'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  INVENTORY,
  PRODUCTS,
  REVIEW_AUTHOR,
  REVIEWS,
  TOP_PRODUCTS_DEFAULT,
  USER_REVIEWS,
  USERS,
  type InventoryItem,
  type Review,
} from './data.js'

export const PUBLIC_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const
export type PublicSubgraphName = (typeof PUBLIC_SUBGRAPHS)[number]

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3"'

/**
 * Each subgraph's SDL, as the original's async-graphql types declare it. One addition:
 * `User.username` is @shareable in accounts, which Federation 2 requires of a field that
 * reviews also resolves (through `Review.author @provides(fields: "username")`). It changes
 * no answer: the composed supergraph has the same types, fields, keys, @requires and
 * @provides as the original's (federation/gateways/hive-gateway/supergraph.graphql).
 */
export const PUBLIC_SUBGRAPH_SDL: Record<PublicSubgraphName, string> = {
  accounts: `${FEDERATION}, import: ["@key", "@shareable"])

type Query {
  me: User
  user(id: ID!): User
  users: [User]
}

type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}
`,
  inventory: `${FEDERATION}, import: ["@key", "@external", "@requires"])

type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}
`,
  products: `${FEDERATION}, import: ["@key"])

type Query {
  topProducts(first: Int = ${TOP_PRODUCTS_DEFAULT}): [Product]
}

type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}
`,
  reviews: `${FEDERATION}, import: ["@key", "@external", "@provides"])

type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}

type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}

type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}
`,
}

/** A product as the inventory subgraph resolves it: its own row, which knows no price or weight. */
type InventoryProduct = InventoryItem & { price: number | null; weight: number | null }

/** The original's rule; with the inventory's own price and weight (always null) it gives null. */
function shippingEstimate({ price, weight }: InventoryProduct): number | null {
  if (price === null) return null
  if (price > 1000) return 0
  return weight === null ? null : Math.trunc(weight / 2)
}

const BUILDERS: Record<PublicSubgraphName, (typeDefs: DocumentNode) => GraphQLSchema> = {
  accounts: (typeDefs) =>
    buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Query: {
            me: () => USERS[0],
            user: (_: unknown, { id }: { id: string }) => USERS.find((user) => user.id === id) ?? null,
            users: () => USERS,
          },
          User: {
            __resolveReference: ({ id }: { id: string }) => USERS.find((user) => user.id === id) ?? null,
          },
        },
      },
    ]),
  inventory: (typeDefs) =>
    buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Product: {
            // Like the original, answer from the inventory's own row and ignore the
            // `price` and `weight` the gateway sends for @requires.
            __resolveReference: ({ upc }: { upc: string }): InventoryProduct | null => {
              const item = INVENTORY.find((row) => row.upc === upc)
              return item ? { ...item, price: null, weight: null } : null
            },
            shippingEstimate,
          },
        },
      },
    ]),
  products: (typeDefs) =>
    buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Query: {
            topProducts: (_: unknown, { first }: { first: number | null }) =>
              PRODUCTS.slice(0, Math.max(0, first ?? TOP_PRODUCTS_DEFAULT)),
          },
          Product: {
            __resolveReference: ({ upc }: { upc: string }) => PRODUCTS.find((product) => product.upc === upc) ?? null,
          },
        },
      },
    ]),
  reviews: (typeDefs) =>
    buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Review: {
            __resolveReference: ({ id }: { id: string }) => REVIEWS.find((review) => review.id === id) ?? null,
            product: (review: Review) => ({ upc: review.productUpc }),
            author: () => REVIEW_AUTHOR,
          },
          User: {
            __resolveReference: ({ id }: { id: string }) => ({ id }),
            reviews: () => USER_REVIEWS,
          },
          Product: {
            __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
            reviews: ({ upc }: { upc: string }) => REVIEWS.filter((review) => review.productUpc === upc),
          },
        },
      },
    ]),
}

/** Builds one subgraph's executable schema. */
export function buildPublicSubgraphSchema(name: PublicSubgraphName): GraphQLSchema {
  return BUILDERS[name](parse(PUBLIC_SUBGRAPH_SDL[name]))
}

interface Answer {
  readonly status: number
  readonly body: Buffer
}

/** How many distinct bodies (and documents) a subgraph remembers; the oldest go first. */
const MEMO_LIMIT = 10_000

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MEMO_LIMIT) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  map.set(key, value)
}

function errorAnswer(status: number, message: string): Answer {
  return { status, body: Buffer.from(JSON.stringify({ errors: [{ message }] })) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Executes GraphQL request bodies against a schema, once per distinct body. */
class MemoisedExecutor {
  /** Operations actually executed. */
  executions = 0
  /** Bodies answered, from memory or not. */
  requests = 0
  private readonly answers = new Map<string, Answer | Promise<Answer>>()
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>()

  constructor(private readonly schema: GraphQLSchema) {}

  answer(body: string): Answer | Promise<Answer> {
    this.requests++
    const known = this.answers.get(body)
    if (known) return known
    const answer = this.compute(body)
    remember(this.answers, body, answer)
    return answer
  }

  private compute(body: string): Answer | Promise<Answer> {
    let request: unknown
    try {
      request = JSON.parse(body)
    } catch {
      return errorAnswer(400, 'The request body is not JSON.')
    }
    if (!isRecord(request) || typeof request.query !== 'string') {
      return errorAnswer(400, 'The request has no query string.')
    }
    const { query, variables, operationName } = request
    if (variables != null && !isRecord(variables)) return errorAnswer(400, '`variables` must be an object.')
    if (operationName != null && typeof operationName !== 'string') {
      return errorAnswer(400, '`operationName` must be a string.')
    }
    const document = this.document(query)
    if (!('kind' in document)) {
      return { status: 400, body: Buffer.from(JSON.stringify({ errors: document })) }
    }
    this.executions++
    const result = execute({ schema: this.schema, document, variableValues: variables, operationName })
    const serialize = (value: unknown): Answer => ({ status: 200, body: Buffer.from(JSON.stringify(value)) })
    return result instanceof Promise ? result.then(serialize) : serialize(result)
  }

  /** The parsed and validated document for a query, or its errors; each query is checked once. */
  private document(query: string): DocumentNode | readonly GraphQLError[] {
    const known = this.documents.get(query)
    if (known) return known
    let checked: DocumentNode | readonly GraphQLError[]
    try {
      const document = parse(query)
      const errors = validate(this.schema, document)
      checked = errors.length > 0 ? errors : document
    } catch (error) {
      checked = [error instanceof GraphQLError ? error : new GraphQLError(String(error))]
    }
    remember(this.documents, query, checked)
    return checked
  }
}

export interface RunningPublicSubgraph {
  readonly name: PublicSubgraphName
  readonly url: string
  /** Operations executed so far: one per distinct request body. */
  readonly executions: number
  /** GraphQL requests answered so far, from memory or not. */
  readonly requests: number
  stop(): Promise<void>
}

export interface ListenOptions {
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
}

const JSON_TYPE = 'application/json; charset=utf-8'

function send(res: ServerResponse, { status, body }: Answer): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': body.length })
  res.end(body)
}

function handle(executor: MemoisedExecutor, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?', 1)[0]
  if (req.method === 'GET' && path === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 })
    res.end('OK')
    return
  }
  if (path !== '/graphql' && path !== '/') {
    send(res, errorAnswer(404, 'Not found.'))
    return
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST')
    send(res, errorAnswer(405, 'Send GraphQL requests with POST.'))
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('error', () => res.destroy())
  req.on('end', () => {
    const answer = executor.answer(Buffer.concat(chunks).toString('utf8'))
    if (answer instanceof Promise) {
      answer.then(
        (ready) => send(res, ready),
        (error: unknown) => send(res, errorAnswer(500, String(error))),
      )
    } else {
      send(res, answer)
    }
  })
}

/** Host part of a URL that reaches a server listening on `host`. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/** Starts one public subgraph; its URL ends in /graphql. */
export async function startPublicSubgraph(
  name: PublicSubgraphName,
  { host = '127.0.0.1', port = 0 }: ListenOptions = {},
): Promise<RunningPublicSubgraph> {
  const executor = new MemoisedExecutor(buildPublicSubgraphSchema(name))
  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => handle(executor, req, res))
  // Longer than any client's idle timeout, so the server is never the one to drop a pooled socket.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    name,
    url: `http://${reachableHost(host)}:${bound}/graphql`,
    get executions() {
      return executor.executions
    },
    get requests() {
      return executor.requests
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
