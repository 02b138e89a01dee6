// @datamesh/cli: the datamesh command, and the mesh helpers its commands share.
export { main, commands } from './main.js'
export { composeMesh } from './mesh/compose-mesh.js'
export { loadDomains, selectDomains } from './mesh/domains.js'
export { UsageError } from './usage-error.js'
