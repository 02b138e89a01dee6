// A new domain's service in docker-compose.yml, shaped like the others (its port, the
// shared server, the gateway secret, a health check), and the gateway pointed at it.
// Edited as a YAML document, so the file's comments and order stay as they are.
import { isMap, parseDocument, type Document, type YAMLMap } from 'yaml'
import type { DomainPlan } from '../plan.js'

/** `["serve", "payments"]`, quoted as the file's other commands are. */
function flow(document: Document, items: readonly string[]) {
  const node = document.createNode(items)
  node.flow = true
  for (const item of node.items) (item as { type?: string }).type = 'QUOTE_DOUBLE'
  return node
}

export function withDomainService(text: string, plan: DomainPlan): string {
  const document = parseDocument(text)
  const services = document.get('services') as YAMLMap
  if (!isMap(services)) throw new Error('docker-compose.yml has no services map')
  if (services.has(plan.name)) throw new Error(`docker-compose.yml already has a service ${plan.name}`)
  const upper = plan.name.toUpperCase()
  const service = document.createNode({
    build: '.',
    command: ['serve', plan.name],
    environment: {
      HOST: '0.0.0.0',
      [`${upper}_PORT`]: plan.port,
      DATABASE_URL: 'postgres://postgres:${POSTGRES_PASSWORD:-datamesh}@postgres:5432/postgres',
      DATAMESH_GATEWAY_SECRET: '${DATAMESH_GATEWAY_SECRET:?set DATAMESH_GATEWAY_SECRET (32+ characters) in .env}',
      LOG_LEVEL: '${LOG_LEVEL:-info}',
    },
    ports: [`${plan.port}:${plan.port}`],
    depends_on: { postgres: { condition: 'service_healthy' } },
    healthcheck: {
      test: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${plan.port}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`],
      interval: '10s',
      timeout: '5s',
      retries: 5,
      start_period: '120s',
    },
    restart: 'unless-stopped',
  }) as YAMLMap
  service.set('command', flow(document, ['serve', plan.name]))
  const check = service.get('healthcheck') as YAMLMap
  check.set('test', flow(document, (check.toJSON() as { test: string[] }).test))
  const ports = document.createNode([`${plan.port}:${plan.port}`])
  for (const item of ports.items) (item as { type?: string }).type = 'QUOTE_DOUBLE'
  service.set('ports', ports)
  // Before the gateway, after the last domain: the order the services start in.
  const gatewayIndex = services.items.findIndex((pair) => String((pair.key as { value?: unknown }).value ?? pair.key) === 'gateway')
  const pair = document.createPair(plan.name, service)
  ;(pair.key as { spaceBefore?: boolean }).spaceBefore = true
  if (gatewayIndex < 0) services.items.push(pair)
  else {
    services.items.splice(gatewayIndex, 0, pair)
    const gateway = services.get('gateway') as YAMLMap
    const environment = gateway.get('environment') as YAMLMap
    const urls = environment.items.filter((item) => String((item.key as { value?: unknown }).value).endsWith('_SUBGRAPH_URL'))
    const last = environment.items.indexOf(urls.at(-1)!)
    environment.items.splice(last + 1, 0, document.createPair(`${upper}_SUBGRAPH_URL`, `http://${plan.name}:${plan.port}/graphql`))
    const dependsOn = gateway.get('depends_on') as YAMLMap
    dependsOn.set(plan.name, document.createNode({ condition: 'service_healthy' }))
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: false })
}
