/**
 * The one contract between the VS Code client and the language server: every custom request and
 * notification, typed, with a sentence on who sends it and why. Both sides import this module; it
 * depends only on `vscode-languageserver-protocol` (shared by the client and server libraries) and plain data types so that neither bundle pulls in the other.
 */
import { NotificationType, RequestType, RequestType0, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { Report } from '../core/types';
import type { Waiver } from '../manifest/schema';
import type { RoadmapDocSummary } from '../roadmap/summary';

export type { RoadmapDocSummary, SummaryItem, SummaryClaim } from '../roadmap/summary';
/** The report's vocabulary as the client sees it (the client imports nothing of the server but this module). */
export type { Report, CategoryResult, CheckResult, Finding } from '../core/types';
export { SEVERITY_LEVEL } from '../core/types';
export { ruleDocsUrl } from '../version';
export { MANIFEST_GLOB } from '../core/manifest-names';

/** The diagnostic `source` of every finding the server publishes. */
export const DIAGNOSTIC_SOURCE = 'readiness';

/** Names of the client commands the server refers to in code actions (kept in one place). */
export const ClientCommands = {
  /** Asks the user for a reason, then inserts an inline `readiness-ignore` comment. Args: [SuppressCommandArgs]. */
  suppressInline: 'readiness.suppressInline',
  /** Asks the user for a waiver reason, then adds a waiver to readiness.yaml. Args: [SuppressCommandArgs]. */
  addWaiver: 'readiness.addWaiver',
  /** Offers the missing files to scaffold and creates the chosen ones. Args: [ids?: string[]]. */
  scaffold: 'readiness.scaffold',
  /** Opens the created files after a fix or a scaffold. Args: [uris: string[]]. */
  openFiles: 'readiness.openFiles',
  /** Saves the files a fix created (so that they exist on disk) and opens the first one. Args: [uris: string[]]. */
  afterFix: 'readiness.afterFix',
  /** Reveals a check in the readiness tree. Args: [ruleId: string]. */
  revealCheck: 'readiness.revealCheck',
  /** Writes (or updates) docs/ROADMAP.md from the measured state. Args: none. */
  generateRoadmap: 'readiness.generateRoadmap',
} as const;

/** What the `data` field of every published diagnostic holds. */
export interface DiagnosticData {
  ruleId: string;
  category: string;
  /** The rule's own severity (critical, high, medium, low), before the editor's mapping. */
  severity: string;
  /** Workspace-relative path of the finding's file, or null for a repository-level finding. */
  file: string | null;
  /** The rule's mechanical fix, in the engine's own shape (applied by the generic fix provider). */
  fix?: import('../core/types').Fix;
  /** Rule-specific data (for example a "did you mean" suggestion). */
  extra?: Record<string, unknown>;
  /**
   * Set on the one summary diagnostic per category that stands, on the manifest, for the category's
   * repository-level findings (which are listed in the tree and the score panel).
   */
  summary?: { category: string; count: number };
}

/** The code of a category's summary diagnostic on the manifest: `repository/<category>`. */
export const REPOSITORY_SUMMARY_PREFIX = 'repository/';

/** Arguments of the suppression commands, carried from a code action to the client. */
export interface SuppressCommandArgs {
  uri: string;
  ruleId: string;
  /** Zero-based line of the finding (inline suppressions only). */
  line?: number;
  /** True for a `readiness-ignore-file` comment that covers the whole file (inline suppressions only). */
  wholeFile?: boolean;
  /** Workspace-relative path of the finding's file, when there is one (waivers scope to it). */
  file?: string | null;
}

/**
 * The waiver reasons with a line of help each, for the client's picker. Typed by the manifest schema,
 * so that the compiler fails when a reason is added there and not here (the client bundle stays free
 * of zod).
 */
export const WAIVER_REASON_HELP: Record<Waiver['reason'], string> = {
  'not-applicable': 'the check does not apply to this project',
  'accepted-risk': 'the team knowingly accepts the risk',
  'remediated-elsewhere': 'another control covers it',
  'false-positive': 'the finding is wrong',
  planned: 'the fix is planned; set an expiry date',
};

/** Identifies one workspace folder; omitted, the first folder is meant. */
export interface FolderParams {
  folder?: string;
}

/** One audit of a workspace, kept for the score trend. */
export interface HistoryPoint {
  /** ISO timestamp of the audit. */
  at: string;
  score: number;
  level: string;
}

/** The answer to `readiness/report`. */
export interface ReportResult {
  /** URI of the folder the report is about. */
  folder: string;
  /** The last full report, or null before the first audit finished. */
  report: Report | null;
  /** Past scores of this folder in this session of the server (the client keeps longer history). */
  history: HistoryPoint[];
  /**
   * The roadmap documents of the workspace with their items grouped (done, claimed but failing,
   * open, manual) and their false claims, for the tree's Roadmap node; empty when there are none.
   */
  roadmap?: RoadmapDocSummary[];
}

/** Client → server: returns the last report of a folder, for the tree view, the status bar and the panel. */
export const ReportRequest = new RequestType<FolderParams, ReportResult, void>('readiness/report');

/** Server → client: a new report is ready for a folder; the client then asks for it with `readiness/report`. */
export interface ReportReadyParams {
  folder: string;
  score: number;
  level: string;
  /** Why the audit ran: `initial`, `save`, `files`, `manifest`, `settings` or `command`. */
  trigger: string;
}
export const ReportReadyNotification = new NotificationType<ReportReadyParams>('readiness/reportReady');

/** Client → server: runs a full audit of the folder now (the "Audit Workspace" command). */
export interface AuditParams extends FolderParams {
  /** When true, the server sends `readiness/auditProgress` notifications. */
  progress?: boolean;
}
export interface AuditResult {
  folder: string;
  score: number;
  level: string;
  findings: number;
  durationMs: number;
}
export const AuditRequest = new RequestType<AuditParams, AuditResult | null, void>('readiness/audit');

/** Server → client: progress of a full audit started by `readiness/audit`, for the progress notification. */
export interface AuditProgressParams {
  folder: string;
  done: number;
  total: number;
  ruleId: string;
}
export const AuditProgressNotification = new NotificationType<AuditProgressParams>('readiness/auditProgress');

/** Counters of rule evaluations, for the incremental-analysis benchmark and tests. */
export interface ServerStats {
  /** Number of document edits analysed incrementally. */
  edits: number;
  /** Rule evaluations done for the last edit (one per file rule run on the edited file). */
  lastEditEvaluations: number;
  /** Rule evaluations done for all edits together. */
  editEvaluations: number;
  /** Full audits run. */
  fullAudits: number;
  /** Duration of the last full audit, in milliseconds. */
  lastAuditMs: number;
  /** Duration of the last incremental run, in milliseconds. */
  lastEditMs: number;
}
/** Client (or test) → server: returns the counters above. */
export const StatsRequest = new RequestType0<ServerStats, void>('readiness/stats');

/** The report formats the "Export Report" command offers. */
export type ExportFormat = 'markdown' | 'sarif' | 'json';
export interface ExportParams extends FolderParams {
  format: ExportFormat;
}
export interface ExportResult {
  content: string;
  /** A suggested file name, such as `readiness-report.sarif`. */
  fileName: string;
}
/** Client → server: renders the last report with the CLI's report writers. */
export const ExportRequest = new RequestType<ExportParams, ExportResult | null, void>('readiness/export');

/** A file the scaffolder can create. */
export interface ScaffoldCandidate {
  id: string;
  /** Workspace-relative path of the file it creates. */
  path: string;
  title: string;
  description: string;
  /** True when a file already exists there (it is then never written). */
  exists: boolean;
  /** True when an open finding asks for this file. */
  recommended: boolean;
}
/** Client → server: lists the files the scaffolder can create for the detected stack. */
export const ScaffoldPlanRequest = new RequestType<FolderParams, ScaffoldCandidate[], void>('readiness/scaffoldPlan');

export interface ScaffoldParams extends FolderParams {
  /** Ids of the candidates to create; all missing recommended ones when omitted. */
  ids?: string[];
}
export interface ScaffoldResult {
  /** Creates the files (with `ignoreIfExists`) and fills them. */
  edit: WorkspaceEdit;
  /** URIs of the files the edit creates. */
  files: string[];
}
/** Client → server: the workspace edit that creates the chosen files, never overwriting one. */
export const ScaffoldRequest = new RequestType<ScaffoldParams, ScaffoldResult, void>('readiness/scaffold');

export interface SuppressEditParams extends SuppressCommandArgs {
  kind: 'inline' | 'waiver';
  /** The reason: free text for an inline suppression, one of the manifest's waiver reasons for a waiver. */
  reason: string;
  note?: string;
}
/** Client → server: the edit that adds an inline suppression or a manifest waiver, or null when none fits. */
export const SuppressEditRequest = new RequestType<SuppressEditParams, WorkspaceEdit | null, void>('readiness/suppressEdit');

/** Which fixable findings a fix request applies, all at once through the engine's applier. */
export type FixScope =
  /** One finding, named by its rule, file, start line and message as the report gave them. */
  | 'finding'
  /** Every finding of one check (rule), in every file. */
  | 'check'
  /** Every finding of one rule in one file whose fix only edits that file. */
  | 'rule-in-file'
  /** Every finding in one file whose fix only edits that file (what `source.fixAll.readiness` does). */
  | 'file'
  /** Every fixable finding of the folder. */
  | 'workspace';

export interface FixParams extends FolderParams {
  scope: FixScope;
  ruleId?: string;
  /** Workspace-relative path of the file (`finding`, `rule-in-file`, `file`); null for a repository-level finding. */
  file?: string | null;
  /** Zero-based start line of the finding (`finding`). */
  line?: number;
  /** The finding's message (`finding`), to tell apart two findings of one rule on one line. */
  message?: string;
}
export interface FixResult {
  /** The edit: minimal text edits against the document versions the server analysed, and file creations. */
  edit: WorkspaceEdit;
  /** How many fixes the edit applies. */
  fixes: number;
  /** URIs of the files the edit creates (the client saves and opens them). */
  created: string[];
  /** URIs of the existing files the edit changes. */
  changed: string[];
  /** Why some fixes were left out, for the user. */
  skipped: string[];
}
/**
 * Client → server: the workspace edit that applies the fixes of a scope (the tree's Apply Fix, Fix All
 * commands). Built by the server's one fix path; the client only applies it.
 */
export const FixRequest = new RequestType<FixParams, FixResult | null, void>('readiness/fix');

/** The code-action kind of "fix everything fixable in this file", usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.readiness';

/** The roadmap the "Generate Roadmap" command writes (`docs/ROADMAP.md` unless a path is given). */
export interface GenerateRoadmapParams extends FolderParams {
  /** Workspace-relative path of the roadmap; `docs/ROADMAP.md` by default. */
  path?: string;
}
export interface GenerateRoadmapResult {
  /** Workspace-relative path and URI of the roadmap. */
  path: string;
  uri: string;
  /** The roadmap text, measured so that it is true once written (merged into the previous one when we wrote it). */
  text: string;
  /** True when a file (or an open buffer) is already at `path`. */
  exists: boolean;
  /**
   * True when the file at `path` was written by readiness (it may be replaced with `text`, which keeps
   * the team's own lines); false when the team wrote it: the client must never overwrite it.
   */
  ours: boolean;
  score: number;
  level: string;
}
/**
 * The server will not produce the roadmap at `path`, and says why in words the user can act on: the path
 * is a link leading outside the repository, or the roadmap it wrote has unbalanced markers, so a rewrite
 * would lose the team's lines.
 */
export interface GenerateRoadmapRefusal {
  path: string;
  refused: string;
}
/** Client → server: computes the roadmap text for the folder; writes nothing (the client applies it as an edit). */
export const GenerateRoadmapRequest = new RequestType<GenerateRoadmapParams, GenerateRoadmapResult | GenerateRoadmapRefusal | null, void>('readiness/generateRoadmap');

/** The settings of the `readiness` section, pulled per resource by the server. */
export interface ReadinessSettings {
  enable: boolean;
  /** Category id → enabled; a category set to false is left out of the editor's audits. */
  categories: Record<string, boolean>;
  /** Rule id, `area/*` or category id → `error`, `warning`, `information`, `hint` or `off`. */
  severityOverrides: Record<string, string>;
  /** Files larger than this many bytes are not analysed (the manifest's `maxFileSize` wins). */
  maxFileSize: number;
  /** Milliseconds to wait after a keystroke before re-checking the edited file. */
  debounceMs: number;
}

/** The defaults of the settings above (the same as in package.json). */
export const DEFAULT_SETTINGS: ReadinessSettings = {
  enable: true,
  categories: {},
  severityOverrides: {},
  maxFileSize: 1024 * 1024,
  debounceMs: 200,
};
