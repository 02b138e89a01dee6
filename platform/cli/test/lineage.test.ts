import { discoverDomains } from '@datamesh/kit'
import { lineageGraph, loadProducts, neighbourhood } from '@datamesh/products'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, runCliInProcess } from './run-cli.js'

const graph = lineageGraph(loadProducts(discoverDomains().map((found) => found.name)))
const decode = (svg: string) => svg.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

describe('datamesh lineage', () => {
  const out = mkdtempSync(join(tmpdir(), 'datamesh-lineage-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('prints the product lineage of every domain as a Mermaid flowchart', async () => {
    const { code, stdout, stderr } = await runCli(['lineage'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.startsWith('flowchart LR\n')).toBe(true)
    for (const node of graph.products) expect(stdout).toContain(node.id)
    expect(stdout.match(/ -->/g) ?? []).toHaveLength(graph.productEdges.length)
  })

  it('prints Graphviz DOT with --format dot, and field lineage with --fields', async () => {
    const dot = await runCliInProcess(['lineage', '--format', 'dot'])
    expect(dot.code).toBe(0)
    expect(dot.stdout).toMatch(/^digraph lineage \{\n[\s\S]*\}\n$/)
    for (const node of graph.products) expect(dot.stdout).toContain(`"${node.id}"`)
    for (const edge of graph.productEdges) expect(dot.stdout).toContain(`"${edge.from}" -> "${edge.to}"`)

    const fields = await runCliInProcess(['lineage', '--fields', '--format', 'dot'])
    expect(fields.code).toBe(0)
    for (const edge of graph.fieldEdges) expect(fields.stdout).toContain(`"${edge.from}" -> "${edge.to}"`)
  })

  it('writes an SVG file with --format svg --out', async () => {
    const file = join(out, 'lineage.svg')
    const { code, stdout } = await runCliInProcess(['lineage', '--format', 'svg', '--out', file])
    expect(code).toBe(0)
    expect(stdout).toBe(`wrote ${file} (${graph.products.length} products, ${graph.productEdges.length} edges)\n`)
    const svg = readFileSync(file, 'utf8')
    expect(svg).toMatch(/^<\?xml [^>]*\?>\s*<!DOCTYPE svg[\s\S]*<svg [\s\S]*<\/svg>\n$/)
    for (const node of graph.products) expect(decode(svg)).toContain(node.id)
  })

  it('draws only a product’s upstream and downstream when given its id', async () => {
    const focus = graph.productEdges[0]?.to ?? 'orders.orders'
    const around = new Set(neighbourhood(graph, focus).products.map((node) => node.id))
    const { code, stdout } = await runCliInProcess(['lineage', focus])
    expect(code).toBe(0)
    for (const node of graph.products) {
      if (around.has(node.id)) expect(stdout).toContain(node.id)
      else expect(stdout).not.toContain(node.id)
    }
  })

  it.each([
    [['lineage', 'billing.invoices'], /^datamesh lineage: unknown product billing\.invoices; the products are [a-z0-9., -]+ \(datamesh lineage --help\)\n$/],
    [['lineage', '--format', 'png'], /^datamesh lineage: --format must be mermaid, dot or svg, got "png" \(datamesh lineage --help\)\n$/],
    [['lineage', 'orders.orders', 'catalog.products'], /^datamesh lineage: unexpected argument "catalog\.products" \(datamesh lineage --help\)\n$/],
  ])('rejects %j with one clear line and exit code 2', async (args, line) => {
    const { code, stdout, stderr } = await runCliInProcess(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(line)
  })
})
