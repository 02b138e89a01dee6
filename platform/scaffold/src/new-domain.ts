// `datamesh domain new`, as a library: plan a domain from data files (what the mesh
// already has decides the port and which columns refer to other domains' entities), then
// write it as a package shaped like every other domain, plus its docker-compose service.
import { RecordError } from '@datamesh/kit'
import { Kind, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { inferTable, tableName, type Classify } from './infer/infer-table.js'
import { sentence } from './infer/names.js'
import { parseOwner, type DomainPlan } from './plan.js'
import { migration, migrationName, tableTypes } from './write/database-code.js'
import { descriptor } from './write/descriptor.js'
import { withDomainService } from './write/docker-compose.js'
import { withDomainImage } from './write/dockerfile.js'
import { entitiesCode, indexCode, packageJson, policiesCode, TSCONFIG, testCode } from './write/package-code.js'
import { schemaSdl } from './write/schema-sdl.js'

/** What the mesh has before the new domain: its domains' names, ports and schemas. */
export interface ExistingDomain {
  readonly name: string
  readonly port: number
  readonly typeDefs: DocumentNode
}

export interface NewDomainRequest {
  readonly name: string
  readonly files: readonly string[]
  readonly owner: string
  readonly description?: string
  readonly port?: number
  /** `customer_id` → `Customer`, or `none`. */
  readonly references?: Readonly<Record<string, string>>
  readonly classify?: Classify
}

const NAME = /^[a-z][a-z0-9]*$/
/** Ports the mesh keeps for itself: the gateway's. */
const RESERVED_PORTS: ReadonlySet<number> = new Set([4000])

function keyFields(type: ObjectTypeDefinitionNode): string | undefined {
  const key = type.directives?.find((directive) => directive.name.value === 'key')
  const fields = key?.arguments?.find((argument) => argument.name.value === 'fields')?.value
  return fields?.kind === Kind.STRING ? fields.value : undefined
}

/** Entities keyed by `id` that another domain owns (declares with the most fields), by type name. */
export function entitiesOf(domains: readonly ExistingDomain[]): Map<string, string> {
  const best = new Map<string, { domain: string; fields: number }>()
  for (const domain of domains) {
    for (const definition of domain.typeDefs.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || keyFields(definition) !== 'id') continue
      const fields = definition.fields?.length ?? 0
      const current = best.get(definition.name.value)
      if (!current || fields > current.fields) best.set(definition.name.value, { domain: domain.name, fields })
    }
  }
  return new Map([...best].map(([type, { domain }]) => [type, domain]))
}

/** The next port after every domain's. */
export function nextPort(domains: readonly ExistingDomain[]): number {
  let port = Math.max(4000, ...domains.map((domain) => domain.port)) + 1
  while (RESERVED_PORTS.has(port)) port += 1
  return port
}

export async function planDomain(request: NewDomainRequest, existing: readonly ExistingDomain[], root: string): Promise<DomainPlan> {
  if (!NAME.test(request.name)) throw new Error(`"${request.name}" is not a domain name: use lower-case letters and digits, starting with a letter (payments)`)
  if (existing.some((domain) => domain.name === request.name) || existsSync(join(root, 'subgraphs', request.name))) {
    throw new Error(`a domain called ${request.name} exists already (subgraphs/${request.name}); choose another name`)
  }
  if (request.files.length === 0) throw new Error('name at least one data file with --from <file.csv|file.jsonl>')
  const port = request.port ?? nextPort(existing)
  const taken = existing.find((domain) => domain.port === port)
  if (taken || RESERVED_PORTS.has(port)) throw new Error(`port ${port} is taken${taken ? ` by ${taken.name}` : ' by the gateway'}; leave --port out to take the next free one`)
  const owner = parseOwner(request.owner)
  const entities = entitiesOf(existing)
  const tables = []
  const seen = new Set<string>()
  for (const file of request.files) {
    const table = tableName(file)
    if (seen.has(table)) throw new RecordError(file, undefined, undefined, `a second file for table ${table}: one file per table`)
    seen.add(table)
    tables.push(await inferTable(file, { entities, references: request.references ?? {}, ...(request.classify ? { classify: request.classify } : {}) }))
  }
  const types = new Set<string>()
  for (const table of tables) {
    if (entities.has(table.type) || types.has(table.type)) throw new RecordError(table.file, undefined, undefined, `its entity ${table.type} exists already in the ${entities.get(table.type) ?? 'new'} domain: rename the file`)
    types.add(table.type)
  }
  const description = request.description ?? `${sentence(request.name)}: ${tables.map((table) => table.table.replace(/_/g, ' ')).join(', ')}, published by ${owner.name}.`
  return { name: request.name, description, port, owner, tables }
}

/** Every file of the new package, by path relative to the repository root. */
export function domainFiles(plan: DomainPlan, existing: readonly ExistingDomain[], versions: { readonly kysely: string }): Record<string, string> {
  const folder = `subgraphs/${plan.name}`
  return {
    [`${folder}/package.json`]: packageJson(plan, versions),
    [`${folder}/tsconfig.json`]: TSCONFIG,
    [`${folder}/schema.graphql`]: schemaSdl(plan, entitiesOf(existing)),
    [`${folder}/migrations/${migrationName(plan)}.ts`]: migration(plan),
    [`${folder}/src/tables/database.ts`]: tableTypes(plan),
    [`${folder}/src/entities.ts`]: entitiesCode(plan),
    [`${folder}/src/index.ts`]: indexCode(plan),
    [`${folder}/policies.ts`]: policiesCode(plan),
    [`${folder}/products/${plan.name}.yaml`]: descriptor(plan),
    [`${folder}/test/${plan.name}.test.ts`]: testCode(plan),
  }
}

/** Writes the package, adds its service to docker-compose.yml and the Dockerfile; returns what it wrote. */
export function writeDomain(plan: DomainPlan, existing: readonly ExistingDomain[], root: string): string[] {
  const kysely = (JSON.parse(readFileSync(join(root, 'platform/kit/package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.kysely!
  const files = domainFiles(plan, existing, { kysely })
  // Both edits are made before anything is written: a file that cannot take them stops the command.
  const edits: Record<string, string> = {}
  if (existsSync(join(root, 'docker-compose.yml'))) edits['docker-compose.yml'] = withDomainService(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), plan)
  if (existsSync(join(root, 'Dockerfile'))) edits.Dockerfile = withDomainImage(readFileSync(join(root, 'Dockerfile'), 'utf8'), plan)
  for (const [path, text] of Object.entries({ ...files, ...edits })) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return [...Object.keys(files), ...Object.keys(edits)]
}
