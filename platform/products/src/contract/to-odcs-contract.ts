// A data product as an Open Data Contract Standard (ODCS) v3.1.0 document: the descriptor
// says what the product promises (owner, SLAs, quality rules, terms of use); the supergraph
// says what it publishes, field by field, with each field's classification (@tag), mask and
// access rules (@authenticated, @requiresScopes, @policy). Nothing is written twice: a
// classification lives in the SDL only and reaches the contract from there.
import { governedSchema, RAW_PII_PURPOSES, type FieldMetadata, type GovernedSchema, type Requirement } from '@datamesh/governance'
import { parseDuration, readDuration, type Duration } from '@datamesh/kit'
import {
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLOutputType,
} from 'graphql'
import { stringify } from 'yaml'
import { QUALITY_OPERATORS, type DataProduct, type QualityRule } from '../descriptor/data-product.js'
import {
  ODCS_API_VERSION,
  type OdcsContract,
  type OdcsCustomProperty,
  type OdcsLogicalType,
  type OdcsProperty,
  type OdcsQuality,
  type OdcsRole,
  type OdcsSchemaObject,
  type OdcsSlaProperty,
} from './odcs.js'

export interface ContractOptions {
  /** Where consumers read the product: the gateway's GraphQL endpoint. */
  readonly gatewayUrl: string
  /** When the contract was created; omitted (so exports are reproducible) unless given. */
  readonly createdAt?: Date
}

/** A product that cannot be expressed as a contract (a freshness rule without a column, say). */
export class ContractError extends Error {}

/** A descriptor's duration read by the kit; a malformed one is a ContractError. */
function inContract<T>(read: (text: string) => T, text: string): T {
  try {
    return read(text)
  } catch (error) {
    throw new ContractError((error as Error).message)
  }
}

const duration = (text: string): Duration => inContract(readDuration, text)
// In seconds, as the quality runner counts them.
const seconds = (text: string): number => Math.round(inContract(parseDuration, text)) / 1000

// One governed schema per supergraph: building it parses and validates the whole SDL.
let cached: { sdl: string; schema: GovernedSchema } | undefined
function governed(supergraphSdl: string): GovernedSchema {
  if (cached?.sdl !== supergraphSdl) cached = { sdl: supergraphSdl, schema: governedSchema(supergraphSdl) }
  return cached.schema
}

interface SupergraphFacts {
  /** Entity type → its key fields, in key order (the first `@key` the supergraph records). */
  readonly keys: ReadonlyMap<string, readonly string[]>
  /** `Type.field` → every domain that resolves it (a shared key field has several). */
  readonly resolvers: ReadonlyMap<string, readonly string[]>
}

function graphArgument(directive: ConstDirectiveNode): string | undefined {
  const graph = directive.arguments?.find((arg) => arg.name.value === 'graph')?.value
  return graph?.kind === Kind.ENUM ? graph.value : undefined
}

function supergraphFacts(supergraphSdl: string): SupergraphFacts {
  const document = parse(supergraphSdl)
  const graphNames = new Map<string, string>()
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((arg) => arg.name.value === 'name')?.value
      graphNames.set(value.name.value, name?.kind === Kind.STRING ? name.value : value.name.value.toLowerCase())
    }
  }
  const keys = new Map<string, string[]>()
  const resolvers = new Map<string, string[]>()
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue
    const typeDirectives = ((definition.directives ?? []) as readonly ConstDirectiveNode[]).filter((d) => d.name.value === 'join__type')
    const typeGraphs = typeDirectives.flatMap((d) => graphArgument(d) ?? [])
    for (const directive of typeDirectives) {
      const key = directive.arguments?.find((arg) => arg.name.value === 'key')?.value
      if (key?.kind !== Kind.STRING || keys.has(definition.name.value)) continue
      // Only the top-level fields of the selection: `id`, or `id sku`; nested ones are skipped.
      let depth = 0
      const fields: string[] = []
      for (const token of key.value.match(/[A-Za-z_][A-Za-z0-9_]*|[{}]/g) ?? []) {
        if (token === '{') depth += 1
        else if (token === '}') depth -= 1
        else if (depth === 0) fields.push(token)
      }
      keys.set(definition.name.value, fields)
    }
    for (const field of definition.fields ?? []) {
      const joins = ((field.directives ?? []) as readonly ConstDirectiveNode[]).filter((d) => d.name.value === 'join__field')
      const external = (d: ConstDirectiveNode) => d.arguments?.some((arg) => arg.name.value === 'external' && arg.value.kind === Kind.BOOLEAN && arg.value.value)
      const graphs = joins.length ? joins.filter((d) => !external(d)).flatMap((d) => graphArgument(d) ?? []) : typeGraphs
      resolvers.set(`${definition.name.value}.${field.name.value}`, graphs.map((graph) => graphNames.get(graph) ?? graph))
    }
  }
  return { keys, resolvers }
}

