// Before any load, every contender must answer the operation, and alike: a fast wrong
// answer is no result. Ungoverned contenders must return the same data, without errors;
// the governed one must show that governance acted (masked values, denied fields).
import type { ContenderId } from './contenders.js'

export interface Answer {
  readonly contender: ContenderId
  readonly status: number
  readonly text: string
}

interface Body {
  data?: unknown
  errors?: { message: string; extensions?: { code?: string } }[]
  extensions?: Record<string, unknown>
}

export interface Check {
  readonly lines: string[]
  /** Each contender's response size in bytes. */
  readonly bytes: Partial<Record<ContenderId, number>>
}

/** JSON with object keys sorted, so key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  )
}

function countMasked(extensions: Record<string, unknown> | undefined): number {
  const governance = extensions?.governance as { masked?: unknown[] } | undefined
  return governance?.masked?.length ?? 0
}

export function checkAnswers(answers: readonly Answer[], options: { governed: readonly ContenderId[] }): Check {
  const lines: string[] = []
  const bytes: Partial<Record<ContenderId, number>> = {}
  let reference: { contender: ContenderId; data: string } | undefined
  for (const answer of answers) {
    bytes[answer.contender] = Buffer.byteLength(answer.text)
    if (answer.status !== 200) throw new Error(`${answer.contender} answered ${answer.status}: ${answer.text.slice(0, 300)}`)
    const body = JSON.parse(answer.text) as Body
    if (options.governed.includes(answer.contender)) {
      const denied = (body.errors ?? []).filter((error) => error.extensions?.code === 'FORBIDDEN').length
      const other = (body.errors ?? []).filter((error) => error.extensions?.code !== 'FORBIDDEN')
      if (other.length) throw new Error(`${answer.contender} answered with errors: ${other.map((error) => error.message).join('; ')}`)
      lines.push(`${answer.contender}: ${bytes[answer.contender]} bytes, ${countMasked(body.extensions)} masked fields, ${denied} denied fields`)
      continue
    }
    if (body.errors?.length) throw new Error(`${answer.contender} answered with errors: ${body.errors.map((error) => error.message).join('; ')}`)
    const data = canonical(body.data)
    if (!reference) reference = { contender: answer.contender, data }
    else if (data !== reference.data) throw new Error(`${answer.contender} and ${reference.contender} returned different data`)
    lines.push(`${answer.contender}: ${bytes[answer.contender]} bytes${reference.contender === answer.contender ? '' : `, same data as ${reference.contender}`}`)
  }
  return { lines, bytes }
}
