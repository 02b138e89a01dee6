// @datamesh/products: data as a product — descriptors, contracts, quality and lineage.
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
export { DescriptorError, loadProducts, readProductFile } from './descriptor/load-products.js'
export { PRODUCT_RULES, validateProducts, type ProductProblem, type ProductRule } from './descriptor/validate-products.js'
