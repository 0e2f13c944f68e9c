/**
 * The commands of the extension: the palette commands (Audit Workspace, Show Score Panel, Create
 * Manifest, Export Report, Scaffold Missing Files, Generate Roadmap, Fix All in This File, Apply All
 * Fixes) and the internal ones that code actions, the tree view and the panel call (suppress inline,
 * add a waiver, apply a fix, reveal a check, open a finding or the docs). Fixes are never built here:
 * the client asks the server (`readiness/fix`), which builds the edit with the engine's one applier
 * against the document versions it analysed, and applies what it gets. Every text is translated with
 * `vscode.l10n`. Failures go to the output channel and a short notification, never a modal dialog.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AuditProgressNotification,
  AuditRequest,
  ExportRequest,
  FixRequest,
  GenerateRoadmapRequest,
  ScaffoldPlanRequest,
  ScaffoldRequest,
  SuppressEditRequest,
  WAIVER_REASON_HELP,
  MANIFEST_GLOB,
  ruleDocsUrl,
  type CheckResult,
  type ExportFormat,
  type FixParams,
  type SuppressCommandArgs,
} from '../../server/src/shared/protocol';
import { afterCreate, openFiles, saveAll } from './open';
import { ScorePanel, type FromPanel, type PanelModel } from './panel';
import type { ReportStore } from './store';
import type { Node, ReadinessTreeProvider } from './tree';

/** What the commands need. */
export interface CommandEnv {
  context: vscode.ExtensionContext;
  client: () => LanguageClient | undefined;
  store: ReportStore;
  log: vscode.LogOutputChannel;
  tree: ReadinessTreeProvider;
  view: vscode.TreeView<Node>;
}

