// A data product as its owning domain declares it in `subgraphs/<domain>/products/*.yaml`:
// what it is, who owns it, which part of the graph it publishes (its output port), what
// it promises (SLAs, quality rules, terms of use) and what it is made from (inputs and
// field-level lineage). Classifications are never written here: they come from the SDL.
export const PRODUCT_STATUSES = ['draft', 'active', 'deprecated', 'retired'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

export const QUALITY_METRICS = ['nullValues', 'missingValues', 'duplicateValues', 'rowCount', 'invalidValues', 'freshness'] as const
export type QualityMetric = (typeof QUALITY_METRICS)[number]

export const QUALITY_OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const
export type QualityOperator = (typeof QUALITY_OPERATORS)[number]

export interface Contact {
  readonly name: string
  readonly email: string
  readonly role: string
}

export interface Owner {
  readonly team: string
  readonly description?: string
  readonly contacts: readonly Contact[]
}

export interface OutputPort {
  /** GraphQL types the product publishes. */
  readonly types: readonly string[]
  /** Root fields (`Query.customers`) through which it is read. */
  readonly rootFields: readonly string[]
}

/** Durations are written `250ms`, `24h`, `30d`, `7y`. */
export interface ServiceLevels {
  readonly latency?: { readonly p95: string }
  /** The data is no older than `maxAge`, judged by the newest value of `field` (a DateTime). */
  readonly freshness?: { readonly field: string; readonly maxAge: string }
  /** How often the data is refreshed. */
  readonly frequency?: string
  /** `99.5%` */
  readonly availability?: string
  readonly retention?: string
}

/** What a quality rule's measured value must satisfy: ODCS's comparison operators (one of them). */
export interface QualityThresholds {
  readonly mustBe?: number
  readonly mustNotBe?: number
  readonly mustBeGreaterThan?: number
  readonly mustBeGreaterOrEqualTo?: number
  readonly mustBeLessThan?: number
  readonly mustBeLessOrEqualTo?: number
  readonly mustBeBetween?: readonly [number, number]
  readonly mustNotBeBetween?: readonly [number, number]
}

export interface QualityRule extends QualityThresholds {
  /** Stable within the product: `email-unique`. */
  readonly id: string
  readonly description: string
  /** A library metric, measured with one aggregate query. Absent for `sql` rules. */
  readonly metric?: QualityMetric
  /** For `sql` rules: a query returning one number, run in the domain's own database. */
  readonly query?: string
  readonly table?: string
  readonly column?: string
  /** For `invalidValues`: what a valid value is. */
  readonly arguments?: {
    readonly validValues?: readonly (string | number)[]
    readonly pattern?: string
    readonly minimum?: number
    readonly maximum?: number
  }
  /** For `freshness`: the newest value of `column` is no older than this. */
  readonly maxAge?: string
  readonly unit?: 'rows' | 'percent'
  readonly severity: 'info' | 'warning' | 'error'
  readonly dimension?: 'accuracy' | 'completeness' | 'conformity' | 'consistency' | 'coverage' | 'timeliness' | 'uniqueness'
}

export interface ProductInput {
  /** The upstream product's id. */
  readonly product: string
  /** A semver range the upstream version must satisfy. */
  readonly version?: string
}

export interface DataProduct {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly domain: string
  readonly owner: Owner
  readonly version: string
  readonly status: ProductStatus
  readonly deprecation?: { readonly date: string; readonly replacedBy?: string; readonly reason?: string }
  readonly outputPort: OutputPort
  readonly sla: ServiceLevels
  readonly quality: readonly QualityRule[]
  readonly termsOfUse: { readonly purposes: readonly string[]; readonly description: string }
  readonly inputs: readonly ProductInput[]
  /** Derived field → the upstream fields it is computed from (`Type.field` coordinates). */
  readonly lineage: Readonly<Record<string, readonly string[]>>
  /** Where the descriptor was read from, for messages. */
  readonly source: string
}
