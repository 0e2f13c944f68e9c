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
  /** True when the finding belongs to no open file and is shown on the manifest instead. */
  repositoryLevel?: boolean;
}

/** Arguments of the suppression commands, carried from a code action to the client. */
export interface SuppressCommandArgs {
  uri: string;
  ruleId: string;
  /** Zero-based line of the finding (inline suppressions only). */
  line?: number;
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
/** Client → server: computes the roadmap text for the folder; writes nothing (the client applies it as an edit). */
export const GenerateRoadmapRequest = new RequestType<GenerateRoadmapParams, GenerateRoadmapResult | null, void>('readiness/generateRoadmap');

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
