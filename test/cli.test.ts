/**
 * The CLI end to end: formats, gates and exit codes, `init` never overwriting, `rules --json`, and the
 * ordering of scores across the bundled examples.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, auditDir } from './helpers';

const BIN = path.join(REPO, 'bin', 'readiness.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
const HOBBY = path.join(REPO, 'examples', 'hobby-app');
const PROD = path.join(REPO, 'examples', 'production-service');

describe('cli', () => {
  it('prints the text report with the scorecard and exits 1 when the default gate fails', () => {
    const r = run('audit', HOBBY);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /Production readiness\s+[\d.]+\/100/);
    assert.match(r.stdout, /Category\s+Current\s+Target\s+Gap\s+Priority/);
    assert.match(r.stderr, /gate failed/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  });

  it('exits 0 when the gates pass', () => {
    const r = run('audit', HOBBY, '--fail-on', 'none');
    assert.equal(r.status, 0, r.stderr);
  });

  it('fails --min-score and --level gates with a reason', () => {
    const r = run('audit', HOBBY, '--fail-on', 'none', '--min-score', '99', '--level', 'production');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /below the minimum of 99/);
    assert.match(r.stderr, /below the required production/);
  });

  it('exits 2 with a clear message on bad usage or unreadable input', () => {
    const missing = run('audit', path.join(REPO, 'no-such-folder'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*no-such-folder: ENOENT/);
    const badFormat = run('audit', HOBBY, '--format', 'xml');
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /Allowed choices are text, json, sarif, markdown/);
    const badScore = run('audit', HOBBY, '--min-score', 'lots');
    assert.equal(badScore.status, 2);
    const file = run('audit', path.join(HOBBY, 'server.js'));
    assert.equal(file.status, 2);
    assert.match(file.stderr, /is not a folder/);
    const unknown = run('audit', HOBBY, '--only', 'docker/nope');
    assert.equal(unknown.status, 2);
  });

  it('writes stable JSON with one-based positions', () => {
    const r = run('audit', HOBBY, '--format', 'json', '--fail-on', 'none');
    const j = JSON.parse(r.stdout);
    assert.equal(typeof j.score, 'number');
    assert.ok(['none', 'prototype', 'mvp', 'production'].includes(j.level));
    for (const c of j.categories) for (const k of ['id', 'score', 'target', 'gap', 'priority']) assert.ok(k in c, k);
    assert.ok(j.findings.length > 0);
    for (const f of j.findings) {
      for (const k of ['ruleId', 'category', 'severity', 'status', 'message', 'file', 'line', 'column', 'fix']) assert.ok(k in f, k);
      if (f.line !== null) assert.ok(f.line >= 1 && f.column >= 1);
      assert.ok(f.file === null || !path.isAbsolute(f.file));
    }
  });

  it('writes SARIF 2.1.0 that code scanning accepts', () => {
    const out = path.join(os.tmpdir(), `readiness-${process.pid}.sarif`);
    const r = run('audit', HOBBY, '--format', 'sarif', '--output', out, '--fail-on', 'none');
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out);
    assert.equal(s.version, '2.1.0');
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'readiness');
    const ruleIds = new Set(run0.tool.driver.rules.map((x: { id: string }) => x.id));
    for (const rule of run0.tool.driver.rules) {
      assert.ok(rule.helpUri.startsWith('https://'));
      assert.ok(rule.help.text.length > 10);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.ok(run0.results.length > 0);
    for (const res of run0.results) {
      assert.ok(ruleIds.has(res.ruleId));
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes('://'));
      assert.ok(loc.region.startLine >= 1);
    }
  });

  it('writes the Markdown scorecard of the seeds', () => {
    const r = run('audit', HOBBY, '--format', 'markdown', '--fail-on', 'none');
    assert.match(r.stdout, /\| Category \| Current \| Target \| Gap \| Priority \|/);
    assert.match(r.stdout, /## Next steps/);
  });

  it('lists the rule catalogue as JSON', () => {
    const r = run('rules', '--json');
    const rules = JSON.parse(r.stdout) as { id: string; category: string; severity: string; title: string; rationale: string; docs: string }[];
    const ids = new Set<string>();
    for (const x of rules) {
      assert.match(x.id, /^[a-z0-9-]+\/[a-z0-9-]+$/, x.id);
      assert.ok(!ids.has(x.id), `duplicate id ${x.id}`);
      ids.add(x.id);
      assert.ok(x.title && x.rationale && x.docs, x.id);
    }
  });

  it('init writes a starter manifest that validates, and never overwrites', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-init-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"dependencies":{"express":"4"}}');
    assert.equal(run('init', dir).status, 0);
    const text = fs.readFileSync(path.join(dir, 'readiness.yaml'), 'utf8');
    const again = run('init', dir);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /never overwritten/);
    assert.equal(fs.readFileSync(path.join(dir, 'readiness.yaml'), 'utf8'), text);
    const audit = run('audit', dir, '--format', 'json', '--fail-on', 'none');
    const j = JSON.parse(audit.stdout);
    assert.ok(!j.findings.some((f: { ruleId: string }) => f.ruleId.startsWith('manifest/')), audit.stdout.slice(0, 2000));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('scores mean something', () => {
  it('the production-grade example scores far above the hobby app', async () => {
    const hobby = await auditDir(HOBBY);
    const prod = await auditDir(PROD);
    assert.ok(prod.score >= 85, `production-service scored ${prod.score}`);
    assert.ok(hobby.score <= 40, `hobby-app scored ${hobby.score}`);
    assert.ok(prod.score - hobby.score >= 45, `${prod.score} vs ${hobby.score}`);
    assert.equal(hobby.level, 'none');
    assert.ok(prod.level === 'production' || prod.level === 'mvp', prod.level);
  });
});

describe('generated docs', () => {
  it('docs/rules.md is up to date (run `npm run docs` when this fails)', () => {
    const r = run('rules', '--markdown');
    assert.equal(fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8'), r.stdout);
  });
});

describe('cli fix', () => {
  it('applies the mechanical fixes, creates missing files, never overwrites, and raises the score', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fix-'));
    fs.cpSync(HOBBY, dir, { recursive: true });
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    const before = JSON.parse(run('audit', dir, '--format', 'json', '--fail-on', 'none').stdout).score as number;
    const dry = run('fix', dir, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would create \.dockerignore/);
    assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')), 'a dry run writes nothing');
    const r = run('fix', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, '.dockerignore')));
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^USER /m);
    assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), readme, 'an existing file is never replaced by a scaffold');
    const after = JSON.parse(run('audit', dir, '--format', 'json', '--fail-on', 'none').stdout).score as number;
    assert.ok(after > before, `score ${before} -> ${after}`);
    fs.rmSync(dir, { recursive: true });
  });
});

/**
 * What the CLI loads to start (never how long it takes: speed is `npm run bench`'s). The bundle is a
 * small front file and parts required when first needed (scripts/esbuild-cli-parts.mjs); these run
 * the bundled CLI with a preload that lists the files of dist/ it loaded.
 */
