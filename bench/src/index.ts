// @datamesh/bench: the DataMesh gateway measured side by side with its peers.
export { benchMain } from './main.js'
export { BENCH_HELP, BENCH_OPTIONS, GATEWAY_CONTENDERS, settingsFrom } from './options.js'
export { runBench, type BenchResults, type BenchSettings, type Measurement } from './run.js'
