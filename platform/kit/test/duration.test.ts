// One reader of durations for descriptors, command options and settings.
import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration, readDuration } from '../src/index.js'

describe('durations', () => {
  it('read every unit the mesh writes, a year being 365.25 days', () => {
    expect(['250ms', '30s', '15m', '24h', '60d', '2w', '1y'].map(parseDuration)).toEqual([250, 30_000, 900_000, 86_400_000, 5_184_000_000, 1_209_600_000, 31_557_600_000])
    expect(parseDuration('1.5h')).toBe(5_400_000)
    expect(parseDuration(' 15 m ')).toBe(900_000)
  })

  it('keep their number and unit apart for ODCS', () => {
    expect(readDuration('60d')).toEqual({ value: 60, unit: 'd' })
    expect(readDuration('250ms')).toEqual({ value: 250, unit: 'ms' })
  })

  it('refuse anything else, naming it', () => {
    for (const text of ['', 'soon', '15', 'h', '-1h', '1 day', '1h30m']) expect(() => parseDuration(text), text).toThrow(`"${text}" is not a duration such as 250ms, 24h or 60d`)
  })

  it('are written back in the largest unit that is exact', () => {
    expect([86_400_000, 604_800_000, 5_400_000, 90_000, 1_500].map(formatDuration)).toEqual(['24h', '168h', '90m', '90s', '1500ms'])
  })
})
