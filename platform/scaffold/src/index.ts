// @datamesh/scaffold: self-serve domains, from a team's data files to a domain package.
export { inferTable, tableName, SAMPLE_ROWS, type Classification, type Classify, type ColumnPlan, type TablePlan } from './infer/infer-table.js'
export type { ColumnType } from './infer/column-types.js'
export { parseOwner, type DomainPlan, type Owner } from './plan.js'
export { domainFiles, entitiesOf, nextPort, planDomain, writeDomain, type ExistingDomain, type NewDomainRequest } from './new-domain.js'
export { filtersOf, type FilterPlan } from './write/filters.js'
export { rootFields } from './write/schema-sdl.js'
export { productId } from './write/descriptor.js'
