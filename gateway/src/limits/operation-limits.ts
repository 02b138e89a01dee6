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

const DESCRIPTIONS: Readonly<Record<keyof OperationLimits, string>> = {
  bodyBytes: 'bytes in the request body',
  tokens: 'tokens in the document',
  depth: 'levels of nested fields',
  aliases: 'aliases',
  rootFields: 'root fields',
  directives: 'directives',
  fields: 'fields once fragments are expanded',
  cost: 'estimated cost',
  defaultListSize: 'items assumed per list',
  batch: 'operations in a batch',
  stringLength: 'characters in a string argument',
  subgraphTimeoutMs: 'milliseconds per domain call',
}

/** The refusal for a request over `limit`: names the limit, its value and what was asked. */
export function limitExceeded(limit: keyof OperationLimits, maximum: number, actual: number | undefined, where?: string): DataMeshError {
  const counted = actual !== undefined && Number.isSafeInteger(actual)
  const asked = counted ? `${actual}` : `more than ${maximum}`
  return new DataMeshError(
    ErrorCode.LIMIT_EXCEEDED,
    `the operation asks for ${asked} ${DESCRIPTIONS[limit]}${where ? ` (${where})` : ''}; the limit is ${maximum} (${LIMIT_VARIABLES[limit]})`,
    { limit, maximum, actual: counted ? actual : null },
  )
}
