/**
 * Wires LSP handlers to the engine: documents and file events feed the folder's `Project`, which
 * analyses and publishes; code actions, completion and hover call the pure providers; the custom
 * requests of `shared/protocol.ts` serve the tree view, the score panel and the commands.
 *
 * Every handler is wrapped: an exception is logged to the connection's console and the request gets
 * an empty answer, so bad input never takes the server down.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderReport } from '../report';
import { roadmapSummary } from '../roadmap/summary';
import { RoadmapMergeError } from '../roadmap/writer';
import { allRules } from '../rules';
import { customRules } from '../rules/custom';
import { SourceFile } from '../core/source';
import {
  AuditProgressNotification,
  AuditRequest,
  ExportRequest,
  FixRequest,
  FIX_ALL_KIND,
  GenerateRoadmapRequest,
  ReportReadyNotification,
  ReportRequest,
  ScaffoldPlanRequest,
  ScaffoldRequest,
  StatsRequest,
  SuppressEditRequest,
  DEFAULT_SETTINGS,
  type FixParams,
  type ServerStats,
} from '../shared/protocol';
import type { Finding } from '../core/types';
import { codeActions } from './code-actions';
import { SCAFFOLD_KIND } from './code-actions/scaffold';
import { inlineSuppressionEdit, isoDateAfter, waiverEdit } from './edits';
import { editsOnly, fixEdit, fixesOf, type EditTarget } from './fix-edit';
import { starterManifest } from '../manifest/starter';
import { projectName } from '../rules/lib/evidence';
import { manifestCompletion, suppressionCompletion } from './manifest/completion';
import { manifestHover, ruleHover } from './manifest/hover';
import { Project, type FileEvent } from './project';
import { scaffoldFiles, scaffoldPlan } from './scaffold';
import { SettingsCache } from './settings';
import { uriToFsPath } from './uri';
import { isManifestName } from '../core/manifest-names';

/** Options of the server (tests fix the clock). */
export interface ServerOptions {
  now?: () => Date;
}

