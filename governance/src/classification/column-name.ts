// A column name as words: `payerEmail`, `payer_email`, `Payer E-mail` and `PAYER-EMAIL`
// all read `payer_email`, `addressLine1` reads `address_line_1`. Name rules are written
// against this form and anchored at its end, so that `email_verified` or `phone_count`
// (something about an email or a phone, not one) do not match the rule for `email`.
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([A-Za-z])(\d)/g, '$1_$2')
    .replace(/(\d)([A-Za-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('_')
}

/** A name that counts, flags or asks about something (`is_email`, `num_phones`) rather than holding it. */
export function isAboutSomething(normalized: string): boolean {
  return /^(is|has|num|n|count|number_of|total|max|min|avg)_/.test(normalized)
}
