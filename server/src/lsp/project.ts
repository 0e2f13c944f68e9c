/**
 * The language server's state for one workspace folder: the engine's Workspace with the open
 * buffers overlaid, the manifest, the facts, the last report, and the findings of each file.
 *
 * Two paths keep diagnostics, the tree and the score fresh, and neither runs a rule itself:
 * - an edit calls the engine's incremental entry point `auditFile` on that file alone (the file rules
 *   for its kind, its waivers and suppressions, its suppression meta findings), publishes its
 *   diagnostics at once and, debounced, merges the result into the report with `updateReport` so that
 *   the tree and the score panel follow typing as the Problems panel does;
 * - a save, a manifest change or files created, deleted or renamed schedule one debounced full audit
 *   (`scheduleAudit`), which refreshes the workspace rules and the report.
 * Repository-level findings (no file) are shown in the tree and the score panel; in the Problems
 * panel they appear only as one summary diagnostic per category on the manifest.
 * Nothing here talks to the connection; the server passes a `ProjectHost`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { audit, auditFile, auditManifest, auditWorkspace, effectiveRules, updateReport, type FileAudit } from '../core/engine';
import { detectFacts, type Facts } from '../core/facts';
import { SourceFile } from '../core/source';
import type { AuditNote, CategoryId, Finding, Report, Rule } from '../core/types';
import { readInside, SafeWriter } from '../core/fsafe';
import { countGitignorePatterns, decodeText, DEFAULT_MAX_FILE_SIZE, formatBytes, GITIGNORE_MAX_BYTES, GITIGNORE_MAX_PATTERNS, VENDORED_DIRS, Workspace } from '../core/workspace';
import { MANIFEST_NAMES, parseManifest, type LoadedManifest } from '../manifest/load';
import type { Manifest } from '../manifest/schema';
import { allRules } from '../rules';
import type { MetaFindings } from '../rules/manifest';
import { roadmapForWorkspace } from '../roadmap/generate';
import { isGeneratedRoadmap } from '../roadmap/writer';
import { type AuditProgressParams, type HistoryPoint, type ReadinessSettings, type ReportReadyParams, type ServerStats } from '../shared/protocol';
import type { Diagnostic, Range } from 'vscode-languageserver/node';
import { summaryDiagnostic, toDiagnostic } from './diagnostics';
import { withSettings } from './settings';
import { fsPathToUri, relativeTo } from './uri';

/** What a project needs from the server around it. */
export interface ProjectHost {
  publish(uri: string, diagnostics: Diagnostic[]): void;
  reportReady(params: ReportReadyParams): void;
  progress(params: AuditProgressParams): void;
  log(message: string): void;
  /** The clock (tests fix it). */
  now(): Date;
}

/** A file event, already made relative to the folder. */
export interface FileEvent {
  rel: string;
  type: 'created' | 'changed' | 'deleted';
}

/** How long to wait after a save or a file event before the full audit, in milliseconds. */
export const AUDIT_DEBOUNCE_MS = 400;

/** How long to wait after the last edit before the tree and the score panel are updated, in milliseconds. */
export const REPORT_UPDATE_DEBOUNCE_MS = 300;

/** The state and the analysis of one workspace folder. */
export class Project {
  /** The folder's URI, as the client names it. */
  readonly folderUri: string;
  ws!: Workspace;
  loaded: LoadedManifest = { manifest: parseManifest(new SourceFile('readiness.yaml', '', 'manifest')).manifest, problems: [] };
  /** The manifest with the settings applied (categories turned off in settings are disabled). */
  manifest!: Manifest;
  facts!: Facts;
  rules: Rule[] = [];
  report: Report | null = null;
  readonly history: HistoryPoint[] = [];
  readonly stats: ServerStats = { edits: 0, lastEditEvaluations: 0, editEvaluations: 0, fullAudits: 0, lastAuditMs: 0, lastEditMs: 0 };

