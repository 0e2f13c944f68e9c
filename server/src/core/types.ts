/**
 * The vocabulary of the readiness engine: rules, findings, fixes, check results and reports.
 *
 * Everything here is plain data so that the CLI, the language server and the tests can share it.
 * Positions are zero-based (line and character), as in the Language Server Protocol; the report
 * writers convert them to one-based lines and columns for people and for SARIF.
 */
import type { SourceFile } from './source';
import type { Facts } from './facts';
import type { Workspace } from './workspace';
import type { ZodType } from 'zod';
import type { Manifest } from '../manifest/schema';
import type { CategoryId, PathRole, ProjectKind, Range, FileKind, AuditNote, RoleTree } from './vocabulary';

export * from './vocabulary';

/** How much a failing check matters. Weights follow OpenSSF Scorecard's risk levels. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Scoring weight of each severity. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 7.5, medium: 5, low: 2.5 };

/**
 * How a severity is shown everywhere (text report, SARIF, CI gates, editor diagnostics), so that an
 * "error" in the terminal is an error in the Problems panel too.
 */
export const SEVERITY_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** All severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** The scored categories in the order reports show them. `manifest` holds meta findings and is never scored. */
export const CATEGORIES: readonly CategoryId[] = [
  'containers',
  'ci-cd',
  'security',
  'testing',
  'observability',
  'documentation',
  'operations',
  'reliability',
  'performance',
  'quality',
  'roadmap',
];

/** Human titles of the categories. */
export const CATEGORY_TITLES: Record<CategoryId, string> = {
  containers: 'Containers',
  'ci-cd': 'CI/CD',
  security: 'Security',
  testing: 'Testing',
  observability: 'Observability',
  documentation: 'Documentation',
  operations: 'Operations',
  reliability: 'Reliability',
  performance: 'Performance',
  quality: 'Code quality',
  roadmap: 'Roadmap accuracy',
  manifest: 'Manifest',
};

/** Maturity levels, in increasing order. `none` means not even the prototype level is reached. */
export type Level = 'prototype' | 'mvp' | 'production';
export const LEVELS: readonly Level[] = ['prototype', 'mvp', 'production'];
export type ReachedLevel = Level | 'none';

/** One change that a fix makes. A `create` never overwrites: it is skipped when the file exists. */
export type FixChange =
  | { kind: 'edit'; file: string; range: Range; newText: string }
  | { kind: 'create'; file: string; content: string };

/** A mechanical fix for a finding, applied by the editor as one workspace edit. */
export interface Fix {
  title: string;
  changes: FixChange[];
}

/** A finding as a rule reports it; the engine fills in the rule id, category and effective severity. */
export interface RuleFinding {
  message: string;
  /** Workspace-relative POSIX path, or null/undefined when the finding is about the repository. */
  file?: string | null;
  range?: Range;
  fix?: Fix;
  /** Extra data carried to the editor for fixes (kept JSON-serialisable). */
  data?: Record<string, unknown>;
  /** Overrides the rule's severity for this one finding. */
  severity?: Severity;
}

/** A piece of evidence a check found: what it saw and where, so a user can see why. */
export interface Evidence {
  message: string;
  file?: string;
  line?: number;
}

/** The outcome of a check; `score` (0-1) is the credit given for `partial`. */
export interface RuleOutcome {
  status: 'pass' | 'partial' | 'fail' | 'not-applicable';
  score?: number;
  findings: RuleFinding[];
  evidence?: Evidence[];
  /** Why the check does not apply, or a one-line summary of the outcome. */
  reason?: string;
}

/** Identifier of the same check in another well-known tool. */
export interface RelatedId {
  tool: 'hadolint' | 'trivy' | 'checkov' | 'scorecard' | 'zizmor' | 'actionlint' | 'kube-score' | 'secretlint' | 'docker' | 'polaris' | 'owasp-asvs' | 'bandit' | 'gosec';
  id: string;
}

/**
 * How roadmaps write the practice a rule checks: "Create multi-stage Dockerfile" is about
 * docker/multi-stage-build. `roadmap/mapping.ts` builds the item → rule table from the phrases every
 * rule declares, merged by `rank` with its own short table of phrases that stand for several rules.
 */
export interface RoadmapPhrase {
  /** What the phrase stands for, in messages ("the multi-stage Dockerfile"). */
  topic: string;
  /** Tested on the item's lower-cased words. */
  match: RegExp;
  /** The phrase does not apply when this also matches ("container scanning" is not the hardened Dockerfile). */
  unless?: RegExp;
  /** Broad phrases ("the CI pipeline") count only when no specific phrase matches the item. */
  broad?: boolean;
  /** Files whose absence alone contradicts an item marked done ("Dockerfile"). */
  requires?: { kinds: FileKind[]; what: string };
  /**
   * The phrase's place in the mapping table, lowest first. When an item matches several specific
   * phrases, all of them count, in this order: the first names the check that matters most (it
   * leads the item's checks and topics), so a narrow phrase ranks before a wider one it overlaps
   * ("tests in CI" before "the test suite"). Ranks are unique across the catalogue and the table
   * (`test/rule-ids.test.ts`) and spaced by 10, so that a new phrase can go between two.
   */
  rank: number;
}

