import { proposeClassification } from '@datamesh/governance'
import { parse } from 'graphql'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { domainFiles, planDomain, type ExistingDomain } from '../src/index.js'
import { writePaymentsCsv } from './payments-fixture.js'

const folder = mkdtempSync(join(tmpdir(), 'datamesh-scaffold-'))
const existing: ExistingDomain[] = [
  { name: 'customers', port: 4001, typeDefs: parse('type Customer @key(fields: "id") { id: ID! name: String email: String } type Query { a: Int }') },
  { name: 'orders', port: 4003, typeDefs: parse('type Customer @key(fields: "id") { id: ID! } type Order @key(fields: "id") { id: ID! total: Float } type Query { b: Int }') },
  { name: 'marketplace', port: 4006, typeDefs: parse('type Query { c: Int }') },
]
const classify = (column: { name: string; values: readonly unknown[]; type?: string }) => proposeClassification(column)

function file(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}

describe('a domain planned from a data file', () => {
  it('infers types, nullability, the key, enums, the reference to customers and the personal data', async () => {
    const plan = await planDomain({ name: 'payments', files: [writePaymentsCsv(join(folder, 'payments.csv'), 500)], owner: 'Payments <payments@example.com>', classify }, existing, folder)
    expect(plan.port).toBe(4007)
    expect(plan.owner).toEqual({ name: 'Payments', email: 'payments@example.com' })
    const [table] = plan.tables
    expect(table!.type).toBe('Payment')
    const byColumn = Object.fromEntries(table!.columns.map((column) => [column.column, column]))
    expect(byColumn.id).toMatchObject({ key: true, type: 'integer', nullable: false })
    expect(byColumn.customer_id!.reference).toEqual({ type: 'Customer', field: 'customer' })
    expect(byColumn.amount).toMatchObject({ type: 'decimal', nullable: false })
    expect(byColumn.paid_at!.type).toBe('timestamp')
    expect(byColumn.status!.enum).toEqual({ name: 'PaymentStatus', values: { captured: 'CAPTURED', failed: 'FAILED', refunded: 'REFUNDED' } })
    expect(byColumn.method!.enum!.values).toEqual({ bank_transfer: 'BANK_TRANSFER', card: 'CARD', wallet: 'WALLET' })
    expect(byColumn.payer_email!.classification).toMatchObject({ classification: 'pii', kind: 'email', mask: 'email' })
    expect(byColumn.card_number!.classification).toMatchObject({ classification: 'pii', kind: 'card-number', mask: 'last4' })
    expect(byColumn.payer_name!.classification).toMatchObject({ classification: 'pii', kind: 'person-name' })
    for (const column of ['id', 'customer_id', 'amount', 'currency', 'method', 'status', 'paid_at']) expect(byColumn[column]!.classification, column).toBeUndefined()
  })

  it('writes a schema whose entity, filters, masks and reference are what the data says', async () => {
    const plan = await planDomain({ name: 'payments', files: [join(folder, 'payments.csv')], owner: 'payments@example.com', classify }, existing, folder)
    const files = domainFiles(plan, existing, { kysely: '0.28.19' })
    const sdl = files['subgraphs/payments/schema.graphql']!
    expect(sdl).toContain('type Payment @key(fields: "id") {')
    expect(sdl).toContain('payerEmail: String! @tag(name: "pii") @mask(strategy: "email")')
    expect(sdl).toContain('customer: Customer\n')
    expect(sdl).toContain('type Customer @key(fields: "id", resolvable: false) {')
    expect(sdl).toContain('payments(first: Int = 20, after: String, filter: PaymentFilter): PaymentConnection!')
    const filter = /input PaymentFilter \{[^}]*\}/.exec(sdl)![0]
    for (const line of ['customerId: ID', 'status: PaymentStatus', 'method: PaymentMethod', 'paidAfter: DateTime', 'paidBefore: DateTime', 'minAmount: Float', 'maxAmount: Float']) expect(filter).toContain(line)
    expect(sdl).not.toMatch(/payerEmail\w+:/)
    const migration = files['subgraphs/payments/migrations/0001_create_payments.ts']!
    expect(migration).toContain(".addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('captured', 'failed', 'refunded')`))")
    expect(migration).toContain("createIndex('payments_customer_id_idx').on('payments').columns(['customer_id', 'id'])")
    expect(files['subgraphs/payments/products/payments.yaml']).toContain('id: payments.payments')
  })

  it('says which file, line and column is wrong', async () => {
    const request = (files: string[]) => planDomain({ name: 'payments', files, owner: 'p@example.com' }, existing, folder)
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},${i === 20 ? 'n/a' : (i * 1.5).toFixed(2)}`)
    await expect(request([file('mixed.csv', `id,amount\n${rows.join('\n')}\n`)])).rejects.toThrow('mixed.csv:22:amount: "n/a" is not a number like the other 29 values sampled')
    await expect(request([file('empty.csv', '')])).rejects.toThrow('empty.csv: the file is empty')
    await expect(request([file('noheader.csv', '1,a\n2,b\n')])).rejects.toThrow('noheader.csv:1:column 1: "1" is not a column name')
    await expect(request([file('jsonmix.jsonl', '{"id":1,"n":2}\n{"id":2,"n":"x"}\n')])).rejects.toThrow('jsonmix.jsonl:2:n: "x" is text but earlier values of the column are not')
    await expect(planDomain({ name: 'customers', files: [join(folder, 'payments.csv')], owner: 'p@example.com' }, existing, folder)).rejects.toThrow('a domain called customers exists already')
    await expect(planDomain({ name: 'Pay-ments', files: [join(folder, 'payments.csv')], owner: 'p@example.com' }, existing, folder)).rejects.toThrow('is not a domain name')
    await expect(
      planDomain({ name: 'payments', files: [join(folder, 'payments.csv')], owner: 'p@example.com', references: { payer_name: 'Shipment' } }, existing, folder),
    ).rejects.toThrow('--references names Shipment, which no other domain publishes')
  })

  it('honours --references: one a name does not reveal, and none where a name misleads', async () => {
    const path = file('visits.jsonl', Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: i + 1, buyer: (i % 5) + 1, customer_id: i })).join('\n'))
    const plan = await planDomain({ name: 'web', files: [path], owner: 'web@example.com', references: { buyer: 'Customer', customer_id: 'none' } }, existing, folder)
    const columns = Object.fromEntries(plan.tables[0]!.columns.map((column) => [column.column, column]))
    expect(columns.buyer!.reference).toEqual({ type: 'Customer', field: 'buyer' })
    expect(columns.customer_id!.reference).toBeUndefined()
  })
})
