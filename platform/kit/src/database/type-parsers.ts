// One mapping from Postgres types to JavaScript values for both drivers (pg and PGlite),
// so a resolver sees the same row whichever engine holds the domain's data.
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const

type Parser = (value: string) => unknown

/** Counts, money and dates: int8 and numeric become numbers, `date` stays an ISO `YYYY-MM-DD` string. */
export const typeParsers: Readonly<Record<number, Parser>> = {
  [OID.INT8]: (value) => Number(value),
  [OID.NUMERIC]: (value) => Number(value),
  [OID.DATE]: (value) => value,
}