  /** Findings of file rules by path: from the last audit, or from the last edit of that file. */
  private readonly fileFindings = new Map<string, Finding[]>();
  /** Findings of workspace rules by path ('' for repository-level ones), from the last audit. */
  private readonly workspaceFindings = new Map<string, Finding[]>();
  /** The manifest's own findings (schema, unknown ids, expired waivers) and each file's suppression findings. */
  private meta: MetaFindings = { manifest: [], suppressions: new Map() };
  /** Edits analysed but not merged into the report yet (merged, debounced, by `flushReportUpdates`). */
  private readonly pendingUpdates = new Map<string, FileAudit>();
  private updateTimer: NodeJS.Timeout | undefined;
  /** Paths that currently have diagnostics published. */
  private readonly published = new Set<string>();
  /** Texts of the open editors, re-applied when the workspace is reloaded. */
  private readonly overlays = new Map<string, string>();
  /** The versions of the open documents whose text the engine holds (fixes are built against them). */
  private readonly versions = new Map<string, number>();
  private readonly fileRuleIds = new Set<string>();
  private needsReload = true;
  private reloadSignature = '';
  private auditTimer: NodeJS.Timeout | undefined;
  private pendingTrigger = 'save';
  private running: Promise<Report | null> | undefined;
  private editedDuringAudit = new Set<string>();
  private gitignore: Ignore | undefined;
  private disposed = false;

  /** Notes about manifest settings ignored because the folder is not trusted (Restricted Mode). */
  private untrustedNotes: AuditNote[] = [];

  constructor(
    /** Absolute path of the folder. */
    readonly root: string,
    public settings: ReadinessSettings,
    private readonly host: ProjectHost,
    /**
     * False in an untrusted folder (VS Code's Restricted Mode): custom checks with a regular
     * expression and size limits raised above the default are ignored, with a note.
     */
    readonly trusted = true,
  ) {
    this.folderUri = fsPathToUri(root);
    this.reload();
  }

  /** The clock of this server (tests fix it). */
  now(): Date {
    return this.host.now();
  }

  /** The workspace-relative path of an absolute path inside this folder. */
  relOf(abs: string): string | undefined {
    return relativeTo(this.root, abs);
  }

  /** The URI of a workspace-relative path. */
  uriOf(rel: string): string {
    return fsPathToUri(path.join(this.root, ...rel.split('/')));
  }

  /** The path of the manifest, when the folder has one (open buffers count). */
  get manifestPath(): string | undefined {
    return MANIFEST_NAMES.find((n) => this.ws.exists(n));
  }

  /** Applies new settings; the next audit reloads the folder. */
  updateSettings(settings: ReadinessSettings): void {
    this.settings = settings;
    this.needsReload = true;
  }

  // ---- Editor buffers -------------------------------------------------------------------------

  /**
   * An editor opened or changed a file: the engine audits that file (`auditFile`), its diagnostics are
   * published at once, and the report follows after `REPORT_UPDATE_DEBOUNCE_MS`. `version` is the
   * editor's document version of `text`.
   */
  editFile(rel: string, text: string, version?: number): void {
    if (!this.settings.enable) return;
    const started = Date.now();
    this.overlays.set(rel, text);
    if (version !== undefined) this.versions.set(rel, version);
    this.ws.setOverlay(rel, text);
    this.ws.clearNotesFor(rel);
    if (this.running) this.editedDuringAudit.add(rel);
    const isManifest = MANIFEST_NAMES.includes(rel) && rel === this.manifestPath;
    if (isManifest) {
      // The manifest's own diagnostics come at once; what it changes for every other file follows
      // with the debounced full audit.
      this.refreshManifest();
      this.scheduleAudit('manifest');
    }
    const fa = auditFile({ ws: this.ws, path: rel, manifest: this.manifest, facts: this.facts, rules: this.rules, now: this.host.now(), knownRuleIds: allRules.map((r) => r.id) });
    if (fa.readable) {
      this.fileFindings.set(rel, fa.findings);
      if (fa.suppressionFindings.length > 0) this.meta.suppressions.set(rel, fa.suppressionFindings);
      else this.meta.suppressions.delete(rel);
    } else {
      this.fileFindings.delete(rel);
      this.meta.suppressions.delete(rel);
    }
    this.stats.edits++;
    this.stats.lastEditEvaluations = fa.evaluated.length;
    this.stats.editEvaluations += fa.evaluated.length;
    this.stats.lastEditMs = Date.now() - started;
    this.publish(rel);
    if (fa.readable && !isManifest) this.scheduleReportUpdate(fa);
  }

