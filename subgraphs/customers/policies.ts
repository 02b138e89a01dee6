// The customers domain's own policies, named by `@policy` in its schema. They can only
// add restrictions: the global policies (governance/policies) apply as well.
import { allow, definePolicy, deny, type Policy } from '@datamesh/governance'

/** How we segment customers commercially is for staff, not for the customers themselves. */
export const staffOnly = definePolicy({
  name: 'customers.staff-only',
  description: 'Only staff see it: denied to anonymous subjects and to subjects with the role `customer`.',
  evaluate: ({ subject }) =>
    subject.id === undefined
      ? deny('staff information needs an authenticated subject')
      : subject.roles.has('customer')
        ? deny('staff information is not shown to customers')
        : allow(),
})

export const policies: readonly Policy[] = [staffOnly]
