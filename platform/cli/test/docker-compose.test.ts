// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so this
// checks them against the code instead: the domains the CLI discovers, the ports they
// listen on, and the environment variables the services actually read.
import { GATEWAY_PORT, repositoryRoot, SERVICE_VARIABLES, type DomainDefinition } from '@datamesh/kit'
import { GATEWAY_NODE_FLAGS } from '@datamesh/gateway'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { serve } from '../src/commands/serve.js'
import { loadDomains } from '../src/mesh/domains.js'

// --- docker-compose.yml -------------------------------------------------------------

interface PortMapping {
  readonly published: number | undefined
  readonly target: number
}

interface ComposeService {
  readonly image?: string
  readonly build?: string | { context?: string; dockerfile?: string }
  readonly command?: string | string[]
  readonly entrypoint?: string[]
  readonly environment?: Record<string, string | number | boolean | null> | string[]
  readonly ports?: (string | number | { target: number | string; published?: number | string })[]
  readonly depends_on?: string[] | Record<string, { condition?: string }>
  readonly healthcheck?: { test?: string | string[]; disable?: boolean }
  readonly volumes?: (string | { target: string })[]
}

interface ComposeFile {
  readonly services: Record<string, ComposeService>
}

function readCompose(): ComposeFile {
  return parse(readFileSync(join(repositoryRoot, 'docker-compose.yml'), 'utf8')) as ComposeFile
}

/** The environment as name → value, from either the map or the `NAME=value` list form. */
function environmentOf(service: ComposeService): Record<string, string> {
  const { environment } = service
  if (!environment) return {}
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const equals = entry.indexOf('=')
        return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)]
      }),
    )
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value === null ? '' : String(value)]))
}

/** Short syntax (`"4001"`, `"4001:4001"`, `"127.0.0.1:4001:4001/tcp"`) or long syntax. */
function portMappingsOf(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return { target: Number(entry.target), published: entry.published === undefined ? undefined : Number(entry.published) }
    }
    const parts = String(entry).replace(/\/(tcp|udp)$/, '').split(':')
    const target = Number(parts.at(-1))
    return { target, published: parts.length > 1 ? Number(parts.at(-2)) : undefined }
  })
}

function commandOf(service: ComposeService): string[] {
  const { command } = service
  if (command === undefined) return []
  return Array.isArray(command) ? command : command.trim().split(/\s+/)
}

/** The service name a node service's command serves (`serve <name>`), if any. */
function servedBy(service: ComposeService): string | undefined {
  const [verb, name] = commandOf(service)
  return verb === serve.name ? name : undefined
}

function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test
  return Array.isArray(test) ? test.join(' ') : (test ?? '')
}

function dependenciesOf(service: ComposeService): [name: string, condition: string | undefined][] {
  const { depends_on: dependsOn } = service
  if (!dependsOn) return []
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined])
  return Object.entries(dependsOn).map(([name, options]) => [name, options?.condition])
}

function buildContextOf(service: ComposeService): string | undefined {
  return typeof service.build === 'string' ? service.build : service.build?.context
}

// --- Dockerfile ---------------------------------------------------------------------

interface Instruction {
  readonly keyword: string
  readonly args: string
}

/** The Dockerfile's instructions, comments dropped and continuation lines joined. */
function readDockerfile(): Instruction[] {
  const instructions: Instruction[] = []
  let pending = ''
  for (const line of readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8').split('\n')) {
    if (/^\s*#/.test(line)) continue
    const text = pending + line.trim()
    if (text.endsWith('\\')) {
      pending = `${text.slice(0, -1)} `
      continue
    }
    pending = ''
    const match = /^(\w+)\s+(.*)$/.exec(text)
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() })
  }
  return instructions
}

/** The exec-form (JSON array) or shell-form arguments of an instruction. */
function execForm(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/)
}

/** Every port an EXPOSE line covers, ranges (`4000-4004`) expanded. */
function exposedPorts(instructions: readonly Instruction[]): Set<number> {
  const ports = new Set<number>()
  for (const { args } of instructions.filter(({ keyword }) => keyword === 'EXPOSE')) {
    for (const entry of args.split(/\s+/)) {
      const [from, to = from] = entry.replace(/\/(tcp|udp)$/, '').split('-').map(Number) as [number, number?]
      for (let port = from; port <= to; port++) ports.add(port)
    }
  }
  return ports
}

