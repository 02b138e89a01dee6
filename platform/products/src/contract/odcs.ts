// The parts of an Open Data Contract Standard (ODCS) v3.1.0 document that our contracts use.
// The official JSON Schema (standards/odcs-json-schema-v3.1.0.json) is the authority; these
// types only keep the code that writes and compares contracts honest.
import type { QualityThresholds } from '../descriptor/data-product.js'

export const ODCS_API_VERSION = 'v3.1.0'

export type OdcsLogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean'

export interface OdcsCustomProperty {
  readonly property: string
  readonly value: unknown
  readonly description?: string
}

export interface OdcsQuality extends QualityThresholds {
  readonly id: string
  readonly description: string
  readonly type: 'library' | 'sql' | 'custom' | 'text'
  readonly metric?: string
  readonly arguments?: Readonly<Record<string, unknown>>
  readonly query?: string
  readonly unit?: string
  readonly severity: string
  readonly dimension?: string
  readonly customProperties?: readonly OdcsCustomProperty[]
}

/** A property of a schema object, or the `items` of an array property (which has no name). */
export interface OdcsProperty {
  readonly name?: string
  readonly logicalType?: OdcsLogicalType
  readonly logicalTypeOptions?: Readonly<Record<string, unknown>>
  readonly physicalType?: string
  readonly description?: string
  readonly required?: boolean
  readonly primaryKey?: boolean
  readonly primaryKeyPosition?: number
  readonly classification?: string
  readonly examples?: readonly unknown[]
  readonly tags?: readonly string[]
  readonly items?: OdcsProperty
  readonly quality?: readonly OdcsQuality[]
  readonly customProperties?: readonly OdcsCustomProperty[]
}

export interface OdcsSchemaObject {
  readonly name: string
  readonly logicalType: 'object'
  readonly physicalType: string
  readonly description?: string
  readonly tags?: readonly string[]
  readonly properties: readonly OdcsProperty[]
  readonly quality?: readonly OdcsQuality[]
  readonly customProperties?: readonly OdcsCustomProperty[]
}

export interface OdcsSlaProperty {
  readonly property: string
  readonly value: string | number | boolean | null
  readonly unit?: string
  readonly element?: string
  readonly driver?: string
  readonly description?: string
}

export interface OdcsRole {
  readonly role: string
  readonly access?: string
  readonly description?: string
  readonly customProperties?: readonly OdcsCustomProperty[]
}

export interface OdcsContract {
  readonly apiVersion: typeof ODCS_API_VERSION
  readonly kind: 'DataContract'
  readonly id: string
  readonly name: string
  readonly version: string
  readonly status: string
  readonly domain: string
  /** Deprecated in ODCS v3.1.0 but still valid; kept for tools that read it. */
  readonly dataProduct: string
  readonly description: {
    readonly purpose: string
    readonly usage: string
    readonly limitations: string
    readonly customProperties?: readonly OdcsCustomProperty[]
  }
  readonly tags: readonly string[]
  readonly schema: readonly OdcsSchemaObject[]
  readonly team: {
    readonly name: string
    readonly description?: string
    readonly members: readonly { readonly username: string; readonly name: string; readonly role: string }[]
  }
  readonly roles: readonly OdcsRole[]
  readonly support: readonly {
    readonly channel: string
    readonly tool: string
    readonly url: string
    readonly scope?: string
    readonly description?: string
  }[]
  readonly servers: readonly { readonly server: string; readonly type: 'api'; readonly location: string; readonly description?: string }[]
  readonly slaProperties: readonly OdcsSlaProperty[]
  readonly authoritativeDefinitions?: readonly { readonly type: string; readonly url: string; readonly description?: string }[]
  readonly customProperties: readonly OdcsCustomProperty[]
  readonly contractCreatedTs?: string
}

/** The value of a custom property, or undefined when it is absent. */
export function customProperty(element: { readonly customProperties?: readonly OdcsCustomProperty[] } | undefined, name: string): unknown {
  return element?.customProperties?.find((entry) => entry.property === name)?.value
}
