/** A deprecation reason must say from when, or until when: `Use fullName (since 2026-03-01)`. */
export const DEPRECATION_DATE = /\b\d{4}-\d{2}-\d{2}\b/
