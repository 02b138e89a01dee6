import type { GovernanceDatabase } from '@datamesh/governance'
import type { DomainContext } from '@datamesh/kit'
import type { Loaders } from './loaders.js'

export type Context = DomainContext<GovernanceDatabase, Loaders>
