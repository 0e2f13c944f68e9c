/**
 * End to end on `examples/overclaiming-app`, a small service whose ROADMAP.md claims more than the
 * repository has. Every false claim must be reported on its own line by the engine, shown by the CLI
 * report as `ROADMAP.md:<line>`, turned into an editor diagnostic on that line, and grouped in the
 * tree's roadmap summary. Lines marked `<!-- want: roadmap/… -->` in the example say where.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { program } from '../server/src/cli/main';
import { toDiagnostic } from '../server/src/lsp/diagnostics';
import { roadmapSummary } from '../server/src/roadmap/summary';
import type { Report } from '../server/src/core/types';
import { REPO, auditDir, readWants } from './helpers';

const APP = path.join(REPO, 'examples', 'overclaiming-app');
const ROADMAP = fs.readFileSync(path.join(APP, 'ROADMAP.md'), 'utf8').split('\n');
/** One-based line of the first roadmap line containing a text. */
const lineOf = (text: string) => ROADMAP.findIndex((l) => l.includes(text)) + 1;

describe('roadmap end to end (examples/overclaiming-app)', () => {
  let report: Report;
  before(async () => {
    report = await auditDir(APP);
  });

  /** Expected `ROADMAP.md:<line>` per rule: the marked lines, plus the scorecard rows (a table cannot hold markers). */
  function expected(): Map<string, string[]> {
    const wants = readWants(APP);
    const out = new Map<string, string[]>();
    for (const [id, set] of wants) out.set(id, [...set]);
    const rows = ['| **Containers** |', '| **CI/CD** |', '| **Observability** |', '| **Overall** |'].map((r) => `ROADMAP.md:${lineOf(r)}`);
    out.set('roadmap/claim-not-met', [...(out.get('roadmap/claim-not-met') ?? []), ...rows]);
    out.set('roadmap/unmapped-items', [`ROADMAP.md:${lineOf('Translate the API error messages')}`]);
    return out;
  }

  it('reports each false claim on its line', () => {
    for (const [id, lines] of expected()) {
      const got = report.findings.filter((f) => f.ruleId === id).map((f) => `${f.file}:${(f.range?.start.line ?? -1) + 1}`);
      assert.deepEqual(got.sort(), [...lines].sort(), id);
    }
    const claim = report.findings.find((f) => f.ruleId === 'roadmap/claim-not-met' && f.range?.start.line === lineOf('**Current Status:**') - 1)!;
    assert.match(claim.message, /^claims 85%, measured [\d.]+%/);
    const ci = report.findings.find((f) => f.ruleId === 'roadmap/done-but-failing' && f.range?.start.line === lineOf('CI runs the tests') - 1)!;
    assert.match(ci.message, /^marked done, but .*runs? the tests.*\(ci\/runs-tests; also failing: ci\/runs-on-pull-request\)$/);
    const macRoman = report.findings.find((f) => f.ruleId === 'roadmap/done-but-failing' && f.range?.start.line === lineOf('Production runbook written') - 1)!;
    assert.match(macRoman.message, /no runbook/);
    assert.equal(report.findings.filter((f) => f.ruleId === 'roadmap/open-but-passing')[0].fix?.title, 'Tick this roadmap item');
  });

  it('shows them in the CLI report', async () => {
    let out = '';
    const io = { out: (s: string) => void (out += s), err: () => undefined, isTTY: false, errTTY: false };
    const code = process.exitCode;
    try {
      await program(io).parseAsync(['node', 'readiness', 'audit', APP, '--verbose', '--no-color', '--no-progress']);
    } finally {
      process.exitCode = code;
    }
    for (const lines of expected().values()) for (const l of lines) assert.ok(out.includes(`${l}:`), `the CLI shows ${l}\n${out}`);
    assert.match(out, /ROADMAP\.md:\d+:\d+ +claims 85%, measured/);
  });

  it('turns them into editor diagnostics on their lines, with the tick as a quick fix', () => {
    for (const [id, lines] of expected()) {
      const diags = report.findings.filter((f) => f.ruleId === id).map((f) => toDiagnostic(f, undefined, { overrides: {} })!);
      assert.deepEqual(diags.map((d) => `ROADMAP.md:${d.range.start.line + 1}`).sort(), [...lines].sort());
      for (const d of diags) assert.equal(d.code, id);
    }
    const tick = report.findings.find((f) => f.ruleId === 'roadmap/open-but-passing')!;
    const d = toDiagnostic(tick, undefined, { overrides: {} })!;
    assert.deepEqual((d.data as { fix?: { changes: { newText?: string }[] } }).fix?.changes.map((c) => c.newText), ['[x]']);
  });

  it('groups the items for the tree: done, claimed but failing, open, manual', () => {
    const [doc] = roadmapSummary(report);
    assert.equal(doc.file, 'ROADMAP.md');
    assert.equal(doc.title, 'Orders Service – Production Readiness Roadmap');
    assert.deepEqual(doc.claimedButFailing.map((i) => `ROADMAP.md:${i.line}`).sort(), [...(expected().get('roadmap/done-but-failing') ?? [])].sort());
    assert.deepEqual(doc.done.map((i) => i.text), ['GitHub Actions workflow on every push']);
    assert.ok(doc.open.some((i) => i.passing && /README/.test(i.text)));
    assert.ok(doc.open.some((i) => !i.passing && /Load testing/.test(i.text)));
    assert.deepEqual(doc.manual.map((i) => i.text).sort(), ['Get sign-off from the security team', 'Translate the API error messages']);
    assert.deepEqual(doc.falseClaims.map((c) => `ROADMAP.md:${c.line}`).sort(), [...(expected().get('roadmap/claim-not-met') ?? [])].sort());
  });
});

describe('roadmap discovery and exported reports', () => {
  it('an exported Markdown report is not read as a roadmap', async () => {
    const { Workspace } = await import('../server/src/core/workspace');
    const { audit } = await import('../server/src/core/engine');
    const { renderMarkdown } = await import('../server/src/report/markdown');
    const { roadmapPaths } = await import('../server/src/roadmap/discover');
    const base = { 'README.md': '# App\n\nA small app that says hello to everyone who asks it politely, every day.\n' };
    const report = await audit({ ws: Workspace.fromFiles(base) });
    const ws = Workspace.fromFiles({ ...base, 'reports/readiness-roadmap.md': renderMarkdown(report) });
    assert.deepEqual(roadmapPaths(ws), []);
  });
});
