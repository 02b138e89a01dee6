// Durations as descriptors write them: `250ms`, `30s`, `15m`, `24h`, `60d`, `2w`, `7y`.
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_557_600_000,
}

/** Milliseconds in a duration; throws on anything else, naming it. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text.trim())
  if (!match) throw new Error(`"${text}" is not a duration such as 250ms, 24h or 60d`)
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number)
}