/** The workspace folders of the root package.json that exist and hold a package.json. */
function workspaceFolders(): string[] {
  const { workspaces } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
  return workspaces
    .flatMap((pattern) => {
      if (!pattern.endsWith('/*')) return [pattern]
      const parent = pattern.slice(0, -2)
      if (!existsSync(join(repositoryRoot, parent))) return []
      return readdirSync(join(repositoryRoot, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${parent}/${entry.name}`)
    })
    .filter((folder) => existsSync(join(repositoryRoot, folder, 'package.json')))
}

// --- the checks ---------------------------------------------------------------------

let domains: readonly DomainDefinition[]
let compose: ComposeFile
let services: [name: string, service: ComposeService][]
/** The services running a datamesh command (built from the Dockerfile), by name. */
let nodeServices: [name: string, service: ComposeService][]

function serviceServing(name: string): [string, ComposeService] {
  const found = nodeServices.filter(([, service]) => servedBy(service) === name)
  expect(found.map(([serviceName]) => serviceName), `services whose command is "serve ${name}"`).toHaveLength(1)
  return found[0]!
}

beforeAll(async () => {
  domains = await loadDomains()
  compose = readCompose()
  services = Object.entries(compose.services ?? {})
  nodeServices = services.filter(([, service]) => servedBy(service) !== undefined)
})

describe('docker-compose.yml', () => {
  it('finds the domains to check', () => {
    expect(domains.length).toBeGreaterThan(0)
  })

  it('gives every domain a service on the port the code listens on', () => {
    for (const domain of domains) {
      const [name, service] = serviceServing(domain.name)
      const variable = `${domain.name.toUpperCase()}_PORT`
      expect(environmentOf(service)[variable], `${name}: ${variable}`).toBe(String(domain.port))
      expect(portMappingsOf(service), `${name}: ports`).toContainEqual({ target: domain.port, published: domain.port })
      expect(healthcheckText(service), `${name}: healthcheck`).toContain(`:${domain.port}/health`)
    }
  })

  it('gives the gateway a service on GATEWAY_PORT', () => {
    const [name, service] = serviceServing('gateway')
    expect(environmentOf(service).GATEWAY_PORT, `${name}: GATEWAY_PORT`).toBe(String(GATEWAY_PORT))
    expect(portMappingsOf(service), `${name}: ports`).toContainEqual({ target: GATEWAY_PORT, published: GATEWAY_PORT })
    expect(healthcheckText(service), `${name}: healthcheck`).toMatch(new RegExp(`:${GATEWAY_PORT}/(health|ready)\\b`))
  })

  it('runs the gateway with the Node flags `datamesh start` gives it', () => {
    const [name, service] = serviceServing('gateway')
    expect(service.entrypoint, `${name}: entrypoint`).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'platform/cli/bin/datamesh.js'])
  })

  it('keeps the gateway\'s audit spool on a volume, so a new container ships what a crashed one spooled, and gives it the audit key', () => {
    const [name, service] = serviceServing('gateway')
    const environment = environmentOf(service)
    expect(environment.DATAMESH_AUDIT_KEY, `${name}: DATAMESH_AUDIT_KEY`).toMatch(/^\$\{DATAMESH_AUDIT_KEY:\?/)
    const spool = environment.DATAMESH_AUDIT_SPOOL ?? ''
    const mounted = (service.volumes ?? []).map((volume) => (typeof volume === 'string' ? (volume.split(':')[1] ?? '') : volume.target))
    expect(mounted.some((target) => target !== '' && (spool === target || spool.startsWith(`${target}/`))), `${name}: a volume holding ${spool || 'DATAMESH_AUDIT_SPOOL'}`).toBe(true)
  })

  it('points the gateway at every domain by its service name and port', () => {
    const [, gateway] = serviceServing('gateway')
    const environment = environmentOf(gateway)
    for (const domain of domains) {
      const [name] = serviceServing(domain.name)
      const variable = `${domain.name.toUpperCase()}_SUBGRAPH_URL`
      expect(environment[variable], variable).toBe(`http://${name}:${domain.port}/graphql`)
    }
  })

  it('sets only environment variables the code reads', () => {
    const read = new Set<string>([
      ...SERVICE_VARIABLES.shared,
      ...SERVICE_VARIABLES.perDomain('gateway'),
      ...domains.flatMap((domain) => SERVICE_VARIABLES.perDomain(domain.name)),
    ])
    for (const [name, service] of nodeServices) {
      const unread = Object.keys(environmentOf(service)).filter((variable) => !read.has(variable))
      expect(unread, `${name}: variables no code reads`).toEqual([])
    }
  })

  it('makes every service listen on all interfaces of its container', () => {
    for (const [name, service] of nodeServices) {
      expect(environmentOf(service).HOST, `${name}: HOST`).toBe('0.0.0.0')
    }
  })

  it('gives every domain a PostgreSQL server from the compose file', () => {
    const postgres = services.filter(([, service]) => service.image?.startsWith('postgres'))
    expect(postgres.map(([name]) => name), 'postgres services').toHaveLength(1)
    const [postgresName] = postgres[0]!
    for (const domain of domains) {
      const [name, service] = serviceServing(domain.name)
      const environment = environmentOf(service)
      const url = environment[`${domain.name.toUpperCase()}_DATABASE_URL`] ?? environment.DATABASE_URL
      expect(url, `${name}: DATABASE_URL`).toBeDefined()
      expect(url!, `${name}: DATABASE_URL`).toMatch(new RegExp(`^postgres(ql)?://[^/]*@${postgresName}(:\\d+)?/`))
      expect(dependenciesOf(service).map(([dependency]) => dependency), `${name}: depends_on`).toContain(postgresName)
    }
  })

  it('builds every datamesh service from the Dockerfile', () => {
    expect(nodeServices.map(([name]) => name).sort()).toEqual(
      [...domains.map((domain) => serviceServing(domain.name)[0]), serviceServing('gateway')[0]].sort(),
    )
    for (const [name, service] of nodeServices) {
      expect(buildContextOf(service), `${name}: build`).toBe('.')
    }
    for (const [name, service] of services) {
      if (service.build !== undefined) expect(servedBy(service), `${name}: command`).toBeDefined()
      else expect(service.image, `${name}: image`).toBeDefined()
    }
  })

  it('starts every service after the services it depends on are healthy', () => {
    const byName = new Map(services)
    for (const [name, service] of services) {
      for (const [dependency, condition] of dependenciesOf(service)) {
        expect(byName.has(dependency), `${name} depends on ${dependency}, which is not a service`).toBe(true)
        const healthcheck = byName.get(dependency)!.healthcheck
        expect(healthcheck?.test && !healthcheck.disable, `${name} depends on ${dependency}, which has no healthcheck`).toBeTruthy()
        expect(condition, `${name}: depends_on ${dependency}`).toBe('service_healthy')
      }
    }
  })

  it('checks the health of the database and of every datamesh service', () => {
    const postgres = services.find(([, service]) => service.image?.startsWith('postgres'))
    expect(postgres, 'a postgres service').toBeDefined()
    expect(healthcheckText(postgres![1]), 'postgres healthcheck').toContain('pg_isready')
    for (const [name, service] of nodeServices) {
      // The slim image has no curl: the check must run on node itself.
      expect(commandOf({ command: service.healthcheck?.test ?? [] }).slice(0, 2), `${name}: healthcheck`).toEqual(['CMD', 'node'])
    }
  })
})

