import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyColumn, FINDING_KINDS, MASK_STRATEGIES, proposeClassification, type ColumnSample, type Finding } from '../src/index.js'

function proposal(column: ColumnSample): Pick<Finding, 'classification' | 'kind' | 'mask'> | undefined {
  const finding = proposeClassification(column)
  return finding && { classification: finding.classification, kind: finding.kind, mask: finding.mask }
}

/** No evidence may repeat a sampled value: it is read by people who may not see the data. */
function expectNoRawValues(findings: readonly Finding[], values: readonly unknown[]): void {
  const evidence = findings.flatMap((finding) => finding.evidence).join('\n')
  for (const value of values) if (typeof value === 'string' && value.length >= 5) expect(evidence).not.toContain(value)
}

const EMAILS = ['jane.doe@example.com', 'o.brien@mail.example.co.uk', 'k+news@example.org', 'finn.degroot.1@example.net', 'a_b@example.io']
const PEOPLE = ['Finn de Groot', 'Anna Kowalska', 'Dr. Karlee Ondricka', 'Robert Krieger', 'Julia Fischer', 'Lucas Martin', 'Marco Rossi', 'Emma van Dijk', 'Cecyliusz Dobosz', 'Oliver Smith']
const PRODUCTS = ['Ergonomic Steel Chair', 'Fantastic Bike Helmet', 'Soft Sports Watch', 'Handcrafted Watering Can', 'Luxurious Desk Chair', 'Rustic Frying Pan', 'Sleek Laptop', 'Refined Soundbar', 'Modern Floor Lamp', 'Tasty Kettle']
const COMPANIES = ['Russel - Ritchie', 'Schmitt LLC', 'Hackett, Hettinger and Kutch', 'Von - Altenwerth', 'Daniel Group', 'Kuhn GmbH', 'Marvin Inc', 'Thomas and Sons', 'Weber AG', 'Moreau SA']
const STREETS = ['31085 Nikki Drives', 'Maudgracht 570b', 'Prinsenstraat 184 I', '9594 Roberts Grove', 'Via Iona 72', 'Hans-Schlehahn-Str. 13b', 'al. Dąbek 1/4', '21 Impasse de Vaugirard', 'Senda María Cristina, 61', '3 Vicarage Lane']
const UNITS = ['Suite 451', 'Apt. 118', 'm. 213', '9 OG', '3 hoog achter', 'Piano 8', 'Puerta 179', '9 étage']
const IBANS = ['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300', 'FR1420041010050500013M02606', 'ES9121000418450200051332', 'PL61109010140000071219812874']
const CARDS = ['4111111111111111', '5555 5555 5555 4444', '3782-822463-10005', '6011111111111117', '4012 8888 8888 1881', '3530111333300000', '30569309025904', '2223003122003222']
const NATIONAL_IDS = ['123-45-6789', 'AB123456C', '12345678Z', 'X1234567L', '44051401359', 'RSSMRA85T10A562S']

