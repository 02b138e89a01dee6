// The orders domain's own policies, named by `@policy` in its schema. Orders need
// none beyond `@authenticated`, its row rule and the global policies.
import type { Policy } from '@datamesh/governance'

export const policies: readonly Policy[] = []
