/**
 * The editor's one fix path, over LSP: every fixable finding of the bundled examples applied through
 * `readiness/fix` and re-audited; a check with several findings fixed at once; a fix that creates a
 * file; fix-all in a file and `source.fixAll.readiness`; "ignore in the entire file"; the HEALTHCHECK
 * fix built from the audit's facts; repository-level findings as one summary per category; a waiver
 * without a manifest; the tree and score following edits; the manifest's completion and hover.
 * Each test names the defect of the editor issue it covers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CompletionItem, CreateFile, Hover, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { audit } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import { parseManifest } from '../server/src/manifest/load';
import { SourceFile } from '../server/src/core/source';
import type { FixResult, ReportResult, ScaffoldCandidate } from '../server/src/shared/protocol';
import { FIXED_NOW, REPO } from './helpers';
import { FIXTURE, SERVER, TestClient, applyTextEdits, waitFor } from './lsp-client';

/** Applies a workspace edit to the files of a folder on disk (creations and text edits). */
function applyToDisk(root: string, edit: WorkspaceEdit): string[] {
  const touched: string[] = [];
  for (const c of edit.documentChanges ?? []) {
    if ('kind' in c) {
      if (c.kind !== 'create') throw new Error(`unexpected ${c.kind}`);
      const p = fileURLToPath((c as CreateFile).uri);
      assert.ok(p.startsWith(root + path.sep), `creates inside the folder: ${p}`);
      if (!fs.existsSync(p)) {
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, '');
      }
      continue;
    }
    const e = c as TextDocumentEdit;
    const p = fileURLToPath(e.textDocument.uri);
    assert.ok(p.startsWith(root + path.sep), `edits inside the folder: ${p}`);
    fs.writeFileSync(p, applyTextEdits(fs.readFileSync(p, 'utf8'), { documentChanges: [e] }, e.textDocument.uri));
    touched.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return touched;
}

/** Tells the server that files changed on disk and waits for the audit that follows. */
async function filesChanged(client: TestClient, rels: string[], type: 1 | 2 | 3 = 1): Promise<void> {
  const before = client.reports.length;
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: rels.map((r) => ({ uri: client.uri(r), type })) });
  await waitFor(() => client.reports.length > before, `the audit after the file events (${client.logs.slice(-3).join(' | ')})`, 30000);
}

function copyOf(dir: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fix-'));
  fs.cpSync(dir, tmp, { recursive: true });
  return fs.realpathSync(tmp);
}

async function fix(client: TestClient, params: Record<string, unknown>): Promise<FixResult> {
  const res = (await client.conn.sendRequest('readiness/fix', params)) as FixResult | null;
  assert.ok(res, 'a fix result');
  return res;
}

function createdPaths(res: FixResult): string[] {
  return res.created.map((u) => path.basename(fileURLToPath(u)));
}

