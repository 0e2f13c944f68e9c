/**
 * Baselines and diffs end to end through the CLI, the way a team adopts readiness on an old
 * repository: adopt a baseline (the gate passes), move code and add one finding (the gate fails on
 * exactly that one), fix it (the gate passes again); `readiness diff` shows the same in text, Markdown
 * and JSON; bad input exits with 2 and never overwrites a file that is not a baseline.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './helpers';
import { tempFolder } from './pipelines-helpers';

const BIN = path.join(REPO, 'bin', 'readiness.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const SECRET_LINE = 'ENV DATABASE_PASSWORD=hunter2-s3cret';

interface JsonFinding {
  ruleId: string;
  baselineState: string | null;
  fingerprint: string;
}

describe('pipelines: baseline and diff end to end', function () {
  this.timeout(120_000);
  let dir = '';
  let original = '';
  const baseline = () => path.join(dir, 'readiness-baseline.json');

  before(() => {
    dir = tempFolder('baseline');
    fs.cpSync(path.join(REPO, 'examples', 'hobby-app'), dir, { recursive: true });
    original = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adopting a baseline makes the gate pass on an old repository', () => {
    assert.equal(run('audit', dir).status, 1, 'the hobby app fails the default gate without a baseline');
    const b = run('baseline', dir);
    assert.equal(b.status, 0, b.stderr);
    const file = JSON.parse(fs.readFileSync(baseline(), 'utf8'));
    assert.equal(file.kind, 'readiness-baseline');
    assert.ok(file.findings.length > 20);
    const a = run('audit', dir, '--baseline', baseline());
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stderr, /0 new finding\(s\), \d+ already in the baseline/);
  });

  it('moving code keeps findings known; one new finding fails the gate, alone', () => {
    const lines = original.split('\n');
    // Two comment lines move every later finding down; the ENV line adds one critical finding.
    lines.splice(1, 0, '# The app image.', '# Built by CI.', SECRET_LINE);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), lines.join('\n'));
    const out = path.join(dir, '..', `${path.basename(dir)}-after.json`);
    const a = run('audit', dir, '--baseline', baseline(), '--format', 'json', '--output', out);
    assert.equal(a.status, 1, a.stderr);
    assert.match(a.stderr, /gate failed: 1 new finding\(s\) at level error/);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: JsonFinding[] };
    fs.rmSync(out);
    const fresh = report.findings.filter((f) => f.baselineState === 'new');
    assert.deepEqual(fresh.map((f) => f.ruleId), ['docker/no-secrets-in-env']);
    assert.ok(report.findings.filter((f) => f.ruleId.startsWith('docker/')).length > 5);
    assert.ok(report.findings.every((f) => f.baselineState === 'new' || f.baselineState === 'unchanged'));
    // The same, as SARIF baseline states.
    const sarif = JSON.parse(run('audit', dir, '--baseline', baseline(), '--format', 'sarif', '--fail-on', 'none').stdout);
    const states = sarif.runs[0].results.map((r: { ruleId: string; baselineState: string }) => `${r.ruleId}:${r.baselineState}`).filter((s: string) => s.endsWith(':new'));
    assert.deepEqual(states, ['docker/no-secrets-in-env:new']);
  });

  it('diff shows the score change and exactly the new finding, in text, Markdown and JSON', () => {
    const after = path.join(dir, '..', `${path.basename(dir)}-r.json`);
    run('audit', dir, '--format', 'json', '--output', after, '--fail-on', 'none');
    try {
      const j = run('diff', baseline(), after, '--format', 'json');
      assert.equal(j.status, 0, j.stderr);
      const d = JSON.parse(j.stdout);
      assert.equal(d.kind, 'readiness-diff');
      assert.deepEqual(d.newFindings.map((f: JsonFinding) => f.ruleId), ['docker/no-secrets-in-env']);
      assert.deepEqual(d.fixedFindings, []);
      const before = JSON.parse(fs.readFileSync(baseline(), 'utf8')).score;
      const now = JSON.parse(fs.readFileSync(after, 'utf8')).score;
      assert.equal(d.scoreDelta, Math.round((now - before) * 10) / 10);
      assert.ok(d.scoreDelta < 0, 'a new critical finding lowers the score');
      const t = run('diff', baseline(), after);
      assert.match(t.stdout, new RegExp(`Score ${before} → ${now} \\(${d.scoreDelta}\\)`));
      assert.match(t.stdout, /New findings \(1\)\n\s+critical\s+Dockerfile:4 .*\[docker\/no-secrets-in-env\]/);
      const m = run('diff', baseline(), after, '--format', 'markdown');
      assert.match(m.stdout, /\*\*1\*\* new finding\(s\), \*\*0\*\* fixed/);
      assert.match(m.stdout, /\| critical \| `docker\/no-secrets-in-env` \| Dockerfile:4 \|/);
      // Reversed, the new finding is the fixed one.
      const r = JSON.parse(run('diff', after, baseline(), '--format', 'json').stdout);
      assert.deepEqual(r.fixedFindings.map((f: JsonFinding) => f.ruleId), ['docker/no-secrets-in-env']);
    } finally {
      fs.rmSync(after, { force: true });
    }
  });

  it('fixing the new finding makes the gate pass again', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(`${SECRET_LINE}\n`, ''));
    const a = run('audit', dir, '--baseline', baseline());
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stderr, /0 new finding\(s\)/);
  });

  it('bad input exits with 2, and a file that is not a baseline is never overwritten', () => {
    const pkg = path.join(dir, 'package.json');
    const text = fs.readFileSync(pkg, 'utf8');
    const b = run('baseline', dir, '--output', pkg);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /is not a readiness baseline; it is never overwritten/);
    assert.equal(fs.readFileSync(pkg, 'utf8'), text);
    const missing = run('audit', dir, '--baseline', path.join(dir, 'nope.json'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read baseline .*nope\.json: ENOENT/);
    const notOne = run('audit', dir, '--baseline', pkg);
    assert.equal(notOne.status, 2);
    assert.match(notOne.stderr, /neither a readiness JSON report .* nor a baseline/);
    const d = run('diff', pkg, baseline());
    assert.equal(d.status, 2);
    const garbage = path.join(dir, 'garbage.json');
    fs.writeFileSync(garbage, '{"kind": "readiness-baseline", "score": "high"');
    assert.match(run('diff', garbage, baseline()).stderr, /is not JSON/);
  });
});
