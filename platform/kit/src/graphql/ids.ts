// GraphQL IDs are strings; the domains key rows by integers. An ID that is not a positive
// integer names no row, so it resolves to null instead of reaching SQL.
export function parseId(id: string | number): number | null {
  const key = typeof id === 'number' ? id : Number(id)
  return Number.isSafeInteger(key) && key > 0 && String(key) === String(id) ? key : null
}

export function parseIds(ids: readonly (string | number)[] | null | undefined): number[] | undefined {
  if (!ids) return undefined
  return ids.map(parseId).filter((key): key is number => key !== null)
}

/** Loads the row an ID names through a per-request loader; null when the ID names none. */
export function loadById<T>(loader: { load(key: number): Promise<T> }, id: string | number): Promise<T> | null {
  const key = parseId(id)
  return key === null ? null : loader.load(key)
}
