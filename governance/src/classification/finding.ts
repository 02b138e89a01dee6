// What the classifier proposes for one column: a classification with the mask that fits
// it, how sure it is and why. Evidence is written for a reviewer and never repeats the
// personal data it found: counts, the column's name, at most an example already masked.
import type { MaskStrategyName } from '../vocabulary.js'

/** What a column holds, as far as classification is concerned. */
export const FINDING_KINDS = [
  'email',
  'phone',
  'person-name',
  'birth-date',
  'postal-address',
  'iban',
  'card-number',
  'national-id',
  'ip-address',
  'free-text',
  'financial',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

/** The classifications the classifier proposes: the two that demand an access rule. */
export type ProposedClassification = 'pii' | 'confidential'

export interface Finding {
  readonly classification: ProposedClassification
  readonly kind: FindingKind
  readonly mask: MaskStrategyName
  /** In [0, 1], two decimals: 0.5 is the least the classifier reports. */
  readonly confidence: number
  readonly evidence: readonly string[]
}

/**
 * A column to classify: its name (snake_case, camelCase or as a CSV header has it), sampled
 * raw values (strings from CSV; numbers, booleans, Dates from JSON Lines or a database;
 * null and empty strings count as missing) and, when known, its type (a SQL type such as
 * `numeric(12, 2)` or `timestamptz`, or a GraphQL scalar such as `Float`).
 */
export interface ColumnSample {
  readonly name: string
  readonly values: readonly unknown[]
  readonly type?: string
}

/** Findings below this confidence are not reported. */
export const MIN_CONFIDENCE = 0.5
