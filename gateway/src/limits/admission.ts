// The first thing the gateway does with an operation, before governance, planning or any
// call to a domain: parse it (at most `tokens` tokens), pick the operation the request
// names, check it against every limit (memoised measures, then the cost with the request's
// variables) and its values against the scalars, and refuse it with a 4xx naming what is
// wrong. Parsed documents are cached by their sha256, so a repeated operation is parsed once.
import type { GovernedSchema } from '@datamesh/governance'
import { DataMeshError, ErrorCode } from '@datamesh/kit'
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql'
import { LRUCache } from 'lru-cache'
import { createHash } from 'node:crypto'
import { InputValues } from '../input-values.js'
import { estimateCost, type CostModel } from './estimate-cost.js'
import { measureOperation, type OperationMeasures } from './measure-operation.js'
import { limitExceeded, type OperationLimits } from './operation-limits.js'

export interface AdmittedOperation {
  /** The document as the client sent it. */
  readonly query: string
  /** Its sha256, hex. */
  readonly hash: string
  readonly document: DocumentNode
  /** The operation the request runs. */
  readonly operation: OperationDefinitionNode
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>
  /** Its estimated cost with the request's variables. */
  readonly cost: number
}

interface ParsedDocument {
  readonly document: DocumentNode
  readonly operations: readonly OperationDefinitionNode[]
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>
  readonly measures: Map<OperationDefinitionNode, OperationMeasures>
}

/** Parsed documents take about this many bytes per character of text, for the cache's bound. */
const BYTES_PER_CHARACTER = 24

interface VariableStrings {
  longest: number
  nul: boolean
}

/** The longest string among the variables (the walk stops once past `limit`), and whether one holds a NUL. */
function variableStrings(value: unknown, limit: number, found: VariableStrings = { longest: 0, nul: false }): VariableStrings {
  if (typeof value === 'string') {
    found.longest = Math.max(found.longest, value.length)
    found.nul ||= value.includes('\u0000')
  } else if (value !== null && typeof value === 'object') {
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      variableStrings(item, limit, found)
      if (found.longest > limit) break
    }
  }
  return found
}

const NUL_MESSAGE = 'a string argument holds a NUL character (\\u0000), which no text value can hold'

export class OperationAdmission {
  readonly #limits: OperationLimits
  readonly #model: CostModel
  readonly #documents: LRUCache<string, ParsedDocument>
  readonly #inputs: InputValues

  constructor(schema: GovernedSchema, limits: OperationLimits, cacheBytes = 64 * 1024 * 1024) {
    this.#limits = limits
    this.#model = { schema: schema.apiSchema, listSizes: schema.listSizes, defaultListSize: limits.defaultListSize }
    this.#documents = new LRUCache({ maxSize: cacheBytes })
    this.#inputs = new InputValues(schema.apiSchema)
  }

  /** Parsed documents held, and the bytes they are estimated to take. */
  get cached(): { readonly documents: number; readonly bytes: number } {
    return { documents: this.#documents.size, bytes: this.#documents.calculatedSize }
  }

  /** The operation to run; throws a DataMeshError (its code says the status) when the request may not run it. */
  admit(query: string, operationName: string | undefined, variables: Readonly<Record<string, unknown>> | undefined, method: string | undefined): AdmittedOperation {
    const hash = createHash('sha256').update(query).digest('hex')
    const parsed = this.#parsed(query, hash)
    const operation = operationName
      ? parsed.operations.find((candidate) => candidate.name?.value === operationName)
      : parsed.operations.length === 1
        ? parsed.operations[0]
        : undefined
    if (!operation) {
      throw new DataMeshError(
        ErrorCode.OPERATION_RESOLUTION_FAILURE,
        operationName
          ? `the document has no operation named "${operationName.slice(0, 100)}"`
          : parsed.operations.length === 0
            ? 'the document has no operation'
            : `the document has ${parsed.operations.length} operations; say which to run with "operationName"`,
      )
    }
    if (method === 'GET' && operation.operation !== 'query') {
      throw new DataMeshError(ErrorCode.METHOD_NOT_ALLOWED, `a ${operation.operation} is not accepted over GET; use POST`)
    }
    if (!this.#model.schema.getRootType(operation.operation)) {
      throw new DataMeshError(ErrorCode.GRAPHQL_VALIDATION_FAILED, `the graph has no ${operation.operation} type: it answers queries only`)
    }
    let measures = parsed.measures.get(operation)
    if (!measures) {
      measures = measureOperation(operation, parsed.fragments)
      parsed.measures.set(operation, measures)
    }
    const limits = this.#limits
    if (measures.depth > limits.depth) throw limitExceeded('depth', limits.depth, measures.depth)
    if (measures.fields > limits.fields) throw limitExceeded('fields', limits.fields, measures.fields)
    if (measures.aliases > limits.aliases) throw limitExceeded('aliases', limits.aliases, measures.aliases)
    if (measures.rootFields > limits.rootFields) throw limitExceeded('rootFields', limits.rootFields, measures.rootFields)
    if (measures.directives > limits.directives) throw limitExceeded('directives', limits.directives, measures.directives)
    if (measures.longestString > limits.stringLength) throw limitExceeded('stringLength', limits.stringLength, measures.longestString, 'in the document')
    const strings = variableStrings(variables, limits.stringLength)
    if (strings.longest > limits.stringLength) throw limitExceeded('stringLength', limits.stringLength, strings.longest, 'in the variables')
    if (measures.nul || strings.nul) throw new DataMeshError(ErrorCode.BAD_USER_INPUT, NUL_MESSAGE)
    const cost = estimateCost(this.#model, operation, parsed.fragments, variables)
    if (cost > limits.cost) throw limitExceeded('cost', limits.cost, Math.ceil(cost))
    const invalid = this.#inputs.check(parsed.document, operation, variables)
    if (invalid) throw invalid
    return { query, hash, document: parsed.document, operation, fragments: parsed.fragments, cost }
  }

  #parsed(query: string, hash: string): ParsedDocument {
    const known = this.#documents.get(hash)
    if (known) return known
    let document: DocumentNode
    try {
      document = parse(query, { maxTokens: Number.isFinite(this.#limits.tokens) ? this.#limits.tokens : undefined })
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error
      // graphql-js words it "Document contains more that N tokens" (sic).
      if (/Document contains more th\w+ \d+ tokens/.test(error.message)) throw limitExceeded('tokens', this.#limits.tokens, undefined)
      throw new DataMeshError(ErrorCode.GRAPHQL_PARSE_FAILED, error.message.slice(0, 300), error.locations ? { locations: error.locations } : {})
    }
    const operations: OperationDefinitionNode[] = []
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
    }
    const parsed = { document, operations, fragments, measures: new Map() }
    this.#documents.set(hash, parsed, { size: query.length * BYTES_PER_CHARACTER + 1 })
    return parsed
  }
}
