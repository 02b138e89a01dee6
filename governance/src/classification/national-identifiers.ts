// National identifiers whose layout or check digits tell them apart from other codes: the
// US Social Security number, the UK National Insurance number, the Spanish DNI and NIE,
// the Polish PESEL, the Italian codice fiscale. Nine bare digits (an SSN without dashes,
// a Dutch BSN) only fit a column that says it holds such numbers.
import { weightedSum } from './check-digits.js'
import { nameRule, type Detector } from './detector.js'

const SSN = /^(\d{3})-(\d{2})-(\d{4})$/
const NINO = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'
const DNI = /^(\d{8})-?([A-Z])$/
const NIE = /^([XYZ])-?(\d{7})-?([A-Z])$/
const PESEL = /^\d{11}$/
const CODICE_FISCALE = /^[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]$/
/** The codice fiscale's values of characters in odd positions, for 0-9 and A-Z alike. */
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

export function isSocialSecurityNumber(value: string): boolean {
  const match = SSN.exec(value)
  if (!match) return false
  const [, area, group, serial] = match as unknown as [string, string, string, string]
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000'
}

function isSpanishId(value: string): boolean {
  const dni = DNI.exec(value)
  if (dni) return DNI_LETTERS[Number(dni[1]) % 23] === dni[2]
  const nie = NIE.exec(value)
  return nie !== null && DNI_LETTERS[Number(`${'XYZ'.indexOf(nie[1] as string)}${nie[2]}`) % 23] === nie[3]
}

function isPesel(value: string): boolean {
  if (!PESEL.test(value)) return false
  const month = Number(value.slice(2, 4)) % 20
  const day = Number(value.slice(4, 6))
  if (month < 1 || month > 12 || day < 1 || day > 31) return false
  return (10 - weightedSum(value, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], 10)) % 10 === Number(value[10])
}

function isCodiceFiscale(value: string): boolean {
  if (!CODICE_FISCALE.test(value)) return false
  let sum = 0
  for (let index = 0; index < 15; index++) {
    const code = value.charCodeAt(index)
    const position = code >= 65 ? code - 65 : code - 48
    sum += index % 2 === 0 ? (CF_ODD[position] as number) : position
  }
  return String.fromCharCode(65 + (sum % 26)) === value[15]
}

export function isNationalIdentifier(value: string): boolean {
  const upper = value.toUpperCase()
  return isSocialSecurityNumber(value) || NINO.test(upper) || isSpanishId(upper) || isPesel(value) || isCodiceFiscale(upper)
}

export const nationalId: Detector = {
  kind: 'national-id',
  classification: 'pii',
  // A pseudonym keeps records of the same person joinable without revealing the number.
  mask: 'hash',
  noun: 'a national identifier',
  name: nameRule(
    [/(^|_)(ssn|social_security(_number|_no)?|nino|national_insurance(_number|_no)?|national_id(entifier)?|bsn|pesel|dni|nie|nif|codice_fiscale|fiscal_code|tax_id|taxpayer_id|tin|personnummer|nir|insee|passport(_number|_no)?|id_card(_number|_no)?)$/, 0.85],
  ),
  values: {
    matches: isNationalIdentifier,
    fits: (value) => isNationalIdentifier(value) || /^\d{9}$/.test(value.replace(/[\s-]/g, '')),
    reliability: 0.9,
    minShare: 0.5,
    saturation: 0.9,
    description: 'are national identifiers (US SSN, UK NINO, Spanish DNI/NIE, Polish PESEL or Italian codice fiscale, check digits valid)',
  },
}
