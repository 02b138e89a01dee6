// The fields of a domain's SDL that hold values (scalars and enums of its object types),
// with the classification and mask they carry today: what `datamesh classify` compares
// its proposals with.
import { CLASSIFICATIONS, type Classification } from '@datamesh/governance'
import { Kind, type DocumentNode, type FieldDefinitionNode, type TypeNode } from 'graphql'

export interface SdlField {
  readonly type: string
  readonly field: string
  /** The GraphQL named type of the value: String, Float, Date ... */
  readonly valueType: string
  /** The field's classification tag (`@tag(name: "pii")`, the most sensitive if several), if it has one. */
  readonly classification: Classification | null
  readonly mask: string | null
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID'])
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription'])

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type)
}

function stringArgument(field: FieldDefinitionNode, directive: string, argument: string): string[] {
  return (field.directives ?? [])
    .filter((node) => node.name.value === directive)
    .flatMap((node) => node.arguments ?? [])
    .filter((node) => node.name.value === argument && node.value.kind === Kind.STRING)
    .map((node) => (node.value as { value: string }).value)
}

/** Value fields of every object type (definitions and extensions), in SDL order. */
export function sdlFields(typeDefs: DocumentNode): SdlField[] {
  const leafTypes = new Set(BUILT_IN_SCALARS)
  for (const definition of typeDefs.definitions) {
    if (definition.kind === Kind.SCALAR_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_DEFINITION) leafTypes.add(definition.name.value)
  }
  const fields: SdlField[] = []
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    if (ROOT_TYPES.has(definition.name.value)) continue
    for (const field of definition.fields ?? []) {
      const valueType = namedType(field.type)
      if (!leafTypes.has(valueType)) continue
      fields.push({
        type: definition.name.value,
        field: field.name.value,
        valueType,
        classification: CLASSIFICATIONS.find((name) => stringArgument(field, 'tag', 'name').includes(name)) ?? null,
        mask: stringArgument(field, 'mask', 'strategy')[0] ?? null,
      })
    }
  }
  return fields
}
