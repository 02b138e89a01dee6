// A data product as the catalog serves it: the descriptor, the schema's view of its
// fields, and what has been measured about it.
import { parseDuration } from '@datamesh/kit'
import { expectationOf, RuleError, type DataProduct, type QualityRule } from '@datamesh/products'
import type { Context } from '../context.js'

export type ProductNode = DataProduct & { readonly relevance?: number }

function expectationText(rule: QualityRule): string {
  try {
    return expectationOf(rule).text
  } catch (error) {
    if (error instanceof RuleError) return `invalid: ${error.message}`
    throw error
  }
}

export const DataProductResolvers = {
  status: (product: ProductNode) => product.status.toUpperCase(),
  domain: (product: ProductNode, _: unknown, { loaders }: Context) => loaders.catalog().domains.find((domain) => domain.name === product.domain) ?? { name: product.domain, description: '' },
  owner: (product: ProductNode) => ({ name: product.owner.team, description: product.owner.description ?? null, contacts: product.owner.contacts }),
  deprecation: (product: ProductNode) => product.deprecation ?? null,
  outputPort: (product: ProductNode, _: unknown, { loaders }: Context) => ({ ...product.outputPort, url: loaders.catalog().gatewayUrl }),
  fields: (product: ProductNode, _: unknown, { loaders }: Context) => loaders.catalog().fields(product),
  termsOfUse: (product: ProductNode) => product.termsOfUse,
  inputs: (product: ProductNode, _: unknown, { loaders }: Context) =>
    product.inputs.flatMap((input) => loaders.catalog().product(input.product) ?? []),
  contract: (product: ProductNode) => ({
    standard: 'Open Data Contract Standard v3.1.0',
    path: `contracts/${product.id}.odcs.yaml`,
    command: `npx datamesh contract export ${product.id}`,
  }),
  relevance: (product: ProductNode) => product.relevance ?? null,

  async sla(product: ProductNode, _: unknown, { loaders }: Context) {
    const { latency, freshness } = product.sla
    let latencyLevel = null
    if (latency) {
      const measured = (await Promise.all(product.outputPort.rootFields.map((field) => loaders.latencyByRootField.load(field)))).flat()
      const samples = measured.reduce((sum, row) => sum + row.samples, 0)
      const measuredMs = samples ? Math.max(...measured.map((row) => row.p95Ms)) : null
      const targetMs = parseDuration(latency.p95)
      latencyLevel = { target: latency.p95, targetMs, measuredMs, samples, met: measuredMs === null ? null : measuredMs <= targetMs }
    }
    let freshnessLevel = null
    if (freshness) {
      const rule = product.quality.find((candidate) => candidate.metric === 'freshness')
      const result = rule && (await loaders.qualityByProduct.load(product.id)).find((row) => row.ruleId === rule.id)
      if (!result || result.measured === null) {
        freshnessLevel = { target: freshness.maxAge, field: freshness.field, newestAt: null, ageSeconds: null, met: null }
      } else {
        const ageSeconds = result.measured + (Date.now() - result.finishedAt.getTime()) / 1000
        freshnessLevel = {
          target: freshness.maxAge,
          field: freshness.field,
          newestAt: new Date(result.finishedAt.getTime() - result.measured * 1000),
          ageSeconds,
          met: ageSeconds * 1000 <= parseDuration(freshness.maxAge),
        }
      }
    }
    const [lastLoad] = await loaders.loadsByProduct.load(product.id)
    return {
      latency: latencyLevel,
      freshness: freshnessLevel,
      frequency: product.sla.frequency ?? null,
      availability: product.sla.availability ?? null,
      retention: product.sla.retention ?? null,
      lastLoadedAt: lastLoad?.finishedAt ?? null,
    }
  },

  async quality(product: ProductNode, _: unknown, { loaders }: Context) {
    const results = await loaders.qualityByProduct.load(product.id)
    const rules = product.quality.map((rule) => {
      const result = results.find((row) => row.ruleId === rule.id)
      return {
        id: rule.id,
        description: rule.description,
        metric: rule.metric ?? 'sql',
        severity: rule.severity,
        expectation: expectationText(rule),
        lastResult: result ? { measured: result.measured, passed: result.passed, error: result.error, finishedAt: result.finishedAt } : null,
      }
    })
    const errors = rules.filter((rule) => rule.severity === 'error')
    return {
      passing: results.length === 0 ? null : errors.every((rule) => rule.lastResult?.passed === true),
      lastRunAt: results.length ? new Date(Math.max(...results.map((row) => row.finishedAt.getTime()))) : null,
      rules,
    }
  },

  async consumers(product: ProductNode, _: unknown, { loaders }: Context) {
    const catalog = loaders.catalog()
    return {
      dataProducts: catalog.products.filter((candidate) => candidate.inputs.some((input) => input.product === product.id)),
      subjects: await loaders.consumersByProduct.load(product.id),
    }
  },

  async lineage(product: ProductNode, _: unknown, { loaders }: Context) {
    const catalog = loaders.catalog()
    const sources = await loaders.sourcesByProduct.load(product.id)
    return {
      upstream: catalog.upstream(product.id),
      downstream: catalog.downstream(product.id),
      fields: Object.keys(product.lineage).map((field) => ({ field, upstream: catalog.fieldUpstream(field), downstream: catalog.fieldDownstream(field) })),
      sources: sources.map((source) => ({ name: source.sourceFile, table: source.table, sha256: source.sha256, lastLoadedAt: source.lastLoadedAt })),
    }
  },

  async loads(product: ProductNode, _: unknown, { loaders }: Context) {
    return (await loaders.loadsByProduct.load(product.id)).map((load) => ({ ...load, file: load.sourceFile, mode: load.mode.toUpperCase() }))
  },
}
