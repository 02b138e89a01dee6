// A payments file as a team would bring it: personal data (payer name, email, card
// number), a reference to customers, money, enums and moments. Made up, deterministic.
import { writeFileSync } from 'node:fs'

const GIVEN = ['Anna', 'Ben', 'Chloe', 'David', 'Emma', 'Felix', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Lena', 'Marco', 'Nora', 'Oscar', 'Paula']
const FAMILY = ['Schmidt', 'Smith', 'Garcia', 'Rossi', 'Dubois', 'Novak', 'Jansen', 'Kowalski', 'Brown', 'Weber']
const METHODS = ['card', 'bank_transfer', 'wallet']
const STATUSES = ['captured', 'refunded', 'failed']
const CURRENCIES = ['EUR', 'USD', 'GBP']

/** A Luhn-valid 16-digit card number from a seed. */
export function cardNumber(seed: number): string {
  const body = `4${String(100_000_000_000_00 + seed * 7919).padStart(14, '0').slice(-14)}`
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i])
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return `${body}${(10 - (sum % 10)) % 10}`
}

export function paymentRow(id: number): Record<string, string> {
  const given = GIVEN[id % GIVEN.length]!
  const family = FAMILY[(id * 7) % FAMILY.length]!
  const day = new Date(Date.UTC(2026, 0, 1) + id * 3_600_000 * 7)
  return {
    id: String(id),
    customer_id: String((id % 50) + 1),
    payer_name: `${given} ${family}`,
    payer_email: `${given}.${family}${id}@example.com`.toLowerCase(),
    card_number: cardNumber(id),
    amount: ((id * 37) % 50_000 / 100 + 1).toFixed(2),
    currency: CURRENCIES[id % CURRENCIES.length]!,
    method: METHODS[id % METHODS.length]!,
    status: STATUSES[(id * 5) % STATUSES.length]!,
    paid_at: day.toISOString(),
  }
}

/** Writes `rows` payments as CSV (with a header) and returns the path. */
export function writePaymentsCsv(path: string, rows: number, first = 1): string {
  const header = Object.keys(paymentRow(1))
  const lines = [header.join(',')]
  for (let id = first; id < first + rows; id++) lines.push(header.map((name) => paymentRow(id)[name]).join(','))
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}
