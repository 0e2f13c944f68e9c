/**
 * In-editor tests: run inside a real VS Code (or code-server) extension host with a copy of the
 * `service` fixture open. They poll for results instead of sleeping: diagnostics from the language
 * server, a quick fix applied to a file, the commands of the palette, the tree and the score panel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReadinessApi } from '../../../client/src/extension';
import type { Node } from '../../../client/src/tree';

const EXTENSION_ID = 'production-readiness.production-readiness';

async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

const file = (rel: string) => vscode.Uri.joinPath(folder(), ...rel.split('/'));

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const THREE_JOBS = [
  'name: ci',
  'on: [push, pull_request]',
  'permissions:',
  '  contents: read',
  'jobs:',
  ...['lint', 'test', 'build'].flatMap((job) => [
    `  ${job}:`,
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    `      - run: npm ci && npm run ${job}`,
  ]),
  '',
].join('\n');

describe('editor: Production Readiness in a real editor', function () {
  let api: ReadinessApi;

  /** The check node of a rule, wherever the tree keeps it (failing, waived, passing or n/a). */
  function findCheck(ruleId: string): Node | undefined {
    const visit = (nodes: Node[]): Node | undefined => {
      for (const n of nodes) {
        if (n.type === 'check' && n.check.ruleId === ruleId) return n;
        if (n.type === 'category' || n.type === 'group' || n.type === 'folder') {
          const hit = visit(api.treeChildren(n));
          if (hit) return hit;
        }
      }
      return undefined;
    };
    return visit(api.treeChildren());
  }

  before(async function () {
    const ext = vscode.extensions.getExtension<ReadinessApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await Promise.race([api.ready, new Promise((_, rej) => setTimeout(() => rej(new Error('no report within 90 s')), 90000))]);
  });

  it('publishes diagnostics with the rule id and documentation link', async () => {
    const uri = file('Dockerfile');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(uri);
      return ds.some((d) => codeOf(d) === 'docker/non-root-user') && ds;
    }, 'docker/non-root-user on the Dockerfile');
    const d = diags.find((x) => codeOf(x) === 'docker/non-root-user')!;
    assert.equal(d.source, 'readiness');
    const target = typeof d.code === 'object' ? d.code.target : undefined;
    assert.ok(target && /^https?:/.test(target.toString()), 'a documentation link');
  });

  it('applies the USER quick fix and the diagnostic clears', async () => {
    const uri = file('Dockerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    const d = vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'docker/non-root-user')!;
    const actions = await waitFor(async () => {
      const a = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      return a?.some((x) => /USER/.test(x.title)) && a;
    }, 'the USER quick fix');
    const fix = actions.find((a) => /USER/.test(a.title) && a.edit)!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /^USER node$/m);
    await doc.save();
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'docker/non-root-user'), 'the finding to clear');
  });

  it('shows repository-level findings as one summary per category, and manifest problems, on readiness.yaml', async () => {
    const uri = file('readiness.yaml');
    await vscode.workspace.openTextDocument(uri);
    const diags = await waitFor(() => {
      const ds = vscode.languages.getDiagnostics(uri);
      return ds.some((d) => codeOf(d) === 'repository/documentation') && ds.some((d) => codeOf(d) === 'manifest/unknown-rule') && ds;
    }, 'manifest diagnostics');
    assert.ok(diags.some((d) => codeOf(d) === 'manifest/waiver-expired'));
    assert.match(diags.find((d) => codeOf(d) === 'repository/documentation')!.message, /custom\/changelog/);
    const codes = diags.map(codeOf);
    assert.equal(codes.length, new Set(codes).size, 'one diagnostic per category summary');
    assert.ok(diags.every((d) => !d.message.includes('`')), 'plain text in Problems');
  });

  it('defect 1: the categories setting has every category on by default (the Settings UI shows them ticked)', () => {
    const inspect = vscode.workspace.getConfiguration('readiness').inspect<Record<string, boolean>>('categories');
    const def = inspect?.defaultValue ?? {};
    assert.equal(Object.keys(def).length, 11);
    assert.ok(Object.values(def).every((v) => v === true), JSON.stringify(def));
  });

  it('defect 2: Apply Fix in the tree creates the missing file, on disk, and opens it', async () => {
    const target = file('.dockerignore');
    assert.equal(await exists(target), false);
    const check = await waitFor(() => findCheck('dockerignore/present'), 'the dockerignore/present check');
    assert.equal(api.treeItem(check).contextValue, 'check.fixable');
    assert.equal(await vscode.commands.executeCommand('readiness.fixFinding', check), true);
    await waitFor(() => exists(target), '.dockerignore on disk');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(text, /node_modules/);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === target.toString()), '.dockerignore is open');
  });

  it('defect 3: Apply Fix on a check with several findings applies them together (three jobs, three timeouts at job level)', async () => {
    const wf = file('.github/workflows/ci.yml');
    await vscode.workspace.fs.writeFile(wf, new TextEncoder().encode(THREE_JOBS));
    const check = await waitFor(() => {
      const c = findCheck('ci/timeout-minutes');
      return c && c.type === 'check' && c.check.findings.filter((f) => !f.waived).length === 3 && c;
    }, 'three ci/timeout-minutes findings', 90000);
    assert.equal(await vscode.commands.executeCommand('readiness.fixFinding', check), true);
    const doc = await vscode.workspace.openTextDocument(wf);
    const lines = doc.getText().split('\n');
    const at = lines.filter((l) => /timeout-minutes/.test(l));
    assert.equal(at.length, 3, doc.getText());
    assert.ok(at.every((l) => /^ {4}timeout-minutes: \d+$/.test(l)), at.join('\n'));
    await doc.save();
    await waitFor(() => !vscode.languages.getDiagnostics(wf).some((d) => codeOf(d) === 'ci/timeout-minutes'), 'the findings to clear');
  });

  it('fix-all: Fix All in This File and source.fixAll.readiness on save', async () => {
    const wf = file('.github/workflows/ci.yml');
    const doc = await vscode.workspace.openTextDocument(wf);
    await vscode.window.showTextDocument(doc);
    const strip = async () => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(wf, new vscode.Range(0, 0, doc.lineCount, 0), THREE_JOBS);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => vscode.languages.getDiagnostics(wf).filter((d) => codeOf(d) === 'ci/timeout-minutes').length === 3, 'three findings again');
    };
    await strip();
    assert.equal(await vscode.commands.executeCommand('readiness.fixAllInFile', wf), true);
    assert.equal(doc.getText().match(/timeout-minutes/g)?.length, 3);
    await strip();
    const config = vscode.workspace.getConfiguration('editor', { languageId: doc.languageId });
    await config.update('codeActionsOnSave', { 'source.fixAll.readiness': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      await doc.save();
      await waitFor(() => (doc.getText().match(/timeout-minutes/g)?.length ?? 0) === 3 && !doc.isDirty, 'fix-all on save');
      await doc.save();
      assert.equal(doc.getText().match(/timeout-minutes/g)?.length, 3, 'a second save changes nothing');
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('completes waiver reasons and hovers rule ids in the manifest', async () => {
    const uri = file('readiness.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('reason: planned'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('planned')));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('accepted-risk'), labels.slice(0, 20).join(', '));
    const ruleLine = doc.getText().split('\n').findIndex((l) => l.includes('docs/readme'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(ruleLine, doc.lineAt(ruleLine).text.indexOf('docs/readme') + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /README/);
  });

  it('fills the tree with categories, checks and findings', async () => {
    const roots = await waitFor(() => {
      const r = api.treeChildren();
      return r.length > 0 && r;
    }, 'tree items');
    const labels = roots.map((n) => String(api.treeItem(n).label));
    assert.ok(labels.includes('Containers'), labels.join(', '));
    const containers = roots.find((n) => api.treeItem(n).label === 'Containers')!;
    const checks = api.treeChildren(containers);
    assert.ok(findCheck('docker/non-root-user'), 'docker/non-root-user is in the tree');
    const failing = checks.find((n: Node) => n.type === 'check' && n.check.findings.length > 0);
    if (failing) {
      const findings = api.treeChildren(failing);
      const item = api.treeItem(findings[0]);
      assert.equal(item.command?.command, 'readiness.openFinding');
    }
  });

  it('shows the score in the status bar and in the score panel, level blockers first, in the words of the reports', async () => {
    assert.match(api.statusText(), /Readiness \d+/);
    await vscode.commands.executeCommand('readiness.showPanel');
    const model = await waitFor(() => api.panelModel() ?? undefined, 'the panel model');
    assert.equal(typeof model.score, 'number');
    assert.ok(model.categories.length > 0);
    assert.ok(model.nextSteps.every((s) => s.points >= 0));
    const firstOther = model.nextSteps.findIndex((s) => !s.blocksLevel);
    assert.ok(firstOther < 0 || model.nextSteps.slice(firstOther).every((s) => !s.blocksLevel), 'level blockers come first');
    assert.notEqual(model.level, 'none', 'never "level none"');
    assert.doesNotMatch(JSON.stringify(model.text), /\(s\)/, 'no "blocker(s)"');
    const message = api.treeView().message ?? '';
    assert.doesNotMatch(message, /level none|\(s\)/, message);
  });

  it('defect 8: a repository-level next step reveals and selects its check in the tree', async () => {
    const report = (await waitFor(() => api.panelModel() ?? undefined, 'the panel model'));
    const step = report.nextSteps.find((s) => s.where === 'repository');
    assert.ok(step, 'a repository-level step');
    // A report arriving meanwhile redraws the tree (and drops the selection): reveal again until it holds.
    await waitFor(async () => {
      assert.equal(await vscode.commands.executeCommand('readiness.revealCheck', step.ruleId), true);
      await new Promise((r) => setTimeout(r, 500));
      return api.treeView().selection.some((n) => n.type === 'check' && n.check.ruleId === step.ruleId);
    }, 'the check selected in the tree');
  });

  it('the tree and the score follow an unsaved edit (debounced), as the Problems panel does', async () => {
    const uri = file('Dockerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    const cmd = doc.getText().split('\n').findIndex((l) => l.startsWith('CMD'));
    edit.insert(uri, new vscode.Position(cmd, 0), '# HEALTHCHECK comes later\n');
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('USER'));
    if (line >= 0) edit.delete(uri, new vscode.Range(line, 0, line + 1, 0));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => {
      const c = findCheck('docker/non-root-user');
      return c && c.type === 'check' && c.check.status === 'fail';
    }, 'the tree to show the unsaved finding');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => {
      const c = findCheck('docker/non-root-user');
      return c && c.type === 'check' && c.check.status === 'pass';
    }, 'the tree to follow the revert');
  });

  it('audits the workspace on command', async () => {
    const result = await vscode.commands.executeCommand<{ score: number; findings: number } | undefined>('readiness.audit');
    assert.ok(result, 'an audit result');
    assert.equal(typeof result.score, 'number');
  });

  it('exports the report as Markdown, SARIF and JSON', async () => {
    for (const [format, name] of [['markdown', 'report.md'], ['sarif', 'report.sarif'], ['json', 'report.json']] as const) {
      const target = vscode.Uri.joinPath(folder(), 'out-reports', name);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('readiness.exportReport', format, target);
      assert.ok(uri, `${format} exported`);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.ok(text.length > 50, `${format} has content`);
      if (format !== 'markdown') JSON.parse(text);
    }
  });

  it('opens the walkthrough', async () => {
    await vscode.commands.executeCommand('readiness.openWalkthrough');
  });

  it('scaffolds a runbook without overwriting and opens it', async () => {
    const runbook = file('docs/RUNBOOK.md');
    assert.equal(await exists(runbook), false);
    const created = await vscode.commands.executeCommand<string[]>('readiness.scaffold', ['runbook', 'dockerfile']);
    assert.equal(created?.length, 1, 'only the missing runbook is created');
    await waitFor(() => exists(runbook), 'docs/RUNBOOK.md on disk');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(runbook));
    assert.match(text, /## Rollback/);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === runbook.toString()), 'the runbook is open for review');
  });

  it('adds a waiver through the suppression command', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('readiness.addWaiver', { uri: file('Dockerfile').toString(), ruleId: 'docker/healthcheck', file: 'Dockerfile' }, 'accepted-risk', 'checked by the orchestrator');
    assert.equal(ok, true);
    const doc = await vscode.workspace.openTextDocument(file('readiness.yaml'));
    assert.match(doc.getText(), /- rule: docker\/healthcheck\n    paths: \["Dockerfile"\]\n    reason: accepted-risk/);
    await doc.save();
  });

  it('keeps passing and not-applicable checks in collapsed groups after the failing ones', async () => {
    const roots = api.treeChildren();
    for (const category of roots.filter((n) => n.type === 'category')) {
      const children = api.treeChildren(category);
      const top = children.filter((n) => n.type === 'check');
      assert.ok(top.every((n) => n.type === 'check' && n.check.status !== 'not-applicable' && n.check.status !== 'pass'), `no passing or n/a check at the top of ${String(api.treeItem(category).label)}`);
      const groups = children.filter((n) => n.type === 'group');
      assert.deepEqual(children.slice(children.length - groups.length), groups, 'the groups come last');
      for (const g of groups) {
        const item = api.treeItem(g);
        assert.match(String(item.label), /^(Passing|Not applicable) \(\d+\)$/);
        assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      }
    }
  });

  it('generates docs/ROADMAP.md, shows it in the tree and updates it in place', async () => {
    const roadmap = file('docs/ROADMAP.md');
    assert.equal(await exists(roadmap), false);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('readiness.generateRoadmap');
    assert.equal(uri?.toString(), roadmap.toString());
    await waitFor(() => exists(roadmap), 'docs/ROADMAP.md on disk');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(roadmap));
    assert.match(text, /readiness:roadmap/);
    assert.match(text, /% production ready \(measured\)/);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === roadmap.toString()), 'the roadmap is open for review');
    const node = await waitFor(() => api.treeChildren().find((n) => n.type === 'roadmap'), 'the Roadmap node in the tree');
    const docs = api.treeChildren(node);
    const ours = docs.find((n) => n.type === 'roadmapDoc' && n.doc.file === 'docs/ROADMAP.md');
    assert.ok(ours, docs.map((n) => String(api.treeItem(n).description)).join(', '));
    const groups = api.treeChildren(ours).map((n) => String(api.treeItem(n).label));
    assert.ok(groups.some((l) => /^Open \(\d+\)$/.test(l)) && groups.some((l) => /^Done \(\d+\)$/.test(l)), groups.join(', '));
    // A line of the team's own survives the next run.
    const doc = await vscode.workspace.openTextDocument(roadmap);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(roadmap, doc.lineAt(doc.lineCount - 1).range.end, '\n\nOur note: launch after the support training.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('readiness.generateRoadmap'))?.toString(), roadmap.toString());
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(roadmap)), /Our note: launch after the support training\./);
  });

  it('never overwrites a roadmap the team wrote', async () => {
    const theirs = file('docs/ROADMAP.md');
    const own = '# Our roadmap\n\n- [x] Dockerfile runs as a non-root user\n';
    await vscode.workspace.fs.writeFile(theirs, new TextEncoder().encode(own));
    const doc = await vscode.workspace.openTextDocument(theirs);
    await waitFor(() => doc.getText() === own, 'the editor to see the team’s roadmap');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('readiness.generateRoadmap', 'untitled');
    assert.equal(uri?.scheme, 'untitled');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(theirs)), own);
    const untitled = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
    assert.match(untitled?.getText() ?? '', /readiness:roadmap/);
  });
});
