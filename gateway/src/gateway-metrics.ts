// The gateway's own measurements in Prometheus' text format at GET /metrics: how long
// governance takes to decide each operation, and how long requests take in all.
import { Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client'

export class GatewayMetrics {
  readonly registry = new Registry()
  /** Quantiles over the last ten minutes: the bench reads the p99 from here. */
  readonly policyEvaluation = new Summary({
    name: 'datamesh_policy_evaluation_seconds',
    help: 'Time governance spent deciding one operation for its subject and purpose (cache hits included).',
    percentiles: [0.5, 0.9, 0.99, 0.999],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [this.registry],
  })
  readonly requestDuration = new Histogram({
    name: 'datamesh_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to having its result, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'datamesh_gateway_' })
  }

  async text(): Promise<string> {
    return this.registry.metrics()
  }
}