/** Registers every command. */
export function registerCommands(env: CommandEnv): vscode.Disposable[] {
  const { log, store } = env;
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => unknown) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        log.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
        void vscode.window.showWarningMessage(vscode.l10n.t('Readiness: {0} failed ({1}; details in the Readiness output).', name, (e as Error)?.message ?? String(e)));
        return undefined;
      }
    };
  const requireClient = (): LanguageClient => {
    const c = env.client();
    if (!c) throw new Error(vscode.l10n.t('the language server is not running'));
    return c;
  };
  const folderOf = (folder?: string) => folder ?? store.primary?.folder ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();

  const audit = guard(vscode.l10n.t('Audit Workspace'), async () => {
    const client = requireClient();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Readiness: auditing the workspace'), cancellable: false }, async (progress) => {
      let last = 0;
      const sub = client.onNotification(AuditProgressNotification, (p) => {
        const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
        progress.report({ increment: pct - last, message: vscode.l10n.t('{0}/{1} checks · {2}', p.done, p.total, p.ruleId) });
        last = pct;
      });
      try {
        const folders = vscode.workspace.workspaceFolders ?? [];
        let result = null;
        for (const f of folders.length ? folders : [undefined]) {
          result = await client.sendRequest(AuditRequest, { ...(f ? { folder: f.uri.toString() } : {}), progress: true });
        }
        await store.refresh(client, undefined, true);
        if (result) log.info(`audit: score ${result.score}, level ${result.level}, ${result.findings} open finding(s), ${result.durationMs} ms`);
        return result;
      } finally {
        sub.dispose();
      }
    });
  });

  const showPanel = guard(vscode.l10n.t('Show Score Panel'), () => ScorePanel.show(env.context.extensionUri, store, (m, model) => void onPanelMessage(m, model)));

  /**
   * The panel's clicks: a step with a file opens it at the line; a repository-level step reveals and
   * selects its check in the tree and offers its fix; the Fix button applies the step's fix.
   */
  async function onPanelMessage(m: FromPanel, model: PanelModel | null): Promise<void> {
    if (m.type === 'audit') await audit();
    else if (m.type === 'export') await exportReport();
    else if ((m.type === 'openStep' || m.type === 'fixStep') && model) {
      const step = store.primary?.report?.nextSteps[m.index];
      const folder = store.primary?.folder;
      if (!step || !folder) return;
      if (m.type === 'fixStep') {
        await fixScope({ folder, scope: 'check', ruleId: step.ruleId });
        return;
      }
      if (step.file) {
        await openAt(vscode.Uri.parse(folder), step.file, (step.line ?? 1) - 1);
        return;
      }
      await revealCheck(step.ruleId);
      if (step.fix) {
        const apply = vscode.l10n.t('Apply Fix');
        const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Readiness: {0}. Quick fix: {1}', step.title, step.fix), apply);
        if (pick === apply) await fixScope({ folder, scope: 'check', ruleId: step.ruleId });
      }
    }
  }

  /** Reveals and selects a check in the tree (or a category, for `{ category }`), expanding what hides it. */
  const revealCheck = guard(vscode.l10n.t('Show in the tree'), async (target?: string | { category?: string; ruleId?: string }) => {
    const ruleId = typeof target === 'string' ? target : target?.ruleId;
    const category = typeof target === 'object' ? target?.category : undefined;
    await vscode.commands.executeCommand('readiness.checks.focus');
    if (ruleId && env.tree.filter === 'failing' && !env.tree.findCheck(ruleId)) env.tree.setFilter('all');
    const node = ruleId ? env.tree.findCheck(ruleId) : category ? env.tree.findCategory(category) : undefined;
    if (!node) return false;
    await env.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  });

  /**
   * Asks the server for the edit of a fix scope and applies it: created files are saved and the first
   * is opened; when nothing can be applied, the user is told why. Returns true when an edit applied.
   */
  async function fixScope(params: FixParams): Promise<boolean> {
    const client = requireClient();
    const res = await client.sendRequest(FixRequest, params);
    if (!res || res.fixes === 0 || (res.created.length === 0 && res.changed.length === 0)) {
      const why = res?.skipped.length ? res.skipped.join('; ') : vscode.l10n.t('the findings have no fix that applies to the current files');
      void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: nothing to fix ({0}).', why));
      return false;
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(res.edit);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Readiness: the files changed while the fix was prepared; nothing was applied. Try again.'));
      return false;
    }
    await afterCreate(res.created);
    if (res.created.length === 0 && res.changed.length > 0) await openFiles(res.changed.slice(0, 1), { preview: true });
    log.info(`applied ${res.fixes} fix(es): created ${res.created.length}, changed ${res.changed.length} file(s)${res.skipped.length ? `; skipped: ${res.skipped.join('; ')}` : ''}`);
    if (res.skipped.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: {0} applied; left out: {1}', res.fixes, res.skipped.join('; ')));
    return true;
  }

  const scaffold = guard(vscode.l10n.t('Scaffold Missing Files'), async (ids?: string[]) => {
    const client = requireClient();
    const folder = folderOf();
    let chosen = ids;
    if (!chosen) {
      const plan = await client.sendRequest(ScaffoldPlanRequest, folder ? { folder } : {});
      const missing = plan.filter((c) => !c.exists);
      if (missing.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: every file the scaffolder knows already exists.'));
        return [];
      }
      const picks = await vscode.window.showQuickPick(
        missing.map((c) => ({ label: c.path, description: c.recommended ? vscode.l10n.t('recommended') : '', detail: c.description, picked: c.recommended, id: c.id })),
        { canPickMany: true, title: vscode.l10n.t('Scaffold missing files (existing files are never overwritten)'), placeHolder: vscode.l10n.t('Choose the files to create for this stack') },
      );
      if (!picks || picks.length === 0) return [];
      chosen = picks.map((p) => p.id);
    }
    const res = await client.sendRequest(ScaffoldRequest, { ...(folder ? { folder } : {}), ids: chosen });
    if (res.files.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: nothing to create, the files already exist.'));
      return [];
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(res.edit);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('the editor refused the edit'));
    // Saved at once; only the first is opened (beside nothing else), the others are listed.
    await afterCreate(res.files);
    log.info(`scaffolded ${res.files.length} file(s): ${res.files.join(', ')}`);
    return res.files;
  });

  const createManifest = guard(vscode.l10n.t('Create Manifest'), async () => {
    const existing = await vscode.workspace.findFiles(MANIFEST_GLOB, undefined, 1);
    if (existing.length > 0) return openFiles(existing);
    return scaffold(['manifest']);
  });

  const exportReport = guard(vscode.l10n.t('Export Report'), async (format?: ExportFormat, target?: vscode.Uri) => {
    const client = requireClient();
    let fmt = format;
    if (!fmt) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Markdown', description: vscode.l10n.t('for a pull request or a wiki'), format: 'markdown' as const },
          { label: 'SARIF', description: vscode.l10n.t('for code scanning'), format: 'sarif' as const },
          { label: 'JSON', description: vscode.l10n.t('the full report'), format: 'json' as const },
        ],
        { title: vscode.l10n.t('Export the readiness report') },
      );
      if (!pick) return undefined;
      fmt = pick.format;
    }
    const folder = folderOf();
    const res = await client.sendRequest(ExportRequest, { ...(folder ? { folder } : {}), format: fmt });
    if (!res) throw new Error(vscode.l10n.t('no report to export yet'));
    const base = folder ? vscode.Uri.parse(folder) : undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, res.fileName) : undefined, title: vscode.l10n.t('Save the readiness report') }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(res.content));
    log.info(`exported the ${fmt} report to ${uri.toString()}`);
    const open = vscode.l10n.t('Open');
    if (!target) void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: report saved to {0}.', vscode.workspace.asRelativePath(uri)), open).then((a) => (a === open ? openFiles([uri]) : undefined));
    return uri;
  });

  /**
   * Generate Roadmap: the server measures the workspace and renders docs/ROADMAP.md; the client applies
   * it as one workspace edit. A roadmap we wrote is replaced with the merged text (which keeps the
   * team's own lines); one the team wrote is never overwritten: the text is offered in a new untitled
   * document instead. Returns the URI of the document opened for review.
   */
  const generateRoadmap = guard(vscode.l10n.t('Generate Roadmap'), async (arg?: unknown) => {
    // Tests pass 'untitled' or 'cancel' to answer the question; the tree's inline button passes its node.
    const choice = arg === 'untitled' || arg === 'cancel' ? arg : undefined;
    const client = requireClient();
    const folder = folderOf();
    const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Readiness: measuring the workspace for the roadmap') }, () =>
      client.sendRequest(GenerateRoadmapRequest, folder ? { folder } : {}),
    );
    if (!res) throw new Error(vscode.l10n.t('the language server has no workspace to measure'));
    if ('refused' in res) throw new Error(vscode.l10n.t('{0} is not written: {1}', res.path, res.refused));
    const uri = vscode.Uri.parse(res.uri);
    // The editor's own view of the file decides too: text without our marker is the team's.
    const exists = res.exists || (await vscode.workspace.fs.stat(uri).then(() => true, () => false));
    const current = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
    const ours = res.ours && (!current || current.getText().trim() === '' || isOurRoadmap(current.getText()));
    if (current && !ours) {
      const asUntitled = vscode.l10n.t('Open as Untitled');
      const action =
        choice === undefined
          ? await vscode.window.showWarningMessage(vscode.l10n.t('Readiness: {0} exists and was not written by readiness; it is never overwritten. Open the generated roadmap in a new document instead?', res.path), asUntitled)
          : choice === 'untitled'
            ? asUntitled
            : undefined;
      if (!action) return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: res.text });
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc.uri;
    }
    const edit = new vscode.WorkspaceEdit();
    if (!current) {
      edit.createFile(uri, { ignoreIfExists: true });
      edit.insert(uri, new vscode.Position(0, 0), res.text);
    } else {
      if (current.getText() === res.text) {
        await vscode.window.showTextDocument(current, { preview: false });
        void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: {0} is up to date (score {1}/100).', res.path, res.score));
        return uri;
      }
      edit.replace(uri, current.validateRange(new vscode.Range(0, 0, current.lineCount + 1, 0)), res.text);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('the editor refused the edit'));
    await saveAll([uri.toString()]);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    log.info(`${exists ? 'updated' : 'wrote'} ${res.path} (score ${res.score}, level ${res.level})`);
    void vscode.window.showInformationMessage(
      exists
        ? vscode.l10n.t('Readiness: updated {0} from the measured state (score {1}/100). Review it; your own lines are kept on the next run.', res.path, res.score)
        : vscode.l10n.t('Readiness: wrote {0} from the measured state (score {1}/100). Review it; your own lines are kept on the next run.', res.path, res.score),
    );
    return uri;
  });

  const suppressInline = guard(vscode.l10n.t('Ignore inline'), async (args: SuppressCommandArgs, reasonArg?: string) => {
    const client = requireClient();
    const reason =
      reasonArg ??
      (await vscode.window.showInputBox({
        title: args.wholeFile ? vscode.l10n.t('Ignore {0} in this entire file', args.ruleId) : vscode.l10n.t('Ignore {0} here', args.ruleId),
        prompt: vscode.l10n.t('Why is this acceptable? The reason is kept in the comment and shown in reports.'),
        placeHolder: vscode.l10n.t('e.g. runs in a rootless sandbox'),
        validateInput: (v) => (v.trim().length < 3 ? vscode.l10n.t('Give a short reason') : undefined),
      }));
    if (!reason) return false;
    const edit = await client.sendRequest(SuppressEditRequest, { ...args, kind: 'inline', reason });
    if (!edit) throw new Error(vscode.l10n.t('this file format has no comments; add a waiver instead'));
    return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  });

  const addWaiver = guard(vscode.l10n.t('Add waiver'), async (args: SuppressCommandArgs, reasonArg?: string, noteArg?: string) => {
    const client = requireClient();
    let reason = reasonArg;
    if (!reason) {
      const pick = await vscode.window.showQuickPick(
        Object.entries(WAIVER_REASON_HELP).map(([r, help]) => ({ label: r, description: help })),
        { title: args.file ? vscode.l10n.t('Waive {0} for {1}', args.ruleId, args.file) : vscode.l10n.t('Waive {0}', args.ruleId), placeHolder: vscode.l10n.t('Why does the team not meet this check?') },
      );
      if (!pick) return false;
      reason = pick.label;
    }
    const note = noteArg ?? (reasonArg ? undefined : await vscode.window.showInputBox({ title: vscode.l10n.t('Note (optional)'), prompt: vscode.l10n.t('Explain the decision for the next reviewer') }));
    const edit = await client.sendRequest(SuppressEditRequest, { ...args, kind: 'waiver', reason, ...(note ? { note } : {}) });
    if (!edit) return false;
    const ok = await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
    if (ok) {
      // A manifest the waiver created is saved at once (the commented starter with the waiver in it).
      const created = (edit.documentChanges ?? []).flatMap((c) => ('kind' in c && c.kind === 'create' ? [c.uri] : []));
      await saveAll(created);
      const manifest = (await vscode.workspace.findFiles(MANIFEST_GLOB, undefined, 1))[0];
      if (manifest) await openFiles([manifest]);
    }
    return ok;
  });

  /** The tree's Apply Fix: one finding, or every finding of a check at once, through the server's one fix path. */
  const fixNode = guard(vscode.l10n.t('Apply fix'), async (node?: Node) => {
    if (!node || (node.type !== 'finding' && node.type !== 'check')) return false;
    if (node.type === 'finding') return fixScope({ folder: node.folder, scope: 'finding', ruleId: node.check.ruleId, file: node.finding.file, ...(node.finding.range ? { line: node.finding.range.start.line } : {}), message: node.finding.message });
    return fixScope({ folder: node.folder, scope: 'check', ruleId: node.check.ruleId });
  });

  /** Fix All in This File: every fix that only edits the active file (what `source.fixAll.readiness` does on save). */
  const fixAllInFile = guard(vscode.l10n.t('Fix all in this file'), async (uri?: vscode.Uri) => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const folder = target ? vscode.workspace.getWorkspaceFolder(target) : undefined;
    if (!target || !folder) throw new Error(vscode.l10n.t('open a file of the workspace first'));
    const rel = vscode.workspace.asRelativePath(target, false).replace(/\\/g, '/');
    return fixScope({ folder: folder.uri.toString(), scope: 'file', file: rel });
  });

  /** Apply All Fixes: every fixable finding of the workspace in one edit, after a confirmation (tests pass 'confirm'). */
  const fixAll = guard(vscode.l10n.t('Apply all fixes'), async (confirm?: string) => {
    const folder = folderOf();
    const report = store.primary?.report;
    const n = report?.findings.filter((f) => f.fix && !f.waived).length ?? 0;
    if (n === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Readiness: no finding has a fix.'));
      return false;
    }
    if (confirm !== 'confirm') {
      const apply = vscode.l10n.t('Apply {0} Fixes', n);
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('Apply the fixes of {0} findings? Missing files are created (never overwritten) and edited files are left unsaved for review.', n), { modal: true }, apply);
      if (pick !== apply) return false;
    }
    return fixScope({ ...(folder ? { folder } : {}), scope: 'workspace' });
  });

  const waiveNode = guard(vscode.l10n.t('Waive'), async (node?: Node) => {
    if (!node || (node.type !== 'finding' && node.type !== 'check')) return false;
    const check: CheckResult = node.check;
    const file = node.type === 'finding' ? node.finding.file : null;
    return addWaiver({ uri: node.folder, ruleId: check.ruleId, file });
  });

  const openDocs = guard(vscode.l10n.t('Open documentation'), async (node?: Node | string) => {
    const id = typeof node === 'string' ? node : node && (node.type === 'check' || node.type === 'finding') ? node.check.ruleId : undefined;
    if (!id) return;
    await vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(id)));
  });

  const openFinding = guard(vscode.l10n.t('Open finding'), async (node?: Node) => {
    if (!node || node.type !== 'finding') return;
    const folder = vscode.Uri.parse(node.folder);
    if (node.finding.file) return openAt(folder, node.finding.file, node.finding.range?.start.line ?? 0, node.finding.range?.start.character ?? 0);
    const manifest = (await vscode.workspace.findFiles(MANIFEST_GLOB, undefined, 1))[0];
    if (manifest) return openFiles([manifest]);
    return openDocs(node);
  });

  return [
    vscode.commands.registerCommand('readiness.audit', audit),
    vscode.commands.registerCommand('readiness.showPanel', showPanel),
    vscode.commands.registerCommand('readiness.createManifest', createManifest),
    vscode.commands.registerCommand('readiness.exportReport', exportReport),
    vscode.commands.registerCommand('readiness.scaffold', scaffold),
    vscode.commands.registerCommand('readiness.generateRoadmap', generateRoadmap),
    vscode.commands.registerCommand('readiness.suppressInline', suppressInline),
    vscode.commands.registerCommand('readiness.addWaiver', addWaiver),
    vscode.commands.registerCommand('readiness.openFiles', guard(vscode.l10n.t('Open files'), (uris: string[]) => openFiles(uris ?? []))),
    vscode.commands.registerCommand('readiness.afterFix', guard(vscode.l10n.t('Open the created files'), (uris: string[]) => afterCreate(uris ?? []))),
    vscode.commands.registerCommand('readiness.revealCheck', revealCheck),
    vscode.commands.registerCommand('readiness.fixFinding', fixNode),
    vscode.commands.registerCommand('readiness.fixAllInFile', fixAllInFile),
    vscode.commands.registerCommand('readiness.fixAll', fixAll),
    vscode.commands.registerCommand('readiness.showFailingOnly', () => env.tree.setFilter('failing')),
    vscode.commands.registerCommand('readiness.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${env.context.extension.id}#readiness.gettingStarted`, false)),
    vscode.commands.registerCommand('readiness.showAllChecks', () => env.tree.setFilter('all')),
    vscode.commands.registerCommand('readiness.waive', waiveNode),
    vscode.commands.registerCommand('readiness.openDocs', openDocs),
    vscode.commands.registerCommand('readiness.openFinding', openFinding),
  ];
}

/** True when a roadmap's first lines carry the marker our writer puts there (`isGeneratedRoadmap` on the server). */
function isOurRoadmap(text: string): boolean {
  return text.split(/\r?\n/, 5).some((l) => l.startsWith('<!-- readiness:roadmap'));
}

/** Opens a workspace-relative file at a zero-based line. */
async function openAt(folder: vscode.Uri, rel: string, line: number, character = 0): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...rel.split('/')));
  const pos = new vscode.Position(Math.max(0, line), Math.max(0, character));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
}
