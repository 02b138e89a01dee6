// The fulfillment domain's own policies, named by `@policy` in its schema. They can only
// add restrictions: the global policies (governance/policies) apply as well.
import { allow, definePolicy, mask, type Policy } from '@datamesh/governance'

const STAFF_ROLES = ['support', 'logistics']

/** A tracking number lets anyone follow a parcel to a home: staff and the recipient only. */
export const trackingVisibility = definePolicy({
  name: 'fulfillment.tracking-visibility',
  description:
    'Tracking numbers are whole for staff (roles `support`, `logistics`) and for customers (who only ever see their own parcels); masked to the last four characters for everyone else.',
  evaluate: ({ subject }) =>
    STAFF_ROLES.some((role) => subject.roles.has(role)) || subject.roles.has('customer')
      ? allow()
      : mask('tracking numbers are for staff and recipients'),
})

export const policies: readonly Policy[] = [trackingVisibility]