  /** The document version of an open file whose text the engine holds, or null (closed files). */
  versionOf(rel: string): number | null {
    return this.overlays.has(rel) ? this.versions.get(rel) ?? null : null;
  }

  /** Queues one file's results for the report; the tree and the panel are told once typing pauses. */
  private scheduleReportUpdate(fa: FileAudit | undefined): void {
    if (!this.report || this.disposed) return;
    if (fa) this.pendingUpdates.set(fa.path, fa);
    if (this.updateTimer) clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      try {
        this.flushReportUpdates();
      } catch (e) {
        this.host.log(`report update failed: ${(e as Error).stack ?? e}`);
      }
    }, REPORT_UPDATE_DEBOUNCE_MS);
  }

  /** Merges the queued file results into the report and announces it (trigger `edit`). */
  flushReportUpdates(): void {
    if (!this.report || this.pendingUpdates.size === 0) return;
    if (this.running) {
      // The audit under way replaces the report; the edits it did not see are merged after it.
      void this.running.finally(() => this.scheduleReportUpdate(undefined));
      return;
    }
    let report = this.report;
    for (const fa of this.pendingUpdates.values()) {
      report = updateReport(report, fa, { ws: this.ws, manifest: this.manifest, facts: this.facts, rules: this.rules, now: this.host.now(), meta: this.meta });
    }
    this.pendingUpdates.clear();
    this.report = report;
    this.indexWorkspaceFindings(report);
    this.host.reportReady({ folder: this.folderUri, score: report.score, level: report.level, trigger: 'edit' });
  }

  /** An editor closed a file: the disk's text applies again. */
  closeFile(rel: string): void {
    this.overlays.delete(rel);
    this.versions.delete(rel);
    this.ws.setOverlay(rel, undefined);
    if (!this.existsOnDisk(rel)) {
      this.forget(rel);
      this.publish(rel);
    } else if (this.settings.enable) {
      this.editFile(rel, this.ws.read(rel)?.text ?? '');
      this.overlays.delete(rel);
      this.ws.setOverlay(rel, undefined);
    }
  }

  /** The text of a file as the engine sees it (open buffer first). */
  textOf(rel: string): string | undefined {
    return this.ws.read(rel)?.text;
  }

  /**
   * The text a fix is built on: the engine's view, or for a file the workspace leaves out (ignored,
   * too large) its text on disk, so that a fix never creates over a file that exists.
   */
  fixTextOf(rel: string): string | undefined {
    const seen = this.ws.read(rel)?.text;
    if (seen !== undefined) return seen;
    if (this.overlays.has(rel)) return this.overlays.get(rel);
    // A file the walk left out (ignored, too large, a link) still exists: never "create" over it.
    return this.onDisk(rel) ? safeRead(this.root, rel) ?? '' : undefined;
  }

  // ---- File events ----------------------------------------------------------------------------

  /** Files were created, changed or deleted on disk (including renames, which arrive as both). */
  filesChanged(events: FileEvent[]): void {
    let relevant = false;
    for (const e of events) {
      const segs = e.rel.split('/');
      if (segs.some((s) => VENDORED_DIRS.has(s))) continue;
      const base = segs[segs.length - 1];
      if (base === '.gitignore' || MANIFEST_NAMES.includes(e.rel)) this.needsReload = true;
      if (e.type === 'deleted') {
        if (this.ws.exists(e.rel)) this.forget(e.rel);
        else if (this.ws.hasDir(e.rel)) for (const f of this.ws.files.filter((x) => x.startsWith(e.rel + '/'))) this.forget(f);
        else continue;
        relevant = true;
        continue;
      }
      let st: fs.Stats;
      try {
        st = fs.statSync(path.join(this.root, e.rel));
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        this.needsReload = true;
        relevant = true;
        continue;
      }
      if (!st.isFile()) continue;
      if (!this.ws.exists(e.rel) && this.gitignore?.ignores(e.rel)) continue;
      if (this.overlays.has(e.rel) && this.ws.exists(e.rel)) continue;
      this.ws.fileChanged(e.rel, st.size);
      this.ws.clearNotesFor(e.rel);
      relevant = true;
    }
    if (relevant) this.scheduleAudit('files');
  }

  private forget(rel: string): void {
    this.ws.fileDeleted(rel);
    this.ws.clearNotesFor(rel);
    this.fileFindings.delete(rel);
    this.workspaceFindings.delete(rel);
    this.meta.suppressions.delete(rel);
    this.pendingUpdates.delete(rel);
  }

  private existsOnDisk(rel: string): boolean {
    try {
      return fs.statSync(path.join(this.root, rel)).isFile();
    } catch {
      return false;
    }
  }

  /** True when anything is at `rel` on disk (a file the walk skipped, a dangling link), without following it. */
  onDisk(rel: string): boolean {
    try {
      fs.lstatSync(path.join(this.root, ...rel.split('/')));
      return true;
    } catch {
      return false;
    }
  }

  /** Why the safe writer would refuse to create or replace `rel` (see `SafeWriter.refusal`). */
  writeRefusal(rel: string, mode: 'create' | 'replace'): string | undefined {
    try {
      return new SafeWriter(this.root).refusal(rel, mode);
    } catch (e) {
      return `cannot write in ${this.root}: ${(e as Error).message}`;
    }
  }

  // ---- Full audits ----------------------------------------------------------------------------

  /** Schedules one full audit after the debounce delay; later calls push it back. */
  scheduleAudit(trigger: string, delay = AUDIT_DEBOUNCE_MS): void {
    if (this.disposed) return;
    this.pendingTrigger = trigger;
    if (this.auditTimer) clearTimeout(this.auditTimer);
    this.auditTimer = setTimeout(() => {
      this.auditTimer = undefined;
      this.runAudit(this.pendingTrigger).catch((e) => this.host.log(`audit failed: ${(e as Error).stack ?? e}`));
    }, delay);
  }

  /** Runs a full audit now (after any audit already running) and publishes everything. */
  async runAudit(trigger: string, progress = false): Promise<Report | null> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.disposed) return null;
    const p = this.doAudit(trigger, progress);
    this.running = p;
    try {
      return await p;
    } finally {
      this.running = undefined;
    }
  }

  private async doAudit(trigger: string, progress: boolean): Promise<Report | null> {
    if (!this.settings.enable) {
      this.clearAll();
      return null;
    }
    const started = Date.now();
    this.editedDuringAudit.clear();
    this.refreshManifest();
    if (this.needsReload) this.reload();
    for (let i = this.ws.notes.length - 1; i >= 0; i--) if (this.ws.notes[i].kind === 'untrusted') this.ws.notes.splice(i, 1);
    this.ws.notes.push(...this.untrustedNotes);
    dedupeNotes(this.ws);
    this.facts = detectFacts(this.ws, this.manifest);
    let lastSent = 0;
    const { report, meta } = await auditWorkspace({
      ws: this.ws,
      loaded: { ...this.loaded, manifest: this.manifest },
      facts: this.facts,
      now: this.host.now(),
      onProgress: progress
        ? (done, total, ruleId) => {
            const t = Date.now();
            if (done === total || t - lastSent > 100) {
              lastSent = t;
              this.host.progress({ folder: this.folderUri, done, total, ruleId });
            }
          }
        : undefined,
    });
    this.report = report;
    this.meta = meta;
    this.pendingUpdates.clear();
    this.fileFindings.clear();
    for (const c of report.checks) {
      if (!this.fileRuleIds.has(c.ruleId)) continue;
      for (const f of c.findings) {
        if (f.file === null) continue;
        const list = this.fileFindings.get(f.file);
        if (list) list.push(f);
        else this.fileFindings.set(f.file, [f]);
      }
    }
    this.indexWorkspaceFindings(report);
    this.stats.fullAudits++;
    this.stats.lastAuditMs = Date.now() - started;
    this.recordHistory(report, trigger);
    this.publishAll();
    // The report holds what the tree and the panel need; file texts and parse trees are read again
    // on the next audit, so the server does not keep the whole repository in memory between audits.
    this.ws.releaseFiles();
    // Buffers edited while the audit awaited a rule are re-checked with their newest text.
    for (const rel of [...this.editedDuringAudit]) {
      const text = this.overlays.get(rel);
      if (text !== undefined) this.editFile(rel, text);
    }
    this.host.reportReady({ folder: this.folderUri, score: report.score, level: report.level, trigger });
    this.host.log(`audit (${trigger}) of ${this.root}: score ${report.score}, level ${report.level}, ${report.findings.length} finding(s), ${report.stats.files} file(s), ${Date.now() - started} ms`);
    return report;
  }

  /** The findings of workspace rules by file, from a report ('' for repository-level ones). */
  private indexWorkspaceFindings(report: Report): void {
    this.workspaceFindings.clear();
    for (const c of report.checks) {
      if (this.fileRuleIds.has(c.ruleId)) continue;
      for (const f of c.findings) {
        const key = f.file ?? '';
        const list = this.workspaceFindings.get(key);
        if (list) list.push(f);
        else this.workspaceFindings.set(key, [f]);
      }
    }
  }

  /**
   * Keeps the score trend: one point per audit of saved files (not per keystroke or unsaved manifest
   * edit), at most one a minute; a newer audit within the minute replaces the point.
   */
  private recordHistory(report: Report, trigger: string): void {
    if (trigger === 'edit' || (trigger === 'manifest' && this.manifestPath && this.overlays.has(this.manifestPath))) return;
    const at = this.host.now();
    const point = { at: at.toISOString(), score: report.score, level: report.level };
    const last = this.history[this.history.length - 1];
    if (last && at.getTime() - Date.parse(last.at) < 60000) this.history[this.history.length - 1] = point;
    else this.history.push(point);
    if (this.history.length > 50) this.history.splice(0, this.history.length - 50);
  }

  /**
   * The roadmap text for `rel` (the "Generate Roadmap" command), measured with this folder's manifest
   * and settings, after any audit already running. Writes nothing: the generator's trial overlay is
   * taken off again, so the workspace is as before until the client applies and saves the edit.
   */
  async generateRoadmap(rel: string): Promise<{ text: string; exists: boolean; ours: boolean; report: Report } | null> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.disposed || !this.settings.enable) return null;
    const job = (async () => {
      this.refreshManifest();
      if (this.needsReload) this.reload();
      this.facts = detectFacts(this.ws, this.manifest);
      const previous = this.ws.read(rel)?.text;
      const exists = previous !== undefined;
      const ours = !exists || isGeneratedRoadmap(previous);
      const existedBefore = this.ws.exists(rel);
      const date = this.host.now().toISOString().slice(0, 10);
      try {
        const { text, report } = await roadmapForWorkspace(this.ws, ours ? rel : undefined, {
          ...(previous !== undefined ? { previous } : {}),
          date,
          audit: (ws) => audit({ ws, loaded: { ...this.loaded, manifest: this.manifest }, facts: this.facts, now: this.host.now() }),
        });
        return { text, exists, ours, report };
      } finally {
        const open = this.overlays.get(rel);
        this.ws.setOverlay(rel, open);
        if (open === undefined && !existedBefore) this.ws.fileDeleted(rel);
        this.ws.clearNotesFor(rel);
      }
    })();
    this.running = job.then(
      () => null,
      () => null,
    );
    try {
      return await job;
    } finally {
      this.running = undefined;
    }
  }

  /** Re-reads the manifest (open buffer first) and the rules it selects; publishes its diagnostics. */
  private refreshManifest(): void {
    const name = MANIFEST_NAMES.find((n) => this.overlays.has(n)) ?? MANIFEST_NAMES.find((n) => this.existsOnDisk(n));
    let loaded: LoadedManifest;
    if (name) {
      const text = this.overlays.get(name) ?? safeRead(this.root, name) ?? '';
      loaded = parseManifest(new SourceFile(name, text, 'manifest'));
    } else {
      loaded = { manifest: parseManifest(new SourceFile('readiness.yaml', '', 'manifest')).manifest, problems: [] };
    }
    loaded = this.restrict(loaded, name);
    const sig = JSON.stringify([loaded.manifest.ignore, loaded.manifest.maxFileSize ?? this.maxFileSizeSetting()]);
    if (sig !== this.reloadSignature) this.needsReload = true;
    this.loaded = loaded;
    this.manifest = withSettings(loaded.manifest, this.settings);
    this.rules = effectiveRules(this.manifest, allRules);
    this.fileRuleIds.clear();
    for (const r of this.rules) if (r.scope === 'file') this.fileRuleIds.add(r.id);
    // The manifest's meta findings (schema errors, unknown ids, expired waivers) at once.
    this.meta.manifest = auditManifest(this.loaded, this.rules, this.host.now());
  }

  /** The size limit of the settings; in an untrusted folder never above the default. */
  private maxFileSizeSetting(): number {
    return this.trusted ? this.settings.maxFileSize : Math.min(this.settings.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  }

  /**
   * In an untrusted folder, drops the manifest's custom checks that carry a regular expression and a
   * size limit raised above the default, and records why (the tree and the report show the notes).
   */
  private restrict(loaded: LoadedManifest, name: string | undefined): LoadedManifest {
    const notes: AuditNote[] = [];
    if (!this.trusted) {
      const m = loaded.manifest;
      const withPattern = m.checks.filter((c) => c.contains !== undefined);
      const raised = m.maxFileSize !== undefined && m.maxFileSize > DEFAULT_MAX_FILE_SIZE;
      if (withPattern.length > 0) notes.push({ kind: 'untrusted', path: name ?? null, message: `Restricted Mode: ${withPattern.length} custom check(s) with a regular expression are ignored (${withPattern.map((c) => `custom/${c.id}`).join(', ')}); trust the folder to run them` });
      if (raised) notes.push({ kind: 'untrusted', path: name ?? null, message: `Restricted Mode: the raised size limit of readiness.yaml (${formatBytes(m.maxFileSize!)}) is ignored; the default of ${formatBytes(DEFAULT_MAX_FILE_SIZE)} applies` });
      if (this.settings.maxFileSize > DEFAULT_MAX_FILE_SIZE) notes.push({ kind: 'untrusted', path: null, message: `Restricted Mode: the raised readiness.maxFileSize setting is ignored; the default of ${formatBytes(DEFAULT_MAX_FILE_SIZE)} applies` });
      if (withPattern.length > 0 || raised) {
        loaded = { ...loaded, manifest: { ...m, checks: m.checks.filter((c) => c.contains === undefined), ...(raised ? { maxFileSize: undefined } : {}) } };
      }
    }
    this.untrustedNotes = notes;
    return loaded;
  }

  /** Walks the folder again (first audit, new ignore rules, settings, .gitignore or folder changes). */
  private reload(): void {
    if (!this.manifest) this.refreshManifest();
    const fromManifest = this.loaded.manifest.maxFileSize;
    const maxFileSize = fromManifest ?? this.maxFileSizeSetting();
    try {
      this.ws = Workspace.load(this.root, { maxFileSize, ignore: this.loaded.manifest.ignore, maxFileSizeSource: fromManifest !== undefined ? 'readiness.yaml' : 'the readiness.maxFileSize setting' });
    } catch (e) {
      this.host.log(`cannot read ${this.root}: ${(e as Error).message}`);
      this.ws = Workspace.fromFiles({}, {}, this.root);
    }
    for (const [rel, text] of this.overlays) this.ws.setOverlay(rel, text);
    this.reloadSignature = JSON.stringify([this.loaded.manifest.ignore, maxFileSize]);
    this.needsReload = false;
    const gi = safeRead(this.root, '.gitignore', GITIGNORE_MAX_BYTES);
    this.gitignore = gi && countGitignorePatterns(gi) <= GITIGNORE_MAX_PATTERNS ? ignore().add(gi) : undefined;
    if (!this.facts) this.facts = detectFacts(this.ws, this.manifest);
  }

  // ---- Publishing -----------------------------------------------------------------------------

  /** The open (not waived) findings shown on a file. Repository-level ones are not among them (see `publish`). */
  findingsOf(rel: string): Finding[] {
    const own = [...(this.fileFindings.get(rel) ?? []), ...(this.workspaceFindings.get(rel) ?? []), ...(this.meta.suppressions.get(rel) ?? [])];
    if (rel === this.manifestPath) own.push(...this.meta.manifest);
    return own.filter((f) => !f.waived);
  }

  /** The open repository-level findings (no file), in the order of the report. */
  repositoryFindings(): Finding[] {
    return (this.workspaceFindings.get('') ?? []).filter((f) => !f.waived);
  }

  /**
   * Every open finding the editor knows now: file rules' from the last edit of each file, workspace
   * rules' from the last audit. Fix requests choose among these.
   */
  currentFindings(): Finding[] {
    const out: Finding[] = [];
    for (const list of this.fileFindings.values()) out.push(...list);
    for (const list of this.workspaceFindings.values()) out.push(...list);
    return out.filter((f) => !f.waived);
  }

  /**
   * Publishes the diagnostics of one file. On the manifest, the repository-level findings appear as
   * one summary diagnostic per category (with the count), on the category's key when the manifest
   * has one and on its first line otherwise.
   */
  publish(rel: string): void {
    const file = this.ws.read(rel);
    const diagnostics: Diagnostic[] = [];
    for (const f of this.findingsOf(rel)) {
      const d = toDiagnostic(f, file, { overrides: this.settings.severityOverrides });
      if (d) diagnostics.push(d);
    }
    if (rel === this.manifestPath && file) {
      const byCategory = new Map<string, Finding[]>();
      for (const f of this.repositoryFindings()) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
      for (const [category, findings] of byCategory) {
        const range: Range = file.yamlNode(['categories', category]) ? file.yamlPathRange(['categories', category]) : file.lineRange(Math.max(0, file.lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'))));
        const d = summaryDiagnostic(category as CategoryId, findings, range, this.settings.severityOverrides);
        if (d) diagnostics.push(d);
      }
    }
    if (diagnostics.length === 0 && !this.published.has(rel)) return;
    this.host.publish(this.uriOf(rel), diagnostics);
    if (diagnostics.length > 0) this.published.add(rel);
    else this.published.delete(rel);
  }

  /** Publishes every file that has or had diagnostics. */
  publishAll(): void {
    const paths = new Set<string>([...this.published, ...this.fileFindings.keys(), ...this.workspaceFindings.keys(), ...this.meta.suppressions.keys()]);
    paths.delete('');
    const m = this.manifestPath;
    if (m) paths.add(m);
    for (const p of paths) this.publish(p);
  }

  /** Removes every diagnostic of this folder. */
  clearAll(): void {
    for (const p of this.published) this.host.publish(this.uriOf(p), []);
    this.published.clear();
    this.fileFindings.clear();
    this.workspaceFindings.clear();
    this.meta = { manifest: [], suppressions: new Map() };
    this.pendingUpdates.clear();
  }

  /** Stops timers; the project is not used again. */
  dispose(): void {
    this.disposed = true;
    if (this.auditTimer) clearTimeout(this.auditTimer);
    if (this.updateTimer) clearTimeout(this.updateTimer);
    this.clearAll();
  }
}

/** Drops repeated notes (rule failures are noted again at every audit). */
function dedupeNotes(ws: Workspace): void {
  const seen = new Set<string>();
  for (let i = 0; i < ws.notes.length; i++) {
    const key = `${ws.notes[i].kind}\u0000${ws.notes[i].path}\u0000${ws.notes[i].message}`;
    if (seen.has(key)) ws.notes.splice(i--, 1);
    else seen.add(key);
  }
}

/** Reads a file of the folder through the safe reader: regular files inside the root only, size-capped. */
function safeRead(root: string, rel: string, max = 1024 * 1024): string | undefined {
  const got = readInside(root, rel, max);
  return got.ok ? decodeText(got.bytes) : undefined;
}
