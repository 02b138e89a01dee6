// Email addresses, phone numbers (E.164 and the common national layouts) and IP addresses.
import { isIP } from 'node:net'
import { nameRule, type Detector } from './detector.js'

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value)
}

const PHONE_CHARACTERS = /^[+(]?[\d\s().\-/]+$/
const EXTENSION = /\s*(?:x|ext\.?|extension)\s*\d{1,6}$/i
const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/
const NANP = /^(\+?1[-. ]?)?(\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}$/

/**
 * A phone number in international form (`+31 44 332 4173`, `0049 30 1234567`), or in a
 * national layout with separators: North American `(555) 123-4567`, a trunk prefix
 * `030 1234567`, `06 12 34 56 78`, or groups such as `12-622-40-51`. Bare digit strings
 * are not: an id looks just the same.
 */
export function isPhoneNumber(value: string): boolean {
  const number = value.replace(EXTENSION, '')
  if (!PHONE_CHARACTERS.test(number) || DATE_LIKE.test(number) || isIP(number)) return false
  const digits = number.replace(/\D/g, '')
  if (number.startsWith('+')) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0'
  if (number.startsWith('00')) return /[\s\-.]/.test(number) && digits.length >= 10 && digits.length <= 17
  if (!/[\s\-.()]/.test(number) || digits.length < 9 || digits.length > 12) return false
  const groups = number.split(/[\s\-.()/]+/).filter(Boolean)
  return NANP.test(number) || number.startsWith('(') || number.startsWith('0') || groups.length >= 3
}

/** A phone-shaped value in a column that says it holds phones: digits alone will do. */
function fitsPhone(value: string): boolean {
  const digits = value.replace(EXTENSION, '').replace(/[\s().\-/+]/g, '')
  return isPhoneNumber(value) || (/^\d{7,15}$/.test(digits) && !DATE_LIKE.test(value))
}

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0
}

export const email: Detector = {
  kind: 'email',
  classification: 'pii',
  mask: 'email',
  noun: 'an email address',
  name: nameRule([/(^|_)(e_?mail|email_addr(ess)?|e_mail_address)$/, 0.85], [/(^|_)mail$/, 0.6]),
  values: { matches: isEmailAddress, reliability: 0.99, minShare: 0.5, saturation: 0.9, description: 'are email addresses' },
}

export const phone: Detector = {
  kind: 'phone',
  classification: 'pii',
  mask: 'last4',
  noun: 'a phone number',
  name: nameRule([/(^|_)(phone|telephone|tel|mobile|cell|cellphone|fax|msisdn)(_number|_no|_nr)?$/, 0.85], [/(^|_)contact_number$/, 0.7]),
  values: { matches: isPhoneNumber, fits: fitsPhone, reliability: 0.9, minShare: 0.5, saturation: 0.8, description: 'are phone numbers' },
}

export const ipAddress: Detector = {
  kind: 'ip-address',
  classification: 'pii',
  // A pseudonym still joins sessions and audit records of the same address.
  mask: 'hash',
  noun: 'an IP address',
  name: nameRule([/(^|_)(ip|ipv4|ipv6|ip_addr(ess)?|remote_addr(ess)?|client_ip|source_ip)$/, 0.85]),
  values: { matches: isIpAddress, reliability: 0.95, minShare: 0.5, saturation: 0.9, description: 'are IP addresses' },
}