/** `[["a", "b"], ["c"]]` AND `[["d"]]` → `[["a", "b", "d"], ["c", "d"]]`: one list, outer OR, inner AND. */
function conjoin(requirements: readonly Requirement[], directive: Requirement['directive']): string[][] | undefined {
  const seen = new Set<string>()
  const relevant = requirements.filter((requirement) => {
    const key = JSON.stringify(requirement.anyOf)
    if (requirement.directive !== directive || seen.has(key)) return false
    seen.add(key)
    return true
  })
  if (relevant.length === 0) return undefined
  let result: string[][] = [[]]
  for (const requirement of relevant) {
    result = result.flatMap((left) => requirement.anyOf.map((right) => [...new Set([...left, ...right])]))
  }
  const unique = new Map(result.map((alternative) => [JSON.stringify([...alternative].sort()), alternative]))
  return [...unique.values()]
}

function accessProperties(field: FieldMetadata | undefined): OdcsCustomProperty[] {
  if (!field) return []
  const properties: OdcsCustomProperty[] = []
  if (field.mask) properties.push({ property: 'mask', value: field.mask })
  if (field.requirements.some((requirement) => requirement.directive === 'authenticated')) properties.push({ property: 'authenticated', value: true })
  const scopes = conjoin(field.requirements, 'requiresScopes')
  if (scopes) properties.push({ property: 'requiresScopes', value: scopes })
  const policies = conjoin(field.requirements, 'policy')
  if (policies) properties.push({ property: 'policies', value: policies })
  return properties
}

function argumentsOf(args: readonly GraphQLArgument[]): { name: string; type: string; default?: unknown; description?: string }[] {
  return args.map((arg) => ({
    name: arg.name,
    type: String(arg.type),
    ...(arg.defaultValue !== undefined ? { default: arg.defaultValue } : {}),
    ...(arg.description ? { description: arg.description } : {}),
  }))
}

const SCALARS: Readonly<Record<string, { logicalType: OdcsLogicalType; logicalTypeOptions?: Record<string, unknown> }>> = {
  String: { logicalType: 'string' },
  ID: { logicalType: 'string' },
  Int: { logicalType: 'integer', logicalTypeOptions: { format: 'i32' } },
  Float: { logicalType: 'number', logicalTypeOptions: { format: 'f64' } },
  Boolean: { logicalType: 'boolean' },
  DateTime: { logicalType: 'timestamp', logicalTypeOptions: { timezone: true } },
  Date: { logicalType: 'date', logicalTypeOptions: { format: 'yyyy-MM-dd' } },
}

/** The type-dependent part of a property (or of array items): logical type, GraphQL type, nullability. */
function typed(type: GraphQLOutputType): OdcsProperty {
  const required = isNonNullType(type)
  const inner = isNonNullType(type) ? type.ofType : type
  if (isListType(inner)) return { logicalType: 'array', physicalType: String(type), required, items: typed(inner.ofType) }
  if (isEnumType(inner)) {
    const values = inner.getValues().map((value) => value.name)
    return { logicalType: 'string', physicalType: String(type), required, examples: values, customProperties: [{ property: 'validValues', value: values }] }
  }
  if (isObjectType(inner) || isInterfaceType(inner) || isUnionType(inner)) return { logicalType: 'object', physicalType: String(type), required }
  const scalar = isScalarType(inner) ? SCALARS[inner.name] : undefined
  // A custom scalar without a known meaning gets no logical type rather than a wrong one.
  return { ...(scalar ?? {}), physicalType: String(type), required }
}

interface Placement {
  readonly type: string
  readonly field?: string
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())

function singular(table: string): string {
  if (/ies$/.test(table)) return table.replace(/ies$/, 'y')
  if (/(ss|x|ch|sh)es$/.test(table)) return table.replace(/es$/, '')
  return table.replace(/s$/, '')
}

