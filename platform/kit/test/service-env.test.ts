// Every service's address comes from one module: where a service listens, where clients
// reach the gateway, and where the gateway reaches each subgraph.
import { describe, expect, it } from 'vitest'
import { GATEWAY_PORT, gatewayAddress, gatewayUrl, serviceAddress, subgraphUrl } from '../src/config/service-env.js'

const ROUTING_URL = 'http://127.0.0.1:4001/graphql'

describe('the gateway address', () => {
  it('is localhost:4000 for clients and 127.0.0.1:4000 to listen on, in the default environment', () => {
    expect(GATEWAY_PORT).toBe(4000)
    expect(gatewayUrl({})).toBe('http://localhost:4000/graphql')
    expect(gatewayAddress({})).toEqual({ host: '127.0.0.1', port: 4000 })
  })

  it('follows GATEWAY_PORT and HOST', () => {
    expect(gatewayUrl({ GATEWAY_PORT: '4100' })).toBe('http://localhost:4100/graphql')
    expect(gatewayAddress({ GATEWAY_PORT: '4100', HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 4100 })
  })

  it('is DATAMESH_GATEWAY_URL for clients when that is set, whatever the port', () => {
    expect(gatewayUrl({ GATEWAY_PORT: '4100', DATAMESH_GATEWAY_URL: 'https://data.example.com/graphql' })).toBe('https://data.example.com/graphql')
  })

  it('refuses a port that is not one', () => {
    expect(() => gatewayUrl({ GATEWAY_PORT: 'four' })).toThrow('GATEWAY_PORT=four is not a TCP port')
    expect(() => serviceAddress('customers', 4001, { CUSTOMERS_PORT: '70000' })).toThrow('CUSTOMERS_PORT=70000 is not a TCP port')
  })
})

describe('a subgraph URL as the gateway calls it', () => {
  it('is the supergraph routing URL in the default environment', () => {
    expect(subgraphUrl('customers', ROUTING_URL, {})).toBe(ROUTING_URL)
  })

  it('follows <DOMAIN>_PORT on this machine, so a moved service is not confused with another mesh on the default port', () => {
    expect(subgraphUrl('customers', ROUTING_URL, { CUSTOMERS_PORT: '4101' })).toBe('http://127.0.0.1:4101/graphql')
    expect(subgraphUrl('customers', ROUTING_URL, { CATALOG_PORT: '4102' })).toBe(ROUTING_URL)
  })

  it('is <DOMAIN>_SUBGRAPH_URL when that is set, before any port', () => {
    expect(subgraphUrl('customers', ROUTING_URL, { CUSTOMERS_PORT: '4101', CUSTOMERS_SUBGRAPH_URL: 'http://customers:4001/graphql' })).toBe('http://customers:4001/graphql')
  })
})
