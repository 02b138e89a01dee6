// What a quality rule expects of its measured value: exactly one ODCS operator (mustBe,
// mustBeBetween, ...), or for a freshness rule its maxAge. Bounds of the between operators
// are inclusive, as in ODCS.
import { parseDuration } from '@datamesh/kit'
import { QUALITY_OPERATORS, type QualityOperator, type QualityRule } from '../descriptor/data-product.js'

export interface Expectation {
  /** `mustBe 0`, `mustBeBetween 1 and 5`, `maxAge 60d`. */
  readonly text: string
  /** Whether a measured value meets it. */
  test(measured: number): boolean
}

/** A rule that cannot be measured as written: reported as its failed result, with this message. */
export class RuleError extends Error {}

function operatorOf(rule: QualityRule): QualityOperator | undefined {
  const given = QUALITY_OPERATORS.filter((operator) => rule[operator] !== undefined)
  if (given.length > 1) throw new RuleError(`the rule has ${given.length} expectations (${given.join(', ')}); give exactly one`)
  return given[0]
}

function between(rule: QualityRule, operator: 'mustBeBetween' | 'mustNotBeBetween'): [number, number] {
  const range = rule[operator]
  if (!Array.isArray(range) || range.length !== 2 || !range.every((bound) => typeof bound === 'number' && Number.isFinite(bound))) {
    throw new RuleError(`${operator} takes two numbers, [low, high]`)
  }
  const [low, high] = range as [number, number]
  if (low > high) throw new RuleError(`${operator} [${low}, ${high}]: the low bound is above the high bound`)
  return [low, high]
}

function single(rule: QualityRule, operator: Exclude<QualityOperator, 'mustBeBetween' | 'mustNotBeBetween'>): number {
  const value = rule[operator]
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RuleError(`${operator} takes a number`)
  return value
}

function operatorExpectation(rule: QualityRule, operator: QualityOperator): Expectation {
  if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
    const [low, high] = between(rule, operator)
    const inside = (value: number) => value >= low && value <= high
    return { text: `${operator} ${low} and ${high}`, test: operator === 'mustBeBetween' ? inside : (value) => !inside(value) }
  }
  const bound = single(rule, operator)
  const test: Record<typeof operator, (value: number) => boolean> = {
    mustBe: (value) => value === bound,
    mustNotBe: (value) => value !== bound,
    mustBeGreaterThan: (value) => value > bound,
    mustBeGreaterOrEqualTo: (value) => value >= bound,
    mustBeLessThan: (value) => value < bound,
    mustBeLessOrEqualTo: (value) => value <= bound,
  }
  return { text: `${operator} ${bound}`, test: test[operator] }
}

/**
 * The rule's expectation. A freshness rule is judged by its maxAge (the measured age in
 * seconds must be at most that) or, without one, by an operator on the age in seconds.
 * Throws a RuleError when the rule has none, several, or a malformed one.
 */
export function expectationOf(rule: QualityRule): Expectation {
  const operator = operatorOf(rule)
  if (rule.metric === 'freshness' && rule.maxAge !== undefined) {
    if (operator) throw new RuleError(`a freshness rule is judged by maxAge or by an operator, not both (maxAge ${rule.maxAge}, ${operator})`)
    let seconds: number
    try {
      seconds = parseDuration(rule.maxAge) / 1000
    } catch (error) {
      throw new RuleError(`maxAge: ${(error as Error).message}`)
    }
    return { text: `maxAge ${rule.maxAge}`, test: (age) => age <= seconds }
  }
  if (rule.maxAge !== undefined) throw new RuleError(`maxAge applies to freshness rules only, not to ${rule.metric ?? 'sql'} rules`)
  if (!operator) {
    throw new RuleError(`the rule has no expectation; give one of ${QUALITY_OPERATORS.join(', ')}${rule.metric === 'freshness' ? ', or maxAge' : ''}`)
  }
  return operatorExpectation(rule, operator)
}

/** The expectation's text without judging the rule: for results of rules that could not be read. */
export function describeExpectation(rule: QualityRule): string {
  try {
    return expectationOf(rule).text
  } catch {
    const given = QUALITY_OPERATORS.filter((operator) => rule[operator] !== undefined).map((operator) => `${operator} ${JSON.stringify(rule[operator])}`)
    if (rule.maxAge !== undefined) given.push(`maxAge ${rule.maxAge}`)
    return given.join(', ') || 'none'
  }
}