describe('lsp: one fix path (every WorkspaceEdit built on the server from applyFixes)', function () {
  this.timeout(120000);
  const examples = ['hobby-app', 'overclaiming-app', 'production-service'].map((e) => path.join(REPO, 'examples', e)).concat([FIXTURE]);

  for (const example of examples) {
    it(`applies every fixable finding of ${path.basename(example)} through the editor path, and the re-audit has fewer findings and no new one`, async function () {
      if (!fs.existsSync(SERVER)) this.skip();
      const root = copyOf(example);
      const client = new TestClient(root);
      try {
        await client.start();
        const before = await audit({ ws: Workspace.load(root), now: FIXED_NOW });
        const fixableBefore = before.findings.filter((f) => f.fix && !f.waived);
        const res = await fix(client, { scope: 'workspace' });
        if (fixableBefore.length === 0) {
          assert.equal(res.fixes, 0, 'nothing to fix, nothing applied');
          return;
        }
        assert.ok(res.fixes > 0, `${path.basename(example)} has fixes`);
        const touched = applyToDisk(root, res.edit);
        const after = await audit({ ws: Workspace.load(root), now: FIXED_NOW });
        const fixableAfter = after.findings.filter((f) => f.fix && !f.waived);
        assert.ok(fixableAfter.length < fixableBefore.length, `fixable findings ${fixableBefore.length} → ${fixableAfter.length}`);
        // No rule reports more than before: a fix never breaks what another rule checks.
        const count = (r: typeof before) => {
          const m = new Map<string, number>();
          for (const f of r.findings.filter((x) => !x.waived)) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
          return m;
        };
        const b = count(before);
        // A check folded into "no CI" had its findings there; once CI exists it speaks for itself.
        const folded = new Set(before.checks.filter((c) => c.blockedBy).map((c) => c.ruleId));
        for (const [rule, n] of count(after)) assert.ok(n <= (b.get(rule) ?? 0) || folded.has(rule) || rule.startsWith('roadmap/'), `${rule}: ${b.get(rule) ?? 0} → ${n} findings after the fixes`);
        assert.ok(after.score >= before.score, `score ${before.score} → ${after.score}`);
        // Applying again changes nothing already fixed: the server sees the new files and offers only what is left.
        await filesChanged(client, [...touched, ...res.created.map((u) => path.relative(root, fileURLToPath(u)).split(path.sep).join('/'))]);
        const again = await fix(client, { scope: 'workspace' });
        for (const u of again.created) assert.ok(!res.created.includes(u), `${u} is not created twice`);
        assert.ok(again.fixes < res.fixes, `second round ${again.fixes} < first round ${res.fixes}`);
      } finally {
        await client.stop();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('lsp: fixes, fix-all and the editor issue defects', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;

  before(async function () {
    if (!fs.existsSync(SERVER)) this.skip();
    root = copyOf(FIXTURE);
    // Three jobs without timeout-minutes: three findings of one check in one file (defect 3).
    fs.mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.github', 'workflows', 'ci.yml'),
      [
        'name: ci',
        'on: [push, pull_request]',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  lint:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
        '      - run: npm ci && npm run lint',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
        '      - run: npm ci && npm test',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
        '      - run: docker build .',
        '',
      ].join('\n'),
    );
    client = new TestClient(root);
    await client.start();
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('defect 3: fixes every finding of a check at once, so three timeout-minutes land on the three jobs', async () => {
    const res = await fix(client, { scope: 'check', ruleId: 'ci/timeout-minutes' });
    assert.equal(res.fixes, 3);
    const wf = '.github/workflows/ci.yml';
    const text = applyTextEdits(fs.readFileSync(path.join(root, wf), 'utf8'), res.edit, client.uri(wf));
    const lines = text.split('\n');
    const timeouts = lines.flatMap((l, i) => (/timeout-minutes:/.test(l) ? [i] : []));
    assert.equal(timeouts.length, 3, text);
    for (const i of timeouts) assert.match(lines[i], /^ {4}timeout-minutes: \d+$/, `job-level, not inside steps: ${lines[i]}`);
    const after = await audit({ ws: Workspace.fromFiles({ [wf]: text }, {}, root), now: FIXED_NOW, only: ['ci/timeout-minutes', 'ci/workflow-valid'] });
    assert.deepEqual(after.findings.map((f) => f.ruleId), [], 'the fixed workflow passes');
    // The edit is built against the version the server saw: a closed file carries null.
    const docEdit = (res.edit.documentChanges ?? []).find((c) => 'textDocument' in c) as TextDocumentEdit;
    assert.equal(docEdit.textDocument.version, null);
  });

  it('defect 2: a fix that creates a file is built by the server (create + content, never over an existing file)', async () => {
    const res = await fix(client, { scope: 'check', ruleId: 'dockerignore/present' });
    assert.deepEqual(createdPaths(res), ['.dockerignore']);
    const creates = (res.edit.documentChanges ?? []).filter((c): c is CreateFile => 'kind' in c && c.kind === 'create');
    assert.ok(creates.every((c) => c.options?.ignoreIfExists && !c.options.overwrite));
    const content = (res.edit.documentChanges ?? []).find((c) => "textDocument" in c && c.textDocument.uri === res.created[0]) as TextDocumentEdit;
    assert.match((content.edits[0] as { newText: string }).newText, /node_modules/);
    fs.writeFileSync(path.join(root, '.dockerignore'), '# ours\n');
    await filesChanged(client, ['.dockerignore']);
    const again = await fix(client, { scope: 'check', ruleId: 'dockerignore/present' });
    assert.equal(again.created.length, 0, 'an existing file is never created again');
    fs.rmSync(path.join(root, '.dockerignore'));
    await filesChanged(client, ['.dockerignore'], 3);
  });

  it('one fix path: quick fixes are built against the open document version; fix-all and source.fixAll.readiness edit only this file', async () => {
    const wf = '.github/workflows/ci.yml';
    const text = fs.readFileSync(path.join(root, wf), 'utf8');
    client.open(wf, text);
    client.change(wf, text + '\n');
    const diags = await waitFor(() => client.diagnosticsOf(wf).filter((d) => d.code === 'ci/timeout-minutes').length === 3 && client.diagnosticsOf(wf), 'three timeout-minutes diagnostics');
    const d = diags.find((x) => x.code === 'ci/timeout-minutes')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(wf) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const one = actions.find((a) => a.isPreferred && a.edit)!;
    const all = actions.find((a) => /^Fix all 3 ci\/timeout-minutes problems in this file$/.test(a.title));
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    const version = (e: WorkspaceEdit) => ((e.documentChanges ?? [])[0] as TextDocumentEdit).textDocument.version;
    assert.equal(version(one.edit!), 2, 'the version the server analysed');
    assert.equal(applyTextEdits(text + '\n', all.edit!, client.uri(wf)).match(/timeout-minutes/g)?.length, 3);
    // What editor.codeActionsOnSave asks for.
    const onSave = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(wf) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'], triggerKind: 2 } })) as CodeAction[];
    assert.equal(onSave.length, 1, onSave.map((a) => `${a.kind}: ${a.title}`).join(' | '));
    assert.equal(onSave[0].kind, 'source.fixAll.readiness');
    const changes = onSave[0].edit!.documentChanges ?? [];
    assert.ok(changes.every((c) => 'textDocument' in c && c.textDocument.uri === client.uri(wf)), 'only this file, nothing created on save');
    const fixed = applyTextEdits(text + '\n', onSave[0].edit!, client.uri(wf));
    client.change(wf, fixed);
    await waitFor(() => !client.diagnosticsOf(wf).some((x) => x.code === 'ci/timeout-minutes'), 'the findings to clear');
    const twice = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(wf) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.readiness'] } })) as CodeAction[];
    assert.equal(twice.length, 0, 'applying fix-all twice changes nothing');
    client.change(wf, text);
  });

  it('offers "ignore in the entire file", which goes after the Dockerfile parser directives', async () => {
    const df = 'Dockerfile';
    const text = '# syntax=docker/dockerfile:1\n' + fs.readFileSync(path.join(root, df), 'utf8');
    client.open(df, text);
    const d = await waitFor(() => client.diagnosticsOf(df).find((x) => x.code === 'docker/non-root-user'), 'docker/non-root-user');
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(df) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const whole = actions.find((a) => /in this entire file/.test(a.title));
    assert.ok(whole?.command, actions.map((a) => a.title).join(' | '));
    const edit = (await client.conn.sendRequest('readiness/suppressEdit', { ...(whole.command.arguments![0] as object), kind: 'inline', reason: 'runs in a rootless sandbox' })) as WorkspaceEdit;
    const after = applyTextEdits(text, edit, client.uri(df)).split('\n');
    assert.equal(after[0], '# syntax=docker/dockerfile:1');
    assert.equal(after[1], '# readiness-ignore-file docker/non-root-user -- runs in a rootless sandbox');
    client.change(df, after.join('\n'));
    await waitFor(() => !client.diagnosticsOf(df).some((x) => x.code === 'docker/non-root-user'), 'the finding to be suppressed');
    client.change(df, fs.readFileSync(path.join(root, df), 'utf8'));
  });

  it('defect 4: the HEALTHCHECK fix probes the route and port the audit found, with a tool the image has', async () => {
    const df = 'Dockerfile';
    const d = await waitFor(() => client.diagnosticsOf(df).find((x) => x.code === 'docker/healthcheck' && x.range.start.line === 0), 'docker/healthcheck on the FROM line');
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(df) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const hc = actions.find((a) => /HEALTHCHECK/.test(a.title) && a.edit)!;
    assert.equal(hc.title, 'Add a HEALTHCHECK that probes GET /healthz on port 3000 with node');
    const text = applyTextEdits(fs.readFileSync(path.join(root, df), 'utf8'), hc.edit!, client.uri(df));
    assert.match(text, /http:\/\/127\.0\.0\.1:3000\/healthz/);
    assert.match(text, /# Probes \/healthz: server\.js:7 registers \/healthz\./);
    assert.match(text, /# Port 3000: EXPOSE 3000\./);
    assert.doesNotMatch(text, /\/health['"]/);
  });

  it('defect 6: repository-level findings are one summary per category on the manifest, with a short light-bulb menu', async () => {
    // Every summary on one line (a manifest without category keys): one action per category, one "show".
    const all = client.diagnosticsOf('readiness.yaml').filter((x) => String(x.code).startsWith('repository/'));
    const line = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri('readiness.yaml') }, range: all[0].range, context: { diagnostics: all } })) as CodeAction[];
    assert.ok(line.length <= all.length + 1, line.map((a) => a.title).join(' | '));
    assert.equal(line.filter((a) => /Readiness tree/.test(a.title)).length, 1);
    const diags = client.diagnosticsOf('readiness.yaml');
    const summaries = diags.filter((x) => String(x.code).startsWith('repository/'));
    const report = ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).report!;
    const repoLevel = report.findings.filter((f) => f.file === null && !f.waived && f.category !== 'manifest');
    assert.equal(summaries.length, new Set(repoLevel.map((f) => f.category)).size, 'one per category');
    assert.equal(summaries.reduce((n, s) => n + Number(/: (\d+) repository-level/.exec(String(s.message))?.[1]), 0), repoLevel.length, 'the counts add up');
    assert.ok(diags.length <= 15, `${diags.length} diagnostics on the manifest (was ~40)`);
    assert.ok(diags.every((x) => (x.data as { file?: unknown }).file !== null || String(x.code).startsWith('repository/')));
    for (const s of summaries) {
      const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri('readiness.yaml') }, range: s.range, context: { diagnostics: [s] } })) as CodeAction[];
      assert.ok(actions.length <= 2, `${s.code}: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(actions.some((a) => a.title === 'Show the repository-level findings in the Readiness tree'));
    }
  });

  it('defect 9: diagnostics are plain text (no Markdown backticks)', async () => {
    for (const [, list] of client.diagnostics) for (const d of list) assert.doesNotMatch(String(d.message), /`/, String(d.message));
  });

  it('defect 8: the score trend records audits of saved files only, at most one point a minute', async () => {
    const before = ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).history.length;
    const df = 'Dockerfile';
    const text = fs.readFileSync(path.join(root, df), 'utf8');
    for (let i = 0; i < 3; i++) client.change(df, text + `# edit ${i}\n`);
    await waitFor(() => (client.reports as { trigger: string }[]).some((r) => r.trigger === 'edit'), 'a report update while typing');
    await client.conn.sendRequest('readiness/audit', {});
    await client.conn.sendRequest('readiness/audit', {});
    const after = ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).history;
    assert.ok(after.length <= before + 1, `${before} → ${after.length} points`);
    assert.ok(after.every((p) => !Number.isNaN(Date.parse(p.at))), 'every point has its date');
    client.change(df, text);
  });

  it('the tree and the score follow edits before any save (debounced report updates)', async () => {
    const df = 'Dockerfile';
    const text = fs.readFileSync(path.join(root, df), 'utf8');
    const check = async () => ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).report!.checks.find((c) => c.ruleId === 'docker/non-root-user')!;
    client.change(df, text);
    await waitFor(() => client.diagnosticsOf(df).some((x) => x.code === 'docker/non-root-user'), 'the finding');
    const n = client.reports.length;
    client.change(df, text.replace('CMD', 'USER node\nCMD'));
    await waitFor(() => client.reports.length > n, 'a report update');
    assert.equal((client.reports[client.reports.length - 1] as { trigger: string }).trigger, 'edit');
    assert.equal((await check()).status, 'pass', 'the report follows the unsaved buffer');
    client.change(df, text);
    await waitFor(async () => (await check()).status === 'fail', 'the report to follow back');
  });
});

