// The catalog's own policies, named by `@policy` in its schema. They can only add
// restrictions: the global policies (governance/policies) apply as well.
import { allow, definePolicy, deny, type Policy } from '@datamesh/governance'

/** The role whose holders look after data products: they may see who uses them. */
export const STEWARD_ROLE = 'steward'

/** Who read a product's classified data, for which purpose and how often, comes from the audit trail: for data stewards. */
export const stewardOnly = definePolicy({
  name: 'marketplace.steward-only',
  description: `Only data stewards (the role \`${STEWARD_ROLE}\`) see who consumed a data product: it is read from the audit trail.`,
  evaluate: ({ subject }) =>
    subject.roles.has(STEWARD_ROLE) ? allow() : deny(`who consumed a data product is shown to data stewards only (the role ${STEWARD_ROLE})`),
})

export const policies: readonly Policy[] = [stewardOnly]
