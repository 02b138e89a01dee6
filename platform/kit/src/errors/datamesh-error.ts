// Errors as values: a GraphQLError whose extensions carry a registered code.
import { GraphQLError } from 'graphql'
import type { ErrorCodeDefinition } from './codes.js'

export class DataMeshError extends GraphQLError {
  constructor(definition: ErrorCodeDefinition, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code: definition.code } })
    this.name = 'DataMeshError'
  }
}
