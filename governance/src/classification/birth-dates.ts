// Birth dates: a column whose name says so (`birth_date`, `dob`, `date_of_birth`) holding
// dates of the last 125 years. A date alone is not personal data; the name decides.
import { nameRule, type Detector } from './detector.js'

const ISO = /^(\d{4})-(\d{2})-(\d{2})([T ].*)?$/
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/
const SLASHED = /^(\d{4})\/(\d{2})\/(\d{2})$/

/** `1984-06-30` (a Date arrives as its ISO string), `30.06.1984`, `06/30/1984`, `1984/06/30`. */
export function isDateOfBirth(value: string, now: Date = new Date()): boolean {
  const iso = ISO.exec(value) ?? SLASHED.exec(value)
  const dayFirst = iso ? undefined : DAY_FIRST.exec(value)
  const year = Number(iso ? iso[1] : dayFirst?.[3])
  const [first, second] = iso ? [Number(iso[2]), Number(iso[3])] : [Number(dayFirst?.[1]), Number(dayFirst?.[2])]
  if (!Number.isInteger(year) || year < now.getUTCFullYear() - 125 || year > now.getUTCFullYear()) return false
  // Day-first and month-first both occur; either reading must be a calendar day.
  const month = iso ? first : first > 12 ? second : first
  const day = iso ? second : first > 12 ? first : second
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

export const birthDate: Detector = {
  kind: 'birth-date',
  classification: 'pii',
  mask: 'year',
  noun: 'a date of birth',
  requiresName: true,
  name: nameRule([/(^|_)(dob|birth_?date|birthday|date_of_birth|born|born_on|birth|geburtsdatum|fecha_(de_)?nacimiento|date_de_naissance|data_di_nascita|geboortedatum|data_urodzenia)$/, 0.85]),
  values: { matches: (value) => isDateOfBirth(value), reliability: 0.4, minShare: 0.5, saturation: 0.9, description: 'are dates of the last 125 years' },
}
