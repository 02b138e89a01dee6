// One kind of classified data the classifier looks for: what the column's name says and
// what a value looks like. `classify-column.ts` weighs the two into a confidence.
import type { MaskStrategyName } from '../vocabulary.js'
import type { FindingKind, ProposedClassification } from './finding.js'

export interface ValueTest {
  /** A value that is, on its own, good evidence of the kind (an IBAN whose check digits hold). */
  matches(value: string): boolean
  /** A value a column of this kind could hold (digits in a `phone` column); defaults to `matches`. */
  fits?(value: string): boolean
  /** How much a column whose values all match says, without its name: 0.99 for checked IBANs, 0.4 for dates. */
  readonly reliability: number
  /** Below this share of matching values, the values say nothing. */
  readonly minShare: number
  /** From this share on, the values say all they can (names: not every given name is on our list). */
  readonly saturation: number
  /** The values say something only when at least this share fits the kind (names: their shape). */
  readonly minFitShare?: number
  /** Completes "94 of 100 sampled values ...". */
  readonly description: string
}

export interface Detector {
  readonly kind: FindingKind
  readonly classification: ProposedClassification
  readonly mask: MaskStrategyName
  /** Completes `column name "x" names ...`: "an email address". */
  readonly noun: string
  /** How strongly a normalised column name alone says the column holds this kind; 0: it does not. */
  name(normalized: string): number
  /** Absent for a kind told by the name only (a cost looks like any other amount). */
  readonly values?: ValueTest
  /** Values alone never suffice (a date is a birth date only if the column says so). */
  readonly requiresName?: boolean
}

/** A name rule: the strength of the first pattern that matches. */
export function nameRule(...rules: readonly (readonly [RegExp, number])[]): (normalized: string) => number {
  return (normalized) => rules.find(([pattern]) => pattern.test(normalized))?.[1] ?? 0
}
