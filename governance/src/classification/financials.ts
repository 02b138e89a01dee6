// Confidential financials: what the company pays or earns on a thing (costs, margins,
// salaries), told by the column's name alone, since a cost looks like any other amount.
// Prices, totals and quantities are what customers see: never proposed.
import { nameRule, type Detector } from './detector.js'

const AMOUNT_SUFFIX = '(_pct|_percent|_rate|_amount|_eur|_usd|_gbp|_cents)?'

export const financial: Detector = {
  kind: 'financial',
  classification: 'confidential',
  // Amounts are numbers: `null` is the strategy that fits any type.
  mask: 'null',
  noun: 'an internal cost, margin or pay figure',
  requiresName: true,
  name: nameRule(
    [new RegExp(`(^|_)(salary|salaries|wage|wages|pay_rate|payroll|compensation|bonus|commission|margin|gross_margin|markup|profit)${AMOUNT_SUFFIX}$`), 0.85],
    [new RegExp(`(^|_)(cost|costs|cost_price|unit_cost|purchase_price|wholesale_price|supplier_price|buying_price|cogs)${AMOUNT_SUFFIX}$`), 0.75],
  ),
}
