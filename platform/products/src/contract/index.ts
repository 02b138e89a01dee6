// Data contracts: every data product as an ODCS v3.1.0 document, and the check for breaking changes.
export { ODCS_API_VERSION, customProperty, type OdcsContract, type OdcsCustomProperty, type OdcsLogicalType, type OdcsProperty, type OdcsQuality, type OdcsRole, type OdcsSchemaObject, type OdcsSlaProperty } from './odcs.js'
export { ODCS_SCHEMA_PATH, validateOdcsContract, type OdcsProblem } from './odcs-schema.js'
export { ContractError, contractYaml, toOdcsContract, type ContractOptions } from './to-odcs-contract.js'
export { contractFileName, exportContracts, parseContract, supergraphDomains, type ExportedContract } from './export-contracts.js'
export { DEPRECATION_DATE, compareStates, findBreakingChanges, type ChangeSource, type ContractChange, type MeshState } from './breaking-changes.js'
export { acceptanceOf, isMajorBump, type Acceptance } from './accept-breaking-changes.js'
