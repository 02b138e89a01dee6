// The gateway's limits: what one request may ask before any other work is done on it, so
// that a small request cannot make the gateway or a domain do unbounded work. Defaults are
// ones a public endpoint can live with (GraphQL Armor's and Apollo Router's are the
// models); each is set by an environment variable, `off` lifting it.
import { DataMeshError, ErrorCode } from '@datamesh/kit'

export interface OperationLimits {
  /** Bytes of one request body (a batch counts whole). */
  readonly bodyBytes: number
  /** Lexical tokens of one document: bounds the parser's work. */
  readonly tokens: number
  /** Nesting of fields (introspection excepted: graphql's own rule bounds it). */
  readonly depth: number
  /** Aliased fields, fragments expanded. */
  readonly aliases: number
  /** Fields at the root of the operation, fragments expanded. */
  readonly rootFields: number
  /** Directive uses, fragments expanded. */
  readonly directives: number
  /** Fields of the operation with every fragment expanded where it is spread (Apollo Router's "height"). */
  readonly fields: number
  /** Estimated cost: each object returned counts 1, multiplied through lists by their size. */
  readonly cost: number
  /** The size assumed for a list without a `first` argument or a `@listSize` that says otherwise. */
  readonly defaultListSize: number
  /** Operations in one batched request. */
  readonly batch: number
  /** Characters of a string argument, in the document or in the variables. */
  readonly stringLength: number
  /** How long a call to a domain may take. */
  readonly subgraphTimeoutMs: number
}

export const DEFAULT_LIMITS: OperationLimits = Object.freeze({
  bodyBytes: 2 * 1024 * 1024,
  tokens: 15_000,
  depth: 12,
  aliases: 15,
  rootFields: 10,
  directives: 50,
  fields: 2_000,
  cost: 10_000,
  defaultListSize: 10,
  batch: 10,
  stringLength: 1_000,
  subgraphTimeoutMs: 15_000,
})

/** The environment variable of each limit. */
export const LIMIT_VARIABLES: Readonly<Record<keyof OperationLimits, string>> = Object.freeze({
  bodyBytes: 'DATAMESH_MAX_BODY_BYTES',
  tokens: 'DATAMESH_MAX_TOKENS',
  depth: 'DATAMESH_MAX_DEPTH',
  aliases: 'DATAMESH_MAX_ALIASES',
  rootFields: 'DATAMESH_MAX_ROOT_FIELDS',
  directives: 'DATAMESH_MAX_DIRECTIVES',
  fields: 'DATAMESH_MAX_FIELDS',
  cost: 'DATAMESH_MAX_COST',
  defaultListSize: 'DATAMESH_DEFAULT_LIST_SIZE',
  batch: 'DATAMESH_MAX_BATCH',
  stringLength: 'DATAMESH_MAX_STRING_LENGTH',
  subgraphTimeoutMs: 'DATAMESH_SUBGRAPH_TIMEOUT_MS',
})

/** Limits that `off` cannot lift: without them a request has no bound at all. */
const REQUIRED: ReadonlySet<keyof OperationLimits> = new Set(['bodyBytes', 'defaultListSize', 'subgraphTimeoutMs'])

/** The limits the environment sets, over the defaults; throws naming a variable that is not a positive integer. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS }
  for (const [limit, variable] of Object.entries(LIMIT_VARIABLES) as [keyof OperationLimits, string][]) {
    const value = env[variable]?.trim()
    if (value === undefined || value === '') continue
    if (value === 'off' && !REQUIRED.has(limit)) {
      limits[limit] = Number.POSITIVE_INFINITY
      continue
    }
    const number = Number(value)
    if (!Number.isSafeInteger(number) || number < 1) {
      throw new Error(`${variable} must be a positive integer${REQUIRED.has(limit) ? '' : ' or "off"'}, got "${value}"`)
    }
    limits[limit] = number
  }
  return limits as unknown as OperationLimits
}

/** What the request asked, in words: `n` is a count, or a phrase when it could not be counted. */
const ASKED: Readonly<Record<keyof OperationLimits, (n: string) => string>> = {
  bodyBytes: (n) => `the request body has ${n} bytes`,
  tokens: (n) => `the document has ${n} tokens`,
  depth: (n) => `the operation nests fields ${n} deep`,
  aliases: (n) => `the operation has ${n} aliases`,
  rootFields: (n) => `the operation has ${n} root fields`,
  directives: (n) => `the operation has ${n} directives`,
  fields: (n) => `the operation has ${n} fields once its fragments are expanded`,
  cost: (n) => `the operation's estimated cost is ${n}`,
  defaultListSize: (n) => `a list is assumed to hold ${n} items`,
  batch: (n) => `the batch has ${n} operations`,
  stringLength: (n) => `a string argument has ${n} characters`,
  subgraphTimeoutMs: (n) => `a domain call took ${n} ms`,
}

/** The refusal for a request over `limit`: names the limit, its value and what was asked. */
export function limitExceeded(limit: keyof OperationLimits, maximum: number, actual: number | undefined, where?: string): DataMeshError {
  const counted = actual !== undefined && Number.isSafeInteger(actual)
  const asked = ASKED[limit](counted ? `${actual}` : `more than ${maximum}`)
  return new DataMeshError(ErrorCode.LIMIT_EXCEEDED, `${asked}${where ? ` (${where})` : ''}; the limit is ${maximum} (${LIMIT_VARIABLES[limit]})`, {
    limit,
    maximum,
    actual: counted ? actual : null,
  })
}
