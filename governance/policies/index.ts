// The organisation's global policies: they apply to every domain, and a domain can only
// add restrictions on top of them.
import type { Policy } from '../src/policy/index.js'
import { confidentialAccess } from './confidential-access.js'
import { piiProtection } from './pii-protection.js'

export const globalPolicies: readonly Policy[] = [piiProtection, confidentialAccess]

export { confidentialAccess, piiProtection }
export { RAW_PII_PURPOSES } from './pii-protection.js'