describe('cli start-up loads only what the command needs', () => {
  const DIST = path.join(REPO, 'dist');
  let tmp: string;
  let hook: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-startup-'));
    hook = path.join(tmp, 'loaded-hook.js');
    fs.writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.READINESS_LOADED_OUT, JSON.stringify(Object.keys(require.cache))));\n");
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Runs the bundled CLI and returns its result with the files of dist/ it loaded. */
  function loaded(...args: string[]): { status: number | null; stdout: string; stderr: string; files: string[] } {
    const out = path.join(tmp, 'loaded.json');
    fs.rmSync(out, { force: true });
    const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { encoding: 'utf8', cwd: REPO, env: { ...process.env, NO_COLOR: '1', READINESS_LOADED_OUT: out } });
    const files = (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).filter((f) => f.startsWith(DIST + path.sep)).map((f) => path.relative(DIST, f));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, files: files.sort() };
  }

  it('--version, --help and usage errors load the front file only', () => {
    const v = loaded('--version');
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    assert.deepEqual(v.files, ['cli.js']);
    const h = loaded('audit', '--help');
    assert.match(h.stdout, /--format <format>\s+output format \(choices: "text", "json"/);
    assert.deepEqual(h.files, ['cli.js']);
    assert.deepEqual(loaded('--help').files, ['cli.js']);
    const bad = loaded('audit', '--format', 'nope');
    assert.equal(bad.status, 2);
    assert.deepEqual(bad.files, ['cli.js']);
  });

  it('an audit loads the engine, and a parser or scanner only for files that need it', () => {
    const dir = path.join(tmp, 'plain');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'README.md'), '# plain\n\nA folder with nothing to parse.\n');
    const plain = loaded('audit', dir, '--format', 'json', '--fail-on', 'none');
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual(plain.files, ['cli-engine.js', 'cli.js']);

    const prod = loaded('audit', PROD, '--format', 'json', '--fail-on', 'none');
    assert.equal(prod.status, 0, prod.stderr);
    assert.ok(JSON.parse(prod.stdout).findings, 'a report');
    assert.deepEqual(prod.files, ['cli-dockerfile.js', 'cli-engine.js', 'cli-workflow-parser.js', 'cli.js'], 'a Dockerfile and workflows');

    // A file that might hold a secret loads secretlint; a manifest's own pattern loads RE2 (whose
    // WebAssembly is next to its part).
    const other = path.join(tmp, 'other');
    fs.mkdirSync(path.join(other, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(other, 'settings.json'), '{ "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE" }\n');
    fs.writeFileSync(path.join(other, 'docs', 'ONCALL.md'), '# On call\n\nThe rota is in the team calendar.\n');
    fs.writeFileSync(path.join(other, 'readiness.yaml'), 'version: 1\nchecks:\n  - id: oncall-rota\n    title: On-call rota is documented\n    category: operations\n    files: docs/ONCALL.md\n    contains: "rota|schedule"\n');
    const o = loaded('audit', other, '--format', 'json', '--fail-on', 'none');
    assert.equal(o.status, 0, o.stderr);
    assert.deepEqual(o.files, ['cli-engine.js', 'cli-re2.js', 'cli-secretlint.js', 'cli.js']);
    const report = JSON.parse(o.stdout) as { checks: { ruleId: string; status: string }[] };
    assert.equal(report.checks.find((c) => c.ruleId === 'custom/oncall-rota')?.status, 'pass', 'the pattern ran on RE2');
  });
});
