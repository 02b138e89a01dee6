// The analytics domain's own policies, named by `@policy` in its schema. They can only
// add restrictions: the global policies (governance/policies) apply as well.
import { allow, definePolicy, deny, type Policy } from '@datamesh/governance'

/** A churn score is an internal judgement about a person: for staff, not for the person scored. */
export const staffOnly = definePolicy({
  name: 'analytics.staff-only',
  description: 'Only staff see it: denied to anonymous subjects and to subjects with the role `customer`.',
  evaluate: ({ subject }) =>
    subject.id === undefined
      ? deny('internal scores need an authenticated subject')
      : subject.roles.has('customer')
        ? deny('internal scores are not shown to customers')
        : allow(),
})

export const policies: readonly Policy[] = [staffOnly]