/**
 * Where a quality rule goes in the contract. ODCS attaches rules to a schema object or to a
 * property; ours name a table (and a column) of the domain's database. By convention the
 * table of `StockLevel` is `stock_levels` and a column `list_price` is the field `listPrice`;
 * a rule whose column is not a field stays on the object, and every rule keeps its table and
 * column as custom properties so the physical target is never a guess.
 */
function placementOf(rule: QualityRule, product: DataProduct, fieldsOf: (type: string) => readonly string[]): Placement {
  const table = rule.table ?? /\bfrom\s+"?([a-z_][a-z0-9_]*)"?/i.exec(rule.query ?? '')?.[1]
  const pascal = table && singular(table).split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')
  const type = product.outputPort.types.find((candidate) => candidate === pascal) ?? (product.outputPort.types[0] as string)
  const field = rule.column && fieldsOf(type).includes(camel(rule.column)) ? camel(rule.column) : undefined
  return { type, ...(field ? { field } : {}) }
}

function operatorsOf(rule: QualityRule): Pick<QualityRule, (typeof QUALITY_OPERATORS)[number]> {
  return Object.fromEntries(QUALITY_OPERATORS.filter((operator) => rule[operator] !== undefined).map((operator) => [operator, rule[operator]]))
}

function qualityOf(rule: QualityRule, product: DataProduct): OdcsQuality {
  const physical: OdcsCustomProperty[] = [
    ...(rule.table ? [{ property: 'table', value: rule.table }] : []),
    ...(rule.column ? [{ property: 'column', value: rule.column }] : []),
  ]
  const common = { id: rule.id, description: rule.description, ...(rule.dimension ? { dimension: rule.dimension } : {}) }
  if (rule.metric === 'freshness') {
    // Not an ODCS library metric: the same measure as SQL, the age in seconds of the newest
    // value (what the quality runner measures), at most maxAge.
    if (!rule.table || !rule.column) throw new ContractError(`${product.source}: freshness rule ${rule.id} needs a table and a column`)
    const query = `select extract(epoch from (now() - max("${rule.column}")::timestamptz)) from "${rule.table}"`
    const expectation = rule.maxAge !== undefined ? { mustBeLessOrEqualTo: seconds(rule.maxAge) } : operatorsOf(rule)
    return {
      ...common,
      type: 'sql',
      query,
      ...expectation,
      unit: 'seconds',
      severity: rule.severity,
      customProperties: [{ property: 'metric', value: 'freshness' }, ...(rule.maxAge ? [{ property: 'maxAge', value: rule.maxAge }] : []), ...physical],
    }
  }
  if (rule.metric) {
    return {
      ...common,
      type: 'library',
      metric: rule.metric,
      ...(rule.arguments ? { arguments: rule.arguments } : {}),
      ...operatorsOf(rule),
      ...(rule.unit ? { unit: rule.unit } : {}),
      severity: rule.severity,
      ...(physical.length ? { customProperties: physical } : {}),
    }
  }
  return {
    ...common,
    type: 'sql',
    query: rule.query as string,
    ...operatorsOf(rule),
    ...(rule.unit ? { unit: rule.unit } : {}),
    severity: rule.severity,
    ...(physical.length ? { customProperties: physical } : {}),
  }
}

function slaOf(product: DataProduct): OdcsSlaProperty[] {
  const { sla, outputPort } = product
  const types = outputPort.types.join(',')
  const properties: OdcsSlaProperty[] = []
  if (sla.latency) {
    properties.push({
      property: 'latency',
      ...duration(sla.latency.p95),
      ...(outputPort.rootFields.length ? { element: outputPort.rootFields.join(',') } : {}),
      driver: 'operational',
      description: `95th percentile of the response time of the root fields, measured at the gateway: at most ${sla.latency.p95}`,
    })
  }
  if (sla.freshness) {
    properties.push({
      property: 'freshness',
      ...duration(sla.freshness.maxAge),
      element: sla.freshness.field,
      driver: 'analytics',
      description: `the newest ${sla.freshness.field} is at most ${sla.freshness.maxAge} old`,
    })
  }
  if (sla.frequency) properties.push({ property: 'frequency', ...duration(sla.frequency), element: types, description: `the data is refreshed every ${sla.frequency}` })
  if (sla.availability) {
    properties.push({
      property: 'availability',
      value: Number(sla.availability.replace('%', '')),
      unit: '%',
      ...(outputPort.rootFields.length ? { element: outputPort.rootFields.join(',') } : {}),
      driver: 'operational',
      description: `the root fields answer ${sla.availability} of the time`,
    })
  }
  if (sla.retention) properties.push({ property: 'retention', ...duration(sla.retention), element: types, driver: 'regulatory', description: `records are kept for ${sla.retention}` })
  return properties
}

