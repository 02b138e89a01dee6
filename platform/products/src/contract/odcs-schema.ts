// Checks a contract against the official ODCS v3.1.0 JSON Schema, kept byte for byte under
// standards/ (draft 2019-09, with the `uri`, `date` and `date-time` formats checked).
import ajv2019, { type ErrorObject } from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'

export const ODCS_SCHEMA_PATH = new URL('../../standards/odcs-json-schema-v3.1.0.json', import.meta.url)

let validator: ReturnType<InstanceType<typeof ajv2019.default>['compile']> | undefined

function compiled() {
  if (!validator) {
    // ajv is CommonJS: its class is the default export's `default`.
    const ajv = new ajv2019.default({ allErrors: true, strict: false })
    addFormats.default(ajv as never, { mode: 'full', keywords: false })
    validator = ajv.compile(JSON.parse(readFileSync(ODCS_SCHEMA_PATH, 'utf8')) as object)
  }
  return validator
}

export interface OdcsProblem {
  /** JSON pointer into the contract: `/schema/0/properties/2/quality/0`. */
  readonly path: string
  readonly message: string
}

function describe(error: ErrorObject): OdcsProblem {
  const params = error.params as Record<string, unknown>
  const detail =
    error.keyword === 'unevaluatedProperties' ? `: "${String(params.unevaluatedProperty)}"`
    : error.keyword === 'additionalProperties' ? `: "${String(params.additionalProperty)}"`
    : error.keyword === 'enum' ? `: ${(params.allowedValues as unknown[]).join(', ')}`
    : ''
  return { path: error.instancePath || '/', message: `${error.message ?? error.keyword}${detail}` }
}

/** Every way the document breaks the ODCS v3.1.0 schema; empty when it is a valid contract. */
export function validateOdcsContract(document: unknown): OdcsProblem[] {
  const validate = compiled()
  return validate(document) ? [] : (validate.errors ?? []).map(describe)
}
