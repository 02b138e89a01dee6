// Names from a file's headers, as every domain spells them: snake_case columns and tables,
// camelCase fields, PascalCase singular types, and a sentence a description can start with.

/** `Payer Email`, `payerEmail`, `payer-email` → `payer_email`. */
export function snakeCase(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
}

/** `payer_email` → `payerEmail`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
}

/** `payment_methods` → `PaymentMethods`. */
export function pascalCase(snake: string): string {
  const camel = camelCase(snake)
  return camel.charAt(0).toUpperCase() + camel.slice(1)
}

/** `payments` → `payment`, `categories` → `category`, `addresses` → `address`, `status` stays. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y')
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.replace(/es$/, '')
  if (/(ss|us|is)$/.test(word)) return word
  return word.replace(/s$/, '')
}

/** `payer_email` → `Payer email`. */
export function sentence(snake: string): string {
  const words = snake.split('_').filter(Boolean).map((word) => (word === 'id' ? 'ID' : word))
  const text = words.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** `bank transfer` → `BANK_TRANSFER`: a GraphQL enum value name for a stored value. */
export function enumValueName(value: string): string {
  const name = snakeCase(value).toUpperCase()
  return /^[A-Z_]/.test(name) ? name : `V_${name}`
}
