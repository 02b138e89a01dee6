// IBANs (ISO 13616: the country's length and the mod-97 check) and payment card numbers
// (the Luhn check, a length and an issuer prefix that card networks use). A sequence of
// integer ids passes Luhn one time in ten and has no country code, so neither test fires
// on ids.
import { luhnValid, mod97 } from './check-digits.js'
import { nameRule, type Detector } from './detector.js'

/** IBAN length per country, from the ISO 13616 registry. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
}

/** `DE89 3704 0044 0532 0130 00` or `DE89370400440532013000`. */
export function isIban(value: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9 ]+$/.test(value)) return false
  const iban = value.replace(/ /g, '')
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1
}

/** Issuer prefixes and the lengths their cards have: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir. */
function plausibleIssuer(digits: string): boolean {
  const length = digits.length
  const two = Number(digits.slice(0, 2))
  const three = Number(digits.slice(0, 3))
  const four = Number(digits.slice(0, 4))
  if (digits[0] === '4') return length === 13 || length === 16 || length === 19
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16
  if (two === 34 || two === 37) return length === 15
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649)) return length >= 16
  if (four >= 3528 && four <= 3589) return length >= 16
  if ((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39) return length >= 14
  if (two === 62 || (four >= 2200 && four <= 2204)) return length >= 16
  if (two === 50 || (two >= 56 && two <= 58) || two === 67) return length >= 13
  return false
}

/** `4111 1111 1111 1111`, `4111-1111-1111-1111` or the digits alone. */
export function isCardNumber(value: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(value)) return false
  const digits = value.replace(/[ -]/g, '')
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false
  return plausibleIssuer(digits) && luhnValid(digits)
}

export const iban: Detector = {
  kind: 'iban',
  classification: 'pii',
  mask: 'last4',
  noun: 'a bank account (IBAN)',
  name: nameRule([/(^|_)iban$/, 0.9], [/(^|_)(bank_account|account_number|account_no)$/, 0.6]),
  values: { matches: isIban, reliability: 0.99, minShare: 0.5, saturation: 0.9, description: 'are IBANs with valid ISO 13616 check digits (mod 97)' },
}

export const cardNumber: Detector = {
  kind: 'card-number',
  classification: 'pii',
  mask: 'last4',
  noun: 'a payment card number',
  name: nameRule([/(^|_)(card_number|card_no|card_num|cc_number|cc_num|credit_card(_number)?|debit_card(_number)?|cardnumber|pan)$/, 0.85]),
  values: { matches: isCardNumber, reliability: 0.97, minShare: 0.5, saturation: 0.9, description: 'are card numbers with a known issuer prefix that pass the Luhn check' },
}
