// Public API of the run comparison (used by `workbench compare`).
export { alignBenchmark, alignRuns, AlignmentError, datasetDifferences } from "./align.js";
export { compareRuns, comparePair, gateFailures, DEFAULT_OPTIONS } from "./compare-runs.js";
export { loadResultFile, loadRuns, checkItems } from "./load.js";
export { mcnemarExact, binomHalfCdf } from "./stats/mcnemar.js";
export { pairedBootstrap, clusterBootstrap, midQuantile, percentileInterval } from "./stats/bootstrap.js";
export { signFlipTest } from "./stats/permutation.js";
export { Xoshiro128, streamRng } from "./stats/prng.js";
export { decideVerdict } from "./verdict.js";
export { reportText } from "./report-text.js";
export { reportJson } from "./report-json.js";
export { reportHtml, renderHtml, loadFlipTexts } from "./report-html.js";
export type * from "./types.js";
