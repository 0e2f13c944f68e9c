/**
 * The engine's incremental entry point: `auditFile` gives one file's findings and its suppression
 * meta findings as typed results, and `updateReport` merges them into the last report so that the
 * result equals a full audit of the same texts. Also the prerequisite folding (one root cause, one
 * finding) and the manifest loader keeping every valid entry.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditFile, auditWorkspace, effectiveRules, updateReport } from '../server/src/core/engine';
import { detectFacts } from '../server/src/core/facts';
import { SourceFile } from '../server/src/core/source';
import { Workspace } from '../server/src/core/workspace';
import { parseManifest } from '../server/src/manifest/load';
import { allRules } from '../server/src/rules';
import { toJson } from '../server/src/report/json';
import { FIXED_NOW, REPO } from './helpers';

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
  }
  return out;
}

describe('engine: incremental entry point', () => {
  const dir = path.join(REPO, 'test', 'editor', 'fixtures', 'service');

  it('auditFile returns the file rules’ findings and the suppression findings apart, typed by where they come from', async () => {
    const files = filesOf(dir);
    files.Dockerfile = '# readiness-ignore docker/non-root-usr\n' + files.Dockerfile;
    const ws = Workspace.fromFiles(files, {}, dir);
    const { report, meta } = await auditWorkspace({ ws, now: FIXED_NOW });
    const loaded = parseManifest(ws.read('readiness.yaml')!);
    const rules = effectiveRules(loaded.manifest, allRules);
    const fa = auditFile({ ws, path: 'Dockerfile', manifest: loaded.manifest, facts: detectFacts(ws), rules, now: FIXED_NOW });
    assert.ok(fa.readable);
    assert.ok(fa.findings.every((f) => f.file === 'Dockerfile' && rules.find((r) => r.id === f.ruleId)?.scope === 'file'));
    assert.deepEqual(fa.suppressionFindings.map((f) => f.ruleId).sort(), ['manifest/suppression-without-reason', 'manifest/unknown-rule']);
    assert.deepEqual(meta.suppressions.get('Dockerfile')?.map((f) => f.ruleId).sort(), fa.suppressionFindings.map((f) => f.ruleId).sort());
    assert.ok(meta.manifest.every((f) => f.file === 'readiness.yaml'));
    const fromReport = report.findings.filter((f) => f.file === 'Dockerfile' && rules.find((r) => r.id === f.ruleId)?.scope === 'file');
    assert.deepEqual(fa.findings.map((f) => `${f.ruleId}@${f.range?.start.line}`).sort(), fromReport.map((f) => `${f.ruleId}@${f.range?.start.line}`).sort());
  });

  it('updateReport after an edit gives the score, statuses and findings of a full audit of the new text', async () => {
    const files = filesOf(dir);
    const ws = Workspace.fromFiles(files, {}, dir);
    const { report, meta } = await auditWorkspace({ ws, now: FIXED_NOW });
    const loaded = parseManifest(ws.read('readiness.yaml')!);
    const rules = effectiveRules(loaded.manifest, allRules);
    const edited = files.Dockerfile.replace('CMD', 'USER node\nHEALTHCHECK CMD ["node", "-e", "1"]\nCMD').replace('npm install --omit=dev', 'npm ci --omit=dev');
    ws.setOverlay('Dockerfile', edited);
    const fa = auditFile({ ws, path: 'Dockerfile', manifest: loaded.manifest, facts: detectFacts(ws), rules, now: FIXED_NOW });
    meta.suppressions.delete('Dockerfile');
    const updated = updateReport(report, fa, { ws, manifest: loaded.manifest, facts: detectFacts(ws), rules, now: FIXED_NOW, meta });
    const full = (await auditWorkspace({ ws: Workspace.fromFiles({ ...files, Dockerfile: edited }, {}, dir), now: FIXED_NOW })).report;
    assert.notEqual(updated.score, report.score, 'the edit changes the score');
    assert.equal(updated.score, full.score);
    assert.equal(updated.level, full.level);
    const statuses = (r: typeof full) => r.checks.map((c) => `${c.ruleId}:${c.status}:${c.credit}`).sort();
    assert.deepEqual(statuses(updated), statuses(full));
    assert.deepEqual(updated.findings.map((f) => `${f.ruleId}@${f.file}:${f.range?.start.line}`).sort(), full.findings.map((f) => `${f.ruleId}@${f.file}:${f.range?.start.line}`).sort());
  });

  it('folds the findings of checks whose prerequisite fails into the prerequisite’s finding, and keeps their score at zero', async () => {
    const ws = Workspace.fromFiles(filesOf(path.join(REPO, 'examples', 'hobby-app')), {}, path.join(REPO, 'examples', 'hobby-app'));
    const { report } = await auditWorkspace({ ws, now: FIXED_NOW });
    const host = report.findings.find((f) => f.ruleId === 'ci/workflow-present')!;
    assert.ok(host.folded && host.folded.includes('ci/runs-tests') && host.folded.includes('security/sast-ci'), String(host.folded));
    for (const id of host.folded) {
      const c = report.checks.find((x) => x.ruleId === id)!;
      assert.equal(c.blockedBy, 'ci/workflow-present');
      assert.equal(c.findings.filter((f) => !f.waived).length, 0);
      assert.ok(c.status === 'fail' && c.credit === 0, `${id} still fails`);
    }
    // The JSON report says the same: the host finding lists the folded checks, each check names its host.
    const json = toJson(report) as { checks: { ruleId: string; blockedBy: string | null }[]; findings: { ruleId: string; folded: string[] | null }[] };
    assert.deepEqual(json.findings.find((f) => f.ruleId === 'ci/workflow-present')!.folded, host.folded);
    for (const id of host.folded) assert.equal(json.checks.find((c) => c.ruleId === id)!.blockedBy, 'ci/workflow-present', id);
    assert.equal(json.checks.find((c) => c.ruleId === 'ci/workflow-present')!.blockedBy, null);
    // The same repository with every rule run alone scores the same: folding moves findings, not points.
    const unfolded = (await auditWorkspace({ ws, now: FIXED_NOW, rules: allRules.map((r) => ({ ...r, requires: undefined })) })).report;
    assert.equal(report.score, unfolded.score);
    assert.equal(report.level, unfolded.level);
  });
});

describe('manifest: only the bad entry is dropped (editor issue defect 5)', () => {
  const load = (text: string) => parseManifest(new SourceFile('readiness.yaml', text, 'manifest'));

  it('one waiver with an invalid reason drops that waiver only, and says so', () => {
    const m = load('waivers:\n  - rule: docker/healthcheck\n    reason: because\n  - rule: docs/readme\n    reason: planned\n  - rule: docs/license\n    reason: accepted-risk\n');
    assert.deepEqual(m.manifest.waivers.map((w) => w.rule), ['docs/readme', 'docs/license']);
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0].message, /"because" is not allowed; expected one of not-applicable, accepted-risk, remediated-elsewhere, false-positive, planned/);
    assert.match(m.problems[0].message, /this waiver is ignored/);
    assert.deepEqual(m.waiverIndex, [1, 2], 'the kept waivers know their place in the file');
  });

  it('a misspelt category keeps the other category settings and lists the allowed ids with a suggestion', () => {
    const m = load('categories:\n  securty: { target: 80 }\n  testing: { target: 50, weight: 2 }\n');
    assert.equal(m.manifest.categories.testing?.target, 50);
    assert.equal(m.manifest.categories.testing?.weight, 2);
    assert.equal(m.problems.length, 1);
    assert.match(m.problems[0].message, /unknown key `securty` in `categories`; did you mean `security`\? expected one of containers, ci-cd, security, testing/);
    assert.equal(m.problems[0].suggestion, 'security');
    assert.equal(m.problems[0].range.start.line, 1);
  });

  it('a bad field of a category drops that field only; a bad rule override drops that override only', () => {
    const m = load('categories:\n  security: { target: high, weight: 2 }\nrules:\n  docker/healthcheck: hgh\n  docs/readme: low\n');
    assert.equal(m.manifest.categories.security?.weight, 2);
    assert.equal(m.manifest.categories.security?.target, undefined);
    assert.deepEqual(Object.keys(m.manifest.rules), ['docs/readme']);
    assert.equal(m.problems.length, 2);
  });
});

describe('messages say a thing once (editor issue defect 9)', () => {
  it('an incomplete README is "README.md is incomplete", not "the README README.md"', async () => {
    const { audit } = await import('../server/src/core/engine');
    const ws = Workspace.fromFiles({ 'README.md': '# Tool\n\nA tool that does one thing well for the people who use it every day.\n', 'package.json': '{"name":"t","version":"1.0.0"}' }, {}, '/x');
    const r = await audit({ ws, now: FIXED_NOW, only: ['docs/readme-sections'] });
    const f = r.findings.find((x) => x.ruleId === 'docs/readme-sections')!;
    assert.match(f.message, /^README\.md is incomplete: missing/);
  });
});
