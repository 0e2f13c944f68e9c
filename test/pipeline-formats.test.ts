/**
 * The pipeline formats and their building blocks: fingerprints that survive line moves, escaping of
 * repository text, SARIF validated against the SARIF 2.1.0 schema, the GitLab Code Quality
 * (`codeclimate`) and JUnit reports, and the audit leaving readiness's own output files out.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprintFindings } from '../server/src/core/fingerprint';
import { readinessOutputKind } from '../server/src/core/generated';
import type { Finding } from '../server/src/core/types';
import { renderReport } from '../server/src/report';
import { toCodeClimate } from '../server/src/report/codeclimate';
import { escapeCommandData, escapeHtml, escapeMarkdown, escapeXml, markdownCode, terminalLine } from '../server/src/report/safe-text';
import { REPO, auditDir, auditFiles } from './helpers';
import { sarifErrors } from './pipelines-helpers';

const EXAMPLES = ['hobby-app', 'overclaiming-app', 'production-service'].map((e) => path.join(REPO, 'examples', e));

describe('pipelines: fingerprints', () => {
  const finding = (line: number, message = 'm'): Finding => ({ ruleId: 'r/x', category: 'security', severity: 'high', message, file: 'a.txt', range: { start: { line, character: 0 }, end: { line, character: 3 } } });

  it('survives lines added above, changes when the flagged line changes, and counts identical lines', () => {
    const before = ['one', 'FROM node:latest', 'two', 'FROM node:latest'];
    const after = ['inserted', 'inserted too', 'one', '  FROM   node:latest', 'two', 'FROM node:latest'];
    const a = [finding(1), finding(3)];
    const b = [finding(3), finding(5)];
    fingerprintFindings(a, () => before);
    fingerprintFindings(b, () => after);
    assert.deepEqual(b.map((f) => f.fingerprint), a.map((f) => f.fingerprint), 'moved and re-indented lines keep their fingerprints');
    assert.match(a[0].fingerprint!, /^[0-9a-f]{16}:1$/);
    assert.match(a[1].fingerprint!, /^[0-9a-f]{16}:2$/, 'the second identical line is occurrence 2');
    const edited = [finding(1)];
    fingerprintFindings(edited, () => ['one', 'FROM node:20']);
    assert.notEqual(edited[0].fingerprint, a[0].fingerprint, 'editing the flagged line makes it another finding');
  });

  it('findings without a position use the message without its numbers', () => {
    const a: Finding = { ruleId: 'docs/runbook', category: 'operations', severity: 'medium', message: 'the runbook has 3 of 5 sections', file: null };
    const b: Finding = { ...a, message: 'the runbook has 4 of 5 sections' };
    const c: Finding = { ...a, message: 'no runbook at all' };
    fingerprintFindings([a], () => undefined);
    fingerprintFindings([b], () => undefined);
    fingerprintFindings([c], () => undefined);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
  });

  it('every finding of an audit has one, and the JSON report and SARIF carry the same value', async () => {
    const report = await auditDir(EXAMPLES[0]);
    assert.ok(report.findings.length > 10);
    for (const f of report.findings) assert.match(f.fingerprint ?? '', /^[0-9a-f]{16}:\d+$/, `${f.ruleId} has no fingerprint`);
    const json = JSON.parse(renderReport(report, 'json')) as { findings: { fingerprint: string }[]; generatedAt: string };
    const sarif = JSON.parse(renderReport(report, 'sarif')) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    assert.deepEqual(json.findings.map((f) => f.fingerprint), report.findings.map((f) => f.fingerprint));
    assert.deepEqual(sarif.runs[0].results.map((r) => r.partialFingerprints['readiness/v2']), report.findings.map((f) => f.fingerprint));
    assert.ok(!Number.isNaN(Date.parse(json.generatedAt)), 'the JSON report carries its date');
  });
});

describe('pipelines: escaping repository text', () => {
  const evil = '<img src=x onerror=alert(1)> | `code` **b** [l](http://e) @team\n::error::x \u001b[31mred\u001b[0m \u202Eevil';

  it('HTML and XML escape markup, quotes and control characters', () => {
    const h = escapeHtml(evil);
    assert.doesNotMatch(h, /<img|\u001b|\u202E/);
    assert.match(h, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const x = escapeXml(`${evil}\u0000"'&`);
    assert.doesNotMatch(x, /<img|\u0000/);
    assert.match(x, /&quot;&apos;&amp;$/);
  });

  it('Markdown text cannot open a tag, a link, a table cell, a mention or a code span, and stays on one line', () => {
    const m = escapeMarkdown(evil);
    assert.doesNotMatch(m, /\n|<img|(?<!\\)\||(?<!\\)\[|(?<!\\)`|@team|\u001b/);
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('plain'), '`plain`');
  });

  it('terminal lines and workflow commands cannot carry escapes or new commands', () => {
    assert.doesNotMatch(terminalLine(evil), /\n|\u001b|\u202E/);
    assert.equal(escapeCommandData('50%\r\n::error::x'), '50%25%0D%0A::error::x');
  });
});

describe('pipelines: SARIF 2.1.0', () => {
  for (const dir of EXAMPLES) {
    it(`the report of ${path.basename(dir)} validates against the SARIF 2.1.0 schema`, async () => {
      const report = await auditDir(dir);
      const log = JSON.parse(renderReport(report, 'sarif'));
      assert.deepEqual(sarifErrors(log), []);
    });
  }

  it('a broken log does not validate (the validator is live)', async () => {
    const log = JSON.parse(renderReport(await auditDir(EXAMPLES[0]), 'sarif'));
    log.runs[0].results[0].level = 'fatal';
    assert.notDeepEqual(sarifErrors(log), []);
  });
});

describe('pipelines: GitLab Code Quality and JUnit', () => {
  it('codeclimate lists every open finding with the fields GitLab reads and unique fingerprints', async () => {
    const report = await auditDir(EXAMPLES[0]);
    const issues = toCodeClimate(report);
    const open = report.findings.filter((f) => !f.waived);
    assert.equal(issues.length, open.length);
    for (const [i, issue] of issues.entries()) {
      assert.equal(issue.check_name, open[i].ruleId);
      assert.equal(typeof issue.description, 'string');
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.ok(issue.location.path && !path.isAbsolute(issue.location.path));
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
      assert.equal(issue.location.lines.begin, open[i].range ? open[i].range!.start.line + 1 : 1);
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
    }
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    assert.ok(issues.some((i) => i.location.path === 'README.md'), 'repository findings point at a file');
  });

  it('junit has one test case per check: failures for failing checks, skipped for N/A and waived', async () => {
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(EXAMPLES[0])) files[name] = fs.readFileSync(path.join(EXAMPLES[0], name), 'utf8');
    files['readiness.yaml'] = 'version: 1\nwaivers:\n  - rule: docker/healthcheck\n    reason: accepted-risk\n    note: a batch job\n    owner: team\n    expires: 2027-01-31\n';
    const report = await auditFiles(files);
    const xml = renderReport(report, 'junit');
    const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)" time="0"(\/>|>\n\s+<(failure|skipped))/g)];
    const meta = new Set(report.findings.filter((f) => !report.checks.some((c) => c.ruleId === f.ruleId) && !f.waived).map((f) => f.ruleId));
    assert.equal(cases.length, report.checks.length + meta.size);
    const kind = (c: RegExpMatchArray) => (c[3] === '/>' ? 'pass' : c[4]);
    for (const check of report.checks) {
      const c = cases.find((x) => x[2].startsWith(`${check.ruleId}: `));
      assert.ok(c, `no test case for ${check.ruleId}`);
      const want = check.status === 'pass' ? 'pass' : check.status === 'fail' || check.status === 'partial' ? 'failure' : 'skipped';
      assert.equal(kind(c), want, `${check.ruleId} is ${check.status}`);
    }
    const total = Number(/<testsuites [^>]*tests="(\d+)"/.exec(xml)![1]);
    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1]);
    assert.equal(total, cases.length);
    assert.equal(failures, cases.filter((c) => kind(c) === 'failure').length);
    assert.ok(report.checks.some((c) => c.status === 'waived'), 'the waiver applies');
    assert.match(xml, /<skipped message="waived: /);
    assert.match(xml, /<skipped message="not applicable: /);
  });

  it('junit and codeclimate escape hostile repository text', async () => {
    const report = await auditFiles({
      'readiness.yaml': 'version: 1\nchecks:\n  - id: evil\n    title: "<b>&\\u0007\\"x"\n    category: operations\n    files: "NOPE-<x>.md"\n',
      'a<b>&"c.env': 'SECRET=1\n',
    });
    const xml = renderReport(report, 'junit');
    assert.doesNotMatch(xml, /<b>|\u0007|a<b>/);
    assert.match(xml, /&lt;b&gt;&amp;/);
    JSON.parse(renderReport(report, 'codeclimate'));
  });
});

describe('pipelines: readiness output is not evidence', () => {
  it('recognises every machine-readable output of its own and nothing else', async () => {
    const report = await auditDir(EXAMPLES[1]);
    for (const f of ['json', 'sarif', 'codeclimate', 'junit'] as const) assert.ok(readinessOutputKind(renderReport(report, f)), `${f} is recognised`);
    assert.equal(readinessOutputKind(renderReport(report, 'markdown')), undefined, 'Markdown exports are handled by the roadmap reader');
    assert.equal(readinessOutputKind('{"name": "app", "version": "1.0.0"}'), undefined);
    assert.equal(readinessOutputKind('[{"type": "issue"}]'), undefined);
  });

  it('a report or baseline written into the repository does not change its score', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'readiness.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-own-'));
    try {
      fs.cpSync(EXAMPLES[0], dir, { recursive: true });
      const before = JSON.parse(run('audit', dir, '--format', 'json', '--fail-on', 'none').stdout).score;
      assert.equal(run('baseline', dir).status, 0);
      for (const f of ['json', 'sarif', 'codeclimate', 'junit']) assert.equal(run('audit', dir, '--format', f, '-o', path.join(dir, `out.${f}`), '--fail-on', 'none').status, 0);
      const after = JSON.parse(run('audit', dir, '--format', 'json', '--fail-on', 'none').stdout);
      assert.equal(after.score, before);
      // Files some rule reads are noted as skipped (a .sarif file, for one, no rule reads at all).
      for (const f of ['readiness-baseline.json', 'out.json']) assert.ok(after.notes.some((n: { path: string }) => n.path === f), `${f} is noted as skipped`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
