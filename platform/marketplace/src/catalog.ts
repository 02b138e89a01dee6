// What the catalog knows without asking a database: the descriptors, the supergraph they
// describe (for each field's type, description, classification and access rules) and the
// domains. Built once; everything measured (quality, latency, consumers) is read per request.
import { globalPolicies, governedSchema, type FieldMetadata, type GovernedSchema } from '@datamesh/governance'
import { downstream, fieldDownstream, fieldUpstream, lineageGraph, upstream, type DataProduct, type LineageGraph } from '@datamesh/products'
import { isInterfaceType, isObjectType } from 'graphql'

export interface DomainSummary {
  readonly name: string
  readonly description: string
}

export interface CatalogSources {
  readonly products: readonly DataProduct[]
  readonly supergraphSdl: string
  readonly domains: readonly DomainSummary[]
  /** Where consumers query the products. */
  readonly gatewayUrl: string
}

export interface ProductField {
  readonly coordinate: string
  /** The domain that resolves the field (not always the product's: others extend its types). */
  readonly domain: string | null
  readonly type: string
  readonly description: string | null
  readonly classification: string | null
  readonly mask: string | null
  readonly accessRules: readonly string[]
  readonly derivedFrom: readonly string[]
}

function ruleText(field: FieldMetadata): string[] {
  const global = globalPolicies.filter((policy) => policy.appliesTo?.(field)).map((policy) => `global policy ${policy.name}`)
  return [...global, ...field.requirements.map((requirement) => {
    if (requirement.directive === 'authenticated') return '@authenticated'
    const groups = requirement.anyOf.map((group) => `[${group.map((item) => JSON.stringify(item)).join(', ')}]`).join(', ')
    const argument = requirement.directive === 'requiresScopes' ? 'scopes' : 'policies'
    return `@${requirement.directive}(${argument}: [${groups}])${requirement.declaredOn === field.coordinate ? '' : ` on ${requirement.declaredOn}`}`
  })]
}

export class Catalog {
  readonly products: readonly DataProduct[]
  readonly domains: readonly DomainSummary[]
  readonly gatewayUrl: string
  readonly #byId: ReadonlyMap<string, DataProduct>
  readonly #schema: GovernedSchema
  readonly #fields = new Map<string, readonly ProductField[]>()
  readonly #lineage: LineageGraph

  constructor(sources: CatalogSources) {
    this.products = sources.products
    this.domains = sources.domains
    this.gatewayUrl = sources.gatewayUrl
    this.#byId = new Map(sources.products.map((product) => [product.id, product]))
    this.#schema = governedSchema(sources.supergraphSdl)
    this.#lineage = lineageGraph(sources.products)
  }

  /** Every product upstream of `id`, nearest first. */
  upstream(id: string): DataProduct[] {
    return upstream(this.#lineage, id).flatMap(({ node }) => this.#byId.get(node.id) ?? [])
  }

  /** Every product downstream of `id`, nearest first. */
  downstream(id: string): DataProduct[] {
    return downstream(this.#lineage, id).flatMap(({ node }) => this.#byId.get(node.id) ?? [])
  }

  fieldUpstream(coordinate: string): string[] {
    return fieldUpstream(this.#lineage, coordinate).map(({ node }) => node.coordinate)
  }

  fieldDownstream(coordinate: string): string[] {
    return fieldDownstream(this.#lineage, coordinate).map(({ node }) => node.coordinate)
  }

  product(id: string): DataProduct | undefined {
    return this.#byId.get(id)
  }

  /** Every field of the product's output-port types, in schema order. */
  fields(product: DataProduct): readonly ProductField[] {
    let fields = this.#fields.get(product.id)
    if (fields) return fields
    const derived = new Map(Object.entries(product.lineage))
    fields = product.outputPort.types.flatMap((typeName) => {
      const type = this.#schema.apiSchema.getType(typeName)
      if (!type || !(isObjectType(type) || isInterfaceType(type))) return []
      return Object.values(type.getFields()).map((field) => {
        const coordinate = `${typeName}.${field.name}`
        const metadata = this.#schema.fields.get(coordinate)
        return {
          coordinate,
          domain: metadata?.domain ?? null,
          type: String(field.type),
          description: field.description ?? null,
          classification: metadata?.classification ?? null,
          mask: metadata?.mask ?? null,
          accessRules: metadata ? ruleText(metadata) : [],
          derivedFrom: derived.get(coordinate) ?? [],
        }
      })
    })
    this.#fields.set(product.id, fields)
    return fields
  }
}
