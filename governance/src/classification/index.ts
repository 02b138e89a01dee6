// Automated classification: proposes `@tag(name: "pii" | "confidential")` and a fitting
// `@mask` for a column from its name and sampled values, with evidence and a confidence.
//
// Pure: no database, no files. Values are raw samples as they come: strings (CSV),
// numbers, booleans, null and Dates (JSON Lines, a database driver). Pass the column's
// type when known (a SQL type or a GraphQL scalar): numeric, boolean and timestamp
// columns are then classified by name only. docs/classification.md lists what is detected.
export { classifyColumn, proposeClassification } from './classify-column.js'
export { FINDING_KINDS, MIN_CONFIDENCE, type ColumnSample, type Finding, type FindingKind, type ProposedClassification } from './finding.js'