interface Governed {
  readonly coordinate: string
  readonly field: FieldMetadata
}

function rolesOf(product: DataProduct, governedFields: readonly Governed[]): OdcsRole[] {
  const roles: OdcsRole[] = product.termsOfUse.purposes.map((purpose) => ({
    role: `purpose:${purpose}`,
    access: 'read',
    description: `subjects whose token approves the purpose ${purpose}, declaring it in the X-Datamesh-Purpose header`,
    customProperties: [{ property: 'kind', value: 'purpose' }],
  }))
  const authenticated = governedFields.filter(({ field }) => field.requirements.some((requirement) => requirement.directive === 'authenticated'))
  if (authenticated.length) {
    roles.push({
      role: 'authenticated',
      access: 'read',
      description: 'any subject with a verified token; anonymous subjects are denied these fields',
      customProperties: [{ property: 'kind', value: 'authenticated' }, { property: 'coordinates', value: authenticated.map(({ coordinate }) => coordinate) }],
    })
  }
  const scopes = new Map<string, { coordinates: string[]; description: string }>()
  const grant = (scope: string, coordinate: string, description: string) => {
    const entry = scopes.get(scope) ?? { coordinates: [], description }
    if (!entry.coordinates.includes(coordinate)) entry.coordinates.push(coordinate)
    scopes.set(scope, entry)
  }
  for (const { coordinate, field } of governedFields) {
    for (const requirement of field.requirements) {
      if (requirement.directive !== 'requiresScopes') continue
      for (const scope of requirement.anyOf.flat()) grant(scope, coordinate, 'scope that unlocks the fields below (@requiresScopes)')
    }
    // The global pii-protection policy: raw personal data needs `<domain>:pii:read` and a raw-pii purpose.
    if (field.classification === 'pii' && field.domain) {
      grant(`${field.domain}:pii:read`, coordinate, `scope that, with the purpose ${RAW_PII_PURPOSES.join(' or ')}, reads the personal data below unmasked (global.pii-protection)`)
    }
  }
  for (const [scope, { coordinates, description }] of [...scopes].sort(([a], [b]) => a.localeCompare(b))) {
    roles.push({ role: scope, access: 'read', description, customProperties: [{ property: 'kind', value: 'scope' }, { property: 'coordinates', value: coordinates }] })
  }
  return roles
}

