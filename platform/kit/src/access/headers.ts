// The HTTP headers the mesh defines, in one place.

/** Where a client declares its purpose; the gateway checks the token approves it. */
export const PURPOSE_HEADER = 'x-datamesh-purpose'

/** Where the gateway sends a subgraph the signed grant of one call. */
export const GRANT_HEADER = 'x-datamesh-grant'