describe('classifyColumn', () => {
  it('proposes pii with the email mask for a column of email addresses, saying why without repeating them', () => {
    const findings = classifyColumn({ name: 'payer_email', values: EMAILS })
    expect(findings[0]).toMatchObject({ classification: 'pii', kind: 'email', mask: 'email' })
    expect(findings[0]?.confidence).toBeGreaterThanOrEqual(0.95)
    expect(findings[0]?.evidence).toEqual([
      'column name "payer_email" names an email address',
      '5 of 5 sampled values are email addresses',
      'e.g. j***@example.com (masked)',
    ])
    expectNoRawValues(findings, EMAILS)
  })

  it('finds emails by their values alone, and by the name alone when nothing was sampled', () => {
    expect(proposal({ name: 'contact', values: EMAILS })).toEqual({ classification: 'pii', kind: 'email', mask: 'email' })
    expect(proposal({ name: 'contactEmail', values: [] })).toEqual({ classification: 'pii', kind: 'email', mask: 'email' })
    expect(proposeClassification({ name: 'E-Mail', values: [] })?.confidence).toBe(0.85)
  })

  it('does not read a name about an email, or an email name over other values, as an email', () => {
    expect(classifyColumn({ name: 'email_verified', values: [true, false, true] })).toEqual([])
    expect(classifyColumn({ name: 'email_count', values: [1, 2, 3], type: 'integer' })).toEqual([])
    expect(classifyColumn({ name: 'is_email', values: [] })).toEqual([])
    expect(classifyColumn({ name: 'email', values: ['yes', 'no', 'yes', 'no', 'unknown', 'no'] })).toEqual([])
  })

  it('proposes last4 for phone numbers in international and national formats', () => {
    const phones = ['+31443324173', '+49 30 1234567', '(555) 123-4567', '555-123-4567 x123', '020 7946 0958', '06 12 34 56 78', '12-622-40-51', '0049 30 1234567', '+1 (510) 594-2219']
    expect(proposal({ name: 'reachable_at', values: phones })).toEqual({ classification: 'pii', kind: 'phone', mask: 'last4' })
    expect(proposal({ name: 'mobile', values: ['0612345678', '0687654321', '0611122233'] })).toEqual({ classification: 'pii', kind: 'phone', mask: 'last4' })
    expectNoRawValues(classifyColumn({ name: 'phone', values: phones }), phones)
  })

  it('does not take dates, IP addresses, SKUs or bare digits for phone numbers', () => {
    for (const values of [
      ['2024-01-15', '2023-12-31', '1999-06-30'],
      ['192.168.0.1', '10.0.0.12', '172.16.4.2'],
      ['SKU-16-000001', 'SKU-14-000002', 'SKU-08-000003'],
      ['0123456789', '1234567890', '9876543210'],
    ]) {
      expect(classifyColumn({ name: 'code', values }).map((finding) => finding.kind)).not.toContain('phone')
    }
    expect(proposal({ name: 'code', values: ['192.168.0.1', '10.0.0.12', '172.16.4.2'] })?.kind).toBe('ip-address')
  })

  it('finds personal names by column name, and by values whose given names it knows', () => {
    expect(proposal({ name: 'cardholder', values: [] })).toEqual({ classification: 'pii', kind: 'person-name', mask: 'redact' })
    expect(proposal({ name: 'lastName', values: ['Ondricka', 'Krieger', 'de Groot', 'Kowalska', 'Smith'] })?.kind).toBe('person-name')
    expect(proposal({ name: 'name', values: PEOPLE })).toEqual({ classification: 'pii', kind: 'person-name', mask: 'redact' })
    expectNoRawValues(classifyColumn({ name: 'name', values: PEOPLE }), PEOPLE)
  })

  it('does not take product or company names for personal names', () => {
    expect(classifyColumn({ name: 'name', values: PRODUCTS })).toEqual([])
    expect(classifyColumn({ name: 'name', values: COMPANIES })).toEqual([])
    expect(classifyColumn({ name: 'product_name', values: PRODUCTS })).toEqual([])
  })

  it('proposes year for birth dates, whether they arrive as text or as Dates, and only where the name says birth', () => {
    const dates = ['1984-06-30', '1976-11-11', '2000-03-31', null]
    expect(proposal({ name: 'birth_date', values: dates })).toEqual({ classification: 'pii', kind: 'birth-date', mask: 'year' })
    expect(proposal({ name: 'dob', values: ['30.06.1984', '11/24/1981', '01.02.1990'] })?.kind).toBe('birth-date')
    expect(proposal({ name: 'dateOfBirth', values: [new Date('1984-06-30'), new Date('1990-01-02')], type: 'date' })?.mask).toBe('year')
    expect(classifyColumn({ name: 'created_at', values: [new Date(), new Date('1984-06-30')], type: 'timestamptz' })).toEqual([])
    expect(classifyColumn({ name: 'signup_date', values: dates })).toEqual([])
    expect(classifyColumn({ name: 'birth_date', values: ['soon', 'later', 'never', 'maybe', 'unknown'] })).toEqual([])
  })

  it('redacts street addresses and the units within buildings, not cities or postal codes', () => {
    expect(proposal({ name: 'line1', values: STREETS })).toEqual({ classification: 'pii', kind: 'postal-address', mask: 'redact' })
    expect(proposal({ name: 'address_line_2', values: UNITS })?.kind).toBe('postal-address')
    expect(proposal({ name: 'where', values: STREETS })?.kind).toBe('postal-address')
    expect(classifyColumn({ name: 'email_address', values: [] }).map((finding) => finding.kind)).toEqual(['email'])
    expect(classifyColumn({ name: 'ip_address', values: [] }).map((finding) => finding.kind)).toEqual(['ip-address'])
    expect(classifyColumn({ name: 'city', values: ['Rotterdam', 'Leipzig', 'Lyon', 'Milton Keynes'] })).toEqual([])
    expect(classifyColumn({ name: 'postal_code', values: ['3654 PR', '65955', '88-316', 'SW1A 1AA'] })).toEqual([])
    expect(classifyColumn({ name: 'name', values: ['Rotterdam Distribution Centre', 'Leipzig Annex 1', 'Model 3', 'iPhone 15 Pro'] })).toEqual([])
  })

  it('proposes last4 for IBANs whose check digits hold, and nothing once a digit is wrong', () => {
    expect(proposal({ name: 'beneficiary', values: IBANS })).toEqual({ classification: 'pii', kind: 'iban', mask: 'last4' })
    const broken = IBANS.map((iban) => iban.replace(/\d(?=\D*$)/, (digit) => String((Number(digit) + 1) % 10)))
    expect(classifyColumn({ name: 'beneficiary', values: broken })).toEqual([])
  })

  it('proposes last4 for card numbers that pass Luhn with a known issuer, and nothing for others', () => {
    expect(proposal({ name: 'instrument', values: CARDS })).toEqual({ classification: 'pii', kind: 'card-number', mask: 'last4' })
    const broken = CARDS.map((card) => card.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10)))
    expect(classifyColumn({ name: 'instrument', values: broken })).toEqual([])
    expect(classifyColumn({ name: 'instrument', values: ['0000000000000000', '1234567812345670', '9999999999999995'] })).toEqual([])
  })

  it('proposes a joinable hash for national identifiers and IP addresses', () => {
    expect(proposal({ name: 'reference', values: NATIONAL_IDS })).toEqual({ classification: 'pii', kind: 'national-id', mask: 'hash' })
    expect(proposal({ name: 'ssn', values: ['123456789', '987654321', '111223333'] })?.kind).toBe('national-id')
    expect(classifyColumn({ name: 'reference', values: ['000-12-3456', '666-12-3456', 'QQ123456C', '12345678A', '44051401358'] })).toEqual([])
    expect(proposal({ name: 'client_ip', values: ['192.168.0.1', '2001:db8::1', '10.0.0.12'] })).toEqual({ classification: 'pii', kind: 'ip-address', mask: 'hash' })
  })

  it('redacts free text that contains personal data, and leaves plain prose alone', () => {
    const notes = ['Customer called about the delivery, all fine', 'Please call back on +44 20 7946 0958 after five', 'Refund to DE89 3704 0044 0532 0130 00 approved', 'Prefers email: jane.doe@example.com', 'Left at the door']
    const [finding] = classifyColumn({ name: 'notes', values: notes })
    expect(finding).toMatchObject({ classification: 'pii', kind: 'free-text', mask: 'redact' })
    expect(finding?.evidence).toEqual(['column name "notes" names free text', '3 of 5 sampled values contain personal data: email address (1), phone number (1), IBAN (1)'])
    expect(proposal({ name: 'feedback_text', values: ['Great service, thanks a lot', 'My card 4111 1111 1111 1111 was charged twice', 'Fine', 'Ok'] })?.kind).toBe('free-text')
    expectNoRawValues([finding as Finding], notes)
    const descriptions = ['Bespoke Salad designed with Concrete for cautious performance', 'Refined Mouse designed with Cotton for well-groomed performance', 'Version 2 of our best seller, now 20 % lighter']
    expect(classifyColumn({ name: 'description', values: descriptions })).toEqual([])
  })

  it('proposes confidential with the null mask for costs, margins and pay, by name, and never for prices or quantities', () => {
    expect(proposal({ name: 'supplier_cost', values: [12.5, 30, 99.99], type: 'numeric(12, 2)' })).toEqual({ classification: 'confidential', kind: 'financial', mask: 'null' })
    expect(proposal({ name: 'annualSalary', values: ['52000', '61000'] })?.classification).toBe('confidential')
    expect(proposal({ name: 'margin_pct', values: [0.31, 0.42], type: 'Float' })?.kind).toBe('financial')
    expect(proposal({ name: 'total_cost', values: [120, 80.5], type: 'numeric' })?.kind).toBe('financial')
    expect(classifyColumn({ name: 'total_emails', values: [3, 1], type: 'integer' })).toEqual([])
    for (const name of ['list_price', 'unitPrice', 'total', 'line_total', 'quantity', 'amount', 'reorder_point', 'lifetime_value']) {
      expect(classifyColumn({ name, values: [12.5, 30, 99.99, 1, 2] }), name).toEqual([])
    }
    expect(classifyColumn({ name: 'cost', values: ['low', 'medium', 'high', 'low', 'high'] })).toEqual([])
  })

  it('reads numeric, boolean and timestamp columns by name only', () => {
    expect(classifyColumn({ name: 'code', values: ['4111111111111111', '5555555555554444', '6011111111111117'], type: 'bigint' })).toEqual([])
    expect(classifyColumn({ name: 'phone', values: [true, false], type: 'boolean' })).toEqual([])
    expect(proposal({ name: 'phone', values: [], type: 'String' })?.kind).toBe('phone')
  })

  it('orders findings by confidence, each with a kind, a mask of the vocabulary and a confidence in [0.5, 1]', () => {
    const findings = classifyColumn({ name: 'billing_address', values: [...STREETS, 'jane.doe@example.com'] })
    expect(findings.length).toBeGreaterThan(0)
    for (const [index, finding] of findings.entries()) {
      expect(FINDING_KINDS).toContain(finding.kind)
      expect(MASK_STRATEGIES).toContain(finding.mask)
      expect(finding.confidence).toBeGreaterThanOrEqual(0.5)
      expect(finding.confidence).toBeLessThanOrEqual(1)
      if (index > 0) expect(finding.confidence).toBeLessThanOrEqual(findings[index - 1]?.confidence as number)
    }
  })
})

