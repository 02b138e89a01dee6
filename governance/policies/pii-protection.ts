// Personal data is masked unless the subject holds the owning domain's `<domain>:pii:read`
// scope and declares a purpose that needs the raw values (support or fraud).
import { allow, definePolicy, mask } from '../src/policy/index.js'

export const RAW_PII_PURPOSES: readonly string[] = ['support', 'fraud']

export const piiProtection = definePolicy({
  name: 'global.pii-protection',
  description:
    'Fields classified `pii` are masked (with the field\'s @mask strategy) unless the subject holds `<domain>:pii:read` and declares the purpose `support` or `fraud`.',
  appliesTo: (field) => field.classification === 'pii',
  evaluate({ subject, purpose, field }) {
    const scope = `${field.domain}:pii:read`
    if (!subject.scopes.has(scope)) return mask(`personal data needs scope ${scope}`)
    if (!purpose || !RAW_PII_PURPOSES.includes(purpose)) {
      return mask(`personal data is shown raw only for the purposes ${RAW_PII_PURPOSES.join(' or ')}${purpose ? `, not ${purpose}` : '; none was declared'}`)
    }
    return allow(`${scope} with purpose ${purpose}`)
  },
})
