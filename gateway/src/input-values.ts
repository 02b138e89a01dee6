// The request's values checked at the gateway against the scalars the domains use: a
// malformed or out-of-range `DateTime` is the client's mistake, refused with 400 and
// BAD_USER_INPUT before anything runs, not a domain's error halfway through execution. The
// supergraph only names the custom scalars; the kit's implementations say what they take.
import { DataMeshError, ErrorCode, scalarResolvers } from '@datamesh/kit'
import {
  buildSchema,
  getVariableValues,
  isInputType,
  isScalarType,
  printSchema,
  typeFromAST,
  validate,
  ValuesOfCorrectTypeRule,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql'

export class InputValues {
  readonly #schema: GraphQLSchema
  readonly #literals = new WeakMap<DocumentNode, DataMeshError | null>()

  constructor(apiSchema: GraphQLSchema) {
    // A copy of its own, whose custom scalars parse as the domains parse them.
    this.#schema = buildSchema(printSchema(apiSchema))
    for (const [name, implementation] of Object.entries(scalarResolvers)) {
      const scalar = this.#schema.getType(name)
      if (!isScalarType(scalar)) continue
      scalar.parseValue = implementation.parseValue.bind(implementation)
      scalar.parseLiteral = implementation.parseLiteral.bind(implementation)
    }
  }

  /** Why the literals of `document` or the request's variables are not values the graph takes, or undefined. */
  check(document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): DataMeshError | undefined {
    let literals = this.#literals.get(document)
    if (literals === undefined) {
      const [first] = validate(this.#schema, document, [ValuesOfCorrectTypeRule])
      literals = first ? new DataMeshError(ErrorCode.BAD_USER_INPUT, first.message, first.locations ? { locations: first.locations } : {}) : null
      this.#literals.set(document, literals)
    }
    if (literals) return literals
    // A variable of a type the graph lacks is a validation error: left to validation.
    if (operation.variableDefinitions?.some((definition) => !isInputType(typeFromAST(this.#schema, definition.type)))) return undefined
    const { errors } = getVariableValues(this.#schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 })
    const [first] = errors ?? []
    return first && new DataMeshError(ErrorCode.BAD_USER_INPUT, first.message, first.locations ? { locations: first.locations } : {})
  }
}
