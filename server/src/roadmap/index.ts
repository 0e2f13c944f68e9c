/**
 * Roadmaps: reading the production-readiness roadmaps teams keep (parser, mojibake repair, mapping
 * of items to checks), holding them against the evidence (used by the `roadmap/*` rules), writing a
 * true one (`readiness roadmap`, the editor's Generate Roadmap) and summarising them for the tree.
 */
export { repairLine, repairText, hasMojibake } from './mojibake';
export { parseRoadmap, cleanText, GENERATED_MARKER, type RoadmapDoc, type RoadmapItem, type RoadmapClaim, type MarkKind } from './parse';
export type { ItemStatus, Priority } from './marks';
export { findRoadmaps, roadmapPaths, roadmapOf, isRoadmapName } from './discover';
export { CROSS_RULE, mappingTable, MANUAL, CATEGORY_LABELS, categoryOfLabel, mapItem, matchEntries, expandRef, registryOf, type MappingEntry, type ItemMapping, type Registry } from './mapping';
export { evaluateRoadmaps, evaluateClaim, scoreBounds, DEFAULT_TOLERANCE, type DocEvaluation, type ItemEvaluation, type ClaimEvaluation, type ItemGroup, type Verdict } from './evaluate';
export { tickEdit } from './tick';
export { renderRoadmap, mergeRoadmap, generateRoadmap, isGeneratedRoadmap, lineKey, type RoadmapOptions } from './writer';
export { roadmapForWorkspace, type GenerateOptions } from './generate';
export { roadmapSummary, type RoadmapDocSummary, type SummaryItem, type SummaryClaim } from './summary';
