/**
 * The commands of the extension: the palette commands (Audit Workspace, Show Score Panel, Create
 * Manifest, Export Report, Scaffold Missing Files, Generate Roadmap) and the internal ones that code actions, the tree
 * view and the panel call (suppress inline, add a waiver, apply a fix, open a finding or the docs).
 * Failures go to the output channel and a short notification, never a modal dialog.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CheckResult, Finding } from '../../server/src/core/types';
import {
  AuditProgressNotification,
  AuditRequest,
  ExportRequest,
  GenerateRoadmapRequest,
  ScaffoldPlanRequest,
  ScaffoldRequest,
  SuppressEditRequest,
  WAIVER_REASON_HELP,
  type ExportFormat,
  type SuppressCommandArgs,
} from '../../server/src/shared/protocol';
import { ruleDocsUrl } from '../../server/src/version';
import { applyFix, openFiles } from './fixes';
import { ScorePanel, type FromPanel, type PanelModel } from './panel';
import type { ReportStore } from './store';
import type { Node } from './tree';

/** What the commands need. */
export interface CommandEnv {
  context: vscode.ExtensionContext;
  client: () => LanguageClient | undefined;
  store: ReportStore;
  log: vscode.LogOutputChannel;
}

/** Registers every command. */
export function registerCommands(env: CommandEnv): vscode.Disposable[] {
  const { log, store } = env;
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown> | unknown) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        log.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
        void vscode.window.showWarningMessage(`Readiness: ${name} failed (details in the Readiness output).`);
        return undefined;
      }
    };
  const requireClient = (): LanguageClient => {
    const c = env.client();
    if (!c) throw new Error('the language server is not running');
    return c;
  };
  const folderOf = (folder?: string) => folder ?? store.primary?.folder ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();

  const audit = guard('Audit Workspace', async () => {
    const client = requireClient();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Readiness: auditing the workspace', cancellable: false }, async (progress) => {
      let last = 0;
      const sub = client.onNotification(AuditProgressNotification, (p) => {
        const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
        progress.report({ increment: pct - last, message: `${p.done}/${p.total} checks · ${p.ruleId}` });
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

  const showPanel = guard('Show Score Panel', () => ScorePanel.show(env.context.extensionUri, store, (m, model) => void onPanelMessage(m, model)));

  async function onPanelMessage(m: FromPanel, model: PanelModel | null): Promise<void> {
    if (m.type === 'audit') await audit();
    else if (m.type === 'export') await exportReport();
    else if (m.type === 'openStep' && model) {
      const step = store.primary?.report?.nextSteps[m.index];
      const folder = store.primary?.folder;
      if (!step || !folder) return;
      if (step.file) await openAt(vscode.Uri.parse(folder), step.file, (step.line ?? 1) - 1);
      else await vscode.commands.executeCommand('readiness.checks.focus');
    }
  }

  const scaffold = guard('Scaffold Missing Files', async (ids?: string[]) => {
    const client = requireClient();
    const folder = folderOf();
    let chosen = ids;
    if (!chosen) {
      const plan = await client.sendRequest(ScaffoldPlanRequest, folder ? { folder } : {});
      const missing = plan.filter((c) => !c.exists);
      if (missing.length === 0) {
        void vscode.window.showInformationMessage('Readiness: every file the scaffolder knows already exists.');
        return [];
      }
      const picks = await vscode.window.showQuickPick(
        missing.map((c) => ({ label: c.path, description: c.recommended ? 'recommended' : '', detail: c.description, picked: c.recommended, id: c.id })),
        { canPickMany: true, title: 'Scaffold missing files (existing files are never overwritten)', placeHolder: 'Choose the files to create for this stack' },
      );
      if (!picks || picks.length === 0) return [];
      chosen = picks.map((p) => p.id);
    }
    const res = await client.sendRequest(ScaffoldRequest, { ...(folder ? { folder } : {}), ids: chosen });
    if (res.files.length === 0) {
      void vscode.window.showInformationMessage('Readiness: nothing to create, the files already exist.');
      return [];
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(res.edit);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
    await saveAll(res.files);
    await openFiles(res.files);
    log.info(`scaffolded ${res.files.length} file(s): ${res.files.join(', ')}`);
    return res.files;
  });

  const createManifest = guard('Create Manifest', async () => {
    const existing = await vscode.workspace.findFiles('{readiness.yaml,readiness.yml,.readiness.yaml,.readiness.yml}', undefined, 1);
    if (existing.length > 0) return openFiles(existing);
    return scaffold(['manifest']);
  });

  const exportReport = guard('Export Report', async (format?: ExportFormat, target?: vscode.Uri) => {
    const client = requireClient();
    let fmt = format;
    if (!fmt) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Markdown', description: 'for a pull request or a wiki', format: 'markdown' as const },
          { label: 'SARIF', description: 'for code scanning', format: 'sarif' as const },
          { label: 'JSON', description: 'the full report', format: 'json' as const },
        ],
        { title: 'Export the readiness report' },
      );
      if (!pick) return undefined;
      fmt = pick.format;
    }
    const folder = folderOf();
    const res = await client.sendRequest(ExportRequest, { ...(folder ? { folder } : {}), format: fmt });
    if (!res) throw new Error('no report to export yet');
    const base = folder ? vscode.Uri.parse(folder) : undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, res.fileName) : undefined, title: 'Save the readiness report' }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(res.content));
    log.info(`exported the ${fmt} report to ${uri.toString()}`);
    if (!target) void vscode.window.showInformationMessage(`Readiness: report saved to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((a) => a && openFiles([uri]));
    return uri;
  });

  /**
   * Generate Roadmap: the server measures the workspace and renders docs/ROADMAP.md; the client applies
   * it as one workspace edit. A roadmap we wrote is replaced with the merged text (which keeps the
   * team's own lines); one the team wrote is never overwritten: the text is offered in a new untitled
   * document instead. Returns the URI of the document opened for review.
   */
  const generateRoadmap = guard('Generate Roadmap', async (arg?: unknown) => {
    // Tests pass 'untitled' or 'cancel' to answer the question; the tree's inline button passes its node.
    const choice = arg === 'untitled' || arg === 'cancel' ? arg : undefined;
    const client = requireClient();
    const folder = folderOf();
    const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Readiness: measuring the workspace for the roadmap' }, () =>
      client.sendRequest(GenerateRoadmapRequest, folder ? { folder } : {}),
    );
    if (!res) throw new Error('the language server has no workspace to measure');
    const uri = vscode.Uri.parse(res.uri);
    // The editor's own view of the file decides too: text without our marker is the team's.
    const exists = res.exists || (await vscode.workspace.fs.stat(uri).then(() => true, () => false));
    const current = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
    const ours = res.ours && (!current || current.getText().trim() === '' || isOurRoadmap(current.getText()));
    if (current && !ours) {
      const action =
        choice === undefined
          ? await vscode.window.showWarningMessage(
              `Readiness: ${res.path} exists and was not written by readiness; it is never overwritten. Open the generated roadmap in a new document instead?`,
              'Open as Untitled',
            )
          : choice === 'untitled'
            ? 'Open as Untitled'
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
        void vscode.window.showInformationMessage(`Readiness: ${res.path} is up to date (score ${res.score}/100).`);
        return uri;
      }
      edit.replace(uri, current.validateRange(new vscode.Range(0, 0, current.lineCount + 1, 0)), res.text);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
    await saveAll([uri.toString()]);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    log.info(`${exists ? 'updated' : 'wrote'} ${res.path} (score ${res.score}, level ${res.level})`);
    void vscode.window.showInformationMessage(`Readiness: ${exists ? 'updated' : 'wrote'} ${res.path} from the measured state (score ${res.score}/100, level ${res.level}). Review it; your own lines are kept on the next run.`);
    return uri;
  });

  const suppressInline = guard('Ignore inline', async (args: SuppressCommandArgs, reasonArg?: string) => {
    const client = requireClient();
    const reason =
      reasonArg ??
      (await vscode.window.showInputBox({
        title: `Ignore ${args.ruleId} here`,
        prompt: 'Why is this acceptable? The reason is kept in the comment and shown in reports.',
        placeHolder: 'e.g. runs in a rootless sandbox',
        validateInput: (v) => (v.trim().length < 3 ? 'Give a short reason' : undefined),
      }));
    if (!reason) return false;
    const edit = await client.sendRequest(SuppressEditRequest, { ...args, kind: 'inline', reason });
    if (!edit) throw new Error('this file format has no comments; add a waiver instead');
    return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  });

  const addWaiver = guard('Add waiver', async (args: SuppressCommandArgs, reasonArg?: string, noteArg?: string) => {
    const client = requireClient();
    let reason = reasonArg;
    if (!reason) {
      const pick = await vscode.window.showQuickPick(
        Object.entries(WAIVER_REASON_HELP).map(([r, help]) => ({ label: r, description: help })),
        { title: `Waive ${args.ruleId}${args.file ? ` for ${args.file}` : ''}`, placeHolder: 'Why does the team not meet this check?' },
      );
      if (!pick) return false;
      reason = pick.label;
    }
    const note = noteArg ?? (reasonArg ? undefined : await vscode.window.showInputBox({ title: 'Note (optional)', prompt: 'Explain the decision for the next reviewer' }));
    const edit = await client.sendRequest(SuppressEditRequest, { ...args, kind: 'waiver', reason, ...(note ? { note } : {}) });
    if (!edit) return false;
    const ok = await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
    if (ok) {
      const manifest = (await vscode.workspace.findFiles('{readiness.yaml,readiness.yml,.readiness.yaml,.readiness.yml}', undefined, 1))[0];
      if (manifest) await openFiles([manifest]);
    }
    return ok;
  });

  const fixNode = guard('Apply fix', async (node?: Node) => {
    if (!node || (node.type !== 'finding' && node.type !== 'check')) return false;
    const findings: Finding[] = node.type === 'finding' ? [node.finding] : node.check.findings.filter((f) => !f.waived && f.fix);
    let any = false;
    for (const f of findings) if (f.fix) any = (await applyFix(f.fix, vscode.Uri.parse(node.folder))) || any;
    return any;
  });

  const waiveNode = guard('Waive', async (node?: Node) => {
    if (!node || (node.type !== 'finding' && node.type !== 'check')) return false;
    const check: CheckResult = node.check;
    const file = node.type === 'finding' ? node.finding.file : null;
    return addWaiver({ uri: node.folder, ruleId: check.ruleId, file });
  });

  const openDocs = guard('Open documentation', async (node?: Node | string) => {
    const id = typeof node === 'string' ? node : node && (node.type === 'check' || node.type === 'finding') ? node.check.ruleId : undefined;
    if (!id) return;
    await vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(id)));
  });

  const openFinding = guard('Open finding', async (node?: Node) => {
    if (!node || node.type !== 'finding') return;
    const folder = vscode.Uri.parse(node.folder);
    if (node.finding.file) return openAt(folder, node.finding.file, node.finding.range?.start.line ?? 0, node.finding.range?.start.character ?? 0);
    const manifest = (await vscode.workspace.findFiles('{readiness.yaml,readiness.yml,.readiness.yaml,.readiness.yml}', undefined, 1))[0];
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
    vscode.commands.registerCommand('readiness.openFiles', guard('Open files', (uris: string[]) => openFiles(uris ?? []))),
    vscode.commands.registerCommand('readiness.fixFinding', fixNode),
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

/** Saves created documents so that they exist on disk (and the next audit sees them). */
async function saveAll(uris: string[]): Promise<void> {
  for (const u of uris) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(u).toString());
    if (doc?.isDirty) await doc.save();
  }
}
