// Confidential business data is never shown to anonymous callers, whatever a domain says.
import { allow, definePolicy, deny } from '../src/policy/index.js'

export const confidentialAccess = definePolicy({
  name: 'global.confidential-access',
  description: 'Fields classified `confidential` are denied to anonymous subjects.',
  appliesTo: (field) => field.classification === 'confidential',
  evaluate: ({ subject }) => (subject.id === undefined ? deny('confidential data needs an authenticated subject') : allow()),
})
