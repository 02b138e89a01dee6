// The gateway's own measurements in Prometheus' text format at GET /metrics: how long
// governance takes to decide each operation, how long requests take in all, and which
// supergraph serves (its hash, since when) and how its reloads went.
import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client'

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
  readonly supergraphReloads = new Counter({
    name: 'datamesh_supergraph_reloads_total',
    help: 'Supergraph reloads by result: applied (now serving), unchanged (same text as served), refused (the served one stays).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })
  /** One series, labelled with the served supergraph's hash; its value is when that one was loaded. */
  readonly supergraphLoaded = new Gauge({
    name: 'datamesh_supergraph_loaded_timestamp_seconds',
    help: 'When the supergraph now serving was loaded (Unix time), labelled with its sha256.',
    labelNames: ['hash'] as const,
    registers: [this.registry],
  })

  readonly supergraphGenerations = new Gauge({
    name: 'datamesh_supergraph_generations',
    help: 'Supergraph generations alive: the one serving, and older ones still finishing the requests that started on them.',
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'datamesh_gateway_' })
    // Every result appears from the start, at 0, so a rate over it needs no first event.
    for (const result of ['applied', 'unchanged', 'refused'] as const) this.supergraphReloads.inc({ result }, 0)
  }

  servedSupergraph(hash: string, loadedAt: Date): void {
    this.supergraphLoaded.reset()
    this.supergraphLoaded.set({ hash }, loadedAt.getTime() / 1000)
  }

  async text(): Promise<string> {
    return this.registry.metrics()
  }
}
