// The governance store: the audit trail, the gateway's latency measurements, the quality
// results and the loads of files into domain tables, in the governance database — embedded under `.data/governance/`, or
// `datamesh_governance` on a server.
import { migrateToLatest, openDomainDatabase, type DomainDatabase, type OpenDatabaseOptions } from '@datamesh/kit'
import * as createAuditEvents from '../../migrations/0001_create_audit_events.js'
import * as auditEventsNoTruncate from '../../migrations/0002_audit_events_no_truncate.js'
import * as createRootFieldLatency from '../../migrations/0003_create_root_field_latency.js'
import * as createQualityResults from '../../migrations/0004_create_quality_results.js'
import * as chainAuditEvents from '../../migrations/0005_chain_audit_events.js'
import * as auditWriterRole from '../../migrations/0006_audit_writer_role.js'
import * as createProductLoads from '../../migrations/0007_create_product_loads.js'
import type { GovernanceDatabase } from './audit-event.js'

export const GOVERNANCE_STORE = 'governance'

export const governanceMigrations = {
  '0001_create_audit_events': createAuditEvents,
  '0002_audit_events_no_truncate': auditEventsNoTruncate,
  '0003_create_root_field_latency': createRootFieldLatency,
  '0004_create_quality_results': createQualityResults,
  '0005_chain_audit_events': chainAuditEvents,
  '0006_audit_writer_role': auditWriterRole,
  '0007_create_product_loads': createProductLoads,
}

export async function openGovernanceStore(options: OpenDatabaseOptions = {}): Promise<DomainDatabase<GovernanceDatabase>> {
  const store = await openDomainDatabase<GovernanceDatabase>(GOVERNANCE_STORE, options)
  try {
    await migrateToLatest(store.db, governanceMigrations)
    return store
  } catch (error) {
    await store.close()
    throw error
  }
}