/** Starts serving on a connection. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const projects = new Map<string, Project>();
  const editTimers = new Map<string, NodeJS.Timeout>();
  const now = options.now ?? (() => new Date());
  let settings: SettingsCache;
  let folders: WorkspaceFolder[] = [];
  let canRegisterConfig = false;
  /** False when the client says the workspace is not trusted (VS Code's Restricted Mode). */
  let trusted = true;

  const log = (m: string) => connection.console.log(m);
  const logError = (m: string) => connection.console.error(m);

  /** Runs a handler, logging failures and answering `fallback` instead of throwing. */
  function safe<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
    return async (...args: P) => {
      try {
        return await fn(...args);
      } catch (e) {
        logError(`${name} failed: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    };
  }

  const host = (): ConstructorParameters<typeof Project>[2] => ({
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    reportReady: (p) => void connection.sendNotification(ReportReadyNotification, p),
    progress: (p) => void connection.sendNotification(AuditProgressNotification, p),
    log,
    now,
  });

  async function addFolder(f: WorkspaceFolder): Promise<void> {
    const root = uriToFsPath(f.uri);
    if (!root || projects.has(root)) return;
    const s = await settings.get(f.uri);
    const project = new Project(root, s, host(), trusted);
    projects.set(root, project);
    for (const doc of documents.all()) {
      const rel = relIn(project, doc.uri);
      if (rel) project.editFile(rel, doc.getText(), doc.version);
    }
    await project.runAudit('initial');
  }

  function removeFolder(f: WorkspaceFolder): void {
    const root = uriToFsPath(f.uri);
    if (!root) return;
    projects.get(root)?.dispose();
    projects.delete(root);
  }

  function relIn(project: Project, uri: string): string | undefined {
    const p = uriToFsPath(uri);
    return p ? project.relOf(p) : undefined;
  }

  /** The project a URI belongs to (the innermost folder) and the file's relative path. */
  function locate(uri: string): { project: Project; rel: string } | undefined {
    const p = uriToFsPath(uri);
    if (!p) return undefined;
    let best: Project | undefined;
    for (const [root, project] of projects) {
      if ((p === root || p.startsWith(root + path.sep)) && (!best || root.length > best.root.length)) best = project;
    }
    const rel = best?.relOf(p);
    return best && rel ? { project: best, rel } : undefined;
  }

  /** The project a request names (by folder URI), or the first one. */
  function projectFor(folder?: string): Project | undefined {
    if (folder) {
      const p = uriToFsPath(folder);
      if (p && projects.has(p)) return projects.get(p);
      const hit = locate(folder);
      if (hit) return hit.project;
    }
    return projects.values().next().value;
  }

  /**
   * What fix edits are built against: the texts the project analysed and the document versions they
   * came from. Pending edits are analysed first (`flushEdits`), so these are the editor's newest.
   */
  function editTarget(project: Project): EditTarget {
    return {
      uriOf: (rel) => project.uriOf(rel),
      textOf: (rel) => project.fixTextOf(rel),
      versionOf: (rel) => project.versionOf(rel),
      // An open buffer may be replaced; anything else asks the safe writer (links leading outside, special files).
      refusal: (rel, mode) => (project.versionOf(rel) !== null && mode === 'replace' ? undefined : project.writeRefusal(rel, mode)),
    };
  }

  /** Analyses at once the buffers of a project typed into but still waiting for the debounce. */
  function flushEdits(project: Project): void {
    for (const [uri, timer] of [...editTimers]) {
      const hit = locate(uri);
      const doc = documents.get(uri);
      if (hit?.project !== project || !doc) continue;
      clearTimeout(timer);
      editTimers.delete(uri);
      project.editFile(hit.rel, doc.getText(), doc.version);
    }
  }

  /** The findings a fix request names, among those the project holds now. */
  function findingsFor(project: Project, p: FixParams): Finding[] {
    const fixable = project.currentFindings().filter((f) => f.fix);
    switch (p.scope) {
      case 'finding':
        return fixable.filter((f) => f.ruleId === p.ruleId && f.file === (p.file ?? null) && (p.line === undefined || (f.range?.start.line ?? 0) === p.line) && (p.message === undefined || f.message === p.message)).slice(0, 1);
      case 'check':
        return fixable.filter((f) => f.ruleId === p.ruleId);
      case 'rule-in-file':
        return fixable.filter((f) => f.ruleId === p.ruleId && f.file !== null && f.file === p.file && editsOnly(f.fix!, f.file));
      case 'file':
        return fixable.filter((f) => f.file !== null && f.file === p.file && editsOnly(f.fix!, f.file));
      case 'workspace':
        return fixable;
      default:
        return [];
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    settings = new SettingsCache(connection, Boolean(caps.workspace?.configuration));
    canRegisterConfig = Boolean(caps.workspace?.didChangeConfiguration?.dynamicRegistration);
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(uriToFsPath(params.rootUri) ?? 'root') }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, SCAFFOLD_KIND] },
        completionProvider: { triggerCharacters: [' ', ':', '/', '-'], resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'readiness-language-server' },
    };
  });

  connection.onInitialized(
    safe('initialized', undefined, async () => {
      if (canRegisterConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'readiness' });
      try {
        connection.workspace.onDidChangeWorkspaceFolders(
          safe('workspace folders', undefined, async (e) => {
            for (const f of e.removed) removeFolder(f);
            for (const f of e.added) await addFolder(f);
          }),
        );
      } catch {
        /* The client does not support workspace folder events. */
      }
      for (const f of folders) await addFolder(f);
    }),
  );

  // ---- Documents ------------------------------------------------------------------------------

  documents.onDidChangeContent(
    safe('didChange', undefined, (e) => {
      const uri = e.document.uri;
      const hit = locate(uri);
      if (!hit) return;
      const old = editTimers.get(uri);
      if (old) clearTimeout(old);
      const delay = documents.get(uri)?.version === 1 ? 0 : hit.project.settings.debounceMs ?? DEFAULT_SETTINGS.debounceMs;
      editTimers.set(
        uri,
        setTimeout(
          safe('edit analysis', undefined, () => {
            editTimers.delete(uri);
            const doc = documents.get(uri);
            if (doc) hit.project.editFile(hit.rel, doc.getText(), doc.version);
          }),
          delay,
        ),
      );
    }),
  );

  documents.onDidSave(
    safe('didSave', undefined, (e) => {
      locate(e.document.uri)?.project.scheduleAudit('save');
    }),
  );

  documents.onDidClose(
    safe('didClose', undefined, (e) => {
      const t = editTimers.get(e.document.uri);
      if (t) clearTimeout(t);
      editTimers.delete(e.document.uri);
      const hit = locate(e.document.uri);
      if (hit) hit.project.closeFile(hit.rel);
    }),
  );

  connection.onDidChangeWatchedFiles(
    safe('didChangeWatchedFiles', undefined, (params) => {
      const byProject = new Map<Project, FileEvent[]>();
      for (const c of params.changes) {
        const hit = locate(c.uri);
        if (!hit) continue;
        const type = c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed';
        const list = byProject.get(hit.project) ?? [];
        list.push({ rel: hit.rel, type });
        byProject.set(hit.project, list);
      }
      for (const [project, events] of byProject) project.filesChanged(events);
    }),
  );

  connection.onDidChangeConfiguration(
    safe('didChangeConfiguration', undefined, async () => {
      settings.clear();
      for (const project of projects.values()) {
        project.updateSettings(await settings.get(project.folderUri));
        if (!project.settings.enable) project.clearAll();
        else await project.runAudit('settings');
      }
    }),
  );

  // ---- Language features ----------------------------------------------------------------------

  connection.onCodeAction(
    safe('codeAction', [], (params) => {
      const hit = locate(params.textDocument.uri);
      if (!hit) return [];
      flushEdits(hit.project);
      const ctx = { project: hit.project, uri: params.textDocument.uri, rel: hit.rel, file: hit.project.ws.read(hit.rel), target: editTarget(hit.project) };
      return codeActions(ctx, params.context.diagnostics, params.context.only, logError);
    }),
  );

  connection.onCompletion(
    safe('completion', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      const hit = locate(params.textDocument.uri);
      if (!doc || !hit) return [];
      const lines = doc.getText().split(/\r?\n/);
      const env = { rules: [...allRules, ...customRules(hit.project.manifest)], now: now() };
      const { line, character } = params.position;
      const inComment = suppressionCompletion(lines[line] ?? '', line, character, env);
      if (inComment) return inComment;
      if (hit.rel === hit.project.manifestPath || isManifestName(hit.rel)) return manifestCompletion(lines, line, character, env);
      return [];
    }),
  );

  connection.onHover(
    safe('hover', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      const hit = locate(params.textDocument.uri);
      if (!doc || !hit) return null;
      const lines = doc.getText().split(/\r?\n/);
      const { line, character } = params.position;
      const extra = customRules(hit.project.manifest);
      if (isManifestName(hit.rel)) return manifestHover(lines, line, character, hit.project.report, extra) ?? null;
      if ((lines[line] ?? '').includes('readiness-ignore')) return ruleHover(lines[line], line, character, extra) ?? null;
      return null;
    }),
  );

  // ---- Custom requests ------------------------------------------------------------------------

  connection.onRequest(
    ReportRequest,
    safe('readiness/report', { folder: '', report: null, history: [] }, (params) => {
      const project = projectFor(params?.folder);
      if (!project) return { folder: '', report: null, history: [] };
      return { folder: project.folderUri, report: project.report, history: project.history, roadmap: project.report ? roadmapSummary(project.report) : [] };
    }),
  );

  connection.onRequest(
    GenerateRoadmapRequest,
    safe('readiness/generateRoadmap', null, async (params) => {
      const project = projectFor(params?.folder);
      if (!project) return null;
      const rel = (params?.path ?? 'docs/ROADMAP.md').replace(/\\/g, '/').replace(/^\/+/, '');
      if (!rel || rel.split('/').includes('..')) return { path: rel, refused: 'the path leaves the workspace folder' };
      const refused = project.writeRefusal(rel, project.onDisk(rel) ? 'replace' : 'create');
      if (refused) {
        logError(`Generate Roadmap refused: ${refused}`);
        return { path: rel, refused };
      }
      // Buffers typed into but not analysed yet (the debounce) count: the roadmap must see what the editor shows.
      flushEdits(project);
      let res;
      try {
        res = await project.generateRoadmap(rel);
      } catch (e) {
        if (!(e instanceof RoadmapMergeError)) throw e;
        logError(`Generate Roadmap refused: ${e.message}`);
        return { path: rel, refused: e.message };
      }
      if (!res) return null;
      return { path: rel, uri: project.uriOf(rel), text: res.text, exists: res.exists, ours: res.ours, score: res.report.score, level: res.report.level };
    }),
  );

  connection.onRequest(
    AuditRequest,
    safe('readiness/audit', null, async (params) => {
      const project = projectFor(params?.folder);
      if (!project) return null;
      const report = await project.runAudit('command', Boolean(params?.progress));
      if (!report) return null;
      return { folder: project.folderUri, score: report.score, level: report.level, findings: report.findings.filter((f) => !f.waived).length, durationMs: report.stats.durationMs };
    }),
  );

  connection.onRequest(
    StatsRequest,
    safe<[], ServerStats>('readiness/stats', { edits: 0, lastEditEvaluations: 0, editEvaluations: 0, fullAudits: 0, lastAuditMs: 0, lastEditMs: 0 }, () => {
      const all = [...projects.values()].map((p) => p.stats);
      const last = all.find((s) => s.edits > 0) ?? all[0];
      return {
        edits: all.reduce((n, s) => n + s.edits, 0),
        lastEditEvaluations: last?.lastEditEvaluations ?? 0,
        editEvaluations: all.reduce((n, s) => n + s.editEvaluations, 0),
        fullAudits: all.reduce((n, s) => n + s.fullAudits, 0),
        lastAuditMs: last?.lastAuditMs ?? 0,
        lastEditMs: last?.lastEditMs ?? 0,
      };
    }),
  );

  connection.onRequest(
    ExportRequest,
    safe('readiness/export', null, async (params) => {
      const project = projectFor(params.folder);
      if (!project) return null;
      const report = project.report ?? (await project.runAudit('command'));
      if (!report) return null;
      const ext = params.format === 'markdown' ? 'md' : params.format;
      return { content: renderReport(report, params.format), fileName: `readiness-report.${ext}` };
    }),
  );

  connection.onRequest(
    ScaffoldPlanRequest,
    safe('readiness/scaffoldPlan', [], (params) => {
      const project = projectFor(params?.folder);
      if (!project) return [];
      return scaffoldPlan(project.ws, project.facts, project.report, project.manifestPath ? project.manifest : undefined);
    }),
  );

  connection.onRequest(
    ScaffoldRequest,
    safe('readiness/scaffold', { edit: { documentChanges: [] }, files: [] }, (params) => {
      const project = projectFor(params?.folder);
      if (!project) return { edit: { documentChanges: [] }, files: [] };
      const ids = params?.ids ?? scaffoldPlan(project.ws, project.facts, project.report, project.manifestPath ? project.manifest : undefined).filter((c) => c.recommended).map((c) => c.id);
      const files = scaffoldFiles(project.ws, project.facts, ids, project.report);
      const fixes = [...files].map(([file, content]) => ({ title: `Create ${file}`, changes: [{ kind: 'create' as const, file, content }] }));
      const { edit, created } = fixEdit(fixes, editTarget(project));
      return { edit, files: created };
    }),
  );

  connection.onRequest(
    FixRequest,
    safe('readiness/fix', null, (params) => {
      const project = projectFor(params?.folder);
      if (!project || !params) return null;
      flushEdits(project);
      const findings = findingsFor(project, params);
      const built = fixEdit(fixesOf(findings), editTarget(project));
      return { edit: built.edit, fixes: built.applied, created: built.created, changed: built.changed, skipped: built.skipped };
    }),
  );

  connection.onRequest(
    SuppressEditRequest,
    safe('readiness/suppressEdit', null, (params) => {
      const hit = locate(params.uri);
      const project = hit?.project ?? projectFor(params.uri);
      if (!project) return null;
      if (params.kind === 'inline') {
        const rel = params.file ?? hit?.rel;
        const file = rel ? project.ws.read(rel) : undefined;
        if (!rel || !file) return null;
        flushEdits(project);
        return inlineSuppressionEdit(file, project.uriOf(rel), project.versionOf(rel), params.ruleId, params.line ?? 0, params.reason, Boolean(params.wholeFile));
      }
      flushEdits(project);
      const manifestPath = project.manifestPath;
      const manifest = manifestPath ? project.ws.read(manifestPath) ?? new SourceFile(manifestPath, '', 'manifest') : undefined;
      const version = manifestPath ? project.versionOf(manifestPath) : null;
      // Without a manifest, the waiver goes into the same commented starter that Create Manifest writes.
      const starter = manifest ? undefined : starterManifest(projectName(project.ws), project.facts);
      return waiverEdit(
        manifest,
        (rel) => project.uriOf(rel),
        version,
        {
          rule: params.ruleId,
          path: params.file ?? null,
          reason: params.reason,
          ...(params.note ? { note: params.note } : {}),
          expires: isoDateAfter(now(), 90),
        },
        starter,
      );
    }),
  );

  documents.listen(connection);
  connection.listen();
  process.on('uncaughtException', (e) => logError(`uncaught: ${e?.stack ?? e}`));
  process.on('unhandledRejection', (e) => logError(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
}
