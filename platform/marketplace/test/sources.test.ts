// The catalog tells consumers where to query the products: the gateway, wherever the
// environment puts it.
import { describe, expect, it } from 'vitest'
import { meshSources } from '../src/index.js'

describe("the catalog's sources", () => {
  it('point consumers at the gateway on GATEWAY_PORT, localhost:4000 by default', () => {
    expect(meshSources({}).gatewayUrl).toBe('http://localhost:4000/graphql')
    expect(meshSources({ GATEWAY_PORT: '4100' }).gatewayUrl).toBe('http://localhost:4100/graphql')
  })

  it('point consumers at DATAMESH_GATEWAY_URL when that is set', () => {
    expect(meshSources({ GATEWAY_PORT: '4100', DATAMESH_GATEWAY_URL: 'https://data.example.com/graphql' }).gatewayUrl).toBe('https://data.example.com/graphql')
  })
})