describe('classifyColumn on ids, prices and quantities', () => {
  const neutralNames = fc.constantFrom('id', 'customer_id', 'orderId', 'quantity', 'total', 'unit_price', 'listPrice', 'amount', 'number', 'code', 'value', 'reference', 'line_no', 'stock_on_hand')
  const asText = fc.boolean()

  it('proposes nothing on a sequence of integer ids, as numbers or as CSV strings, wherever it starts', () => {
    fc.assert(
      fc.property(neutralNames, fc.integer({ min: 0, max: 10 ** 15 }), fc.integer({ min: 1, max: 300 }), asText, (name, start, length, text) => {
        const values = Array.from({ length }, (_, index) => (text ? String(start + index) : start + index))
        expect(classifyColumn({ name, values })).toEqual([])
      }),
    )
  })

  it('proposes nothing on random integers of up to twelve digits', () => {
    fc.assert(
      fc.property(neutralNames, fc.array(fc.integer({ min: 0, max: 10 ** 12 - 1 }), { minLength: 1, maxLength: 200 }), asText, (name, numbers, text) => {
        expect(classifyColumn({ name, values: numbers.map((number) => (text ? String(number) : number)) })).toEqual([])
      }),
    )
  })

  it('proposes nothing on a column of random 13- to 19-digit numbers, though a few of them pass Luhn', () => {
    fc.assert(
      fc.property(neutralNames, fc.array(fc.bigInt({ min: 10n ** 12n, max: 10n ** 19n - 1n }), { minLength: 30, maxLength: 200 }), (name, numbers) => {
        expect(classifyColumn({ name, values: numbers.map(String) })).toEqual([])
      }),
    )
  })

  it('proposes nothing on prices and totals with cents, as numbers or strings', () => {
    fc.assert(
      fc.property(neutralNames, fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 200 }), asText, (name, cents, text) => {
        const values = cents.map((amount) => (text ? (amount / 100).toFixed(2) : amount / 100))
        expect(classifyColumn({ name, values })).toEqual([])
      }),
    )
  })
})

