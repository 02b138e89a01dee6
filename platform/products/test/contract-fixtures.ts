// The committed mesh as a MeshState, and edits of its supergraph, for the tests of what
// `datamesh contract check` refuses and accepts. The contracts of a state are exported from
// its own supergraph, as the CLI does, so each case goes through the real pipeline.
import { repositoryRoot } from '@datamesh/kit'
import { Kind, parse, parseType, print, visit, type ConstDirectiveNode, type FieldDefinitionNode } from 'graphql'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportContracts, loadProducts, supergraphDomains, type DataProduct, type MeshState } from '../src/index.js'

export const supergraph = readFileSync(join(repositoryRoot, 'schemas', 'supergraph.graphql'), 'utf8')
export const products = loadProducts(supergraphDomains(supergraph))

export function state(sdl: string, of: readonly DataProduct[] = products): MeshState {
  return { supergraphSdl: sdl, products: of, contracts: exportContracts(of, sdl, { gatewayUrl: 'http://localhost:4000/graphql' }).map(({ contract }) => contract) }
}

export const base = state(supergraph)

/** The supergraph with one field of one type rewritten (or removed, when `edit` returns null). */
export function editField(sdl: string, typeName: string, fieldName: string, edit: (field: FieldDefinitionNode) => FieldDefinitionNode | null): string {
  let found = false
  const edited = visit(parse(sdl), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== typeName) return undefined
      return {
        ...node,
        fields: (node.fields ?? []).flatMap((field) => {
          if (field.name.value !== fieldName) return [field]
          found = true
          const next = edit(field)
          return next ? [next] : []
        }),
      }
    },
  })
  if (!found) throw new Error(`the supergraph has no ${typeName}.${fieldName}`)
  return print(edited)
}

export const retype = (type: string) => (field: FieldDefinitionNode): FieldDefinitionNode => ({ ...field, type: parseType(type) as FieldDefinitionNode['type'] })

/** The directives of `f: Int <directives>`, to add to a field. */
export function directives(text: string): readonly ConstDirectiveNode[] {
  const [definition] = parse(`type T { f: Int ${text} }`).definitions
  if (definition?.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('unreachable')
  return definition.fields?.[0]?.directives ?? []
}

export const withDirectives = (text: string) => (field: FieldDefinitionNode): FieldDefinitionNode => ({ ...field, directives: [...(field.directives ?? []), ...directives(text)] })

export const rules = (changes: readonly { rule: string; where: string }[]) => changes.map((change) => `${change.rule} ${change.where}`)
