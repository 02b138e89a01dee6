// Which generation serves, and the swap to the next. A request takes the current
// generation once (`use`) and keeps it to its answer; a reload builds and checks the next
// generation beside the serving one and swaps it in with one assignment, so a request sees
// either the old supergraph or the new one, whole. The old generation stops once its last
// request has answered. A refused supergraph changes nothing but a counter and a log line.
import type { Policy } from '@datamesh/governance'
import type { GatewayMetrics } from './gateway-metrics.js'
import { buildGeneration, SupergraphRefused, supergraphHash, type GenerationSettings, type SupergraphCheck, type SupergraphGeneration } from './supergraph-generation.js'

/** Where a generation's inputs come from; both are read again on every reload. */
export interface GenerationSources {
  readonly readSupergraph: () => Promise<string>
  readonly loadPolicies: () => Promise<readonly Policy[]>
}

export type ReloadOutcome =
  | { readonly result: 'applied'; readonly hash: string; readonly previous: string; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly result: 'unchanged'; readonly hash: string }
  | { readonly result: 'refused'; readonly hash: string | undefined; readonly check: SupergraphCheck; readonly reason: string }

interface Lease {
  users: number
  retired: boolean
  readonly stopped: Promise<void>
  readonly release: () => void
}

export class GenerationSwitch {
  #current: SupergraphGeneration
  readonly #leases = new Map<SupergraphGeneration, Lease>()
  /** Reloads run one after the other, each reading its inputs when its turn comes. */
  #reloading: Promise<unknown> = Promise.resolve()
  #closed = false

  private constructor(
    first: SupergraphGeneration,
    readonly sources: GenerationSources,
    readonly settings: GenerationSettings,
    readonly metrics: GatewayMetrics,
  ) {
    this.#current = first
    this.#lease(first)
    metrics.servedSupergraph(first.hash, first.loadedAt)
  }

  /** The first generation; a supergraph that does not load makes the start fail with its reason (lint problems are logged). */
  static async start(sources: GenerationSources, settings: GenerationSettings, metrics: GatewayMetrics): Promise<GenerationSwitch> {
    const first = await buildGeneration(await sources.readSupergraph(), await sources.loadPolicies(), settings, 'warn')
    return new GenerationSwitch(first, sources, settings, metrics)
  }

  get current(): SupergraphGeneration {
    return this.#current
  }

  /** Runs `work` on the current generation, which stays up until `work` settles. */
  async use<T>(work: (generation: SupergraphGeneration) => Promise<T>): Promise<T> {
    const generation = this.#current
    const lease = this.#leases.get(generation)!
    lease.users++
    try {
      return await work(generation)
    } finally {
      lease.users--
      if (lease.retired && lease.users === 0) lease.release()
    }
  }

  /** Reads the supergraph (or takes `supergraphSdl`) and the policies again, and serves them if they pass. */
  reload(supergraphSdl?: string): Promise<ReloadOutcome> {
    const next = this.#reloading.then(() => this.#reload(supergraphSdl))
    this.#reloading = next.catch(() => undefined)
    return next
  }

  async #reload(given: string | undefined): Promise<ReloadOutcome> {
    const { logger } = this.settings
    if (this.#closed) return this.#refused(undefined, new SupergraphRefused('gateway', 'the gateway is stopping'))
    let supergraphSdl: string
    try {
      supergraphSdl = given ?? (await this.sources.readSupergraph())
    } catch (error) {
      return this.#refused(undefined, new SupergraphRefused('supergraph', `it could not be read: ${(error as Error).message}`))
    }
    const hash = supergraphHash(supergraphSdl)
    const previous = this.#current
    if (hash === previous.hash) {
      this.metrics.supergraphReloads.inc({ result: 'unchanged' })
      logger.debug({ hash }, 'supergraph unchanged')
      return { result: 'unchanged', hash }
    }
    let next: SupergraphGeneration
    try {
      let policies: readonly Policy[]
      try {
        policies = await this.sources.loadPolicies()
      } catch (error) {
        throw new SupergraphRefused('policies', `the domain policies could not be loaded: ${(error as Error).message.split('\n')[0]}`)
      }
      next = await buildGeneration(supergraphSdl, policies, this.settings)
    } catch (error) {
      // Whatever went wrong, the served generation stays: a reload never takes the gateway down.
      return this.#refused(hash, error instanceof SupergraphRefused ? error : new SupergraphRefused('gateway', (error as Error).message))
    }
    if (this.#closed) {
      await next.stop()
      return this.#refused(hash, new SupergraphRefused('gateway', 'the gateway is stopping'))
    }
    this.#lease(next)
    this.#current = next
    this.#retire(previous)
    this.metrics.supergraphReloads.inc({ result: 'applied' })
    this.metrics.servedSupergraph(next.hash, next.loadedAt)
    const before = new Set(previous.subgraphs.map(({ name }) => name))
    const after = new Set(next.subgraphs.map(({ name }) => name))
    const added = [...after].filter((name) => !before.has(name))
    const removed = [...before].filter((name) => !after.has(name))
    const change = [...added.map((name) => `+${name}`), ...removed.map((name) => `-${name}`)].join(' ') || 'same subgraphs'
    logger.info({ hash, previous: previous.hash, added, removed }, `supergraph reloaded (${hash.slice(0, 12)}): ${change}`)
    return { result: 'applied', hash, previous: previous.hash, added, removed }
  }

  #refused(hash: string | undefined, refusal: SupergraphRefused): ReloadOutcome {
    this.metrics.supergraphReloads.inc({ result: 'refused' })
    this.settings.logger.error({ hash, check: refusal.check }, `${refusal.message}; still serving ${this.#current.hash.slice(0, 12)}`)
    return { result: 'refused', hash, check: refusal.check, reason: refusal.message }
  }

  #lease(generation: SupergraphGeneration): void {
    let release!: () => void
    const drained = new Promise<void>((resolve) => (release = resolve))
    const stopped = drained.then(() =>
      generation.stop().catch((error: unknown) => this.settings.logger.warn({ hash: generation.hash, err: error }, 'a retired supergraph generation did not stop cleanly')),
    )
    this.#leases.set(generation, {
      users: 0,
      retired: false,
      stopped: stopped.finally(() => {
        this.#leases.delete(generation)
        this.metrics.supergraphGenerations.set(this.#leases.size)
      }),
      release,
    })
    this.metrics.supergraphGenerations.set(this.#leases.size)
  }

  #retire(generation: SupergraphGeneration): void {
    const lease = this.#leases.get(generation)!
    lease.retired = true
    if (lease.users === 0) lease.release()
  }

  /** Refuses further reloads, waits for the one under way, and stops every generation once its requests are done. */
  async stop(): Promise<void> {
    this.#closed = true
    await this.#reloading
    this.#retire(this.#current)
    await Promise.all([...this.#leases.values()].map((lease) => lease.stopped))
  }
}