describe('lsp: a workspace without a manifest', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;

  before(async function () {
    if (!fs.existsSync(SERVER)) this.skip();
    root = copyOf(path.join(REPO, 'examples', 'hobby-app'));
    client = new TestClient(root);
    await client.start();
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('defect 7: a waiver creates the commented starter manifest with the waiver in it', async () => {
    const edit = (await client.conn.sendRequest('readiness/suppressEdit', { kind: 'waiver', uri: client.uri('Dockerfile'), ruleId: 'docker/healthcheck', file: 'Dockerfile', reason: 'planned' })) as WorkspaceEdit;
    const changes = edit.documentChanges ?? [];
    assert.ok(changes.some((c) => 'kind' in c && c.kind === 'create' && c.uri === client.uri('readiness.yaml')));
    const content = ((changes.find((c) => 'textDocument' in c) as TextDocumentEdit).edits[0] as { newText: string }).newText;
    assert.match(content, /^# Production readiness manifest/);
    assert.match(content, /categories:\n {2}security:/);
    assert.match(content, /waivers:\n {2}- rule: docker\/healthcheck\n {4}paths: \["Dockerfile"\]\n {4}reason: planned/);
    const loaded = parseManifest(new SourceFile('readiness.yaml', content, 'manifest'));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.manifest.waivers.length, 1);
  });

  it('defect 6: without a manifest, repository-level findings are not pushed into Problems', async () => {
    for (const [uri, list] of client.diagnostics) for (const d of list) assert.notEqual((d.data as { file?: unknown }).file, null, `${uri}: ${d.message}`);
  });

  it('one root cause, one finding: with no CI at all, a single "no CI" finding stands for the checks that need CI', async () => {
    const report = ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).report!;
    const ci = report.findings.filter((f) => /no CI|there is no CI|no GitHub Actions workflow/i.test(f.message));
    assert.deepEqual(ci.map((f) => f.ruleId), ['ci/workflow-present']);
    assert.ok((ci[0].folded ?? []).length >= 5, `folded: ${ci[0].folded?.join(', ')}`);
    for (const id of ci[0].folded!) {
      const c = report.checks.find((x) => x.ruleId === id)!;
      assert.equal(c.blockedBy, 'ci/workflow-present');
      assert.equal(c.credit, 0, 'a folded check still earns nothing');
      assert.ok(!report.nextSteps.some((s) => s.ruleId === id), `${id} is reached through ci/workflow-present`);
    }
  });

  it('defect 11: Scaffold Missing Files offers every file the Create… fixes write, and recommends nothing a disabled category asks for', async () => {
    const plan = (await client.conn.sendRequest('readiness/scaffoldPlan', {})) as ScaffoldCandidate[];
    const report = ((await client.conn.sendRequest('readiness/report', {})) as ReportResult).report!;
    const created = new Set(report.findings.filter((f) => f.fix && !f.waived).flatMap((f) => f.fix!.changes.filter((c) => c.kind === 'create').map((c) => c.file)));
    for (const file of created) assert.ok(plan.some((c) => c.path === file), `${file} is offered`);
  });
});

