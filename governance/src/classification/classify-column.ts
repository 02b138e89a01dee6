// The classifier: what a column's name and its sampled values say it holds, weighed into
// findings. Two independent signals, the name (`payer_email`) and the share of values
// that pass a detector's test, combine as 1 - (1 - name)(1 - values); values that
// contradict the name ("email" over values that are no emails) weaken it. Numbers,
// booleans and timestamps are never read as personal data: ids, prices, totals and
// quantities stay unclassified, and only a name that says cost, margin or salary makes an
// amount confidential.
import { maskStrategies } from '../masking/strategies.js'
import { birthDate } from './birth-dates.js'
import { isAboutSomething, normalizeColumnName } from './column-name.js'
import { email, ipAddress, phone } from './contact-details.js'
import type { Detector } from './detector.js'
import { financial } from './financials.js'
import { MIN_CONFIDENCE, type ColumnSample, type Finding } from './finding.js'
import { embeddedPersonalData, looksLikeProse, namesFreeText, NOUNS } from './free-text.js'
import { nationalId } from './national-identifiers.js'
import { cardNumber, iban } from './payment-identifiers.js'
import { personName } from './person-names.js'
import { postalAddress } from './postal-addresses.js'

/** In order of precedence when two are equally sure. */
const DETECTORS: readonly Detector[] = [email, cardNumber, iban, nationalId, phone, ipAddress, birthDate, personName, postalAddress, financial]

/** Only masks that keep something harmless make an example: the hash key is never needed. */
const EXAMPLE_MASKS = maskStrategies('classification-examples')
/** Values alone, with a name that says nothing, need this many matches: one 11-digit id can pass a check. */
const MIN_MATCHES = 3
const AMOUNT = /^[-+]?\d+([.,]\d+)?$/

type Family = 'text' | 'number' | 'boolean' | 'date' | 'other'

function familyOfType(type: string): Family {
  const name = type.toLowerCase().replace(/[![\]\s]+/g, ' ').trim()
  if (/^(int|integer|smallint|bigint|serial|bigserial|smallserial|numeric|decimal|real|double|float|money)/.test(name)) return 'number'
  if (/^bool/.test(name)) return 'boolean'
  if (/^(date|timestamp|time|interval)/.test(name)) return 'date'
  if (/^(json|bytea|uuid|point|array)/.test(name)) return 'other'
  return 'text'
}

interface Profile {
  readonly family: Family
  /** Non-empty text values, Dates as ISO strings. */
  readonly texts: readonly string[]
  readonly present: number
  readonly amounts: number
}

function profile(column: ColumnSample): Profile {
  const texts: string[] = []
  let present = 0
  let numbers = 0
  let booleans = 0
  let amounts = 0
  for (const value of column.values) {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue
    present++
    if (typeof value === 'number' || typeof value === 'bigint') {
      numbers++
      amounts++
    } else if (typeof value === 'boolean') booleans++
    else if (value instanceof Date) {
      if (!Number.isNaN(value.getTime())) texts.push(value.toISOString())
    } else if (typeof value === 'string') {
      const text = value.trim()
      texts.push(text)
      if (AMOUNT.test(text)) amounts++
    }
  }
  const typed = column.type === undefined ? undefined : familyOfType(column.type)
  const family: Family = typed ?? (numbers > present / 2 ? 'number' : booleans > present / 2 ? 'boolean' : 'text')
  return { family, texts: family === 'text' || family === 'date' ? texts : [], present, amounts }
}

function reads(detector: Detector, family: Family): boolean {
  if (detector === financial) return family === 'number' || family === 'text'
  if (detector === birthDate) return family === 'date' || family === 'text'
  return family === 'text'
}

function round(confidence: number): number {
  return Math.round(confidence * 100) / 100
}

function plural(count: number, total: number): string {
  return `${count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} sampled value${total === 1 ? '' : 's'}`
}

function detect(detector: Detector, column: ColumnSample, normalized: string, sample: Profile): Finding | undefined {
  // `total_emails` counts emails; `total_cost` is still a cost.
  let name = isAboutSomething(normalized) && detector.classification === 'pii' ? 0 : detector.name(normalized)
  if (detector.requiresName && name === 0) return undefined
  const evidence: string[] = []
  let values = 0
  const { texts } = sample
  if (detector.values && texts.length > 0) {
    const test = detector.values
    const matched = texts.filter((value) => test.matches(value))
    const fitting = test.fits ? texts.filter((value) => test.fits?.(value)).length : matched.length
    const share = matched.length / texts.length
    const enough = name > 0 || matched.length >= MIN_MATCHES
    if (enough && share >= test.minShare && fitting / texts.length >= (test.minFitShare ?? 0)) values = test.reliability * Math.min(1, share / test.saturation)
    const contradicted = name > 0 && texts.length >= 5 && fitting / texts.length < 0.3
    if (contradicted) name *= 0.4
    if (values > 0) {
      evidence.push(`${plural(matched.length, texts.length)} ${test.description}`)
      const example = matched[0]
      if (example !== undefined && (detector.mask === 'email' || detector.mask === 'last4' || detector.mask === 'year')) {
        evidence.push(`e.g. ${String(EXAMPLE_MASKS[detector.mask].apply(example))} (masked)`)
      }
    } else if (name > 0) {
      evidence.push(`${contradicted ? 'only ' : ''}${plural(fitting, texts.length)} could be ${detector.noun}`)
    }
  } else if (detector === financial && sample.present >= 5 && sample.amounts < sample.present / 2) {
    name *= 0.4
    evidence.push(`only ${plural(sample.amounts, sample.present)} are amounts`)
  }
  if (name > 0) evidence.unshift(`column name "${column.name}" names ${detector.noun}`)
  const confidence = round(1 - (1 - name) * (1 - values))
  if (confidence < MIN_CONFIDENCE) return undefined
  return { classification: detector.classification, kind: detector.kind, mask: detector.mask, confidence, evidence }
}

function detectFreeText(column: ColumnSample, normalized: string, sample: Profile): Finding | undefined {
  const named = namesFreeText(normalized) > 0
  if (sample.family !== 'text' || !(named || looksLikeProse(sample.texts))) return undefined
  const counts = new Map(Object.keys(NOUNS).map((kind) => [kind as keyof typeof NOUNS, 0]))
  let containing = 0
  for (const text of sample.texts) {
    const kinds = embeddedPersonalData(text)
    if (kinds.length) containing++
    for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  if (containing === 0) return undefined
  const found = [...counts]
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${NOUNS[kind]} (${count})`)
    .join(', ')
  return {
    classification: 'pii',
    kind: 'free-text',
    mask: 'redact',
    confidence: round(Math.min(0.95, 0.7 + 0.05 * containing)),
    evidence: [...(named ? [`column name "${column.name}" names free text`] : []), `${plural(containing, sample.texts.length)} contain personal data: ${found}`],
  }
}

/** Every finding on a column, most confident first; none when it holds nothing classified. */
export function classifyColumn(column: ColumnSample): Finding[] {
  const normalized = normalizeColumnName(column.name)
  const sample = profile(column)
  const findings = DETECTORS.filter((detector) => reads(detector, sample.family))
    .map((detector) => detect(detector, column, normalized, sample))
    .concat(detectFreeText(column, normalized, sample))
    .filter((finding): finding is Finding => finding !== undefined)
  // A stable sort keeps the detectors' precedence among equals.
  return findings.sort((a, b) => b.confidence - a.confidence)
}

/** The one finding to propose for a column: the most confident, if any. */
export function proposeClassification(column: ColumnSample): Finding | undefined {
  return classifyColumn(column)[0]
}
