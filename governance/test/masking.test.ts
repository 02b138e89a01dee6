import { describe, expect, it } from 'vitest'
import { applyMask, MASK_STRATEGIES, maskStrategies } from '../src/index.js'

const strategies = maskStrategies('test-pseudonym-key')
const { email, last4, year, hash, redact } = strategies

describe('mask strategies', () => {
  it('are defined for every strategy of the vocabulary, each under its own name', () => {
    expect(Object.keys(strategies).sort()).toEqual([...MASK_STRATEGIES].sort())
    for (const name of MASK_STRATEGIES) expect(strategies[name].name).toBe(name)
  })

  describe('email', () => {
    it('keeps the first letter and the domain', () => {
      expect(email.apply('jane@example.com')).toBe('j***@example.com')
      expect(email.apply('o.brien@mail.example.co.uk')).toBe('o***@mail.example.co.uk')
    })

    it('keeps only the domain after the last @ of an address with several', () => {
      expect(email.apply('"a@b"@example.com')).toBe('"***@example.com')
    })

    it('hides a value without an @ (or with nothing before it) completely', () => {
      expect(email.apply('not-an-address')).toBe('***')
      expect(email.apply('@example.com')).toBe('***')
      expect(email.apply('')).toBe('***')
    })

    it('fits only text fields', () => {
      expect(email.appliesTo).toEqual(['String', 'ID'])
    })
  })

  describe('last4', () => {
    it('keeps the last four characters and stars the rest, one star per character', () => {
      expect(last4.apply('+44 20 7946 0958')).toBe('************0958')
      expect(last4.apply('1Z999AA10123456784')).toBe('**************6784')
    })

    it('stars a value of four characters or fewer completely', () => {
      expect(last4.apply('1234')).toBe('****')
      expect(last4.apply('987')).toBe('***')
      expect(last4.apply('')).toBe('')
    })

    it('counts characters, not UTF-16 code units', () => {
      expect(last4.apply('😀😀abcd')).toBe('**abcd')
    })

    it('masks numbers through their text', () => {
      expect(last4.apply(123456789)).toBe('*****6789')
    })
  })

  describe('year', () => {
    it('keeps the year of a Date string', () => {
      expect(year.apply('1984-06-30')).toBe('1984')
    })

    it('keeps the year of an ISO DateTime', () => {
      expect(year.apply('2026-03-14T09:26:53Z')).toBe('2026')
      expect(year.apply('1999-12-31T23:59:59.999+05:00')).toBe('1999')
    })

    it('keeps the (UTC) year of a Date object', () => {
      expect(year.apply(new Date('1984-06-30T12:00:00Z'))).toBe('1984')
      expect(year.apply(new Date(Date.UTC(2001, 0, 1)))).toBe('2001')
    })

    it('gives null for a value that does not start with a year', () => {
      expect(year.apply('June 1984')).toBeNull()
    })

    it('fits dates, date-times and strings', () => {
      expect(year.appliesTo).toEqual(['Date', 'DateTime', 'String'])
    })
  })

  describe('hash', () => {
    it('gives the same pseudonym for the same key and value, so masked ids still join', () => {
      const again = maskStrategies('test-pseudonym-key').hash
      expect(hash.apply('customer-42')).toBe(hash.apply('customer-42'))
      expect(again.apply('customer-42')).toBe(hash.apply('customer-42'))
    })

    it('gives a different pseudonym for a different value', () => {
      expect(hash.apply('customer-42')).not.toBe(hash.apply('customer-43'))
    })

    it('gives a different pseudonym under a different key', () => {
      expect(maskStrategies('another-key').hash.apply('customer-42')).not.toBe(hash.apply('customer-42'))
      expect(maskStrategies(Buffer.from('test-pseudonym-key')).hash.apply('customer-42')).toBe(hash.apply('customer-42'))
    })

    it('is 22 base64url characters and does not contain the value', () => {
      const pseudonym = hash.apply('jane@example.com') as string
      expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(pseudonym).not.toContain('jane')
    })

    it('hashes a number like its text, so a numeric id joins with the same id as a string', () => {
      expect(hash.apply(42)).toBe(hash.apply('42'))
    })
  })

  describe('redact', () => {
    it('replaces any value with "[redacted]"', () => {
      expect(redact.apply('12 Main Street')).toBe('[redacted]')
      expect(redact.apply('')).toBe('[redacted]')
    })
  })

  describe('null', () => {
    it('removes any value and fits any type', () => {
      expect(strategies.null.apply('secret')).toBeNull()
      expect(strategies.null.apply(1234)).toBeNull()
      expect(strategies.null.appliesTo).toBe('any')
    })
  })
})

describe('applyMask', () => {
  it('masks a single value with the strategy', () => {
    expect(applyMask(email.apply, 'jane@example.com')).toBe('j***@example.com')
  })

  it('masks a list element by element, keeping its length and order', () => {
    expect(applyMask(email.apply, ['jane@example.com', 'bob@example.org'])).toEqual(['j***@example.com', 'b***@example.org'])
    expect(applyMask(last4.apply, [['12345678'], ['abcdef']])).toEqual([['****5678'], ['**cdef']])
  })

  it('keeps null and undefined, alone and inside lists, without calling the strategy', () => {
    const calls: unknown[] = []
    const spy = (value: unknown) => {
      calls.push(value)
      return 'masked'
    }
    expect(applyMask(spy, null)).toBeNull()
    expect(applyMask(spy, undefined)).toBeUndefined()
    expect(applyMask(spy, ['a', null, 'b'])).toEqual(['masked', null, 'masked'])
    expect(calls).toEqual(['a', 'b'])
  })

  it('masks an empty list to an empty list', () => {
    expect(applyMask(redact.apply, [])).toEqual([])
  })
})