describe('lsp: scaffolding for a library (categories the starter manifest turns off)', function () {
  this.timeout(60000);
  it('defect 11: does not recommend a runbook or a DR plan for a library whose starter manifest disables operations and reliability', async function () {
    if (!fs.existsSync(SERVER)) this.skip();
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lib-')));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'tiny-lib', version: '1.0.0', main: 'index.js', scripts: { test: 'node --test' } }, null, 2));
    fs.writeFileSync(path.join(root, 'index.js'), 'module.exports = (a, b) => a + b;\n');
    const client = new TestClient(root);
    try {
      await client.start();
      const plan = (await client.conn.sendRequest('readiness/scaffoldPlan', {})) as ScaffoldCandidate[];
      assert.ok(plan.find((c) => c.id === 'manifest')?.recommended);
      for (const id of ['runbook', 'disaster-recovery']) {
        const c = plan.find((x) => x.id === id);
        if (c) assert.equal(c.recommended, false, `${id} is not recommended`);
      }
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('lsp: manifest editing (defects 5 and 10)', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;
  const at = async (line: number, character: number) => (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: client.uri('readiness.yaml') }, position: { line, character } })) as CompletionItem[];
  const hover = async (line: number, character: number) => (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('readiness.yaml') }, position: { line, character } })) as Hover | null;

  before(async function () {
    if (!fs.existsSync(SERVER)) this.skip();
    root = copyOf(FIXTURE);
    client = new TestClient(root);
    await client.start();
    client.open('readiness.yaml');
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('completes top-level keys on a new line, and not those already written', async () => {
    const text = 'version: 1\nrules: {}\n\n';
    client.change('readiness.yaml', text);
    const items = await at(2, 0);
    const labels = items.map((i) => i.label);
    for (const k of ['level', 'categories', 'waivers', 'checks', 'ignore']) assert.ok(labels.includes(k), `${k} among ${labels.join(', ')}`);
    assert.ok(!labels.includes('version') && !labels.includes('rules'));
  });

  it('gives each waiver reason its own meaning, hovers `waivers` and a reason', async () => {
    const text = 'version: 1\nwaivers:\n  - rule: docker/healthcheck\n    reason: planned\n';
    client.change('readiness.yaml', text);
    const reasons = await at(3, 12);
    const details = reasons.map((i) => i.detail);
    assert.equal(new Set(details).size, reasons.length, `distinct details: ${details.join(' | ')}`);
    const w = await hover(1, 2);
    assert.match(String((w?.contents as { value?: string })?.value), /Decisions not to meet a rule/);
    const r = await hover(3, 13);
    assert.match(String((r?.contents as { value?: string })?.value), /planned.*fix is planned/);
  });

  it('offers snippets where a list item starts, never inside a value; contributes no YAML snippets to every YAML file', async () => {
    client.change('readiness.yaml', 'version: 1\nwaivers:\n  - \nlevel: mvp\n');
    const item = await at(2, 4);
    assert.ok(item.some((i) => i.label === 'readiness-waiver'), item.map((i) => i.label).join(', '));
    const value = await at(3, 7);
    assert.ok(!value.some((i) => i.kind === 15), 'no snippet in a value');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.ok(!(pkg.contributes.snippets ?? []).some((s: { language: string }) => s.language === 'yaml'));
  });

  it('defect 5: one bad waiver drops only itself; a misspelt category lists the allowed ids and offers the fix', async () => {
    const text = ['version: 1', 'categories:', '  securty: { target: 80 }', '  testing: { target: 50 }', 'waivers:', '  - rule: docker/healthcheck', '    reason: because', '  - rule: docs/readme', '    reason: planned', ''].join('\n');
    client.change('readiness.yaml', text);
    const diags = await waitFor(() => client.diagnosticsOf('readiness.yaml').filter((d) => d.code === 'manifest/schema-error').length >= 2 && client.diagnosticsOf('readiness.yaml'), 'schema errors');
    const cat = diags.find((d) => /securty/.test(String(d.message)))!;
    assert.match(String(cat.message), /did you mean 'security'/);
    assert.match(String(cat.message), /expected one of containers, ci-cd, security/);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri('readiness.yaml') }, range: cat.range, context: { diagnostics: [cat] } })) as CodeAction[];
    const change = actions.find((a) => a.title === "Change to 'security'");
    assert.ok(change, actions.map((a) => a.title).join(' | '));
    assert.match(applyTextEdits(text, change.edit!, client.uri('readiness.yaml')), /^ {2}security: \{ target: 80 \}$/m);
    const loaded = parseManifest(new SourceFile('readiness.yaml', text, 'manifest'));
    assert.deepEqual(loaded.manifest.waivers.map((w) => w.rule), ['docs/readme'], 'the valid waiver stays');
    assert.equal(loaded.manifest.categories.testing?.target, 50, 'the valid category stays');
    const reason = diags.find((d) => /because/.test(String(d.message)) || /waivers\.0\.reason/.test(String(d.message)));
    assert.ok(reason && /this waiver is ignored/.test(String(reason.message)), String(reason?.message));
    assert.equal(reason.range.start.line, 6);
  });
});
