/**
 * Fast tests of the language server: spawns the bundled `dist/server.js --stdio`, opens a copy of the
 * editor-test fixture workspace and talks LSP to it: diagnostics (code, source, codeDescription,
 * data), quick fixes, suppressions, the manifest's completion and hover, scaffolding, export and the
 * incremental-analysis counters. No `vscode` import; the in-editor suite lives under test/editor/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Hover, WorkspaceEdit } from 'vscode-languageserver-types';
import { allRules } from '../server/src/rules';
import type { GenerateRoadmapRefusal, GenerateRoadmapResult, ReportResult, ScaffoldCandidate, ScaffoldResult, ServerStats } from '../server/src/shared/protocol';
import { isGeneratedRoadmap } from '../server/src/roadmap/writer';
import { REPO } from './helpers';
import { FIXTURE, SERVER, TestClient, applyTextEdits, waitFor } from './lsp-client';

describe('lsp: language server over stdio', function () {
  this.timeout(60000);
  let tmp: string;
  let client: TestClient;

  before(async function () {
    if (!fs.existsSync(SERVER)) this.skip();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-'));
    fs.cpSync(FIXTURE, tmp, { recursive: true });
    client = new TestClient(tmp);
    await client.start();
  });

  after(async () => {
    await client?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes diagnostics with source, code, codeDescription and data', async () => {
    const diags = await waitFor(() => client.diagnosticsOf('Dockerfile').length > 0 && client.diagnosticsOf('Dockerfile'), 'Dockerfile diagnostics');
    const d = diags.find((x) => x.code === 'docker/non-root-user');
    assert.ok(d, `docker/non-root-user among ${diags.map((x) => x.code).join(', ')}`);
    assert.equal(d.source, 'readiness');
    assert.match(d.codeDescription?.href ?? '', /^https:\/\//);
    assert.equal((d.data as { ruleId: string }).ruleId, 'docker/non-root-user');
    assert.ok((d.data as { fix?: unknown }).fix, 'the fix travels in data');
  });

  it('publishes repository-level findings on the manifest as one summary per category', async () => {
    const diags = await waitFor(() => client.diagnosticsOf('readiness.yaml').length > 0 && client.diagnosticsOf('readiness.yaml'), 'manifest diagnostics');
    const docs = diags.find((x) => x.code === 'repository/documentation');
    assert.ok(docs, `repository/documentation among ${diags.map((x) => x.code).join(', ')}`);
    assert.match(String(docs.message), /custom\/changelog/);
    assert.ok(diags.some((x) => x.code === 'manifest/unknown-rule'), 'unknown rule id at its key');
    assert.ok(diags.some((x) => x.code === 'manifest/waiver-expired'), 'expired waiver');
  });

  it('offers the rule fix as a quick fix whose edit adds USER', async () => {
    client.open('Dockerfile');
    const d = client.diagnosticsOf('Dockerfile').find((x) => x.code === 'docker/non-root-user')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri('Dockerfile') },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /USER/);
    assert.ok(actions.some((a) => /Ignore docker\/non-root-user/.test(a.title)), 'inline suppression offered');
    assert.ok(actions.some((a) => /Waive docker\/non-root-user/.test(a.title)), 'waiver offered');
    const before = fs.readFileSync(path.join(tmp, 'Dockerfile'), 'utf8');
    const after = applyTextEdits(before, fix.edit!, client.uri('Dockerfile'));
    assert.match(after, /^USER node$/m);
    assert.ok(after.indexOf('USER node') < after.indexOf('CMD'), 'USER comes before CMD');
  });

  it('re-runs only the edited file’s rules on change and clears the fixed finding', async () => {
    const text = fs.readFileSync(path.join(tmp, 'Dockerfile'), 'utf8').replace('CMD', 'USER node\nCMD');
    client.change('Dockerfile', text);
    await waitFor(() => !client.diagnosticsOf('Dockerfile').some((x) => x.code === 'docker/non-root-user'), 'the finding to clear');
    const stats = (await client.conn.sendRequest('readiness/stats')) as ServerStats;
    const dockerRules = allRules.filter((r) => r.scope === 'file' && r.kinds.includes('dockerfile')).length;
    assert.ok(stats.edits >= 1);
    assert.ok(stats.lastEditEvaluations >= 1 && stats.lastEditEvaluations <= dockerRules, `${stats.lastEditEvaluations} evaluations for ${dockerRules} Dockerfile rules`);
    assert.ok(stats.lastEditEvaluations < allRules.length, 'fewer evaluations than rules in the catalogue');
  });

  it('honours inline suppressions in editor diagnostics exactly as the CLI does', async () => {
    const base = fs.readFileSync(path.join(tmp, 'Dockerfile'), 'utf8');
    client.change('Dockerfile', base);
    await waitFor(() => client.diagnosticsOf('Dockerfile').some((x) => x.code === 'docker/non-root-user'), 'the finding to come back');
    const edit = (await client.conn.sendRequest('readiness/suppressEdit', { kind: 'inline', uri: client.uri('Dockerfile'), ruleId: 'docker/non-root-user', line: 0, file: 'Dockerfile', reason: 'runs in a rootless sandbox' })) as WorkspaceEdit;
    const suppressed = applyTextEdits(base, edit, client.uri('Dockerfile'));
    assert.match(suppressed.split('\n')[0], /^# readiness-ignore docker\/non-root-user -- runs in a rootless sandbox$/);
    client.change('Dockerfile', suppressed);
    await waitFor(() => !client.diagnosticsOf('Dockerfile').some((x) => x.code === 'docker/non-root-user'), 'the suppressed finding to disappear');
    // Without a reason the suppression is ignored (requireReason) and flagged.
    client.change('Dockerfile', base.replace(/^/, '# readiness-ignore docker/non-root-user\n'));
    await waitFor(() => client.diagnosticsOf('Dockerfile').some((x) => x.code === 'docker/non-root-user') && client.diagnosticsOf('Dockerfile').some((x) => x.code === 'manifest/suppression-without-reason'), 'the reasonless suppression to be flagged');
    client.change('Dockerfile', base);
  });

  it('builds a waiver edit that appends to the manifest’s waivers', async () => {
    const edit = (await client.conn.sendRequest('readiness/suppressEdit', { kind: 'waiver', uri: client.uri('Dockerfile'), ruleId: 'docker/non-root-user', file: 'Dockerfile', reason: 'accepted-risk', note: 'sandboxed' })) as WorkspaceEdit;
    const manifest = fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8');
    const after = applyTextEdits(manifest, edit, client.uri('readiness.yaml'));
    assert.match(after, /  - rule: docs\/readme[\s\S]*  - rule: docker\/non-root-user\n    paths: \["Dockerfile"\]\n    reason: accepted-risk\n    note: "sandboxed"\n    expires: "2026-08-30"/);
  });

  it('fixes an unknown rule id with its "did you mean" suggestion', async () => {
    client.open('readiness.yaml');
    const d = await waitFor(() => client.diagnosticsOf('readiness.yaml').find((x) => x.code === 'manifest/unknown-rule'), 'unknown rule');
    assert.match(d.message as string, /did you mean 'docker\/non-root-user'/);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri('readiness.yaml') }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const fix = actions.find((a) => /docker\/non-root-user/.test(a.title) && a.edit);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    const after = applyTextEdits(fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8'), fix.edit!, client.uri('readiness.yaml'));
    assert.match(after, /^  docker\/non-root-user: high$/m);
  });

  it('renews an expired waiver', async () => {
    const d = client.diagnosticsOf('readiness.yaml').find((x) => x.code === 'manifest/waiver-expired')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri('readiness.yaml') }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const renew = actions.find((a) => /Renew/.test(a.title))!;
    const after = applyTextEdits(fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8'), renew.edit!, client.uri('readiness.yaml'));
    assert.match(after, /expires: "2026-08-30"/);
    const remove = actions.find((a) => /Remove/.test(a.title))!;
    const removed = applyTextEdits(fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8'), remove.edit!, client.uri('readiness.yaml'));
    assert.match(removed, /^waivers:\n  \[\]\n$/m);
  });

  it('completes rule ids, waiver reasons and categories in the manifest', async () => {
    const text = 'version: 1\nrules:\n  dock\nwaivers:\n  - rule: docker/non-root-user\n    reason: \ncategories:\n  \n';
    client.change('readiness.yaml', text);
    const at = async (line: number, character: number) => (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: client.uri('readiness.yaml') }, position: { line, character } })) as CompletionItem[];
    const ids = await at(2, 6);
    assert.ok(ids.some((i) => i.label === 'docker/non-root-user'), 'rule ids under rules:');
    const reasons = await at(5, 12);
    assert.deepEqual(reasons.map((i) => i.label).sort(), ['accepted-risk', 'false-positive', 'not-applicable', 'planned', 'remediated-elsewhere']);
    const cats = await at(7, 2);
    assert.ok(cats.some((i) => i.label === 'security'), 'category ids under categories:');
    const top = await at(0, 0);
    assert.ok(top.some((i) => i.label === 'level'), 'top-level keys');
    assert.ok(!top.some((i) => i.label === 'waivers'), 'keys already written are not offered again');
    client.change('readiness.yaml', fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8'));
  });

  it('shows the rule’s rationale on hover', async () => {
    const lines = fs.readFileSync(path.join(tmp, 'readiness.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('docs/readme'));
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('readiness.yaml') }, position: { line, character: lines[line].indexOf('docs/readme') + 3 } })) as Hover;
    const value = (hover.contents as unknown as { value: string }).value;
    assert.match(value, /README/);
    assert.match(value, /Documentation/);
  });

  it('returns the last report and exports it', async () => {
    const res = (await client.conn.sendRequest('readiness/report', {})) as ReportResult;
    assert.ok(res.report, 'a report');
    assert.equal(typeof res.report.score, 'number');
    assert.ok(res.history.length >= 1);
    const md = (await client.conn.sendRequest('readiness/export', { format: 'sarif' })) as { content: string; fileName: string };
    assert.equal(md.fileName, 'readiness-report.sarif');
    assert.equal(JSON.parse(md.content).version, '2.1.0');
  });

  it('scaffolds missing files for the detected stack without overwriting', async () => {
    const plan = (await client.conn.sendRequest('readiness/scaffoldPlan', {})) as ScaffoldCandidate[];
    const runbook = plan.find((c) => c.id === 'runbook');
    assert.ok(runbook && !runbook.exists && runbook.recommended);
    assert.ok(plan.find((c) => c.id === 'dockerfile')?.exists, 'the Dockerfile exists');
    const res = (await client.conn.sendRequest('readiness/scaffold', { ids: ['runbook', 'dockerfile', 'ci'] })) as ScaffoldResult;
    assert.deepEqual(res.files.map((f) => path.basename(decodeURIComponent(f))).sort(), ['RUNBOOK.md', 'ci.yml']);
    const creates = (res.edit.documentChanges ?? []).filter((c) => 'kind' in c && c.kind === 'create') as { options?: { ignoreIfExists?: boolean } }[];
    assert.ok(creates.every((c) => c.options?.ignoreIfExists));
  });

  it('refreshes workspace-wide findings when files are created and deleted', async () => {
    const has = () => client.diagnosticsOf('readiness.yaml').some((x) => x.code === 'repository/documentation' && /custom\/changelog/.test(String(x.message)));
    await waitFor(() => has(), 'custom/changelog before');
    const changelog = path.join(tmp, 'CHANGELOG.md');
    fs.writeFileSync(changelog, '# Changelog\n\n## 1.0.0\n\n- First release.\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('CHANGELOG.md'), type: 1 }] });
    await waitFor(() => !has(), 'custom/changelog to pass after the file is created');
    fs.rmSync(changelog);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('CHANGELOG.md'), type: 3 }] });
    await waitFor(() => has(), 'custom/changelog to fail again after the file is deleted');
  });

  it('survives bad input', async () => {
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri('Dockerfile') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [{ source: 'readiness', code: 'docker/non-root-user', message: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data: { ruleId: 'docker/non-root-user', fix: { title: 'bad', changes: 'nope' } } }] },
    });
    assert.ok(Array.isArray(actions));
    client.open('k8s.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
    client.change('readiness.yaml', 'version: [1\nrules: {{{\n');
    await waitFor(() => client.diagnosticsOf('readiness.yaml').some((x) => x.code === 'manifest/schema-error'), 'a syntax error on the manifest');
    const res = (await client.conn.sendRequest('readiness/report', {})) as ReportResult;
    assert.ok(res.report);
  });
});

describe('lsp: roadmaps in the editor (examples/overclaiming-app)', function () {
  this.timeout(60000);
  const EXAMPLE = path.join(REPO, 'examples', 'overclaiming-app');
  let tmp: string;
  let client: TestClient;
  /** One-based lines that carry a `<!-- want: rule -->` marker on the line before. */
  /** The scorecard rows are claims too (a table cannot hold markers). */
  const wanted = (rule: string): number[] => {
    const lines = fs.readFileSync(path.join(EXAMPLE, 'ROADMAP.md'), 'utf8').split('\n');
    const marked = lines.flatMap((l, i) => (l.includes(`want: ${rule}`) ? [i + 2] : []));
    const rows = rule === 'roadmap/claim-not-met' ? lines.flatMap((l, i) => (/^\| \*\*(Containers|CI\/CD|Observability|Overall)\*\* \|/.test(l) ? [i + 1] : [])) : [];
    return [...marked, ...rows].sort((a, b) => a - b);
  };

  before(async function () {
    if (!fs.existsSync(SERVER) || !fs.existsSync(EXAMPLE)) this.skip();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-lsp-roadmap-'));
    fs.cpSync(EXAMPLE, tmp, { recursive: true });
    client = new TestClient(tmp);
    await client.start();
  });

  after(async () => {
    await client?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes roadmap diagnostics on the false-claim lines of ROADMAP.md', async () => {
    const claims = wanted('roadmap/claim-not-met');
    const failing = wanted('roadmap/done-but-failing');
    assert.ok(claims.length > 0 && failing.length > 0);
    const diags = await waitFor(() => {
      const d = client.diagnosticsOf('ROADMAP.md');
      return d.some((x) => x.code === 'roadmap/claim-not-met') && d;
    }, 'roadmap diagnostics on ROADMAP.md');
    const linesOf = (code: string) => [...new Set(diags.filter((x) => x.code === code).map((x) => x.range.start.line + 1))].sort((a, b) => a - b);
    assert.deepEqual(linesOf('roadmap/claim-not-met'), claims);
    assert.deepEqual(linesOf('roadmap/done-but-failing'), failing);
    assert.ok(diags.every((x) => x.source === 'readiness'));
  });

  it('returns the roadmap summary with the report', async () => {
    const res = (await client.conn.sendRequest('readiness/report', {})) as ReportResult;
    assert.ok(res.roadmap && res.roadmap.length === 1, 'one roadmap document');
    const doc = res.roadmap[0];
    assert.equal(doc.file, 'ROADMAP.md');
    assert.match(doc.title, /Orders Service/);
    assert.deepEqual(doc.claimedButFailing.map((i) => i.line), wanted('roadmap/done-but-failing'));
    assert.deepEqual(doc.falseClaims.map((c) => c.line), wanted('roadmap/claim-not-met'));
    assert.ok(doc.done.length > 0, 'the CI workflow item is done');
    assert.ok(doc.open.some((i) => i.passing && wanted('roadmap/open-but-passing').includes(i.line)), 'the README item is open but passing');
    assert.ok(doc.manual.some((i) => /sign-off/i.test(i.text)), 'the sign-off is manual');
  });

  it('generates docs/ROADMAP.md without writing, and never claims the team’s roadmap', async () => {
    const res = (await client.conn.sendRequest('readiness/generateRoadmap', {})) as GenerateRoadmapResult;
    assert.equal(res.path, 'docs/ROADMAP.md');
    assert.equal(res.exists, false);
    assert.equal(res.ours, true);
    assert.ok(isGeneratedRoadmap(res.text), 'carries the generated marker');
    assert.match(res.text, new RegExp(`${res.score}% production ready \\(measured\\)`));
    assert.ok(!fs.existsSync(path.join(tmp, 'docs', 'ROADMAP.md')), 'the server writes nothing');
    // The trial overlay is gone: the report still knows one roadmap document only.
    await client.conn.sendRequest('readiness/audit', {});
    const after = (await client.conn.sendRequest('readiness/report', {})) as ReportResult;
    assert.deepEqual(after.roadmap?.map((d) => d.file), ['ROADMAP.md']);
    // The team's own roadmap at the root: reported as not ours, so the client must not overwrite it.
    const theirs = (await client.conn.sendRequest('readiness/generateRoadmap', { path: 'ROADMAP.md' })) as GenerateRoadmapResult;
    assert.equal(theirs.exists, true);
    assert.equal(theirs.ours, false);
    assert.ok(isGeneratedRoadmap(theirs.text));
  });

  it('merges into a roadmap it wrote, keeping the team’s lines', async () => {
    const first = (await client.conn.sendRequest('readiness/generateRoadmap', {})) as GenerateRoadmapResult;
    const lines = first.text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('- [ ]'));
    assert.ok(at > 0, 'an open item');
    lines.splice(at, 0, '- [ ] Our own item: rehearse the launch with the support team');
    fs.mkdirSync(path.join(tmp, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'docs', 'ROADMAP.md'), lines.join('\n'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('docs/ROADMAP.md'), type: 1 }] });
    const second = (await client.conn.sendRequest('readiness/generateRoadmap', {})) as GenerateRoadmapResult;
    assert.equal(second.exists, true);
    assert.equal(second.ours, true);
    assert.match(second.text, /Our own item: rehearse the launch/);
  });

  it('refuses with a reason the user can act on when the roadmap it wrote has lost an end marker', async () => {
    const first = (await client.conn.sendRequest('readiness/generateRoadmap', {})) as GenerateRoadmapResult;
    const lines = first.text.split('\n');
    const end = lines.findIndex((l) => l.startsWith('<!-- readiness:end'));
    assert.ok(end > 0, 'the generated roadmap has regions');
    lines.splice(end, 1);
    fs.mkdirSync(path.join(tmp, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'docs', 'ROADMAP.md'), lines.join('\n'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('docs/ROADMAP.md'), type: 2 }] });
    const res = (await client.conn.sendRequest('readiness/generateRoadmap', {})) as GenerateRoadmapRefusal;
    assert.equal(res.path, 'docs/ROADMAP.md');
    assert.match(res.refused, /has no end marker/);
    // The server still answers afterwards: the refusal left no audit stuck.
    const again = (await client.conn.sendRequest('readiness/audit', {})) as { score: number } | null;
    assert.ok(again && typeof again.score === 'number');
  });
});