describe('classifyColumn on generated identifiers', () => {
  function luhnComplete(payload: string): string {
    for (let check = 0; check <= 9; check++) {
      const candidate = `${payload}${check}`
      const sum = [...candidate].reverse().reduce((total, char, index) => {
        const digit = Number(char) * (index % 2 === 1 ? 2 : 1)
        return total + (digit > 9 ? digit - 9 : digit)
      }, 0)
      if (sum % 10 === 0) return candidate
    }
    throw new Error('unreachable')
  }

  function germanIban(bban: string): string {
    const numeric = [...`${bban}DE00`].map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55))).join('')
    const check = 98 - Number(BigInt(numeric) % 97n)
    return `DE${String(check).padStart(2, '0')}${bban}`
  }

  const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((list) => list.join(''))

  it('finds any Visa number that passes Luhn, and no number with one digit changed', () => {
    fc.assert(
      fc.property(fc.array(digits(14), { minLength: 3, maxLength: 20 }), fc.nat(), (payloads, position) => {
        const cards = payloads.map((payload) => luhnComplete(`4${payload}`))
        expect(proposal({ name: 'token', values: cards })?.kind).toBe('card-number')
        const changed = cards.map((card) => {
          const index = 1 + (position % 15)
          return card.slice(0, index) + String((Number(card[index]) + 1) % 10) + card.slice(index + 1)
        })
        expect(classifyColumn({ name: 'token', values: changed })).toEqual([])
      }),
    )
  })

  it('finds any German IBAN with its mod-97 check digits, and none with one digit changed', () => {
    fc.assert(
      fc.property(fc.array(digits(18), { minLength: 3, maxLength: 20 }), fc.nat(), (bbans, position) => {
        const ibans = bbans.map(germanIban)
        expect(proposal({ name: 'account', values: ibans })?.kind).toBe('iban')
        const changed = ibans.map((iban) => {
          const index = 4 + (position % 18)
          return iban.slice(0, index) + String((Number(iban[index]) + 1) % 10) + iban.slice(index + 1)
        })
        expect(classifyColumn({ name: 'account', values: changed })).toEqual([])
      }),
    )
  })
})
