// Reads the data product descriptors of every domain: `<domain package>/products/*.yaml`,
// each checked against the descriptor schema before anything else looks at it.
import { discoverDomains, repositoryRoot } from '@datamesh/kit'
import ajv, { type ErrorObject } from 'ajv'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import type { DataProduct } from './data-product.js'
import { DESCRIPTOR_SCHEMA } from './descriptor-schema.js'

export class DescriptorError extends Error {}

// ajv is CommonJS: its class is the default export's `default`.
const validate = new ajv.default({ allErrors: true, strict: false }).compile(DESCRIPTOR_SCHEMA)

function describe(errors: readonly ErrorObject[]): string {
  return errors
    .filter((error) => error.keyword !== 'oneOf' || errors.length === 1)
    .map((error) => {
      const where = error.instancePath || '(top level)'
      if (error.keyword === 'additionalProperties') return `${where}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`
      if (error.keyword === 'enum') return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
      return `${where}: ${error.message}`
    })
    .join('; ')
}

/** Parses and checks one descriptor file; throws a DescriptorError naming the file and the problem. */
export function readProductFile(path: string, root: string = repositoryRoot): DataProduct {
  return parseProduct(readFileSync(path, 'utf8'), relative(root, path))
}

/** Parses and checks a descriptor's text (`source` says where it is from: a path, or `<ref>:<path>`). */
export function parseProduct(text: string, source: string): DataProduct {
  let document: unknown
  try {
    document = parse(text)
  } catch (error) {
    throw new DescriptorError(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  if (!validate(document)) throw new DescriptorError(`${source}: ${describe(validate.errors ?? [])}`)
  const raw = document as Omit<DataProduct, 'source' | 'inputs' | 'lineage'> & Partial<Pick<DataProduct, 'inputs' | 'lineage'>>
  return Object.freeze({ ...raw, inputs: raw.inputs ?? [], lineage: raw.lineage ?? {}, source })
}

/** Every descriptor of the given domains, in domain then file order. */
export function loadProducts(domains: readonly string[], root: string = repositoryRoot): DataProduct[] {
  const products: DataProduct[] = []
  const packages = new Map(discoverDomains(root).map((found) => [found.name, found.folder]))
  for (const domain of domains) {
    const home = packages.get(domain)
    if (home === undefined) continue
    const folder = join(home, 'products')
    if (!existsSync(folder)) continue
    for (const file of readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort()) {
      products.push(readProductFile(join(folder, file), root))
    }
  }
  return products
}