/**
 * The files Scaffold Missing Files can create (`lsp/scaffold`), each named by the rules whose
 * findings it answers (`RuleMeta.scaffold`). The starter manifest is offered for itself and answers
 * no rule.
 */
export type ScaffoldId = 'dockerfile' | 'dockerignore' | 'gitignore' | 'env-example' | 'runbook' | 'disaster-recovery' | 'security-policy' | 'ci' | 'dependabot';

/** The metadata every rule declares once. */
export interface RuleMeta {
  /** Stable kebab-case id, `area/name`; never renamed. */
  id: string;
  category: CategoryId;
  severity: Severity;
  title: string;
  /** Why the check matters, in one or two sentences. */
  rationale: string;
  /** The lowest maturity level that requires this check to pass. */
  level: Level;
  /** Documentation link; defaults to the rule's page in the project docs. */
  docs?: string;
  related?: RelatedId[];
  /** True when at least some findings carry a mechanical fix. */
  fixable?: boolean;
  /**
   * The rule's options as a zod object schema with a default for each (see `core/rule-options.ts`):
   * the manifest's `rules.<id>.options` are validated against it, and it feeds the manifest's JSON schema.
   */
  optionsSchema?: ZodType<Record<string, unknown>>;
  /** How roadmaps write what this rule checks, so that their items map to it (`roadmap/mapping.ts`). */
  roadmap?: readonly RoadmapPhrase[];
  /** The file Scaffold Missing Files creates to answer this rule's findings, when one does. */
  scaffold?: ScaffoldId;
  /**
   * `post` rules run after all others and see their results (`RuleContext.results` and `measured`);
   * the roadmap rules use this to hold a document's claims against the measured state.
   */
  phase?: 'post';
  /**
   * Rules this one depends on (one root cause, one finding): while one of them fails outright, this
   * check still fails and earns nothing, but its findings are folded into the prerequisite's finding
   * instead of repeating the same cause (with no CI at all, one "no CI" finding instead of five).
   */
  requires?: string[];
  /**
   * An absence check ("no secrets are committed", "no container runs privileged"). A passing guard
   * earns nothing and is left out of the score's denominator (nothing earns nothing); a failing guard
   * costs its full weight and blocks its level.
   */
  guard?: boolean;
  /**
   * The trees this rule judges (`core/roles.ts`). By default a rule sees the product, plus the pages
   * of documentation sites for the documentation, operations and reliability categories, and the
   * test and benchmark trees for the testing and performance categories (`defaultRoles`). Guards
   * that look for leaked secrets say `'all'`: a key in a fixture is as leaked as one in the product.
   */
  roles?: readonly PathRole[] | 'all';
  /**
   * The kinds of project this rule is asked of; by default every kind. Service-only rules (runbooks,
   * health checks, load tests, DR...) say `SERVICE_KINDS`, and are not applicable to a library or a CLI.
   */
  projectKinds?: readonly ProjectKind[];
  /**
   * The practice counts only when something runs it (tests, coverage thresholds, linters,
   * formatters, type checks, load tests, benchmarks). In a repository without any CI the engine caps
   * such a check at a quarter of its credit and says that nothing runs it; whether a CI that exists runs it is
   * the rule's own judgement.
   */
  enforcedByCi?: boolean;
}

/** What every check can see: the workspace, its facts, the manifest and its own options. */
export interface RuleContext {
  ws: Workspace;
  facts: Facts;
  manifest: Manifest;
  options: Record<string, unknown>;
  /** The time the audit runs at (for expiry dates), fixed for one audit. */
  now: Date;
  /** For `post` rules only: the results of every other check, by rule id. */
  results?: ReadonlyMap<string, CheckResult>;
  /** For `post` rules only: the score and categories measured from the other checks. */
  measured?: { score: number; level: ReachedLevel; categories: CategoryResult[] };
  /**
   * For `post` rules only: every rule the audit knows (the catalogue and the audit's own rules),
   * whether it ran or not; the roadmap rules map items through the phrases these rules declare.
   */
  catalog?: readonly RuleMeta[];
}

/** A rule that looks at each file of some kinds on its own; the editor re-runs it on every edit. */
export interface FileRule extends RuleMeta {
  scope: 'file';
  kinds: FileKind[];
  /** Returns false or a reason string when the rule does not apply to this project. */
  applies?: (facts: Facts, ctx: RuleContext) => boolean | string;
  /**
   * True when a file holds what this rule judges (for an apt rule, a RUN that runs `apt-get install`).
   * Nothing earns nothing: files without it are neither checked nor counted, and a rule that examines
   * no file at all is not applicable. Without it, every file of the rule's kinds is examined.
   */
  examines?: (file: SourceFile, ctx: RuleContext) => boolean;
  /** What `examines` looks for, as a noun phrase ("`apt-get install`"), for reasons and evidence. */
  examinesWhat?: string;
  checkFile(file: SourceFile, ctx: RuleContext): RuleFinding[];
}

