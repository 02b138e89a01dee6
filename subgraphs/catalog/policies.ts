// The catalog domain's own policies, named by `@policy` in its schema. The catalog needs
// none beyond its `@requiresScopes` rules and the global policies.
import type { Policy } from '@datamesh/governance'

export const policies: readonly Policy[] = []
