// Free text (descriptions, comments, notes) that contains personal data: an email address,
// a phone number in international form, an IBAN, a card number, a national identifier or
// an IP address somewhere in the prose. Names inside prose are not looked for: without
// language analysis, "Call Anna" and "Anna Karenina" read the same.
import { isEmailAddress, isIpAddress, isPhoneNumber } from './contact-details.js'
import { nameRule } from './detector.js'
import type { FindingKind } from './finding.js'
import { isNationalIdentifier } from './national-identifiers.js'
import { isCardNumber, isIban } from './payment-identifiers.js'

type EmbeddedKind = Extract<FindingKind, 'email' | 'phone' | 'iban' | 'card-number' | 'national-id' | 'ip-address'>

const EMBEDDED: readonly (readonly [EmbeddedKind, RegExp, (candidate: string) => boolean])[] = [
  ['email', /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, isEmailAddress],
  ['phone', /\+\d[\d ()-]{6,18}\d/g, isPhoneNumber],
  ['iban', /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, isIban],
  ['card-number', /\b\d(?:[ -]?\d){12,18}\b/g, isCardNumber],
  ['national-id', /\b(?:\d{3}-\d{2}-\d{4}|[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]|\d{8}-?[A-Z]|[XYZ]\d{7}[A-Z]|[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])\b/g, isNationalIdentifier],
  ['ip-address', /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi, isIpAddress],
]

export const NOUNS: Readonly<Record<EmbeddedKind, string>> = {
  email: 'email address',
  phone: 'phone number',
  iban: 'IBAN',
  'card-number': 'card number',
  'national-id': 'national identifier',
  'ip-address': 'IP address',
}

/** The kinds of personal data a text contains. */
export function embeddedPersonalData(text: string): EmbeddedKind[] {
  return EMBEDDED.filter(([, pattern, valid]) => [...text.matchAll(pattern)].some((match) => valid(match[0].trim()))).map(([kind]) => kind)
}

export const namesFreeText = nameRule([/(^|_)(description|desc|comment|comments|note|notes|remark|remarks|message|messages|body|text|bio|about|memo|details|feedback|review|summary|content|instructions|reason)$/, 1])

/** Prose: most values have four words or more. */
export function looksLikeProse(values: readonly string[]): boolean {
  return values.length > 0 && values.filter((value) => value.split(/\s+/).length >= 4).length >= values.length / 2
}
