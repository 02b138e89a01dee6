// Small in-memory data products for the lineage tests, and a well-formedness check for SVG.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { discoverDomains } from '@datamesh/kit'
import type { DataProduct, ProductStatus } from '../src/index.js'

export interface ProductSketch {
  readonly name?: string
  readonly status?: ProductStatus
  readonly version?: string
  readonly types?: readonly string[]
  readonly inputs?: readonly (string | { product: string; version: string })[]
  readonly lineage?: Readonly<Record<string, readonly string[]>>
}

/** A descriptor with only what lineage reads filled in; the domain is the id's prefix. */
export function product(id: string, sketch: ProductSketch = {}): DataProduct {
  const domain = id.split('.')[0] as string
  return {
    id,
    name: sketch.name ?? id,
    description: `${id} for tests`,
    domain,
    owner: { team: 'Tests', contacts: [{ name: 'Test', email: 'test@example.com', role: 'owner' }] },
    version: sketch.version ?? '1.0.0',
    status: sketch.status ?? 'active',
    outputPort: { types: sketch.types ?? [], rootFields: [] },
    sla: {},
    quality: [],
    termsOfUse: { purposes: [], description: '' },
    inputs: (sketch.inputs ?? []).map((input) => (typeof input === 'string' ? { product: input } : input)),
    lineage: sketch.lineage ?? {},
    source: `subgraphs/${domain}/products/test.yaml`,
  }
}

/** The domains that have descriptors in this repository, whatever their number. */
export function domainsWithProducts(): string[] {
  return discoverDomains()
    .filter((found) => existsSync(join(found.folder, 'products')))
    .map((found) => found.name)
}

/**
 * Whether `text` is one well-formed XML document whose root element is `<svg>`: every tag
 * closed in order, nothing but the prolog (declaration, doctype, comments) before the root
 * and nothing but whitespace and comments after it.
 */
export function isSvgDocument(text: string): boolean {
  const body = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^\s*<\?xml[^?]*\?>/, '')
    .replace(/^\s*<!DOCTYPE[^>]*>/, '')
    .trim()
  if (!body.startsWith('<svg') || !body.endsWith('</svg>')) return false
  if (/&(?![A-Za-z]+;|#\d+;|#x[0-9A-Fa-f]+;)/.test(body)) return false
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|>/g
  let rootClosed = false
  let match: RegExpExecArray | null
  while ((match = tag.exec(body))) {
    if (match[2] === undefined) {
      // A lone < or > outside a well-formed tag; > is allowed in text, < never is.
      if (match[0] === '<') return false
      continue
    }
    if (rootClosed) return false
    const [, closing, name, , selfClosing] = match
    if (closing) {
      if (stack.pop() !== name) return false
      if (stack.length === 0) rootClosed = true
    } else if (!selfClosing) {
      stack.push(name as string)
    } else if (stack.length === 0) {
      rootClosed = true
    }
  }
  return rootClosed && stack.length === 0
}

/** The SVG with XML character references decoded (Graphviz writes `-` as `&#45;`), to search for names. */
export function svgText(svg: string): string {
  const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return svg.replace(/&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);/g, (whole, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? whole),
  )
}
