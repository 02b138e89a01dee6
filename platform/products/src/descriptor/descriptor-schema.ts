// The JSON Schema a descriptor file must satisfy before its meaning is checked against the
// supergraph. Kept in code so the messages ajv gives name our fields.
import { PRODUCT_STATUSES, QUALITY_METRICS } from './data-product.js'

const duration = { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d|w|y)$' }
const coordinate = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$' }
const number = { type: 'number' }
const range = { type: 'array', items: number, minItems: 2, maxItems: 2 }

export const DESCRIPTOR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'description', 'domain', 'owner', 'version', 'status', 'outputPort', 'sla', 'quality', 'termsOfUse'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*\\.[a-z][a-z0-9-]*$' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    domain: { type: 'string', pattern: '^[a-z][a-z0-9]*$' },
    owner: {
      type: 'object',
      additionalProperties: false,
      required: ['team', 'contacts'],
      properties: {
        team: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        contacts: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'email', 'role'],
            properties: { name: { type: 'string' }, email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' }, role: { type: 'string' } },
          },
        },
      },
    },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' },
    status: { enum: [...PRODUCT_STATUSES] },
    deprecation: {
      type: 'object',
      additionalProperties: false,
      required: ['date'],
      properties: { date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, replacedBy: { type: 'string' }, reason: { type: 'string' } },
    },
    outputPort: {
      type: 'object',
      additionalProperties: false,
      required: ['types', 'rootFields'],
      properties: {
        types: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
        rootFields: { type: 'array', items: coordinate },
      },
    },
    sla: {
      type: 'object',
      additionalProperties: false,
      properties: {
        latency: { type: 'object', additionalProperties: false, required: ['p95'], properties: { p95: duration } },
        freshness: { type: 'object', additionalProperties: false, required: ['field', 'maxAge'], properties: { field: coordinate, maxAge: duration } },
        frequency: duration,
        availability: { type: 'string', pattern: '^\\d+(\\.\\d+)?%$' },
        retention: duration,
      },
    },
    quality: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'severity'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
          description: { type: 'string', minLength: 1 },
          metric: { enum: [...QUALITY_METRICS] },
          query: { type: 'string', minLength: 1 },
          table: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
          column: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
          arguments: {
            type: 'object',
            additionalProperties: false,
            properties: {
              validValues: { type: 'array', items: { type: ['string', 'number'] } },
              pattern: { type: 'string' },
              minimum: number,
              maximum: number,
            },
          },
          maxAge: duration,
          unit: { enum: ['rows', 'percent'] },
          severity: { enum: ['info', 'warning', 'error'] },
          dimension: { enum: ['accuracy', 'completeness', 'conformity', 'consistency', 'coverage', 'timeliness', 'uniqueness'] },
          mustBe: number,
          mustNotBe: number,
          mustBeGreaterThan: number,
          mustBeGreaterOrEqualTo: number,
          mustBeLessThan: number,
          mustBeLessOrEqualTo: number,
          mustBeBetween: range,
          mustNotBeBetween: range,
        },
        oneOf: [{ required: ['metric'] }, { required: ['query'] }],
      },
    },
    termsOfUse: {
      type: 'object',
      additionalProperties: false,
      required: ['purposes', 'description'],
      properties: { purposes: { type: 'array', items: { type: 'string' } }, description: { type: 'string' } },
    },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['product'],
        properties: { product: { type: 'string' }, version: { type: 'string' } },
      },
    },
    lineage: { type: 'object', additionalProperties: { type: 'array', minItems: 1, items: coordinate } },
  },
} as const
