// Durations as the mesh writes them everywhere (descriptors, command options, settings):
// `250ms`, `30s`, `15m`, `24h`, `60d`, `2w`, `7y`. A year is 365.25 days, as the quality
// runner counts it.
const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_557_600_000,
} as const

export type DurationUnit = keyof typeof UNIT_MS

export interface Duration {
  readonly value: number
  readonly unit: DurationUnit
}

/** A duration's number and unit (ODCS writes them apart); throws on anything else, naming it. */
export function readDuration(text: string): Duration {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)$/.exec(text.trim())
  if (!match) throw new Error(`"${text}" is not a duration such as 250ms, 24h or 60d`)
  return { value: Number(match[1]), unit: match[2] as DurationUnit }
}

/** Milliseconds in a duration; throws on anything else, naming it. */
export function parseDuration(text: string): number {
  const { value, unit } = readDuration(text)
  return value * UNIT_MS[unit]
}

/** A whole number of milliseconds in the largest of h, m, s (or ms) that writes it exactly: `24h`, `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`
  return `${ms}ms`
}
