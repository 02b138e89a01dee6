// @datamesh/products: data as a product — descriptors, contracts, quality, lineage and
// loading a team's files into a product's tables (ingest).
export {
  PRODUCT_STATUSES,
  QUALITY_METRICS,
  QUALITY_OPERATORS,
  type Contact,
  type DataProduct,
  type OutputPort,
  type Owner,
  type ProductInput,
  type ProductStatus,
  type QualityMetric,
  type QualityOperator,
  type QualityRule,
  type ServiceLevels,
} from './descriptor/data-product.js'
export { DESCRIPTOR_SCHEMA } from './descriptor/descriptor-schema.js'
export { DescriptorError, loadProducts, parseProduct, readProductFile } from './descriptor/load-products.js'
export { PRODUCT_RULES, validateProducts, type ProductProblem, type ProductRule } from './descriptor/validate-products.js'
export { expectationOf, RuleError, type Expectation } from './quality/expectation.js'
export { type Measurement, type QualityUnit } from './quality/measure.js'
export {
  runFailed,
  runProductRules,
  runQuality,
  type QualityResult,
  type QualityRun,
  type QualityRunOptions,
  type RuleProgress,
  type RunQualityOptions,
} from './quality/run-quality.js'
export { latestQualityResults, recordQualityResults } from './quality/quality-store.js'
export {
  downstream,
  fieldDownstream,
  fieldUpstream,
  LineageError,
  lineageGraph,
  neighbourhood,
  upstream,
  type FieldEdge,
  type FieldNode,
  type LineageGraph,
  type LineageStatus,
  type ProductEdge,
  type ProductNode,
  type Reached,
  type WalkOptions,
} from './lineage/lineage-graph.js'
export { toDot, toMermaid, toSvg, type RenderOptions } from './lineage/render.js'
export {
  acceptanceOf,
  compareStates,
  ContractError,
  contractFileName,
  contractYaml,
  customProperty,
  DEPRECATION_DATE,
  exportContracts,
  findBreakingChanges,
  isMajorBump,
  ODCS_API_VERSION,
  ODCS_SCHEMA_PATH,
  parseContract,
  supergraphDomains,
  toOdcsContract,
  validateOdcsContract,
  type Acceptance,
  type ChangeSource,
  type ContractChange,
  type ContractOptions,
  type ExportedContract,
  type MeshState,
  type OdcsContract,
  type OdcsProblem,
  type OdcsProperty,
  type OdcsQuality,
  type OdcsSchemaObject,
} from './contract/index.js'
export { IngestError, ingestFile, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest/ingest-file.js'
export { LOAD_MODES, type LoadMode } from './ingest/load-table.js'
export { productSources, recentProductLoads, recordProductLoad, type ProductLoad, type ProductSource } from './ingest/load-record.js'
export { productOfTable } from './ingest/product-of-table.js'