describe('Dockerfile', () => {
  let instructions: Instruction[]

  beforeAll(() => {
    instructions = readDockerfile()
  })

  it('runs the datamesh command, taking the service from the container command', () => {
    const entrypoints = instructions.filter(({ keyword }) => keyword === 'ENTRYPOINT')
    expect(entrypoints.length).toBeGreaterThan(0)
    const entrypoint = execForm(entrypoints.at(-1)!.args)
    expect(entrypoint).toEqual(['node', 'platform/cli/bin/datamesh.js'])
    expect(existsSync(join(repositoryRoot, entrypoint[1]!))).toBe(true)
  })

  it('installs dependencies from package-lock.json with npm ci', () => {
    const runs = instructions.filter(({ keyword }) => keyword === 'RUN').map(({ args }) => args)
    expect(runs.some((command) => /\bnpm ci\b/.test(command))).toBe(true)
  })

  it('copies every workspace manifest before installing, so npm ci sees the whole lockfile', () => {
    const install = instructions.findIndex(({ keyword, args }) => keyword === 'RUN' && /\bnpm ci\b/.test(args))
    const copied = instructions
      .slice(0, install)
      .filter(({ keyword }) => keyword === 'COPY')
      .flatMap(({ args }) => execForm(args).filter((word) => !word.startsWith('--')).slice(0, -1))
    for (const file of ['package.json', 'package-lock.json', ...workspaceFolders().map((folder) => `${folder}/package.json`)]) {
      expect(copied, `${file} copied before npm ci`).toContain(file)
    }
  })

  it('exposes the port of every service', () => {
    const exposed = exposedPorts(instructions)
    for (const port of [GATEWAY_PORT, ...domains.map((domain) => domain.port)]) expect(exposed.has(port), `port ${port}`).toBe(true)
  })

  it('runs as the non-root node user in production mode on all interfaces', () => {
    const last = (keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1)?.args
    expect(last('USER')).toBe('node')
    const environment = instructions.filter(({ keyword }) => keyword === 'ENV').map(({ args }) => args).join(' ')
    expect(environment).toMatch(/\bNODE_ENV=production\b/)
    expect(environment).toMatch(/\bHOST=0\.0\.0\.0(\s|$)/)
  })

  it('keeps installed dependencies and local data out of the build context', () => {
    const ignored = readFileSync(join(repositoryRoot, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim())
    for (const pattern of ['node_modules', '**/node_modules', '.data', '.git']) expect(ignored, '.dockerignore').toContain(pattern)
  })
})