/** The ODCS v3.1.0 contract of one data product, as a plain object. */
export function toOdcsContract(product: DataProduct, supergraphSdl: string, options: ContractOptions): OdcsContract {
  const { apiSchema, fields } = governed(supergraphSdl)
  const { keys, resolvers } = supergraphFacts(supergraphSdl)
  const objectType = (name: string) => {
    const type = apiSchema.getType(name)
    if (!isObjectType(type) && !isInterfaceType(type)) throw new ContractError(`${product.source}: output port names ${name}, which is not an object type of the supergraph`)
    return type
  }
  const fieldsOf = (name: string) => Object.keys(objectType(name).getFields())

  const placed = new Map<string, OdcsQuality[]>()
  for (const rule of product.quality) {
    const { type, field } = placementOf(rule, product, fieldsOf)
    const where = field ? `${type}.${field}` : type
    placed.set(where, [...(placed.get(where) ?? []), qualityOf(rule, product)])
  }

  const governedFields: Governed[] = []
  const classifications = new Set<string>()
  const propertyOf = (typeName: string, field: GraphQLField<unknown, unknown>, position: number): OdcsProperty => {
    const coordinate = `${typeName}.${field.name}`
    const metadata = fields.get(coordinate)
    if (metadata) governedFields.push({ coordinate, field: metadata })
    const classification = metadata?.classification ?? 'public'
    classifications.add(classification)
    const { customProperties: typeProperties, ...shape } = typed(field.type)
    const owners = resolvers.get(coordinate) ?? []
    const custom: OdcsCustomProperty[] = [
      ...(typeProperties ?? []),
      // Fields another domain resolves (Customer.orders, from orders) say whose they are.
      ...(owners.length && !owners.includes(product.domain) ? [{ property: 'domain', value: owners.length === 1 ? owners[0] : owners }] : []),
      ...accessProperties(metadata),
      ...(field.args.length ? [{ property: 'arguments', value: argumentsOf(field.args) }] : []),
      ...(field.deprecationReason ? [{ property: 'deprecated', value: field.deprecationReason }] : []),
    ]
    const quality = placed.get(coordinate)
    return {
      name: field.name,
      ...(field.description ? { description: field.description } : {}),
      ...shape,
      ...(position > 0 ? { primaryKey: true, primaryKeyPosition: position } : {}),
      classification,
      ...(metadata?.tags.length ? { tags: metadata.tags } : {}),
      ...(quality ? { quality } : {}),
      ...(custom.length ? { customProperties: custom } : {}),
    }
  }

  const schema: OdcsSchemaObject[] = product.outputPort.types.map((name) => {
    const type = objectType(name)
    const key = keys.get(name) ?? []
    const quality = placed.get(name)
    return {
      name,
      ...(type.description ? { description: type.description } : {}),
      logicalType: 'object',
      physicalType: 'graphql type',
      properties: Object.values(type.getFields()).map((field) => propertyOf(name, field, key.indexOf(field.name) + 1)),
      ...(quality ? { quality } : {}),
    }
  })

  const rootFields = product.outputPort.rootFields.map((coordinate) => {
    const [typeName, fieldName] = coordinate.split('.') as [string, string]
    const field = objectType(typeName).getFields()[fieldName]
    if (!field) throw new ContractError(`${product.source}: output port names root field ${coordinate}, which the supergraph does not have`)
    const metadata = fields.get(coordinate)
    if (metadata) governedFields.push({ coordinate, field: metadata })
    return {
      field: coordinate,
      type: String(field.type),
      ...(field.description ? { description: field.description } : {}),
      ...(field.args.length ? { arguments: argumentsOf(field.args) } : {}),
      ...Object.fromEntries(accessProperties(metadata).map(({ property, value }) => [property, value])),
    }
  })

  const owner = product.owner.contacts.find((contact) => /owner/i.test(contact.role)) ?? product.owner.contacts[0]
  const classified = ['pii', 'confidential', 'internal'].filter((classification) => classifications.has(classification))
  return {
    apiVersion: ODCS_API_VERSION,
    kind: 'DataContract',
    id: product.id,
    name: product.name,
    version: product.version,
    status: product.status,
    domain: product.domain,
    dataProduct: product.name,
    description: {
      purpose: product.description,
      usage: `Read through the GraphQL gateway${product.outputPort.rootFields.length ? ` with ${product.outputPort.rootFields.join(', ')}` : ''}${
        product.termsOfUse.purposes.length ? `, for the purposes ${product.termsOfUse.purposes.join(', ')}` : ''
      }.`,
      limitations: product.termsOfUse.description,
      customProperties: [{ property: 'purposes', value: product.termsOfUse.purposes }],
    },
    tags: [product.domain, ...classified],
    schema,
    team: {
      name: product.owner.team,
      ...(product.owner.description ? { description: product.owner.description } : {}),
      members: product.owner.contacts.map((contact) => ({ username: contact.email, name: contact.name, role: contact.role })),
    },
    roles: rolesOf(product, governedFields),
    support: owner
      ? [{ channel: product.owner.team, tool: 'email', url: `mailto:${owner.email}`, scope: 'issues', description: `${owner.name} (${owner.role})` }]
      : [],
    servers: [{ server: 'gateway', type: 'api', location: options.gatewayUrl, description: 'the DataMesh GraphQL gateway: one governed endpoint for every domain' }],
    slaProperties: slaOf(product),
    customProperties: [
      { property: 'rootFields', value: rootFields },
      { property: 'inputs', value: product.inputs },
      { property: 'lineage', value: product.lineage },
      ...(product.deprecation ? [{ property: 'deprecation', value: product.deprecation }] : []),
      { property: 'descriptor', value: product.source },
    ],
    ...(options.createdAt ? { contractCreatedTs: options.createdAt.toISOString() } : {}),
  }
}

/** The contract as the YAML file `contracts/<product-id>.odcs.yaml` holds. */
export function contractYaml(contract: OdcsContract): string {
  const source = contract.customProperties.find((entry) => entry.property === 'descriptor')?.value
  const header = `# ODCS ${contract.apiVersion} data contract of ${contract.id}, generated from ${String(source)} and the supergraph.\n# Do not edit: run \`npx datamesh contract export --all\`.\n`
  return header + stringify(contract, { lineWidth: 0, aliasDuplicateObjects: false })
}
