// The refresh of the analytics features (what `datamesh analytics refresh` runs).
export { refreshFeatures, writeFeatures, REFRESH_INPUTS, REFRESH_OUTPUTS, type RefreshOptions, type RefreshReport, type RunRecord } from './refresh-features.js'
export { CHURN_THRESHOLDS, DEMAND_WINDOW_DAYS, DEMAND_WINDOW_WEEKS, FeatureAggregator, churnRisk, round, type CustomerFeatureValues, type OrderObservation, type ProductDemandValues } from './features.js'
export { checkGoverned, readConnection, RefreshError, type ConnectionRead, type GatewayRequest } from './gateway-reader.js'
export { ANALYTICS_PURPOSE, ANALYTICS_SERVICE, PURPOSE_HEADER, serviceHeaders, subjectOf } from './identity.js'