/** A rule about the repository as a whole (a file that must exist, a practice that must be in place). */
export interface WorkspaceRule extends RuleMeta {
  scope: 'workspace';
  applies?: (facts: Facts, ctx: RuleContext) => boolean | string;
  check(ctx: RuleContext): RuleOutcome | Promise<RuleOutcome>;
}

export type Rule = FileRule | WorkspaceRule;

/** Final status of a check in a report. */
export type CheckStatus = 'pass' | 'partial' | 'fail' | 'waived' | 'not-applicable';

/** A finding as reports show it. */
export interface Finding {
  ruleId: string;
  category: CategoryId;
  severity: Severity;
  message: string;
  file: string | null;
  range?: Range;
  fix?: Fix;
  data?: Record<string, unknown>;
  /** Set when a waiver or an inline suppression covers this finding. */
  waived?: { by: 'manifest' | 'inline'; reason: string; note?: string };
  /** Ids of the failing checks whose findings this one stands for (they need what this finding asks for). */
  folded?: string[];
  /** Identity that survives line moves (`core/fingerprint.ts`), set at the end of an audit. */
  fingerprint?: string;
  /** Set when the audit is compared with a baseline: `unchanged` findings never fail a gate. */
  baselineState?: 'new' | 'unchanged';
}

/** One rule's result in a report. */
export interface CheckResult {
  ruleId: string;
  category: CategoryId;
  severity: Severity;
  level: Level;
  title: string;
  status: CheckStatus;
  /** Credit earned, 0-1 (1 for pass, 0 for fail). */
  credit: number;
  /** Set for absence checks: a passing guard earns nothing and is left out of the score. */
  guard?: boolean;
  reason?: string;
  evidence: Evidence[];
  findings: Finding[];
  /**
   * The prerequisite check that fails and carries this check's findings (see `RuleMeta.requires`);
   * the check still fails and earns nothing, and its own findings are left out.
   */
  blockedBy?: string;
}

/** One category's score line, as in the seeds' scorecards. */
export interface CategoryResult {
  id: CategoryId;
  title: string;
  /** 0-100, or null when no check of the category applies. */
  score: number | null;
  target: number;
  /** Target minus score (never negative), or null when the score is null. */
  gap: number | null;
  priority: 'critical' | 'high' | 'medium' | 'low' | 'done';
  weight: number;
  enabled: boolean;
  counts: Record<CheckStatus, number>;
}

/** A next step, ranked by the points it is worth. */
export interface NextStep {
  ruleId: string;
  title: string;
  category: CategoryId;
  severity: Severity;
  points: number;
  status: CheckStatus;
  fix?: string;
  file: string | null;
  line?: number;
  /** True when this check blocks the next maturity level. */
  blocksLevel?: Level;
}

/** The result of one audit. */
export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  root: string;
  score: number;
  level: ReachedLevel;
  targetLevel: Level;
  nextLevel: Level | null;
  /** Checks that keep the next level from being reached. */
  blockers: string[];
  categories: CategoryResult[];
  checks: CheckResult[];
  findings: Finding[];
  nextSteps: NextStep[];
  facts: Facts;
  notes: AuditNote[];
  stats: { files: number; analysedFiles: number; rules: number; durationMs: number };
  /** When the audit ran (its clock), as an ISO 8601 timestamp. */
  generatedAt?: string;
  /**
   * How much of the repository the audit could judge (principle 7): applicable checks out of all
   * checks, files analysed out of all files, and the files no rule could read.
   */
  coverage: Coverage;
  /** The product and helper trees and the kind of project, with why (`core/roles.ts`). */
  project: ProjectSummary;
}

/** The share of the repository an audit could judge. */
export interface Coverage {
  /** Checks that applied (not `not-applicable`), and all checks run. */
  applicableChecks: number;
  checks: number;
  /** Checks that earned or cost points (guards that pass are not among them). */
  scoredChecks: number;
  /** Files read and analysed, and all files discovered. */
  analysedFiles: number;
  files: number;
  /** Files skipped or unreadable (too large, binary, failed to parse...), from the notes. */
  unreadableFiles: number;
}

/** What the audit judged as the product and what as helpers, and the project's kind, with why. */
export interface ProjectSummary {
  kind: ProjectKind;
  kindWhy: string[];
  /** The deployable units of the product (Dockerfiles, compose files, charts, main modules) and why. */
  product: RoleTree[];
  /** Helper trees, which product rules do not judge. */
  helpers: RoleTree[];
}
